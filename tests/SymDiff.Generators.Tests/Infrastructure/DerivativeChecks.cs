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

    /// <summary>
    /// A class <c>Vf</c> of checks for a driver of functions of spans, which keep the largest relative error in
    /// <c>Vf.Worst</c>: <c>Outputs</c> runs a function writing a span output that holds given incoming values (zeros
    /// where none are given); <c>Same</c> compares values; <c>Check</c> compares a row-major Jacobian (or, for a function of
    /// one value, its gradient) and a pullback of seeds (one entry per column) with central differences; <c>Along</c>
    /// compares tangents along a direction with central differences, and the values with the function's.
    /// </summary>
    public const string SpanFunctionChecks = """
        public static class Vf
        {
            public static double Worst;

            public static double[] Outputs(int length, Action<double[]> f, params double[] incoming)
            {
                var e = new double[length];
                incoming.CopyTo(e, 0);
                f(e);
                return e;
            }

            public static void Same(double[] got, double[] expected)
            {
                for (int i = 0; i < got.Length; i++)
                {
                    Worst = Math.Max(Worst, Math.Abs(got[i] - expected[i]) / (1 + Math.Abs(expected[i])));
                }
            }

            public static void Check(Func<double[], double[]> f, double[] z, double[]? jacobian, double[]? seeds = null, double[]? pulled = null)
            {
                var rows = f(z).Length;
                for (int c = 0; c < z.Length; c++)
                {
                    var (a, b) = ((double[])z.Clone(), (double[])z.Clone());
                    a[c] += 1e-6;
                    b[c] -= 1e-6;
                    var (fa, fb) = (f(a), f(b));
                    double along = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        double fd = (fa[r] - fb[r]) / 2e-6;
                        if (jacobian is not null)
                        {
                            Worst = Math.Max(Worst, Math.Abs(jacobian[r * z.Length + c] - fd) / (1 + Math.Abs(fd)));
                        }

                        along += seeds is null ? 0 : seeds[r] * fd;
                    }

                    if (pulled is not null)
                    {
                        Worst = Math.Max(Worst, Math.Abs(pulled[c] - along) / (1 + Math.Abs(along)));
                    }
                }
            }

            public static void Along(Func<double[], double[]> f, double[] z, double[] t, double[] tangents, double[]? values = null)
            {
                var (a, b) = ((double[])z.Clone(), (double[])z.Clone());
                for (int i = 0; i < z.Length; i++)
                {
                    a[i] += 1e-6 * t[i];
                    b[i] -= 1e-6 * t[i];
                }

                var (fa, fb, f0) = (f(a), f(b), f(z));
                for (int r = 0; r < tangents.Length; r++)
                {
                    double fd = (fa[r] - fb[r]) / 2e-6;
                    Worst = Math.Max(Worst, Math.Abs(tangents[r] - fd) / (1 + Math.Abs(fd)));
                    if (values is not null)
                    {
                        Worst = Math.Max(Worst, Math.Abs(values[r] - f0[r]) / (1 + Math.Abs(f0[r])));
                    }
                }
            }
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
