using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// <c>[Checkpoint]</c>: the checkpointed reverse sweep gives the same derivatives as the recording one (every trip
/// count against every segment length, including 0 steps, one partial segment and exact multiples), agrees with finite
/// differences, and needs far less tape on a long recurrence.
/// </summary>
public sealed class CheckpointTests
{
    private static readonly double[] Weights = [0.3, -0.5, 0.2, 0.1, 0.4, -0.3, -0.2, 0.25, 0.35];
    private static readonly double[] InputWeights = [0.7, -0.4, 0.9];
    private static readonly double[] Bias = [0.05, -0.1, 0.2];

    private delegate double RnnGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> b, ReadOnlySpan<double> xs, Span<double> dW, Span<double> dU, Span<double> dB);

    private static double[] Inputs(int steps) => Enumerable.Range(0, steps).Select(t => Math.Sin((0.37 * t) + 0.1)).ToArray();

    public static TheoryData<int> StepCounts() => new() { 0, 1, 2, 3, 4, 9, 10, 17, 64 };

    [Theory]
    [MemberData(nameof(StepCounts))]
    public void CheckpointedRnnMatchesTheRecordingReverseSweep(int steps)
    {
        var xs = Inputs(steps);
        var (value, dW, dU, dB) = Run(Checkpointed.RnnGradient, xs);
        foreach (var checkpointed in new RnnGradient[] { Checkpointed.RnnCheckpointedGradient, Checkpointed.RnnEveryStepGradient })
        {
            var (v, w, u, b) = Run(checkpointed, xs);
            Assert.Equal(value, v);
            Assert.Equal(dW, w);
            Assert.Equal(dU, u);
            Assert.Equal(dB, b);
        }
    }

    [Fact]
    public void CheckpointedRnnMatchesFiniteDifferences()
    {
        var xs = Inputs(23);
        var (_, dW, dU, dB) = Run(Checkpointed.RnnCheckpointedGradient, xs);
        AssertGradient(v => Checkpointed.Rnn(v, InputWeights, Bias, xs), Weights, dW, "dWeights");
        AssertGradient(v => Checkpointed.Rnn(Weights, v, Bias, xs), InputWeights, dU, "dInputWeights");
        AssertGradient(v => Checkpointed.Rnn(Weights, InputWeights, v, xs), Bias, dB, "dBias");
    }

    [Fact]
    public void CheckpointedPushforwardAndPullbackAgreeWithTheGradient()
    {
        var xs = Inputs(11);
        var (value, dW, dU, dB) = Run(Checkpointed.RnnCheckpointedGradient, xs);
        var tW = Weights.Select((_, i) => Math.Cos(i + 0.5)).ToArray();
        var tU = InputWeights.Select((_, i) => Math.Sin(i + 0.5)).ToArray();
        var tB = Bias.Select((_, i) => 0.3 * (i + 1)).ToArray();
        var (primal, tangent) = Checkpointed.RnnCheckpointedPushforward(Weights, InputWeights, Bias, xs, tW, tU, tB);
        Assert.Equal(value, primal, 12);
        var expected = dW.Zip(tW, (g, t) => g * t).Sum() + dU.Zip(tU, (g, t) => g * t).Sum() + dB.Zip(tB, (g, t) => g * t).Sum();
        AssertClose(expected, tangent, 1e-12, "tangent");

        var pW = new double[9];
        var pU = new double[3];
        var pB = new double[3];
        Checkpointed.RnnCheckpointedPullback(Weights, InputWeights, Bias, xs, 2.0, pW, pU, pB);
        Assert.Equal(dW.Select(g => 2 * g), pW);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    public void ScalarRecurrenceMatchesTheUncheckpointedOne(int steps)
    {
        var xs = Inputs(steps);
        var value = Checkpointed.ScalarRecurrenceGradient(0.6, -0.4, 0.1, xs, out var dW, out var dU, out var dB);
        var expected = Loops.RecurrenceGradient(0.6, -0.4, 0.1, xs, out var eW, out var eU, out var eB);
        Assert.Equal(expected, value);
        Assert.Equal(eW, dW);
        Assert.Equal(eU, dU);
        Assert.Equal(eB, dB);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    [InlineData(1000.0)]
    public void WhileLoopWithADataDependentTripCount(double x)
    {
        var value = Checkpointed.HalvingProductGradient(x, 0.7, out var dX, out var dA);
        var expected = Checkpointed.HalvingProductPlainGradient(x, 0.7, out var eX, out var eA);
        Assert.Equal(expected, value);
        Assert.Equal(eX, dX);
        Assert.Equal(eA, dA);
        AssertClose(Central(v => Checkpointed.HalvingProduct(v, 0.7), x, false), dX, DoubleTolerance, "dX");
        AssertClose(Central(v => Checkpointed.HalvingProduct(x, v), 0.7, false), dA, DoubleTolerance, "dA");
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(5, 0.5)]
    [InlineData(13, 0.5)]
    [InlineData(13, 6.0)]
    public void CheckpointedLoopWithACallAndABreak(int steps, double w)
    {
        var xs = Inputs(steps).Select(x => 3 * x).ToArray();
        var value = Checkpointed.CallingRecurrenceGradient(w, 0.8, xs, out var dW, out var dU);
        var expected = Checkpointed.CallingRecurrencePlainGradient(w, 0.8, xs, out var eW, out var eU);
        Assert.Equal(expected, value);
        Assert.Equal(eW, dW);
        Assert.Equal(eU, dU);
        AssertClose(Central(v => Checkpointed.CallingRecurrence(v, 0.8, xs), w, false), dW, DoubleTolerance, "dW");
        AssertClose(Central(v => Checkpointed.CallingRecurrence(w, v, xs), 0.8, false), dU, DoubleTolerance, "dU");
    }

    [Fact]
    public void CheckpointedSpanOutputKeepsItsValuesAndHasTheRightJacobian()
    {
        double[] w = [0.4, -1.1, 0.6, 2.0, 0.3];
        var sums = new double[w.Length];
        var jacobian = new double[w.Length * (w.Length + 1)];
        Checkpointed.CumulativeScaledJacobian(w, 0.8, sums, jacobian);
        var expected = new double[w.Length];
        Checkpointed.CumulativeScaled(w, 0.8, expected);
        Assert.Equal(expected, sums);
        for (var row = 0; row < w.Length; row++)
        {
            for (var column = 0; column < w.Length; column++)
            {
                var numeric = Central(
                    v =>
                    {
                        var copy = (double[])w.Clone();
                        copy[column] = v;
                        var output = new double[w.Length];
                        Checkpointed.CumulativeScaled(copy, 0.8, output);
                        return output[row];
                    },
                    w[column],
                    false);
                AssertClose(numeric, jacobian[(row * (w.Length + 1)) + column], DoubleTolerance, $"∂sums[{row}]/∂w[{column}]");
            }

            var dx = Central(
                v =>
                {
                    var output = new double[w.Length];
                    Checkpointed.CumulativeScaled(w, v, output);
                    return output[row];
                },
                0.8,
                false);
            AssertClose(dx, jacobian[(row * (w.Length + 1)) + w.Length], DoubleTolerance, $"∂sums[{row}]/∂x");
        }
    }

    [Fact]
    public void LongRecurrenceNeedsFarLessTape()
    {
        // Each run on a fresh thread gets a fresh tape, whose storage grows to the peak the run needed.
        var xs = Inputs(20000);
        var recording = PeakTape(() => Run(Checkpointed.RnnGradient, xs));
        var checkpointed = PeakTape(() => Run(Checkpointed.RnnCheckpointedGradient, xs));
        Assert.True(checkpointed * 16 <= recording, $"checkpointed peak {checkpointed} values, recording peak {recording}");
        Assert.Equal(Run(Checkpointed.RnnGradient, xs).DW, Run(Checkpointed.RnnCheckpointedGradient, xs).DW);
    }

    private static int PeakTape(Action run)
    {
        var peak = 0;
        var thread = new Thread(() =>
        {
            run();
            peak = Tape.Current.Values.Length;
        });
        thread.Start();
        thread.Join();
        return peak;
    }

    private static (double Value, double[] DW, double[] DU, double[] DB) Run(RnnGradient gradient, double[] xs)
    {
        var dW = new double[9];
        var dU = new double[3];
        var dB = new double[3];
        var value = gradient(Weights, InputWeights, Bias, xs, dW, dU, dB);
        return (value, dW, dU, dB);
    }

    private static void AssertGradient(Func<double[], double> f, double[] x, double[] actual, string name)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var copy = (double[])x.Clone();
            var numeric = Central(v => { copy[i] = v; return f(copy); }, x[i], false);
            AssertClose(numeric, actual[i], DoubleTolerance, $"{name}[{i}]");
        }
    }
}
