using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Finite-difference checks of the span functions of <see cref="EmittedBodies"/> (the scalar ones are in
/// <see cref="CorpusCases"/>): programs whose generated code once did not compile.
/// </summary>
public sealed class EmittedBodiesTests
{
    private static readonly double[] X = [0.3, -1.2, 0.8, 2.1, -0.4];

    internal delegate double SpanScalar(ReadOnlySpan<double> x, double s);

    internal delegate double SpanScalarGradient(ReadOnlySpan<double> x, double s, Span<double> dX, out double dS);

    internal delegate double SpanScalarPullback(ReadOnlySpan<double> x, double s, double seed, Span<double> dX, ref double dS);

    internal delegate (double Value, double Tangent) SpanScalarPushforward(ReadOnlySpan<double> x, double s, ReadOnlySpan<double> tX, double tS);

    /// <summary>
    /// Gradient against central differences in every element of x and in s; Pullback adds seed·gradient to what the
    /// adjoints held; Pushforward is gradient·tangent; all three return the primal's value.
    /// </summary>
    internal static void Check(SpanScalar f, SpanScalarGradient gradient, SpanScalarPullback pullback, SpanScalarPushforward pushforward, double[] x, double s)
    {
        var dX = new double[x.Length];
        Array.Fill(dX, double.NaN);
        var value = gradient(x, s, dX, out var dS);
        AssertClose(f(x, s), value, 1e-12, "Gradient value");
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (double[])x.Clone();
            AssertClose(Central(v => { copy[i] = v; return f(copy, s); }, x[i], isFloat: false), dX[i], DoubleTolerance, $"dX[{i}]");
        }

        AssertClose(Central(v => f(x, v), s, isFloat: false), dS, DoubleTolerance, "dS");

        var accumulated = x.Select((_, i) => 0.5 - i).ToArray();
        var dSAccumulated = 0.25;
        AssertClose(f(x, s), pullback(x, s, -1.5, accumulated, ref dSAccumulated), 1e-12, "Pullback value");
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(0.5 - i - 1.5 * dX[i], accumulated[i], 1e-12, $"Pullback dX[{i}]");
        }

        AssertClose(0.25 - 1.5 * dS, dSAccumulated, 1e-12, "Pullback dS");

        var direction = x.Select((_, i) => Math.Cos(1.7 * i + 0.3)).ToArray();
        var (primal, tangent) = pushforward(x, s, direction, 0.7);
        AssertClose(f(x, s), primal, 1e-12, "Pushforward value");
        AssertClose(dX.Zip(direction, (g, t) => g * t).Sum() + 0.7 * dS, tangent, 1e-10, "Pushforward tangent");
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void LocalBufferWrittenThenRead(double s) => Check(
        EmittedBodies.LocalBufferWrittenThenRead, EmittedBodies.LocalBufferWrittenThenReadGradient,
        EmittedBodies.LocalBufferWrittenThenReadPullback, EmittedBodies.LocalBufferWrittenThenReadPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void LocalsNamedLikeGeneratedOnes(double s) => Check(
        EmittedBodies.LocalsNamedLikeGeneratedOnes, EmittedBodies.LocalsNamedLikeGeneratedOnesGradient,
        EmittedBodies.LocalsNamedLikeGeneratedOnesPullback, EmittedBodies.LocalsNamedLikeGeneratedOnesPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void CheckpointedLocalsNamedLikeGeneratedOnes(double s) => Check(
        EmittedBodies.CheckpointedLocalsNamedLikeGeneratedOnes, EmittedBodies.CheckpointedLocalsNamedLikeGeneratedOnesGradient,
        EmittedBodies.CheckpointedLocalsNamedLikeGeneratedOnesPullback, EmittedBodies.CheckpointedLocalsNamedLikeGeneratedOnesPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void LocalArrayPassedToArrayParameter(double s) => Check(
        EmittedBodies.LocalArrayPassedToArrayParameter, EmittedBodies.LocalArrayPassedToArrayParameterGradient,
        EmittedBodies.LocalArrayPassedToArrayParameterPullback, EmittedBodies.LocalArrayPassedToArrayParameterPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void ConstantAddedAfterLoop(double s) => Check(
        EmittedBodies.ConstantAddedAfterLoop, EmittedBodies.ConstantAddedAfterLoopGradient,
        EmittedBodies.ConstantAddedAfterLoopPullback, EmittedBodies.ConstantAddedAfterLoopPushforward, X, s);

    /// <summary>
    /// A double function of a float (the corpus tables assume one precision per function): every member against the
    /// analytic derivative sin(x) + x·cos(x) at the float input; the float parameter's adjoint is a float, as a span
    /// parameter's is (computed in double, rounded once when stored).
    /// </summary>
    [Theory]
    [InlineData(1.5f)]
    [InlineData(-0.5f)]
    public void DoubleOfFloat(float x)
    {
        var expected = Math.Sin(x) + x * Math.Cos(x);
        Assert.Equal(EmittedBodies.DoubleOfFloat(x), EmittedBodies.DoubleOfFloatGradient(x, out var dX));
        AssertClose(expected, dX, 1e-6, "Gradient");
        var accumulated = 0.25f;
        EmittedBodies.DoubleOfFloatPullback(x, -1.5, ref accumulated);
        AssertClose(0.25 - 1.5 * expected, accumulated, 1e-6, "Pullback");
        var (value, tangent) = EmittedBodies.DoubleOfFloatPushforward(x, 0.5f);
        Assert.Equal(EmittedBodies.DoubleOfFloat(x), value);
        AssertClose(0.5 * expected, tangent, 1e-12, "Pushforward");

        float[] xs = [x, -x, x / 2];
        var results = new double[xs.Length];
        EmittedBodies.DoubleOfFloatBatch(xs, results);
        var adjoints = new float[xs.Length];
        EmittedBodies.DoubleOfFloatPullbackBatch(xs, [1.0, 2.0, -0.5], adjoints);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(EmittedBodies.DoubleOfFloat(xs[i]), results[i]);
            AssertClose((float)((i == 0 ? 1.0 : i == 1 ? 2.0 : -0.5) * (Math.Sin(xs[i]) + xs[i] * Math.Cos(xs[i]))), adjoints[i], 1e-6, $"PullbackBatch[{i}]");
        }
    }
}
