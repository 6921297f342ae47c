using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Finite-difference checks of the generated Gradient, Pullback, Pushforward and Jacobian of the loop corpus
/// (<see cref="Loops"/>): every element of every span adjoint and every scalar adjoint.
/// </summary>
public sealed class LoopTests
{
    private static readonly double[] A = [0.3, -1.2, 0.8, 2.1, -0.4];
    private static readonly double[] B = [1.1, 0.5, -0.7, 0.2, 0.9];

    /// <summary>∂f/∂x[i] by central differences for every i.</summary>
    private static double[] NumericGradient(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (double[])x.Clone();
            g[i] = Central(v => { copy[i] = v; return f(copy); }, x[i], isFloat: false);
        }

        return g;
    }

    private static void AssertGradient(Func<double[], double> f, double[] x, ReadOnlySpan<double> actual, string name)
    {
        var expected = NumericGradient(f, x);
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(expected[i], actual[i], DoubleTolerance, $"{name}[{i}]");
        }
    }

    internal delegate double SpanGradient(double[] x, Span<double> dX);

    internal delegate double SpanPullback(double[] x, double seed, Span<double> dX);

    internal delegate (double Value, double Tangent) SpanPushforward(double[] x, ReadOnlySpan<double> tX);

    private delegate float SingleGradient(float[] x, Span<float> dX);

    private delegate float SinglePullback(float[] x, float seed, Span<float> dX);

    private delegate (float Value, float Tangent) SinglePushforward(float[] x, ReadOnlySpan<float> tX);

    /// <summary>A direction with no zero and no repeated entries.</summary>
    private static double[] Direction(int length) => Enumerable.Range(0, length).Select(i => Math.Cos(1.7 * i + 0.3)).ToArray();

    private static double DotProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Every entry of a dense row-major Jacobian of <paramref name="f"/> at <paramref name="x"/> against central
    /// differences; <paramref name="isFloat"/> says which coordinates are stepped and compared in single precision (a
    /// float input's, or every coordinate when the output is float).
    /// </summary>
    private static void AssertJacobian(Func<double[], double[]> f, double[] x, Func<int, bool> isFloat, double[] jacobian)
    {
        var rows = f(x).Length;
        Assert.Equal(rows * x.Length, jacobian.Length);
        for (var column = 0; column < x.Length; column++)
        {
            var copy = (double[])x.Clone();
            for (var row = 0; row < rows; row++)
            {
                var expected = Central(v => { copy[column] = v; return f(copy)[row]; }, x[column], isFloat(column));
                copy[column] = x[column];
                AssertClose(expected, jacobian[row * x.Length + column], isFloat(column) ? FloatTolerance : DoubleTolerance, $"J[{row},{column}]");
            }
        }
    }

    /// <summary>
    /// A function of one differentiable span: the Gradient's value is the primal's and every element matches central
    /// differences, the Pullback adds seed·gradient to what the adjoint held, and the Pushforward is gradient·tangent.
    /// </summary>
    internal static double[] CheckSpanFunction(Func<double[], double> f, SpanGradient gradient, SpanPullback pullback, SpanPushforward pushforward, double[] x)
    {
        var dX = new double[x.Length];
        Array.Fill(dX, double.NaN);
        var value = gradient(x, dX);
        AssertClose(f(x), value, 1e-12, "Gradient value");
        AssertGradient(f, x, dX, "dX");

        var held = x.Select((_, i) => 0.5 - i).ToArray();
        var accumulated = (double[])held.Clone();
        AssertClose(f(x), pullback(x, -1.5, accumulated), 1e-12, "Pullback value");
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(held[i] - 1.5 * dX[i], accumulated[i], 1e-12, $"Pullback dX[{i}]");
        }

        var direction = Direction(x.Length);
        var (primal, tangent) = pushforward(x, direction);
        AssertClose(f(x), primal, 1e-12, "Pushforward value");
        AssertClose(DotProduct(dX, direction), tangent, 1e-10, "Pushforward tangent");
        return dX;
    }

    /// <summary><see cref="CheckSpanFunction"/> in single precision (finite differences on float inputs).</summary>
    private static void CheckSingleFunction(Func<float[], float> f, SingleGradient gradient, SinglePullback pullback, SinglePushforward pushforward, float[] x)
    {
        var dX = new float[x.Length];
        var value = gradient(x, dX);
        AssertClose(f(x), value, 1e-5, "Gradient value");
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (float[])x.Clone();
            var expected = Central(v => { copy[i] = (float)v; return f(copy); }, x[i], isFloat: true);
            AssertClose(expected, dX[i], FloatTolerance, $"dX[{i}]");
        }

        var accumulated = x.Select((_, i) => 0.5f - i).ToArray();
        pullback(x, 2f, accumulated);
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(0.5f - i + 2f * dX[i], accumulated[i], 1e-5, $"Pullback dX[{i}]");
        }

        var direction = Direction(x.Length).Select(d => (float)d).ToArray();
        var (primal, tangent) = pushforward(x, direction);
        AssertClose(f(x), primal, 1e-5, "Pushforward value");
        AssertClose(dX.Zip(direction, (g, t) => (double)g * t).Sum(), tangent, 1e-5, "Pushforward tangent");
    }

    [Fact]
    public void Dot()
    {
        var dA = new double[A.Length];
        var dB = new double[B.Length];
        var value = Loops.DotGradient(A, B, dA, dB);
        Assert.Equal(Loops.Dot(A, B), value);
        Assert.Equal(B, dA);
        Assert.Equal(A, dB);
    }

    [Fact]
    public void MatVecSquaredNorm()
    {
        double[] w = [0.1, -0.3, 0.5, 0.7, 0.2, -0.6, 0.4, 0.9, -0.8, 0.3, 0.05, -0.15, 0.25, 0.35, -0.45];
        var dW = new double[w.Length];
        var dX = new double[A.Length];
        var value = Loops.MatVecSquaredNormGradient(w, A, 3, dW, dX);
        Assert.Equal(Loops.MatVecSquaredNorm(w, A, 3), value, 12);
        AssertGradient(v => Loops.MatVecSquaredNorm(v, A, 3), w, dW, "dW");
        AssertGradient(v => Loops.MatVecSquaredNorm(w, v, 3), A, dX, "dX");
    }

    [Fact]
    public void LogSumExpWithMaxShift()
    {
        var dV = new double[A.Length];
        var value = Loops.LogSumExpGradient(A, dV);
        Assert.Equal(Loops.LogSumExp(A), value, 12);
        AssertGradient(v => Loops.LogSumExp(v), A, dV, "dV");
        Assert.Equal(1.0, dV.Sum(), 12);
    }

    [Fact]
    public void SoftmaxCrossEntropyOverASpan()
    {
        var dLogits = new double[A.Length];
        Loops.SoftmaxCrossEntropyGradient(A, 2, dLogits);
        AssertGradient(v => Loops.SoftmaxCrossEntropy(v, 2), A, dLogits, "dLogits");
    }

    [Fact]
    public void RecurrenceOverTimeSteps()
    {
        double[] xs = [0.5, -1.0, 0.25, 2.0, -0.75, 1.5];
        var value = Loops.RecurrenceGradient(0.6, -0.4, 0.1, xs, out var dW, out var dU, out var dB);
        Assert.Equal(Loops.Recurrence(0.6, -0.4, 0.1, xs), value, 12);
        AssertClose(Central(w => Loops.Recurrence(w, -0.4, 0.1, xs), 0.6, false), dW, DoubleTolerance, "dW");
        AssertClose(Central(u => Loops.Recurrence(0.6, u, 0.1, xs), -0.4, false), dU, DoubleTolerance, "dU");
        AssertClose(Central(b => Loops.Recurrence(0.6, -0.4, b, xs), 0.1, false), dB, DoubleTolerance, "dB");
    }

    [Fact]
    public void NestedTriangularLoops()
    {
        var dA = new double[A.Length];
        var value = Loops.LowerTriangleGradient((double[])A.Clone(), dA);
        Assert.Equal(Loops.LowerTriangle((double[])A.Clone()), value, 12);
        AssertGradient(v => Loops.LowerTriangle(v), A, dA, "dA");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(100.0)]
    public void EarlyBreak(double limit)
    {
        var dX = new double[A.Length];
        var value = Loops.SumUntilGradient(A, limit, dX);
        Assert.Equal(Loops.SumUntil(A, limit), value, 12);
        AssertGradient(v => Loops.SumUntil(v, limit), A, dX, "dX");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(3.3)]
    [InlineData(-5.1)]
    public void WhileWithDataDependentTripCount(double x)
    {
        var value = Loops.HalveUntilSmallGradient(x, out var dX);
        Assert.Equal(Loops.HalveUntilSmall(x), value, 12);
        AssertClose(Central(v => Loops.HalveUntilSmall(v), x, false), dX, DoubleTolerance, "dX");
    }

    [Fact]
    public void DoWhileWithContinue()
    {
        var dX = new double[A.Length];
        var value = Loops.PositivePartGradient(A, dX);
        Assert.Equal(Loops.PositivePart(A), value, 12);
        AssertGradient(v => Loops.PositivePart(v), A, dX, "dX");
        Assert.Equal(0.0, dX[1]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(100.0)]
    public void ReturnFromInsideALoop(double threshold)
    {
        var dX = new double[A.Length];
        var value = Loops.FirstAboveGradient(A, threshold, dX);
        Assert.Equal(Loops.FirstAbove(A, threshold), value, 12);
        AssertGradient(v => Loops.FirstAbove(v, threshold), A, dX, "dX");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void ScalarLoop(int n)
    {
        var value = Loops.PowerByLoopGradient(1.3, n, out var dX);
        Assert.Equal(Math.Pow(1.3, n), value, 12);
        Assert.Equal(n * Math.Pow(1.3, n - 1), dX, 12);
    }

    [Fact]
    public void BuffersWrittenAndReadAgain()
    {
        var dZ = new double[A.Length];
        Loops.SoftmaxWeightedGradient(A, B, dZ);
        AssertGradient(v => Loops.SoftmaxWeighted(v, B), A, dZ, "dZ");
    }

    [Fact]
    public void SinglePrecision()
    {
        float[] x = [0.3f, -1.2f, 0.8f];
        var dX = new float[x.Length];
        Loops.WeightedSigmoidsGradient(x, dX);
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (float[])x.Clone();
            var expected = Central(v => { copy[i] = (float)v; return Loops.WeightedSigmoids(copy); }, x[i], isFloat: true);
            AssertClose(expected, dX[i], FloatTolerance, $"dX[{i}]");
        }
    }

    [Fact]
    public void PullbackAddsSeedTimesGradient()
    {
        var dV = new double[A.Length];
        dV[0] = 10;
        Loops.LogSumExpPullback(A, 2.0, dV);
        var gradient = new double[A.Length];
        Loops.LogSumExpGradient(A, gradient);
        for (var i = 0; i < A.Length; i++)
        {
            Assert.Equal((i == 0 ? 10 : 0) + 2.0 * gradient[i], dV[i], 12);
        }
    }

    [Fact]
    public void PushforwardIsTheDirectionalDerivative()
    {
        var gradient = new double[A.Length];
        Loops.LogSumExpGradient(A, gradient);
        var (value, tangent) = Loops.LogSumExpPushforward(A, B);
        Assert.Equal(Loops.LogSumExp(A), value, 12);
        Assert.Equal(gradient.Zip(B, (g, t) => g * t).Sum(), tangent, 12);

        var dW = new double[15];
        var dX = new double[A.Length];
        double[] w = [0.1, -0.3, 0.5, 0.7, 0.2, -0.6, 0.4, 0.9, -0.8, 0.3, 0.05, -0.15, 0.25, 0.35, -0.45];
        Loops.MatVecSquaredNormGradient(w, A, 3, dW, dX);
        var tW = w.Select((_, i) => 0.1 * i).ToArray();
        var (_, t2) = Loops.MatVecSquaredNormPushforward(w, A, 3, tW, B);
        Assert.Equal(dW.Zip(tW, (g, t) => g * t).Sum() + dX.Zip(B, (g, t) => g * t).Sum(), t2, 10);
    }

    [Fact]
    public void PushforwardThroughBreakWhileAndCalls()
    {
        foreach (var limit in new[] { 0.5, 100.0 })
        {
            var dX = new double[A.Length];
            Loops.SumUntilGradient(A, limit, dX);
            var (_, tangent) = Loops.SumUntilPushforward(A, limit, B);
            Assert.Equal(dX.Zip(B, (g, t) => g * t).Sum(), tangent, 10);
        }

        var dLogits = new double[A.Length];
        Loops.SoftmaxCrossEntropyGradient(A, 1, dLogits);
        var (_, t2) = Loops.SoftmaxCrossEntropyPushforward(A, 1, B);
        Assert.Equal(dLogits.Zip(B, (g, t) => g * t).Sum(), t2, 10);

        Loops.HalveUntilSmallGradient(3.3, out var dH);
        Assert.Equal(dH * 0.5, Loops.HalveUntilSmallPushforward(3.3, 0.5).Tangent, 10);
    }

    [Fact]
    public void JacobianOfAVectorFunction()
    {
        double[] rTheta = [1.5, 0.7];
        var xy = new double[3];
        var jacobian = new double[3 * 3];
        Loops.PolarJacobian(rTheta, 2.0, xy, jacobian);
        var expectedValue = new double[3];
        Loops.Polar(rTheta, 2.0, expectedValue);
        Assert.Equal(expectedValue, xy);
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                double F(double v)
                {
                    var r = (double[])rTheta.Clone();
                    var s = 2.0;
                    if (column < 2)
                    {
                        r[column] = v;
                    }
                    else
                    {
                        s = v;
                    }

                    var output = new double[3];
                    Loops.Polar(r, s, output);
                    return output[row];
                }

                var at = column < 2 ? rTheta[column] : 2.0;
                AssertClose(Central(F, at, false), jacobian[row * 3 + column], DoubleTolerance, $"J[{row},{column}]");
            }
        }
    }

    [Fact]
    public void VectorPullbackAndPushforwardUseSpanSeedsAndTangents()
    {
        double[] rTheta = [1.5, 0.7];
        var xy = new double[3];
        var jacobian = new double[9];
        Loops.PolarJacobian(rTheta, 2.0, xy, jacobian);
        double[] seed = [0.3, -1.0, 0.5];
        var dR = new double[2];
        var dScale = 0.0;
        Loops.PolarPullback(rTheta, 2.0, xy, seed, dR, ref dScale);
        for (var column = 0; column < 3; column++)
        {
            var expected = Enumerable.Range(0, 3).Sum(row => seed[row] * jacobian[row * 3 + column]);
            Assert.Equal(expected, column < 2 ? dR[column] : dScale, 12);
        }

        var tXy = new double[3];
        Loops.PolarPushforward(rTheta, 2.0, xy, [0.2, -0.1], 0.4, tXy);
        for (var row = 0; row < 3; row++)
        {
            Assert.Equal(jacobian[row * 3] * 0.2 - jacobian[row * 3 + 1] * 0.1 + jacobian[row * 3 + 2] * 0.4, tXy[row], 12);
        }
    }

    [Fact]
    public void LengthMismatchNamesBothParameters()
    {
        var error = Assert.Throws<ArgumentException>(() => Loops.DotGradient(A, B, new double[3], new double[5]));
        Assert.Contains("'dA' has length 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a' has length 5", error.Message, StringComparison.Ordinal);
        Assert.Equal("dA", error.ParamName);
    }

    [Fact]
    public void OverlappingOutputIsRejected()
    {
        var buffer = new double[5];
        var error = Assert.Throws<ArgumentException>(() => Loops.PolarJacobian(buffer.AsSpan(0, 2), 1.0, buffer.AsSpan(1, 3), new double[9]));
        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingOutputsAreRejected()
    {
        double[] x = [0.3, -1.2, 0.8, 2.1];
        var n = x.Length;
        var buffer = new double[2 * n];
        var (squares, shifted, seed, direction, other) = (new double[n], new double[n], new double[n], Direction(n), new double[n]);

        // Both outputs of the primal in the same buffer, in every entry point: each would overwrite the other.
        AssertOutputsOverlap("squares", "shifted", () => Loops.TwoOutputsPullback(x, buffer.AsSpan(0, n), buffer.AsSpan(0, n), seed, seed, other));
        AssertOutputsOverlap("squares", "shifted", () => Loops.TwoOutputsPushforward(x, buffer.AsSpan(0, n), buffer.AsSpan(1, n), direction, other, new double[n]));
        AssertOutputsOverlap("squares", "shifted", () => Loops.TwoOutputsJacobian(x, buffer.AsSpan(n - 1, n), buffer.AsSpan(0, n), new double[2 * n * n]));

        // Every other span an entry point writes counts as an output too: adjoints, output tangents, the Jacobian.
        AssertOutputsOverlap("squares", "dX", () => Loops.TwoOutputsPullback(x, squares, shifted, seed, seed, squares));
        AssertOutputsOverlap("shifted", "tShifted", () => Loops.TwoOutputsPushforward(x, squares, shifted, direction, other, shifted));
        var matrix = new double[2 * n * n + 1];
        AssertOutputsOverlap("squares", "jacobian", () => Loops.TwoOutputsJacobian(x, matrix.AsSpan(0, n), shifted, matrix.AsSpan(1)));
        AssertOutputsOverlap("dA", "dB", () => Loops.DotGradient(A, B, buffer.AsSpan(0, A.Length), buffer.AsSpan(0, A.Length)));
        AssertOutputsOverlap("work", "dX", () => Loops.WithWorkBufferGradient(x, buffer.AsSpan(0, n), buffer.AsSpan(n - 1, n)));
    }

    [Fact]
    public void DerivativeSpansOverlappingAnInputAreRejected()
    {
        // Each entry point reads the inputs while it clears and writes its derivative spans: one buffer for both gave a
        // wrong derivative without an error (dA = a made DotGradient return zeros for dB).
        double[] x = [0.3, -1.2, 0.8, 2.1];
        var n = x.Length;
        var (a, b) = ((double[])A.Clone(), (double[])B.Clone());
        AssertInputOverlap("dA", "a", () => Loops.DotGradient(a, b, a, new double[b.Length]));
        AssertInputOverlap("dB", "a", () => Loops.DotGradient(a, b, new double[a.Length], a));
        AssertInputOverlap("dA", "b", () => Loops.DotPullback(a, b, 1.0, b, new double[b.Length]));

        var input = (double[])x.Clone();
        AssertInputOverlap("dX", "x", () => Loops.TwoOutputsPullback(input, new double[n], new double[n], Direction(n), Direction(n), input));
        AssertInputOverlap("tSquares", "x", () => Loops.TwoOutputsPushforward(input, new double[n], new double[n], Direction(n), input, new double[n]));
        AssertInputOverlap("tShifted", "x", () => Loops.TwoOutputsPushforwardN(input, new double[n], new double[n], 1, Direction(n), new double[n], input));
        var jacobian = new double[2 * n * n];
        AssertInputOverlap("jacobian", "x", () => Loops.TwoOutputsJacobian(jacobian.AsSpan(0, n), new double[n], new double[n], jacobian));
        AssertInputOverlap("jacobian", "x", () => Loops.TwoOutputsJacobianForward(jacobian.AsSpan(0, n), new double[n], new double[n], jacobian));
        AssertInputOverlap("jacobian", "x", () => Loops.TwoOutputsJacobianReverse(jacobian.AsSpan(n, n), new double[n], new double[n], jacobian));

        var w = new double[] { 0.5, -1.0, 2.0, 0.25 };
        AssertInputOverlap("tangents", "w", () => Loops.WeightedCubesPushforwardN(input, w, 4, new double[4 * n], new double[4 * n], w));
        AssertInputOverlap("hvpX", "x", () => Loops.WeightedCubesHessianVectorProduct(input, w, Direction(n), new double[n], input, new double[n]));
        AssertInputOverlap("hvpW", "w", () => Loops.WeightedCubesHessianVectorProduct(input, w, Direction(n), new double[n], new double[n], w));
        AssertInputOverlap("hvpW", "tX", () =>
        {
            var t = Direction(n);
            Loops.WeightedCubesHessianVectorProduct(input, w, t, new double[n], new double[n], t);
        });
        var hessian = new double[4 * n * n];
        AssertInputOverlap("hessian", "x", () => Loops.WeightedCubesHessian(hessian.AsSpan(0, n), w, hessian));
        AssertInputOverlap("hessian", "w", () => Loops.WeightedCubesHessian(input, hessian.AsSpan(4 * n * n - n), hessian));

        // Nothing was written before the check threw: the inputs are as they were.
        Assert.Equal(x, input);
        Assert.Equal(A, a);
        Assert.Equal(B, b);
        Assert.Equal([0.5, -1.0, 2.0, 0.25], w);
    }

    [Fact]
    public void WeightedCubesDerivativesMatchTheFormula()
    {
        double[] x = [0.3, -1.2, 0.8, 2.1];
        double[] w = [0.5, -1.0, 2.0, 0.25];
        var (dX, dW) = (new double[4], new double[4]);
        Loops.WeightedCubesGradient(x, w, dX, dW);
        var hessian = new double[64];
        Loops.WeightedCubesHessian(x, w, hessian);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(3 * w[i] * x[i] * x[i], dX[i], 12);
            Assert.Equal(x[i] * x[i] * x[i], dW[i], 12);
            Assert.Equal(6 * w[i] * x[i], hessian[i * 8 + i], 12);
            Assert.Equal(3 * x[i] * x[i], hessian[i * 8 + 4 + i], 12);
            Assert.Equal(0.0, hessian[(4 + i) * 8 + 4 + i], 12);
        }
    }

    private static void AssertInputOverlap(string output, string input, Action call)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Contains($"The output '{output}' overlaps the input '{input}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(output, error.ParamName);
    }

    [Fact]
    public void OutputOverlapChecksAllocateNothing()
    {
        double[] x = [0.3, -1.2, 0.8, 2.1];
        var (squares, shifted, seed, dX) = (new double[4], new double[4], new double[] { 1, 0, 0, 0 }, new double[4]);
        Loops.TwoOutputsPullback(x, squares, shifted, seed, seed, dX);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            Loops.TwoOutputsPullback(x, squares, shifted, seed, seed, dX);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    private static void AssertOutputsOverlap(string first, string second, Action call)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Contains($"'{first}' and '{second}' overlap", error.Message, StringComparison.Ordinal);
        Assert.Equal(second, error.ParamName);
    }

    [Fact]
    public void TapeIsBalancedAndReused()
    {
        var dV = new double[A.Length];
        Loops.LogSumExpGradient(A, dV);
        var before = Tape.Current.Count;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            Loops.SoftmaxWeightedGradient(A, B, dV);
            Loops.LogSumExpGradient(A, dV);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(before, Tape.Current.Count);
    }

    [Fact]
    public void ForEachOverAnArrayParameter() => CheckSpanFunction(
        v => Loops.SumOfSines(v), (v, d) => Loops.SumOfSinesGradient(v, d), (v, s, d) => Loops.SumOfSinesPullback(v, s, d), (v, t) => Loops.SumOfSinesPushforward(v, t), A);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void ForEachWithContinueAndBreak(double cap)
    {
        var dX = CheckSpanFunction(
            v => Loops.ForEachWithExits(v, cap),
            (v, d) => Loops.ForEachWithExitsGradient(v, cap, d),
            (v, s, d) => Loops.ForEachWithExitsPullback(v, cap, s, d),
            (v, t) => Loops.ForEachWithExitsPushforward(v, cap, t),
            A);
        Assert.Equal(0.0, dX[1]);
        Assert.Equal(0.0, dX[4]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(100.0)]
    public void NestedLoopsWithBreakInTheInnerLoopOnly(double limit)
    {
        double[] m = [0.3, -0.9, 0.6, 1.4, -0.2, 0.7, 0.35, -1.1, 0.8, 0.45, -0.6, 1.2];
        CheckSpanFunction(
            v => Loops.RowPrefixNorms(v, 4, limit),
            (v, d) => Loops.RowPrefixNormsGradient(v, 4, limit, d),
            (v, s, d) => Loops.RowPrefixNormsPullback(v, 4, limit, s, d),
            (v, t) => Loops.RowPrefixNormsPushforward(v, 4, limit, t),
            m);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.5)]
    [InlineData(100.0)]
    public void WhileWithAndInTheCondition(double budget)
    {
        foreach (var x in new[] { A, B })
        {
            CheckSpanFunction(
                v => Loops.WhileBothHold(v, budget),
                (v, d) => Loops.WhileBothHoldGradient(v, budget, d),
                (v, s, d) => Loops.WhileBothHoldPullback(v, budget, s, d),
                (v, t) => Loops.WhileBothHoldPushforward(v, budget, t),
                x);
        }
    }

    [Fact]
    public void ScalarDifferentiableCallInALoop()
    {
        double[] w = [0.4, -0.7, 0.2];
        double[] x = [0.5, 1.0, -0.5, 2.0, 0.1, 0.3, -1.0, 0.7, 0.9, 0.2, -0.4, 1.5];
        const double bias = 0.15;
        var dW = new double[w.Length];
        var value = Loops.SigmoidLayerGradient(w, bias, x, dW, out var dBias);
        AssertClose(Loops.SigmoidLayer(w, bias, x), value, 1e-12, "value");
        AssertGradient(v => Loops.SigmoidLayer(v, bias, x), w, dW, "dW");
        AssertClose(Central(b => Loops.SigmoidLayer(w, b, x), bias, false), dBias, DoubleTolerance, "dBias");

        var pulledW = new double[w.Length];
        var pulledBias = 1.0;
        Loops.SigmoidLayerPullback(w, bias, x, 3.0, pulledW, ref pulledBias);
        AssertClose(1.0 + 3.0 * dBias, pulledBias, 1e-12, "Pullback dBias");
        for (var i = 0; i < w.Length; i++)
        {
            AssertClose(3.0 * dW[i], pulledW[i], 1e-12, $"Pullback dW[{i}]");
        }

        var tW = Direction(w.Length);
        var (_, tangent) = Loops.SigmoidLayerPushforward(w, bias, x, tW, -0.8);
        AssertClose(DotProduct(dW, tW) - 0.8 * dBias, tangent, 1e-10, "Pushforward tangent");
    }

    [Fact]
    public void SpanCallsWithAnInactiveSpanArgument()
    {
        double[] data = [0.9, -0.3, 0.4, 1.2, 0.6];
        CheckSpanFunction(
            v => Loops.SpanCallsInALoop(v, data),
            (v, d) => Loops.SpanCallsInALoopGradient(v, data, d),
            (v, s, d) => Loops.SpanCallsInALoopPullback(v, data, s, d),
            (v, t) => Loops.SpanCallsInALoopPushforward(v, data, t),
            A);
    }

    [Fact]
    public void CustomPullbackAndPushforwardCalledInALoop() => CheckSpanFunction(
        v => Loops.CustomDerivativesInALoop(v),
        (v, d) => Loops.CustomDerivativesInALoopGradient(v, d),
        (v, s, d) => Loops.CustomDerivativesInALoopPullback(v, s, d),
        (v, t) => Loops.CustomDerivativesInALoopPushforward(v, t),
        A);

    [Theory]
    [InlineData(2, 6)]
    [InlineData(2, 5)]
    [InlineData(3, 6)]
    public void IntegerIndexArithmetic(int d, int length)
    {
        var x = Direction(length + 1).Skip(1).Select(v => v + 0.1).ToArray();
        CheckSpanFunction(
            v => Loops.IndexArithmetic(v, d),
            (v, dX) => Loops.IndexArithmeticGradient(v, d, dX),
            (v, s, dX) => Loops.IndexArithmeticPullback(v, d, s, dX),
            (v, t) => Loops.IndexArithmeticPushforward(v, d, t),
            x);
    }

    [Fact]
    public void CompoundElementWrites() => CheckSpanFunction(
        v => Loops.CompoundElementWrites(v),
        (v, d) => Loops.CompoundElementWritesGradient(v, d),
        (v, s, d) => Loops.CompoundElementWritesPullback(v, s, d),
        (v, t) => Loops.CompoundElementWritesPushforward(v, t),
        A);

    [Fact]
    public void ConditionalExpressionInALoopBody()
    {
        var dR = CheckSpanFunction(
            v => Loops.Huber(v, 1.0),
            (v, d) => Loops.HuberGradient(v, 1.0, d),
            (v, s, d) => Loops.HuberPullback(v, 1.0, s, d),
            (v, t) => Loops.HuberPushforward(v, 1.0, t),
            A);
        Assert.Equal(A[0], dR[0], 12);
        Assert.Equal(-1.0, dR[1], 12);
        Assert.Equal(1.0, dR[3], 12);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(2)]
    [InlineData(7)]
    public void LoopsThatRunZeroTimes(int from)
    {
        var before = Tape.Current.Count;
        CheckSpanFunction(
            v => Loops.TailSum(v, from),
            (v, d) => Loops.TailSumGradient(v, from, d),
            (v, s, d) => Loops.TailSumPullback(v, from, s, d),
            (v, t) => Loops.TailSumPushforward(v, from, t),
            A);
        Assert.Equal(before, Tape.Current.Count);
    }

    [Fact]
    public void EmptySpansRunNoIteration()
    {
        Assert.Equal(0.0, Loops.DotGradient([], [], [], []));
        Assert.Equal((0.0, 0.0), Loops.DotPushforward([], [], [], []));
        Assert.Equal(0.0, Loops.SumOfSinesGradient([], []));
        Assert.Equal(0.0, Loops.CompoundElementWritesGradient([], []));

        var dV = new double[1];
        Assert.Equal(0.7, Loops.LogSumExpGradient([0.7], dV), 12);
        Assert.Equal(1.0, dV[0], 12);
    }

    [Fact]
    public void IndexChosenByComparisons()
    {
        var dX = CheckSpanFunction(
            v => Loops.LargestSquared(v), (v, d) => Loops.LargestSquaredGradient(v, d), (v, s, d) => Loops.LargestSquaredPullback(v, s, d), (v, t) => Loops.LargestSquaredPushforward(v, t), A);
        Assert.Equal([1.0, 0, 0, 2 * 2.1, 0], dX);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void ScalarParameterReassignedInALoop(int n)
    {
        var value = Loops.IterateGradient(0.9, n, out var dX);
        AssertClose(Loops.Iterate(0.9, n), value, 1e-12, "value");
        AssertClose(Central(x => Loops.Iterate(x, n), 0.9, false), dX, DoubleTolerance, "dX");
        var pulled = 0.25;
        Loops.IteratePullback(0.9, n, -2.0, ref pulled);
        AssertClose(0.25 - 2.0 * dX, pulled, 1e-12, "Pullback dX");
        AssertClose(dX * 0.3, Loops.IteratePushforward(0.9, n, 0.3).Tangent, 1e-12, "Pushforward tangent");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(100.0)]
    public void BackwardStrideAndReturnFromANestedLoop(double threshold)
    {
        foreach (var x in new[] { A, B, [0.4, 0.3, -0.2, 0.9, 0.1, 0.6] })
        {
            CheckSpanFunction(
                v => Loops.StridedWithNestedReturn(v, threshold),
                (v, d) => Loops.StridedWithNestedReturnGradient(v, threshold, d),
                (v, s, d) => Loops.StridedWithNestedReturnPullback(v, threshold, s, d),
                (v, t) => Loops.StridedWithNestedReturnPushforward(v, threshold, t),
                x);
        }
    }

    [Fact]
    public void OutputWrittenWithCompoundAssignmentsAndReadBack()
    {
        double[] w = [0.1, -0.3, 0.5, 0.7, 0.2, -0.6, 0.4, 0.9, -0.8, 0.3, 0.05, -0.15, 0.25, 0.35, -0.45];
        double[] x = [0.3, -1.2, 0.8, 2.1, -0.4];
        const int rows = 3;
        var columns = w.Length + x.Length;
        var y = new double[rows];
        var jacobian = new double[rows * columns];
        Loops.AccumulateIntoJacobian(w, x, y, jacobian);
        var expected = new double[rows];
        Loops.AccumulateInto(w, x, expected);
        Assert.Equal(expected, y);
        var inputs = w.Concat(x).ToArray();
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                double F(double v)
                {
                    var all = (double[])inputs.Clone();
                    all[column] = v;
                    var output = new double[rows];
                    Loops.AccumulateInto(all.AsSpan(0, w.Length), all.AsSpan(w.Length), output);
                    return output[row];
                }

                AssertClose(Central(F, inputs[column], false), jacobian[row * columns + column], DoubleTolerance, $"J[{row},{column}]");
            }
        }

        double[] seed = [0.7, -0.2, 1.3];
        var dW = new double[w.Length];
        var dX = new double[x.Length];
        Loops.AccumulateIntoPullback(w, x, y, seed, dW, dX);
        Assert.Equal(expected, y);
        for (var column = 0; column < columns; column++)
        {
            var vjp = Enumerable.Range(0, rows).Sum(row => seed[row] * jacobian[row * columns + column]);
            AssertClose(vjp, column < w.Length ? dW[column] : dX[column - w.Length], 1e-12, $"Pullback column {column}");
        }

        var direction = Direction(columns);
        var tY = new double[rows];
        Loops.AccumulateIntoPushforward(w, x, y, direction.AsSpan(0, w.Length), direction.AsSpan(w.Length), tY);
        Assert.Equal(expected, y);
        for (var row = 0; row < rows; row++)
        {
            AssertClose(DotProduct(jacobian.AsSpan(row * columns, columns), direction), tY[row], 1e-12, $"Pushforward row {row}");
        }
    }

    [Fact]
    public void SinglePrecisionLoopsOfOneSpan()
    {
        float[] x = [0.3f, -1.2f, 0.8f, 2.1f, -0.4f];
        CheckSingleFunction(
            v => Loops.SumOfSinesSingle(v), (v, d) => Loops.SumOfSinesSingleGradient(v, d), (v, s, d) => Loops.SumOfSinesSinglePullback(v, s, d), (v, t) => Loops.SumOfSinesSinglePushforward(v, t), x);
        CheckSingleFunction(
            v => Loops.CompoundElementWritesSingle(v),
            (v, d) => Loops.CompoundElementWritesSingleGradient(v, d),
            (v, s, d) => Loops.CompoundElementWritesSinglePullback(v, s, d),
            (v, t) => Loops.CompoundElementWritesSinglePushforward(v, t),
            x);
        CheckSingleFunction(
            v => Loops.HuberSingle(v, 1f), (v, d) => Loops.HuberSingleGradient(v, 1f, d), (v, s, d) => Loops.HuberSinglePullback(v, 1f, s, d), (v, t) => Loops.HuberSinglePushforward(v, 1f, t), x);
    }

    [Fact]
    public void SinglePrecisionDotProduct()
    {
        float[] a = [0.3f, -1.2f, 0.8f, 2.1f, -0.4f];
        float[] b = [1.1f, 0.5f, -0.7f, 0.2f, 0.9f];
        var dA = new float[a.Length];
        var dB = new float[b.Length];
        Assert.Equal(Loops.DotSingle(a, b), Loops.DotSingleGradient(a, b, dA, dB));
        Assert.Equal(b, dA);
        Assert.Equal(a, dB);
        var (_, tangent) = Loops.DotSinglePushforward(a, b, b, a);
        Assert.Equal(a.Sum(p => p * p) + b.Sum(q => q * q), tangent, 5);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(100f)]
    public void SinglePrecisionWhileWithAnd(float budget)
    {
        float[] x = [0.3f, -1.2f, 0.8f, 2.1f, -0.4f];
        var dX = new float[x.Length];
        var value = Loops.WhileBothHoldSingleGradient(x, 1.5f, budget, dX, out var dScale);
        Assert.Equal(Loops.WhileBothHoldSingle(x, 1.5f, budget), value, 5);
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (float[])x.Clone();
            AssertClose(Central(v => { copy[i] = (float)v; return Loops.WhileBothHoldSingle(copy, 1.5f, budget); }, x[i], isFloat: true), dX[i], FloatTolerance, $"dX[{i}]");
        }

        AssertClose(Central(s => Loops.WhileBothHoldSingle(x, (float)s, budget), 1.5, isFloat: true), dScale, FloatTolerance, "dScale");
        var (_, tangent) = Loops.WhileBothHoldSinglePushforward(x, 1.5f, budget, [1f, 0f, -1f, 0.5f, 2f], 0.25f);
        AssertClose(dX[0] - dX[2] + 0.5 * dX[3] + 2 * dX[4] + 0.25 * dScale, tangent, 1e-5, "Pushforward tangent");
    }

    [Fact]
    public void ForLoopWithTwoCounters()
    {
        foreach (var x in new[] { A, B, [0.4, -0.3, 0.9, 0.1] })
        {
            CheckSpanFunction(
                v => Loops.TwoPointers(v), (v, d) => Loops.TwoPointersGradient(v, d), (v, s, d) => Loops.TwoPointersPullback(v, s, d), (v, t) => Loops.TwoPointersPushforward(v, t), x);
        }
    }

    [Fact]
    public void ForLoopWhoseBodyMovesTheCounter()
    {
        var dX = CheckSpanFunction(
            v => Loops.SkipAfterNegative(v), (v, d) => Loops.SkipAfterNegativeGradient(v, d), (v, s, d) => Loops.SkipAfterNegativePullback(v, s, d), (v, t) => Loops.SkipAfterNegativePushforward(v, t), A);
        Assert.Equal([2 * A[0], 1, 0, 2 * A[3], 1], dX);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void ReturnFromInsideAForEach(double threshold) => CheckSpanFunction(
        v => Loops.ReturnFromForEach(v, threshold),
        (v, d) => Loops.ReturnFromForEachGradient(v, threshold, d),
        (v, s, d) => Loops.ReturnFromForEachPullback(v, threshold, s, d),
        (v, t) => Loops.ReturnFromForEachPushforward(v, threshold, t),
        A);

    [Fact]
    public void GatherThroughAnIntSpan()
    {
        int[] idx = [3, 0, 3, 4, 1];
        var dX = CheckSpanFunction(
            v => Loops.Gather(v, idx), (v, d) => Loops.GatherGradient(v, idx, d), (v, s, d) => Loops.GatherPullback(v, idx, s, d), (v, t) => Loops.GatherPushforward(v, idx, t), A);
        Assert.Equal(0.0, dX[2]);
    }

    [Fact]
    public void IntAndBoolLocalBuffers() => CheckSpanFunction(
        v => Loops.IntAndBoolBuffers(v), (v, d) => Loops.IntAndBoolBuffersGradient(v, d), (v, s, d) => Loops.IntAndBoolBuffersPullback(v, s, d), (v, t) => Loops.IntAndBoolBuffersPushforward(v, t), A);

    [Fact]
    public void SinglePrecisionInputsAccumulatedInDouble()
    {
        float[] x = [0.3f, -1.2f, 0.8f, 2.1f, -0.4f];
        var dX = new float[x.Length];
        var value = Loops.MixedPrecisionGradient(x, 1.5f, dX, out var dW);
        Assert.Equal(Loops.MixedPrecision(x, 1.5f), value);
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(1.5 * x[i], dX[i], 1e-6, $"dX[{i}]");
        }

        AssertClose(x.Sum(v => (double)v * v) / 2, dW, 1e-6, "dW");
        var (_, tangent) = Loops.MixedPrecisionPushforward(x, 1.5f, x, 2f);
        AssertClose(dX.Zip(x, (g, t) => (double)g * t).Sum() + 2 * dW, tangent, 1e-5, "Pushforward tangent");
    }

    [Fact]
    public void ScalarResultThatAlsoWritesASpan()
    {
        var work = new double[A.Length];
        var dX = new double[A.Length];
        var value = Loops.WithWorkBufferGradient(A, work, dX);
        var expectedWork = new double[A.Length];
        Assert.Equal(Loops.WithWorkBuffer(A, expectedWork), value, 12);
        Assert.Equal(expectedWork, work);
        AssertGradient(v => Loops.WithWorkBuffer(v, new double[A.Length]), A, dX, "dX");

        var tWork = new double[A.Length];
        var (_, tangent) = Loops.WithWorkBufferPushforward(A, work, B, tWork);
        AssertClose(DotProduct(dX, B), tangent, 1e-10, "Pushforward tangent");
        for (var i = 0; i < A.Length; i++)
        {
            AssertClose(2 * Math.Cos(A[i]) * B[i], tWork[i], 1e-12, $"tWork[{i}]");
        }
    }

    [Fact]
    public void JacobianOfTwoOutputs()
    {
        double[] x = [0.3, -1.2, 0.8, 2.1];
        var n = x.Length;
        var squares = new double[n];
        var shifted = new double[n];
        var jacobian = new double[2 * n * n];
        Loops.TwoOutputsJacobian(x, squares, shifted, jacobian);
        for (var row = 0; row < 2 * n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                double F(double v)
                {
                    var copy = (double[])x.Clone();
                    copy[column] = v;
                    var first = new double[n];
                    var second = new double[n];
                    Loops.TwoOutputs(copy, first, second);
                    return row < n ? first[row] : second[row - n];
                }

                AssertClose(Central(F, x[column], false), jacobian[row * n + column], DoubleTolerance, $"J[{row},{column}]");
            }
        }

        var direction = Direction(n);
        var tSquares = new double[n];
        var tShifted = new double[n];
        Loops.TwoOutputsPushforward(x, squares, shifted, direction, tSquares, tShifted);
        for (var row = 0; row < 2 * n; row++)
        {
            AssertClose(DotProduct(jacobian.AsSpan(row * n, n), direction), row < n ? tSquares[row] : tShifted[row - n], 1e-12, $"Pushforward row {row}");
        }
    }

    [Fact]
    public void FloatOutputOfADoubleScalar()
    {
        var y = new float[4];
        var jacobian = new float[4];
        Loops.PowersOfJacobian(0.8, y, jacobian);
        for (var i = 0; i < y.Length; i++)
        {
            Assert.Equal((float)(Math.Pow(0.8, i) / (i + 1)), y[i]);
            AssertClose(i == 0 ? 0 : i * Math.Pow(0.8, i - 1) / (i + 1), jacobian[i], 1e-6, $"J[{i}]");
        }
    }

    [Fact]
    public void JacobianFromOneRecordingRestoresTheStateForEveryRow()
    {
        double[] x = [0.9, -0.4, 0.7];
        const double a = 0.35;
        var y = new double[7];
        var jacobian = new double[7 * 4];

        // Reverse mode, which records once and replays a reverse sweep per row (Jacobian itself picks forward mode for
        // this tall matrix; JacobianModeTests compares the two).
        Loops.SmoothedStepsJacobianReverse(x, a, y, jacobian);
        var expected = new double[7];
        Loops.SmoothedSteps(x, a, expected);
        Assert.Equal(expected, y);

        // Row by row through the Pullback (which records and reverses for each seed): the same numbers.
        for (var row = 0; row < 7; row++)
        {
            var seed = new double[7];
            seed[row] = 1;
            var dX = new double[3];
            var dA = 0.0;
            Loops.SmoothedStepsPullback(x, a, new double[7], seed, dX, ref dA);
            Assert.Equal([.. dX, dA], jacobian.AsSpan(row * 4, 4).ToArray());
        }

        AssertJacobian(
            p =>
            {
                var output = new double[7];
                Loops.SmoothedSteps(p[..3], p[3], output);
                return output;
            },
            [.. x, a],
            _ => false,
            jacobian);
    }

    [Fact]
    public void JacobianOfFloatAndDoubleInputsIsDouble()
    {
        // Columns: a (float, widened into the double matrix), b (double), s (float scalar).
        float[] a = [0.3f, -1.2f, 0.8f, 2.1f];
        double[] b = [1.1, 0.5, -0.7, 0.2];
        const float s = 0.6f;
        var y = new double[4];
        var jacobian = new double[4 * 9];
        Loops.MixedInputsJacobian(a, b, s, y, jacobian);
        var expected = new double[4];
        Loops.MixedInputs(a, b, s, expected);
        Assert.Equal(expected, y);
        AssertJacobian(
            p =>
            {
                var output = new double[4];
                Loops.MixedInputs(p[..4].Select(v => (float)v).ToArray(), p[4..8], (float)p[8], output);
                return output;
            },
            [.. a.Select(v => (double)v), .. b, s],
            column => column < 4 || column == 8,
            jacobian);
    }

    [Fact]
    public void JacobianOfDoubleInputsIntoAFloatOutputIsFloat()
    {
        // Columns: x (double, rounded into the float matrix), k (double scalar).
        double[] x = [0.3, -1.2, 0.8, 2.1];
        var y = new float[4];
        var jacobian = new float[4 * 5];
        Loops.RoundedOutputJacobian(x, 0.7, y, jacobian);
        var expected = new float[4];
        Loops.RoundedOutput(x, 0.7, expected);
        Assert.Equal(expected, y);
        AssertJacobian(
            p =>
            {
                var output = new float[4];
                Loops.RoundedOutput(p[..4], p[4], output);
                return output.Select(v => (double)v).ToArray();
            },
            [.. x, 0.7],
            _ => true,
            jacobian.Select(v => (double)v).ToArray());
    }

    [Fact]
    public void JacobianOfFloatAndDoubleOutputsIsDouble()
    {
        float[] x = [0.3f, -1.2f, 0.8f];
        var cubes = new float[3];
        var d = new double[3];
        var jacobian = new double[6 * 3];
        Loops.MixedOutputsJacobian(x, cubes, d, jacobian);
        var expectedCubes = new float[3];
        var expectedD = new double[3];
        Loops.MixedOutputs(x, expectedCubes, expectedD);
        Assert.Equal(expectedCubes, cubes);
        Assert.Equal(expectedD, d);
        AssertJacobian(
            p =>
            {
                var first = new float[3];
                var second = new double[3];
                Loops.MixedOutputs(p.Select(v => (float)v).ToArray(), first, second);
                return [.. first.Select(v => (double)v), .. second];
            },
            [.. x.Select(v => (double)v)],
            _ => true,
            jacobian);
    }

    [Fact]
    public void OutputReadBeforeItIsWritten()
    {
        double[] x = [0.5, 2.0, -3.0];
        double[] y = [1.0, 1.0, 1.0];
        var jacobian = new double[9];
        Loops.ScaleInPlaceJacobian(x, y, jacobian);
        Assert.Equal(x, y);
        Assert.Equal([1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0], jacobian);

        double[] z = [1.0, 1.0, 1.0];
        var dX = new double[3];
        Loops.ScaleInPlacePullback(x, z, [1.0, 1.0, 1.0], dX);
        Assert.Equal(x, z);
        Assert.Equal([1.0, 1.0, 1.0], dX);
    }

    [Fact]
    public void SpanCallInALoopReleasesItsScratchEveryIteration()
    {
        // A fresh thread has a fresh tape: its growth is what one call needs. The zero tangent of the inactive span
        // argument must be released after each call, not kept for every iteration (2000 × 4 KB here).
        var a = Direction(512);
        var data = a.Select(v => v / 512).ToArray();
        var direction = Direction(513).Skip(1).ToArray();
        long allocated = -1;
        var tangent = 0.0;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            tangent = Loops.RepeatedDotPushforward(a, data, 2000, direction).Tangent;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        Assert.InRange(allocated, 0, 256 * 1024);

        var dA = new double[a.Length];
        Loops.RepeatedDotGradient(a, data, 2000, dA);
        AssertClose(DotProduct(dA, direction), tangent, 1e-10, "Pushforward tangent");
    }

    [Fact]
    public void LoopDerivativesWithLocalBuffersAllocateNothingAfterWarmUp()
    {
        double[] w = [0.1, -0.3, 0.5, 0.7, 0.2, -0.6, 0.4, 0.9, -0.8, 0.3, 0.05, -0.15, 0.25, 0.35, -0.45];
        double[] data = [0.9, -0.3, 0.4, 1.2, 0.6];
        var dW = new double[w.Length];
        var dX = new double[A.Length];
        var y = new double[3];
        var jacobian = new double[3 * (w.Length + A.Length)];
        var sink = 0.0;

        void Run()
        {
            sink += Loops.MatVecSquaredNormGradient(w, A, 3, dW, dX);
            sink += Loops.CompoundElementWritesGradient(A, dX);
            sink += Loops.IntAndBoolBuffersGradient(A, dX);
            sink += Loops.SoftmaxWeightedGradient(A, B, dX);
            sink += Loops.SpanCallsInALoopGradient(A, data, dX);
            sink += Loops.CompoundElementWritesPullback(A, 0.5, dX);
            sink += Loops.MatVecSquaredNormPushforward(w, A, 3, w, B).Tangent;
            sink += Loops.SpanCallsInALoopPushforward(A, data, B).Tangent;
            Loops.AccumulateIntoJacobian(w, A, y, jacobian);
        }

        Run();
        var mark = Tape.Current.Mark();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 20; k++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(mark, Tape.Current.Mark());
        Assert.True(double.IsFinite(sink));
    }
}
