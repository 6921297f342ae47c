using System.Globalization;

namespace SymDiff.Samples.Common;

/// <summary>
/// A linear axis from <see cref="Min"/> to <see cref="Max"/> with "nice" tick marks (steps of 1, 2 or 5 times a
/// power of ten) that include both ends, so the ticks label the whole axis.
/// </summary>
/// <param name="Min">The lower end (a multiple of <paramref name="Step"/>).</param>
/// <param name="Max">The upper end (a multiple of <paramref name="Step"/>).</param>
/// <param name="Step">The distance between ticks.</param>
public sealed record AxisScale(double Min, double Max, double Step) : IAxisScale
{
    /// <summary>A scale covering [lo, hi] with about <paramref name="ticks"/> intervals.</summary>
    /// <param name="lo">The smallest value to show.</param>
    /// <param name="hi">The largest value to show.</param>
    /// <param name="ticks">The wanted number of intervals.</param>
    /// <param name="wholeNumbers">Whether ticks must be whole numbers (epochs).</param>
    public static AxisScale Nice(double lo, double hi, int ticks = 5, bool wholeNumbers = false)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            throw new ArgumentException($"The axis range [{lo}, {hi}] is not finite.");
        }

        if (hi < lo)
        {
            (lo, hi) = (hi, lo);
        }

        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            // A flat series: give it some room rather than a zero-height axis.
            var pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            (lo, hi) = (lo - pad, hi + pad);
        }

        var step = NiceStep(lo, hi, Math.Max(1, ticks));
        if (wholeNumbers)
        {
            step = Math.Max(step, 1);
        }

        return new AxisScale(Floor(lo, step) * step, Ceiling(hi, step) * step, step);
    }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var count = (int)Math.Round((Max - Min) / Step);
        var ticks = new double[count + 1];
        for (var i = 0; i <= count; i++)
        {
            ticks[i] = Min + (i * Step);
        }

        return ticks;
    }

    /// <summary>A tick label with as many decimals as the step needs ("0.25", "100").</summary>
    /// <param name="value">The tick value.</param>
    public string Format(double value)
    {
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(Step) + 1e-9), 0, 10);
        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') && double.Parse(text, CultureInfo.InvariantCulture) == 0 ? text[1..] : text;
    }

    /// <summary>Where <paramref name="value"/> falls on [0, 1] along the axis.</summary>
    /// <param name="value">The value.</param>
    public double Fraction(double value) => (value - Min) / (Max - Min);

    /// <summary>The step of 1, 2 or 5 times a power of ten that cuts [lo, hi] into the number of intervals closest to <paramref name="ticks"/> (the larger step on a tie).</summary>
    private static double NiceStep(double lo, double hi, int ticks)
    {
        var power = Math.Floor(Math.Log10((hi - lo) / ticks));
        var best = double.NaN;
        var bestMiss = int.MaxValue;
        for (var p = power - 1; p <= power + 1; p++)
        {
            foreach (var m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                var step = m * Math.Pow(10, p);
                var miss = Math.Abs((int)(Ceiling(hi, step) - Floor(lo, step)) - ticks);
                if (miss < bestMiss || (miss == bestMiss && step > best))
                {
                    (best, bestMiss) = (step, miss);
                }
            }
        }

        return best;
    }

    // Data that overshoots a tick by a rounding error (1.2f is 1.2000000477) does not get a tick of its own.
    private static double Floor(double value, double step) => Math.Floor((value / step) + 1e-6);

    private static double Ceiling(double value, double step) => Math.Ceiling((value / step) - 1e-6);
}
