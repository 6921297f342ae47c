using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Programs whose generated derivatives or values were wrong without a word (the worst class of bug). Each runs the
/// generated members and compares them with values worked out by hand or by central differences of the primal.
/// </summary>
public sealed class WrongDerivativeTests
{
    /// <summary>Issue family 1: a <c>Span&lt;T&gt;</c> the method only reads is an input, with an adjoint and a tangent.</summary>
    [Fact]
    public void SpanParameterOfValueReturningMethodIsAnInput()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double G(Span<double> v) => v[0] * v[1];
                [Differentiable] public static double H(double[] a) => G(a) * 2;
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] v = { 2, 3 };
                    var dV = new double[2];
                    var value = P.GGradient(v, dV);
                    var accumulated = new double[] { 1, 1 };
                    P.GPullback(v, 2.0, accumulated);
                    var (_, tangent) = P.GPushforward(v, new double[] { 1, 10 });
                    var dA = new double[2];
                    var h = P.HGradient(new double[] { 2, 3 }, dA);
                    return new[] { value, dV[0], dV[1], accumulated[0], accumulated[1], tangent, h, dA[0], dA[1], v[0], v[1] };
                }
            }
            """);
        AssertClose(result, 6, 3, 2, 7, 5, 3 + 20, 12, 6, 4, 2, 3);
    }

    /// <summary>
    /// Family 1, found by the fuzzer (seed 1015851): an element returned as it is (<c>return v[0];</c>) is read, not
    /// written; only <c>return ref v[0];</c> hands it out to be written. The span had been taken for an output and the
    /// method rejected (SD0023, "may read 'v' before writing it").
    /// </summary>
    [Fact]
    public void SpanElementReturnedByValueIsAnInput()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double First(Span<double> v) => v[0];

                [Differentiable]
                public static double Pick(Span<double> v, [NoDerivative] ReadOnlySpan<double> w)
                {
                    double t = v[1] * w[0];
                    return v[0];
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] v = { 2, 3 };
                    var dV = new double[2];
                    var first = P.FirstGradient(v, dV);
                    var dP = new double[2];
                    var pick = P.PickGradient(v, new double[] { 5 }, dP);
                    return new[] { first, dV[0], dV[1], pick, dP[0], dP[1] };
                }
            }
            """);
        AssertClose(result, 2, 1, 0, 2, 1, 0);
    }

    /// <summary>
    /// An output written whole by a loop over its indices (<c>for (i = 0; i &lt; y.Length; i++) y[i] = …</c>) and read
    /// after it was rejected (SD0023, "may read 'y' before writing it") in a method with a result, while the same reads
    /// were accepted in a <c>void</c> one. Found while adding such methods to the fuzzer. The reads are of values the
    /// loop wrote: the gradient, the tangents (of the result and of the outputs) and H·t match central differences.
    /// </summary>
    [Fact]
    public void OutputWrittenWholeByALoopIsReadAfterIt()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable(Hessian = true)]
                public static double F(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++)
                    {
                        y[i] = Math.Sin(x[i]) * x[i];
                    }

                    return y[0] * 2.0 + y[y.Length - 1] * y[1];
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 0.3, -0.7, 1.1 };
                    double[] t = { 0.5, -1.0, 2.0 };
                    double F(double[] z) => P.F(z, new double[3]);
                    double[] Gradient(double[] z) { var g = new double[3]; P.FGradient(z, new double[3], g); return g; }
                    double worst = 0;
                    var y = new double[3];
                    var dX = new double[3];
                    var value = P.FGradient(x, y, dX);
                    worst = Math.Max(worst, Math.Abs(value - F(x)) + Math.Abs(y[2] - Math.Sin(1.1) * 1.1));
                    var ty = new double[3];
                    var (_, tangent) = P.FPushforward(x, new double[3], t, ty);
                    var hvp = new double[3];
                    P.FHessianVectorProduct(x, new double[3], t, hvp);
                    double directional = 0;
                    var gPlus = Gradient(new[] { x[0] + 1e-6 * t[0], x[1] + 1e-6 * t[1], x[2] + 1e-6 * t[2] });
                    var gMinus = Gradient(new[] { x[0] - 1e-6 * t[0], x[1] - 1e-6 * t[1], x[2] - 1e-6 * t[2] });
                    for (int i = 0; i < 3; i++)
                    {
                        var (plus, minus) = ((double[])x.Clone(), (double[])x.Clone());
                        plus[i] += 1e-6;
                        minus[i] -= 1e-6;
                        var fd = (F(plus) - F(minus)) / 2e-6;
                        worst = Math.Max(worst, Math.Abs(dX[i] - fd));
                        directional += fd * t[i];
                        worst = Math.Max(worst, Math.Abs(ty[i] - (Math.Cos(x[i]) * x[i] + Math.Sin(x[i])) * t[i]));
                        worst = Math.Max(worst, Math.Abs(hvp[i] - (gPlus[i] - gMinus[i]) / 2e-6));
                    }

                    worst = Math.Max(worst, Math.Abs(tangent - directional));
                    return new[] { worst };
                }
            }
            """);
        Assert.True(result[0] < 1e-6, $"largest error against central differences: {result[0]:E3}");
    }

    /// <summary>Family 1, found by the fuzzer: a <c>Span&lt;T&gt;</c> read only by <c>foreach</c> is an input too.</summary>
    [Fact]
    public void SpanReadByForeachIsAnInput()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double SumSquares(Span<double> v, double k)
                {
                    double s = 0;
                    foreach (var x in v) { s += k * x * x; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] v = { 2, 3 };
                    var dV = new double[2];
                    var value = P.SumSquaresGradient(v, 0.5, dV, out var dK);
                    var (_, tangent) = P.SumSquaresPushforward(v, 0.5, new double[] { 1, 0 }, 0);
                    return new[] { value, dV[0], dV[1], dK, tangent };
                }
            }
            """);
        AssertClose(result, 6.5, 2, 3, 13, 2);
    }

    /// <summary>Family 1 for vector functions: of two <c>Span&lt;T&gt;</c> parameters, the one only read is an input.</summary>
    [Fact]
    public void ReadOnlyUseOfSpanInVectorFunctionIsAnInput()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static void Square(Span<double> x, Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++) { y[i] = x[i] * x[i]; }
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 2, 3 };
                    var y = new double[2];
                    var jacobian = new double[4];
                    P.SquareJacobian(x, y, jacobian);
                    var dX = new double[2];
                    P.SquarePullback(x, y, new double[] { 1, 1 }, dX);
                    return new[] { jacobian[0], jacobian[1], jacobian[2], jacobian[3], dX[0], dX[1], y[0], y[1] };
                }
            }
            """);
        AssertClose(result, 4, 0, 0, 6, 4, 6, 4, 9);
    }

    /// <summary>Family 2: an early return inside a checkpointed loop returns its value, and its derivatives.</summary>
    [Fact]
    public void CheckpointedLoopWithEarlyReturn()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable, Checkpoint]
                public static double FirstAbove(ReadOnlySpan<double> x, [NoDerivative] double t)
                {
                    for (int i = 0; i < x.Length; i++) { if (x[i] > t) return x[i] * x[i]; }
                    return x[0];
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var list = new System.Collections.Generic.List<double>();
                    foreach (var (x, t) in new[] { (new double[] { 1, 2 }, 5.0), (new double[] { 1, 7, 9 }, 5.0), (new double[] { 6, 7 }, 5.0) })
                    {
                        var dX = new double[x.Length];
                        list.Add(P.FirstAbove(x, t));
                        list.Add(P.FirstAboveGradient(x, t, dX));
                        list.AddRange(dX);
                        var pulled = new double[x.Length];
                        list.Add(P.FirstAbovePullback(x, t, 1.0, pulled));
                        list.AddRange(pulled);
                        var tangent = new double[x.Length];
                        tangent[0] = 1;
                        var (value, dot) = P.FirstAbovePushforward(x, t, tangent);
                        list.Add(value);
                        list.Add(dot);
                    }

                    return list.ToArray();
                }
            }
            """);
        AssertClose(result,
            1, 1, 1, 0, 1, 1, 0, 1, 1,
            49, 49, 0, 14, 0, 49, 0, 14, 0, 49, 0,
            36, 36, 12, 0, 36, 12, 0, 36, 12);
    }

    /// <summary>Family 3: the same span passed for two parameters; the adjoints of the aliased inputs add up.</summary>
    [Fact]
    public void SameSpanForTwoParametersAddsAdjoints()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
                    return s;
                }

                [Differentiable] public static double SelfDot(ReadOnlySpan<double> x) => Dot(x, x);
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 2, 3 };
                    var dX = new double[2];
                    var value = P.SelfDotGradient(x, dX);
                    var dDirect = new double[2];
                    P.DotGradient(x, x, dDirect, new double[2]);
                    return new[] { value, dX[0], dX[1], dDirect[0], dDirect[1] };
                }
            }
            """);
        AssertClose(result, 13, 4, 6, 2, 3);
    }

    /// <summary>Family 4: <c>-(-t)</c> is printed with the parentheses it needs, not as a pre-decrement.</summary>
    [Fact]
    public void DoubleNegationIsNotADecrement()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double L5(ReadOnlySpan<double> x, double y) { double t = y; double r = -(-t); return r * t + x[0]; }

                [Differentiable]
                public static double L6(ReadOnlySpan<double> x, double y) { double t = y; double r = -(-Math.Floor(t)); return r * t + x[0]; }

                [Differentiable]
                public static double L7(double y) => -(-y) * y - (-y);
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 0.5 };
                    var dX = new double[1];
                    var value = P.L5Gradient(x, 2.0, dX, out var dY);
                    var floor = P.L6Gradient(x, 2.5, dX, out var dFloor);
                    var l7 = P.L7Gradient(3.0, out var d7);
                    return new[] { value, dY, P.L5(x, 2.0), floor, dFloor, l7, d7 };
                }
            }
            """);
        AssertClose(result, 4.5, 4, 4.5, 5.5, 2, 12, 7);
    }

    /// <summary>Family 5: a parameter overwritten after a loop (or after a span read) on the loop path.</summary>
    [Fact]
    public void OverwrittenParametersAreRestoredOnTheLoopPath()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double F(int n, double c) { for (int i = 0; i < n; i++) { } c += c * c; return c; }

                [Differentiable]
                public static double G(ReadOnlySpan<double> ws, double c) { double r = c * ws[0]; c = 0; return r; }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var f = P.FGradient(3, 1.5, out var dC);
                    var (_, tangent) = P.FPushforward(3, 1.5, 1.0);
                    double[] ws = { 2 };
                    var dWs = new double[1];
                    var g = P.GGradient(ws, 1.5, dWs, out var dGc);
                    return new[] { f, dC, tangent, g, dWs[0], dGc };
                }
            }
            """);
        AssertClose(result, 3.75, 4, 4, 3, 1.5, 2);
    }

    /// <summary>Family 6: values the result does not depend on contribute nothing, not 0·∞ = NaN.</summary>
    [Fact]
    public void UselessValuesDoNotPoisonTheGradient()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double C(double a) => Math.Cbrt(a - a) + a;

                [Differentiable]
                public static double Y(ReadOnlySpan<double> x, double a)
                {
                    double y = a;
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) { y *= y; s += x[i] * a; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var c = P.CGradient(2.0, out var dA);
                    var x = new double[40];
                    for (int i = 0; i < x.Length; i++) { x[i] = 1; }
                    var dX = new double[x.Length];
                    var y = P.YGradient(x, 10.0, dX, out var dYa);
                    return new[] { c, dA, y, dYa, dX[0] };
                }
            }
            """);
        AssertClose(result, 2, 1, 400, 40, 10);
    }
    /// <summary>Issue family 17: <c>x % y</c> on reals has slope 1 in x and −trunc(x/y) in y (it was taken as constant).</summary>
    [Fact]
    public void RemainderOfRealsIsDifferentiated()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double R(double x, double y) => x % y * x;

                [Differentiable] public static float RF(float x, float y) => x % y;

                [Differentiable]
                public static double S(ReadOnlySpan<double> v, double y)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) { s += v[i] % y; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var r = P.RGradient(7.5, 2.0, out var dX, out var dY);
                    var (_, tangent) = P.RPushforward(7.5, 2.0, 0.0, 1.0);
                    P.RFGradient(-7.5f, 2.0f, out var dXf, out var dYf);
                    double[] v = { 7.5, -4.25 };
                    var dV = new double[2];
                    var s = P.SGradient(v, 2.0, dV, out var dSy);
                    var fdX = Fd.D(x => P.R(x, 2.0), 7.5);
                    var fdY = Fd.D(y => P.R(7.5, y), 2.0);
                    var fdSy = Fd.D(y => P.S(v, y), 2.0);
                    return new[] { r, dX - fdX, dY - fdY, tangent - fdY, dXf, dYf, s, dV[0], dV[1], dSy - fdSy, dSy };
                }
            }
            """);
        AssertClose(result, 1.5 * 7.5, 0, 0, 0, 1, 3, 1.5 - 0.25, 1, 1, 0, -3 + 2);
    }
    /// <summary>
    /// Found by the fuzzer: ∛ and √ have an infinite slope at 0; a term whose argument is locally constant there (a zero
    /// inner derivative) must contribute 0, not ∞·0 = NaN, on both paths and in every mode.
    /// </summary>
    [Fact]
    public void SingularSlopeTimesZeroDerivativeIsZero()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double Scalar(double x, [NoDerivative] double k) => Math.Cbrt(Math.Tanh(x * k)) + Math.Sqrt(x * k) + x;

                [Differentiable]
                public static double Loop(ReadOnlySpan<double> xs)
                {
                    double s = Math.Sin(xs[1]);
                    for (int i = 0; i < xs.Length; i++) { s += Math.Atan(Math.Cbrt(Math.Tanh(xs[i] * i))); }
                    return s;
                }

                [Differentiable] public static float Single(float x, [NoDerivative] float k) => MathF.Cbrt(x * k) + MathF.Sqrt(x * k) + x;

                // At i = 0 the ∛ argument is x[0] − x[0]: its two slopes, if huge, cancel and wipe out the rest.
                [Differentiable]
                public static void Rows(ReadOnlySpan<double> x, Span<double> ys)
                {
                    for (int i = 0; i < ys.Length; i++) { ys[i] = x[1] / (1.5 + x[0] * x[i]) * Math.Cbrt(Math.Tanh(x[i] - x[0])) + x[0] * x[i]; }
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var scalar = P.ScalarGradient(0.7, 0.0, out var dX);
                    var (_, tangent) = P.ScalarPushforward(0.7, 0.0, 1.0);
                    double[] xs = { 0.3, 0.6 };
                    var dXs = new double[2];
                    P.LoopGradient(xs, dXs);
                    var fd1 = Fd.D(a => P.Loop(a), xs, 1);
                    var (_, loopTangent) = P.LoopPushforward(xs, new double[] { 1, 0 });
                    P.SingleGradient(0.7f, 0f, out var dSingle);
                    double[] r = { 0.3, 0.8, -0.2 };
                    var dR = new double[3];
                    P.RowsPullback(r, new double[3], new double[] { 1, 1, 1 }, dR);
                    var fdRows = Fd.D(a => { var y = new double[3]; P.Rows(a, y); return y[0] + y[1] + y[2]; }, r, 0);
                    return new[] { scalar, dX, tangent, dXs[0], dXs[1] - fd1, loopTangent, dSingle, dR[0] - fdRows };
                }
            }
            """);
        AssertClose(result, 0.7, 1, 1, 0, 0, 0, 1, 0);
    }
    /// <summary>
    /// A zero tangent passes nothing through a partial that is infinite at a finite value (x^0.5 at 0, Asin and Acos at
    /// ±1), as a zero adjoint passes nothing back through it: a Pushforward along the other inputs is their directional
    /// derivative (what the Gradient says), not ∞·0 = NaN; on both paths.
    /// </summary>
    [Fact]
    public void ZeroTangentThroughInfinitePartialIsZero()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double Scalar(double x, double y) => Math.Pow(x, 0.5) + Math.Asin(x - 1) + Math.Acos(1 - x) + y * y;

                [Differentiable]
                public static double Loop(ReadOnlySpan<double> xs, double y)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++) { s += Math.Pow(xs[i], 0.5) * y + Math.Asin(xs[i] - 1); }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var (_, scalar) = P.ScalarPushforward(0, 3, 0, 1);
                    P.ScalarGradient(0, 3, out _, out var dY);
                    double[] xs = { 0, 1, 2 };
                    var (_, loop) = P.LoopPushforward(xs, 2, new double[3], 1);
                    P.LoopGradient(xs, 2, new double[3], out var dLoopY);
                    return new[] { scalar, dY, loop, dLoopY };
                }
            }
            """);
        AssertClose(result, 6, 6, 1 + Math.Sqrt(2), 1 + Math.Sqrt(2));
    }

    /// <summary>
    /// Found by the fuzzer: <c>Math.FusedMultiplyAdd</c> rounds once; generated code that computed <c>a·b + c</c>
    /// instead returned values an ulp off the primal, which loops amplified. Every member's value is the primal's, bit
    /// for bit, and the derivatives are those of a·b + c.
    /// </summary>
    [Fact]
    public void FusedMultiplyAddKeepsThePrimalsRounding()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double F(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

                [Differentiable]
                public static float L(ReadOnlySpan<float> x, float w)
                {
                    float s = 0.1f;
                    for (int i = 0; i < x.Length; i++) { s = MathF.FusedMultiplyAdd(s, w, x[i]); }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var mismatches = 0.0;
                    var random = new Random(7);
                    var x = new float[64];
                    for (int trial = 0; trial < 200; trial++)
                    {
                        double a = random.NextDouble() * 3 + 0.1, b = random.NextDouble() / 7, c = random.NextDouble() * 1e-3;
                        if (P.FGradient(a, b, c, out _, out _, out _) != P.F(a, b, c)) mismatches++;
                        if (P.FPushforward(a, b, c, 1, 0, 0).Value != P.F(a, b, c)) mismatches++;
                        for (int i = 0; i < x.Length; i++) { x[i] = (float)random.NextDouble(); }
                        var w = (float)(0.9 + random.NextDouble() / 10);
                        if (P.LPushforward(x, w, new float[x.Length], 0).Value != P.L(x, w)) mismatches++;
                        if (P.LGradient(x, w, new float[x.Length], out _) != P.L(x, w)) mismatches++;
                    }

                    var value = P.FGradient(2, 3, 5, out var dA, out var dB, out var dC);
                    return new[] { mismatches, value, dA, dB, dC };
                }
            }
            """);
        AssertClose(result, 0, 11, 3, 2, 1);
    }
}
