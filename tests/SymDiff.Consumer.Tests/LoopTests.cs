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
}
