namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Static readonly data read as constants (issue: ordinary numeric C#): tables of coefficients and quadrature weights,
/// scalar settings, in loops and in bodies without loops, next to a <c>const</c>. Checked by <see cref="RealisticCorpusTests"/>.
/// </summary>
public static partial class StaticTables
{
    private static readonly double[] Chebyshev = { 1.0, -0.5, 0.25, -0.125, 0.0625 };
    private static readonly double[] GaussNodes = { -0.906179845938664, -0.538469310105683, 0.0, 0.538469310105683, 0.906179845938664 };
    private static readonly double[] GaussWeights = { 0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189 };
    private static readonly int[] Powers = { 1, 2, 3 };
    private static readonly double Damping = 0.8;
    private const double Floor = 1e-3;

    /// <summary>A Chebyshev series by Clenshaw's recurrence over a static table of coefficients.</summary>
    [At(0.3), At(-0.7), At(0.95), Constructs("loops", "static-data")]
    [Differentiable]
    public static double Clenshaw(double x)
    {
        double b1 = 0, b2 = 0;
        for (int k = Chebyshev.Length - 1; k >= 1; k--)
        {
            double b0 = Chebyshev[k] + 2 * x * b1 - b2;
            b2 = b1;
            b1 = b0;
        }

        return Chebyshev[0] + x * b1 - b2;
    }

    /// <summary>∫₀¹ exp(−a·t²)·sin(b·t) dt by five-point Gauss–Legendre quadrature from static node and weight tables.</summary>
    [At(0.5, 2.0), At(1.7, -0.4), Constructs("loops", "static-data")]
    [Differentiable]
    public static double Quadrature(double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < GaussNodes.Length; i++)
        {
            double t = 0.5 * (GaussNodes[i] + 1);
            sum += GaussWeights[i] * Math.Exp(-a * t * t) * Math.Sin(b * t);
        }

        return 0.5 * sum;
    }

    /// <summary>A damped sum over a span with integer powers from an int table and a static readonly scalar.</summary>
    [At(new[] { 0.4, -0.3, 0.9 }, 0.2), Constructs("loops", "spans", "static-data")]
    [Differentiable]
    public static double DampedPowers(ReadOnlySpan<double> x, double shift)
    {
        double s = 0, weight = 1;
        for (int i = 0; i < x.Length; i++)
        {
            s += weight * Math.Pow(x[i] + shift, Powers[i % Powers.Length]);
            weight *= Damping;
        }

        return s + Floor;
    }

    /// <summary>A body without loops reading a static readonly scalar and one table entry.</summary>
    [At(0.6, -1.1), Constructs("static-data")]
    [Differentiable]
    public static double Blend(double x, double y) => Damping * Math.Tanh(x * y) + Chebyshev[2] * x * x + Floor;
}
