using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Calls to helper methods that SymDiff inlines (<see cref="Corpus.Helpers"/>, <see cref="VectorAlgebra"/>): ref and
/// out parameters of variables and of elements, in parameters of expressions, void helpers writing the caller's
/// buffers, a helper that normalizes a span in place through another helper, and a [Differentiable] vector function
/// called from another method. The primal against its closed form, the generated Gradient, Pullback and Pushforward
/// against central differences.
/// </summary>
public sealed class HelperCallTests
{
    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.1, 0.6)]
    public void RefParameterOfAScalarMethod(double x, double y)
    {
        Assert.Equal(x * x + x * y * x * y, Helpers.SumOfSquares(x, y), 12);
        LanguageCoverageTests.CheckPair(Helpers.SumOfSquares, Helpers.SumOfSquaresGradient, Helpers.SumOfSquaresPullback, Helpers.SumOfSquaresPushforward, x, y);
    }

    [Theory]
    [InlineData(1.3, 0.4)]
    [InlineData(0.6, -2.2)]
    public void OutAndInParameters(double r, double t)
    {
        var (a, b) = (r * Math.Cos(t), r * Math.Sin(t));
        var total = a + b;
        Assert.Equal(((a * a) + (total * b)) * total, Helpers.Polar(r, t), 12);
        LanguageCoverageTests.CheckPair(Helpers.Polar, Helpers.PolarGradient, Helpers.PolarPullback, Helpers.PolarPushforward, r, t);
    }

    [Theory]
    [InlineData(1.3, 0.4)]
    [InlineData(0.2, 0.9)]
    [InlineData(-0.8, 1.7)]
    public void LocalFunctionsWithRefAndOutParameters(double x, double y)
    {
        var a = Math.Max(x * y, 0.5);
        var v = a + (x - y);
        Assert.Equal(v / 2 * (Math.Sin(v) - v / 2) + (x - y) * (x - y), Helpers.LocalRefFunctions(x, y), 12);
        LanguageCoverageTests.CheckPair(Helpers.LocalRefFunctions, Helpers.LocalRefFunctionsGradient, Helpers.LocalRefFunctionsPullback, Helpers.LocalRefFunctionsPushforward, x, y);
    }

    [Theory]
    [MemberData(nameof(LanguageCoverageTests.Points), MemberType = typeof(LanguageCoverageTests))]
    public void FillClearAndADiscardedOut(double[] x)
    {
        const double c = 0.7;
        double F(double[] v)
        {
            var b = Enumerable.Repeat(c * c, v.Length + 2).ToArray();
            b[1] = b[2] = 0;
            for (var i = 0; i < v.Length; i++)
            {
                b[i + 2] += v[i] * b[i];
            }

            return Math.Sin(b[^1]) + b[0] + b[^2];
        }

        Assert.Equal(F(x), Helpers.FilledBuffer(x, c), 12);
        var dX = new double[x.Length];
        Helpers.FilledBufferGradient(x, c, dX, out var dC);
        for (var i = 0; i < x.Length; i++)
        {
            var k = i;
            AssertClose(Central(t => F([.. x.Select((v, j) => j == k ? t : v)]), x[i], false), dX[i], DoubleTolerance, $"dX[{i}]");
        }

        double G(double cc)
        {
            var b = Enumerable.Repeat(cc * cc, x.Length + 2).ToArray();
            b[1] = b[2] = 0;
            for (var i = 0; i < x.Length; i++)
            {
                b[i + 2] += x[i] * b[i];
            }

            return Math.Sin(b[^1]) + b[0] + b[^2];
        }

        AssertClose(Central(G, c, false), dC, DoubleTolerance, "dC");
    }

    /// <summary>Loop conditions whose right side of && assigns, against finite differences.</summary>
    [Theory]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6 })]
    [InlineData(new[] { 0.5, 0.3, 0.05, 0.9 })]
    [InlineData(new[] { 1.2, -0.5, 0.4 })]
    public void AssignmentOnTheRightOfAndInALoopCondition(double[] x)
    {
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.ShortCircuitCondition(v), (v, d) => EmbeddedAssignments.ShortCircuitConditionGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.ShortCircuitConditionPullback(v, seed, d), (v, t) => EmbeddedAssignments.ShortCircuitConditionPushforward(v, t), x);
        foreach (var q in new[] { 0.3, 1.7, 4.0 })
        {
            var value = EmbeddedAssignments.SeriesUntilSmallGradient(q, out var dQ);
            AssertClose(EmbeddedAssignments.SeriesUntilSmall(q), value, 1e-12, "value");
            AssertClose(Central(EmbeddedAssignments.SeriesUntilSmall, q, false), dQ, DoubleTolerance, $"dX at {q}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConditionalOnTheRightOfAndIsGuarded(int k)
    {
        double[] x = [0.7, -0.4, 0.9];
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.GuardedConditional(v, k), (v, d) => EmbeddedAssignments.GuardedConditionalGradient(v, k, d),
            (v, seed, d) => EmbeddedAssignments.GuardedConditionalPullback(v, k, seed, d), (v, t) => EmbeddedAssignments.GuardedConditionalPushforward(v, k, t), x);
    }

    [Theory]
    [MemberData(nameof(LanguageCoverageTests.Points), MemberType = typeof(LanguageCoverageTests))]
    public void RefParameterInALoop(double[] x)
    {
        Assert.Equal(x.Sum(v => Math.Sin(v) * Math.Sin(v)), Helpers.SquaresInLoop(x), 12);
        LoopTests.CheckSpanFunction(v => Helpers.SquaresInLoop(v), (v, d) => Helpers.SquaresInLoopGradient(v, d),
            (v, seed, d) => Helpers.SquaresInLoopPullback(v, seed, d), (v, t) => Helpers.SquaresInLoopPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(LanguageCoverageTests.Points), MemberType = typeof(LanguageCoverageTests))]
    public void RefToAnElement(double[] x)
    {
        Assert.Equal(x.Select((v, i) => Math.Exp(-v * v * (i + 1))).Sum(), Helpers.ScaledElements(x), 12);
        LoopTests.CheckSpanFunction(v => Helpers.ScaledElements(v), (v, d) => Helpers.ScaledElementsGradient(v, d),
            (v, seed, d) => Helpers.ScaledElementsPullback(v, seed, d), (v, t) => Helpers.ScaledElementsPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(LanguageCoverageTests.Points), MemberType = typeof(LanguageCoverageTests))]
    public void VectorHelpersWritingTheCallersBuffers(double[] x)
    {
        var w1 = Enumerable.Range(0, 3 * x.Length).Select(i => 0.1 * (i % 7) - 0.3).ToArray();
        double[] w2 = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7];
        var h = Enumerable.Range(0, 3).Select(r => Math.Tanh(x.Select((v, c) => w1[r * x.Length + c] * v).Sum())).ToArray();
        var y = Enumerable.Range(0, 2).Select(r => h.Select((v, c) => w2[r * 3 + c] * v).Sum()).ToArray();
        Assert.Equal(Math.Tanh(y[0]) + Math.Tanh(y[1]), Helpers.TwoLayers(x), 12);
        LoopTests.CheckSpanFunction(v => Helpers.TwoLayers(v), (v, d) => Helpers.TwoLayersGradient(v, d),
            (v, seed, d) => Helpers.TwoLayersPullback(v, seed, d), (v, t) => Helpers.TwoLayersPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(LanguageCoverageTests.Points), MemberType = typeof(LanguageCoverageTests))]
    public void HelperWritingASpanInPlaceThroughAnotherHelper(double[] x)
    {
        var norm = Math.Sqrt(x.Sum(v => v * v));
        Assert.Equal(norm + x[0] / norm, Helpers.NormalizedCopy(x), 12);
        LoopTests.CheckSpanFunction(v => Helpers.NormalizedCopy(v), (v, d) => Helpers.NormalizedCopyGradient(v, d),
            (v, seed, d) => Helpers.NormalizedCopyPullback(v, seed, d), (v, t) => Helpers.NormalizedCopyPushforward(v, t), x);
    }

    [Fact]
    public void ViewsPassedToCalls()
    {
        double[] w = [0.3, -1.2, 0.8, 2.1, -0.4, 0.5, 1.1, -0.6, 0.7];
        double[] x = [0.9, -0.3, 0.4];
        double Dot(IEnumerable<double> a, IEnumerable<double> b) => a.Zip(b, (p, q) => p * q).Sum();
        double F(double[] wv, double[] xv) =>
            Enumerable.Range(0, 3).Sum(r => Math.Tanh(Dot(wv.Skip(r * 3).Take(3), xv))) + Dot(xv.Skip(1), wv.Take(2)) + xv[1] * xv[2];
        Assert.Equal(F(w, x), Helpers.RowViews(w, x), 12);
        var (dW, dX) = (new double[w.Length], new double[x.Length]);
        var value = Helpers.RowViewsGradient(w, x, dW, dX);
        AssertClose(F(w, x), value, 1e-12, "Gradient value");
        for (var i = 0; i < w.Length; i++)
        {
            var k = i;
            AssertClose(Central(t => F([.. w.Select((v, j) => j == k ? t : v)], x), w[i], false), dW[i], DoubleTolerance, $"dW[{i}]");
        }

        for (var i = 0; i < x.Length; i++)
        {
            var k = i;
            AssertClose(Central(t => F(w, [.. x.Select((v, j) => j == k ? t : v)]), x[i], false), dX[i], DoubleTolerance, $"dX[{i}]");
        }

        var (tW, tX) = (w.Select((_, i) => 0.1 * (i % 3) - 0.1).ToArray(), new[] { 0.5, -0.25, 1.0 });
        var (primal, tangent) = Helpers.RowViewsPushforward(w, x, tW, tX);
        AssertClose(F(w, x), primal, 1e-12, "Pushforward value");
        AssertClose(dW.Zip(tW, (a, b) => a * b).Sum() + dX.Zip(tX, (a, b) => a * b).Sum(), tangent, 1e-10, "Pushforward tangent");
        var (heldW, heldX) = (new double[w.Length], new double[x.Length]);
        Helpers.RowViewsPullback(w, x, 2.0, heldW, heldX);
        Assert.All(Enumerable.Range(0, w.Length), i => AssertClose(2.0 * dW[i], heldW[i], 1e-10, $"Pullback dW[{i}]"));
        Assert.All(Enumerable.Range(0, x.Length), i => AssertClose(2.0 * dX[i], heldX[i], 1e-10, $"Pullback dX[{i}]"));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void HelperWritingThroughViewsOfALocalBuffer(double[] x)
    {
        double[] m = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7, 0.2, 1.1, -0.4, 0.9, 0.6, -0.2];
        var b = Enumerable.Range(0, 4).Select(r => x.Select((v, c) => m[r * 2 + c] * v).Sum()).ToArray();
        Assert.Equal(Math.Sin(b[0]) * b[1] + b[2] * Math.Cos(b[3]), Helpers.HalvesOfABuffer(x), 12);
        LoopTests.CheckSpanFunction(v => Helpers.HalvesOfABuffer(v), (v, d) => Helpers.HalvesOfABufferGradient(v, d),
            (v, seed, d) => Helpers.HalvesOfABufferPullback(v, seed, d), (v, t) => Helpers.HalvesOfABufferPushforward(v, t), x);
    }

    public static TheoryData<double[]> Pairs => new() { new[] { 0.3, -1.2 }, new[] { 1.1, 0.5 } };

    [Theory]
    [InlineData(0.3, -1.2, 0.8)]
    [InlineData(1.1, 0.5, -2.0)]
    public void DifferentiableVectorFunctionCalledFromAnotherMethod(double v0, double v1, double angle)
    {
        double[] v = [v0, v1];
        double F(double[] u, double a)
        {
            var (c, s) = (Math.Cos(a), Math.Sin(a));
            var (r0, r1) = (c * u[0] - s * u[1], s * u[0] + c * u[1]);
            return r0 * r0 * r1;
        }

        Assert.Equal(F(v, angle), Helpers.RotatedX(v, angle), 12);
        var dV = new double[2];
        var value = Helpers.RotatedXGradient(v, angle, dV, out var dAngle);
        AssertClose(F(v, angle), value, 1e-12, "Gradient value");
        AssertClose(Central(a => F(v, a), angle, false), dAngle, DoubleTolerance, "dAngle");
        for (var i = 0; i < 2; i++)
        {
            var k = i;
            AssertClose(Central(t => F(k == 0 ? [t, v1] : [v0, t], angle), v[i], false), dV[i], DoubleTolerance, $"dV[{i}]");
        }

        var heldV = new[] { 0.25, -0.5 };
        var heldAngle = 2.0;
        Helpers.RotatedXPullback(v, angle, -1.5, heldV, ref heldAngle);
        AssertClose(0.25 - 1.5 * dV[0], heldV[0], 1e-10, "Pullback dV[0]");
        AssertClose(-0.5 - 1.5 * dV[1], heldV[1], 1e-10, "Pullback dV[1]");
        AssertClose(2.0 - 1.5 * dAngle, heldAngle, 1e-10, "Pullback dAngle");
        var (primal, tangent) = Helpers.RotatedXPushforward(v, angle, [0.7, -0.2], 1.3);
        AssertClose(F(v, angle), primal, 1e-12, "Pushforward value");
        AssertClose(0.7 * dV[0] - 0.2 * dV[1] + 1.3 * dAngle, tangent, 1e-10, "Pushforward tangent");
    }
}

/// <summary>
/// Fuzzer seed 951360's shape (a post-increment inside a compound assignment, a ref local function, then a call):
/// PullbackBatch against the scalar Gradient per element over a grid. (Finite differences are no reference at the
/// grid's ends, where Round's argument moves by many stairs over a step: see the fuzzer's classifier tests.)
/// </summary>
public sealed class IncrementThenCallBatchTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.2)]
    [InlineData(-0.8)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void PullbackBatchIsUpstreamTimesGradientOnAGrid(double c1)
    {
        var x = Enumerable.Range(0, 81).Select(i => -2.0 + 0.05 * i).ToArray();
        var upstream = x.Select((_, i) => 0.5 + 0.01 * i).ToArray();
        var dX = new double[x.Length];
        GeneratorBugRepros.IncrementThenCallPullbackBatch(c1, x, upstream, dX);
        for (var i = 0; i < x.Length; i++)
        {
            GeneratorBugRepros.IncrementThenCallGradient(c1, x[i], out var d);
            AssertClose(upstream[i] * d, dX[i], 1e-12, $"element {i} (x0 = {x[i]}, c1 = {c1})");
        }
    }
}
