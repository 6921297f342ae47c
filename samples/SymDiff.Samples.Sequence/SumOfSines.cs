using SymDiff.Samples.Common;

namespace SymDiff.Samples.Sequence;

/// <summary>
/// The signal to predict: x_t = a₁·sin(2πt/P₁ + φ₁) + a₂·sin(2πt/P₂ + φ₂) + ε_t with Gaussian noise ε_t. The two
/// periods are not multiples of each other, so the pattern does not repeat within a few hundred steps; the phases
/// come from the seed.
/// </summary>
/// <param name="Phase1">φ₁.</param>
/// <param name="Phase2">φ₂.</param>
/// <param name="Noise">The standard deviation of ε_t.</param>
public sealed record SumOfSines(double Phase1, double Phase2, double Noise)
{
    /// <summary>a₁, the amplitude of the faster wave.</summary>
    public const double Amplitude1 = 0.6;

    /// <summary>a₂, the amplitude of the slower wave.</summary>
    public const double Amplitude2 = 0.3;

    /// <summary>P₁, in steps.</summary>
    public const double Period1 = 23;

    /// <summary>P₂, in steps.</summary>
    public const double Period2 = 61;

    /// <summary>Draws the phases.</summary>
    /// <param name="random">The seeded generator.</param>
    /// <param name="noise">The noise's standard deviation.</param>
    public static SumOfSines Draw(Random random, double noise)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new SumOfSines(2 * Math.PI * random.NextDouble(), 2 * Math.PI * random.NextDouble(), noise);
    }

    /// <summary>The noiseless value at step <paramref name="t"/>.</summary>
    /// <param name="t">The step.</param>
    public double Clean(int t) =>
        (Amplitude1 * Math.Sin((2 * Math.PI * t / Period1) + Phase1)) + (Amplitude2 * Math.Sin((2 * Math.PI * t / Period2) + Phase2));

    /// <summary>x_start … x_{start+length−1}, each with fresh noise.</summary>
    /// <param name="start">The first step.</param>
    /// <param name="length">How many values.</param>
    /// <param name="random">Draws the noise.</param>
    public double[] Generate(int start, int length, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var xs = new double[length];
        for (var t = 0; t < length; t++)
        {
            xs[t] = Clean(start + t) + (Noise * random.NextGaussian());
        }

        return xs;
    }
}
