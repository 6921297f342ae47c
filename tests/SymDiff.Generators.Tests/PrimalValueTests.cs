using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The value every generated member returns is the function's, to the last bit: the graph of a body is built as the
/// body is written, rewritten only where no bit can change (constants folded as C# folds them, a sign moved out of a
/// product). Folding <c>x·0</c> to 0 returned 0 where the function returns NaN (x = ∞), <c>x − x + y</c> gave y where it
/// gives NaN, <c>x + 0.0</c> kept −0.0 where the function gives +0.0, and <c>e·(1/v)</c> computed as <c>e/v</c> rounded
/// differently.
/// </summary>
public class PrimalValueTests
{
    private const string Functions = """
        using System;
        using SymDiff;
        public static partial class B
        {
            [Differentiable]
            public static double Zeroed(double x, double y) => x * 0.0 + y;

            [Differentiable]
            public static double Cancelled(double x, double y) => x - x + y;

            [Differentiable]
            public static double PlusZero(double x, double y) => x + 0.0 + y * 0.0;

            [Differentiable]
            public static double Reciprocal(double e, double v)
            {
                double s = 1.0 / v;
                return e * s;
            }

            [Differentiable]
            public static float ReciprocalF(float e, float v)
            {
                float s = 1f / v;
                return v > 0f ? e * s : s;
            }
        }

        public static class Driver
        {
            private static bool Same(double a, double b) => double.IsNaN(a) ? double.IsNaN(b) : BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

            public static double[] Run()
            {
                double mismatches = 0;
                double[] points = { 0.0, -0.0, 1.0, -2.5, 0.1, 3.0e-310, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 7.0 / 3.0, 1.0e308 };
                var random = new Random(11);
                var values = new double[40];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = i < points.Length ? points[i] : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6));
                }

                foreach (var x in values)
                {
                    foreach (var y in values)
                    {
                        double dx = 0, dy = 0;
                        foreach (var (f, gradient, pullback, pushforward) in new (Func<double, double, double>, Func<double, double, double>, Func<double, double, double>, Func<double, double, double>)[]
                        {
                            (B.Zeroed, (a, b) => B.ZeroedGradient(a, b, out _, out _), (a, b) => B.ZeroedPullback(a, b, 1.0, ref dx, ref dy), (a, b) => B.ZeroedPushforward(a, b, 1.0, 0.5).Value),
                            (B.Cancelled, (a, b) => B.CancelledGradient(a, b, out _, out _), (a, b) => B.CancelledPullback(a, b, 1.0, ref dx, ref dy), (a, b) => B.CancelledPushforward(a, b, 1.0, 0.5).Value),
                            (B.PlusZero, (a, b) => B.PlusZeroGradient(a, b, out _, out _), (a, b) => B.PlusZeroPullback(a, b, 1.0, ref dx, ref dy), (a, b) => B.PlusZeroPushforward(a, b, 1.0, 0.5).Value),
                            (B.Reciprocal, (a, b) => B.ReciprocalGradient(a, b, out _, out _), (a, b) => B.ReciprocalPullback(a, b, 1.0, ref dx, ref dy), (a, b) => B.ReciprocalPushforward(a, b, 1.0, 0.5).Value),
                        })
                        {
                            var expected = f(x, y);
                            mismatches += (Same(expected, gradient(x, y)) ? 0 : 1) + (Same(expected, pullback(x, y)) ? 0 : 1) + (Same(expected, pushforward(x, y)) ? 0 : 1);
                        }

                        var (xf, yf) = ((float)x, (float)y);
                        float dxf = 0, dyf = 0;
                        var expectedF = B.ReciprocalF(xf, yf);
                        mismatches += (Same(expectedF, B.ReciprocalFGradient(xf, yf, out _, out _)) ? 0 : 1)
                            + (Same(expectedF, B.ReciprocalFPullback(xf, yf, 1f, ref dxf, ref dyf)) ? 0 : 1)
                            + (Same(expectedF, B.ReciprocalFPushforward(xf, yf, 1f, 0.5f).Value) ? 0 : 1);
                    }
                }

                return new[] { mismatches };
            }
        }
        """;

    [Fact]
    public void EveryMemberReturnsTheFunctionsValueToTheLastBit()
    {
        var result = Execution.RunDriver(Functions);
        Assert.Equal(0, result[0]);
    }

    [Fact]
    public void TheValueIsComputedAsWritten()
    {
        var run = GeneratorHarness.Run(Functions);
        Assert.Empty(run.CompilationDiagnostics);
        var zeroed = run.Member("B.Zeroed", "ZeroedGradient");
        Assert.Contains("x * 0.0 + y", zeroed, StringComparison.Ordinal);
        var reciprocal = run.Member("B.Reciprocal", "ReciprocalGradient");
        Assert.Contains("e * s", reciprocal, StringComparison.Ordinal);
    }
}
