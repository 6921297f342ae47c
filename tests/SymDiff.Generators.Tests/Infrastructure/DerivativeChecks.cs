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
