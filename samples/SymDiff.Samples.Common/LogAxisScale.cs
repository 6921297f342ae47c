using System.Globalization;

namespace SymDiff.Samples.Common;

/// <summary>What a chart needs of an axis: its ticks, their labels, and where a value falls along it.</summary>
public interface IAxisScale
{
    /// <summary>The tick values, lowest first.</summary>
    IReadOnlyList<double> Ticks();

    /// <summary>The label of a tick.</summary>
    /// <param name="value">The tick value.</param>
    string Format(double value);

    /// <summary>Where <paramref name="value"/> falls on [0, 1] along the axis.</summary>
    /// <param name="value">The value.</param>
    double Fraction(double value);
}

/// <summary>
/// A logarithmic axis from 10^<see cref="MinExponent"/> to 10^<see cref="MaxExponent"/>, ticked at powers of ten. A
/// loss that falls by decades flattens into the bottom of a linear axis after the first epochs; on this one every
/// tenfold fall takes the same height.
/// </summary>
/// <param name="MinExponent">The power of ten at the bottom.</param>
/// <param name="MaxExponent">The power of ten at the top (above <paramref name="MinExponent"/>).</param>
public sealed record LogAxisScale(int MinExponent, int MaxExponent) : IAxisScale
{
    /// <summary>
    /// How many times the smallest value the largest must be for a log axis, about a decade and a half. The RNN
    /// sample's loss falls 66-fold, most of it in the first tenth of the run: on a linear axis the other nine tenths
    /// lie in the bottom 2% of the chart.
    /// </summary>
    public const double MinSpan = 30;

    /// <summary>The most ticks; with more decades than this, every second (third, …) power of ten is ticked.</summary>
    private const int MaxTicks = 8;

    /// <summary>Whether values from <paramref name="min"/> to <paramref name="max"/> read better on a log axis: all positive, spanning more than <see cref="MinSpan"/>.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    public static bool SpansDecades(double min, double max) => min > 0 && double.IsFinite(max) && max / min > MinSpan;

    /// <summary>The axis from the power of ten at or below <paramref name="min"/> to the one at or above <paramref name="max"/>.</summary>
    /// <param name="min">The smallest value (positive).</param>
    /// <param name="max">The largest value.</param>
    public static LogAxisScale Covering(double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(max) || max < min)
        {
            throw new ArgumentException($"A log axis needs 0 < min ≤ max, not [{min}, {max}].");
        }

        // Data that overshoots a power of ten by a rounding error (0.1f is 0.10000000149) gets no decade of its own.
        var low = (int)Math.Floor(Math.Log10(min) + 1e-6);
        var decades = Math.Max(1, (int)Math.Ceiling(Math.Log10(max) - 1e-6) - low);

        // The top is a tick too: with a tick every k decades, the axis spans a multiple of k.
        var every = Every(decades);
        return new LogAxisScale(low, low + (every * ((decades + every - 1) / every)));
    }

    /// <inheritdoc />
    public IReadOnlyList<double> Ticks()
    {
        var every = Every(MaxExponent - MinExponent);
        var ticks = new List<double>();
        for (var e = MinExponent; e <= MaxExponent; e += every)
        {
            ticks.Add(double.Parse($"1e{e}", CultureInfo.InvariantCulture));
        }

        return ticks;
    }

    /// <inheritdoc />
    public string Format(double value) => value.ToString(value is >= 1e-4 and < 1e6 ? "0.#####" : "0E+0", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public double Fraction(double value) => (Math.Log10(value) - MinExponent) / (MaxExponent - MinExponent);

    /// <summary>A tick every this many decades keeps the ticks to <see cref="MaxTicks"/>.</summary>
    private static int Every(int decades) => Math.Max(1, (decades + MaxTicks - 2) / (MaxTicks - 1));
}
