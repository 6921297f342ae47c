namespace SymDiff.AdBench.Gmm;

/// <summary>Special functions .NET's <see cref="Math"/> lacks (only for constants; never differentiated).</summary>
public static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178; // 0.5 * log(2 pi)

    /// <summary>
    /// <c>log Gamma(x)</c> for <c>x &gt; 0</c>, to about 1e-15 relative: the argument is shifted to at least 15 with
    /// <c>Gamma(x + 1) = x Gamma(x)</c>, then Stirling's series is summed to the x^-9 term.
    /// </summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        double shift = 0.0;
        while (x < 15.0)
        {
            shift += Math.Log(x);
            x += 1.0;
        }

        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv * ((1.0 / 12.0) - (inv2 * ((1.0 / 360.0) - (inv2 * ((1.0 / 1260.0) - (inv2 * ((1.0 / 1680.0) - (inv2 / 1188.0))))))));
        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series - shift;
    }
}
