namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>What the tests that run generated members share: a driver prelude with finite differences, and a comparison.</summary>
internal static class DerivativeChecks
{
    /// <summary>Usings and an <c>Fd</c> class of central differences, for a driver compiled with the user's code.</summary>
    public const string Prelude = """
        using System;
        using SymDiff;

        public static class Fd
        {
            /// <summary>Central difference of f at x.</summary>
            public static double D(Func<double, double> f, double x)
            {
                var h = 1e-6 * Math.Max(1.0, Math.Abs(x));
                return (f(x + h) - f(x - h)) / (2 * h);
            }

            /// <summary>∂f/∂a[k] at a, by central differences on a copy.</summary>
            public static double D(Func<double[], double> f, double[] a, int k) => D(t => { var c = (double[])a.Clone(); c[k] = t; return f(c); }, a[k]);
        }

        """;

    /// <summary>A method <c>Cu(x, y)</c> without a body SymDiff reads, and its <c>[DerivativeOf]</c> pullback: members of a class <c>P</c>.</summary>
    public const string CustomPullbackCallee = """
        public static double Cu(double x, double y) => Math.Sqrt(x * x + y * y + 1);

        [DerivativeOf(nameof(Cu))]
        public static double CuPullback(double x, double y, double seed, ref double dX, ref double dY)
        {
            dX += seed * (x / Cu(x, y));
            dY += seed * (y / Cu(x, y));
            return Cu(x, y);
        }
        """;

    /// <summary>
    /// Driver statements for a method <c>P.F(double x, double y)</c> at the driver's <c>x</c> and <c>y</c>: its Gradient,
    /// Pushforward (along y) and Pullback (seed 2) against central differences. Declares <c>fdX</c>, <c>fdY</c> and
    /// <c>errorsOfF</c>, each generated value or derivative minus its reference (all 0 when they are right).
    /// </summary>
    public const string ChecksOfF = """
        var value = P.FGradient(x, y, out var dX, out var dY);
        var (pushed, tangent) = P.FPushforward(x, y, 0, 1);
        double aX = 0, aY = 0;
        P.FPullback(x, y, 2, ref aX, ref aY);
        var fdX = Fd.D(a => P.F(a, y), x);
        var fdY = Fd.D(b => P.F(x, b), y);
        double[] errorsOfF = [value - P.F(x, y), pushed - P.F(x, y), dX - fdX, dY - fdY, tangent - fdY, aX - 2 * fdX, aY - 2 * fdY];

        """;

    /// <summary>
    /// Driver statements for a method <c>P.H(ReadOnlySpan&lt;double&gt; v)</c>: its Gradient at three elements against
    /// central differences. Declares <c>errorsOfH</c>, the value and each partial minus its reference.
    /// </summary>
    public const string ChecksOfH = """
        double[] v = { 0.4, -0.9, 1.1 };
        var dV = new double[3];
        var h = P.HGradient(v, dV);
        double[] errorsOfH = [h - P.H(v), dV[0] - Fd.D(a => P.H(a), v, 0), dV[1] - Fd.D(a => P.H(a), v, 1), dV[2] - Fd.D(a => P.H(a), v, 2)];

        """;

    /// <summary>Each entry within a relative 1e-6 of the expected one.</summary>
    public static void AssertClose(double[] actual, params double[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-6 * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"entry {i}: expected {expected[i]}, got {actual[i]}\nall: [{string.Join(", ", actual)}]");
        }
    }
}
