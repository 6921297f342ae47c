using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// <c>[Broadcast]</c> parameters in the batched kernels: <c>{F}Batch</c> takes them as one scalar, and
/// <c>{F}PullbackBatch</c> returns their adjoint summed over the elements (Σᵢ upstream[i]·∂f/∂p) next to the
/// per-element adjoints, at lengths that run only the scalar tail (1), every SIMD width and the tail (31), a longer SIMD
/// body (100) and the split across cores (40003): against the scalar pullback element by element and, for the sum,
/// against central differences of Σᵢ upstream[i]·f(xᵢ, p) where the sum is short enough for differences to resolve it.
/// </summary>
public sealed class BroadcastBatchTests
{
    public static TheoryData<int> Lengths => new() { 1, 31, 100, 40003 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PReluSlopeAdjointIsTheSumOverElements(int length)
    {
        var z = Values(length, i => (float)Math.Sin(0.7 * i + 0.3));
        var upstream = Values(length, i => 0.5f + (float)Math.Cos(i) * 0.25f);
        const float slope = 0.2f;
        var result = new float[length];
        BroadcastCorpus.PReluBatch(z, slope, result);
        var dZ = new float[length];
        BroadcastCorpus.PReluPullbackBatch(z, slope, upstream, dZ, out var dSlope);

        double expected = 0, magnitude = 0;
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(BroadcastCorpus.PRelu(z[i], slope), result[i]);
            float dz = 0, ds = 0;
            BroadcastCorpus.PReluPullback(z[i], slope, upstream[i], ref dz, ref ds);
            Assert.Equal(dz, dZ[i]);
            expected += ds;
            magnitude += Math.Abs(ds);
        }

        // Summed per SIMD lane, then across lanes and chunks: float rounding of each term, no more.
        Assert.True(Math.Abs(expected - dSlope) <= 1e-6 * Math.Max(1, magnitude), $"dSlope {dSlope} against {expected} at length {length}");
        if (length <= 100)
        {
            AssertClose(Central(s => Loss(s), slope, isFloat: false), dSlope, 1e-3, $"dSlope against finite differences at length {length}");
        }

        double Loss(double s)
        {
            double sum = 0;
            for (var i = 0; i < length; i++)
            {
                sum += upstream[i] * (z[i] > 0 ? z[i] : s * z[i]);
            }

            return sum;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void TwoBroadcastAdjointsThroughTheScalarLoop(int length)
    {
        var x = Values(length, i => Math.Cos(1.3 * i) * 1.5);
        var upstream = Values(length, i => 1 + 0.001 * i);
        var dX = new double[length];
        BroadcastCorpus.ScaledTanhPullbackBatch(x, 0.7, -0.3, upstream, dX, out var dGain, out var dCurvature);
        var (gain, curvature) = (0.0, 0.0);
        for (var i = 0; i < length; i++)
        {
            double dx = 0, dg = 0, dc = 0;
            BroadcastCorpus.ScaledTanhPullback(x[i], 0.7, -0.3, upstream[i], ref dx, ref dg, ref dc);
            Assert.Equal(dx, dX[i]);
            gain += dg;
            curvature += dc;
        }

        AssertClose(gain, dGain, 1e-12, $"dGain at length {length}");
        AssertClose(curvature, dCurvature, 1e-12, $"dCurvature at length {length}");
        if (length <= 100)
        {
            // Differences of a sum of 40003 terms lose to its rounding what they gain from the step.
            AssertClose(Central(g => Sum(g, -0.3), 0.7, isFloat: false), dGain, DoubleTolerance, $"dGain against finite differences at length {length}");
            AssertClose(Central(c => Sum(0.7, c), -0.3, isFloat: false), dCurvature, DoubleTolerance, $"dCurvature against finite differences at length {length}");
        }

        double Sum(double g, double c)
        {
            double sum = 0;
            for (var i = 0; i < length; i++)
            {
                sum += upstream[i] * BroadcastCorpus.ScaledTanh(x[i], g, c);
            }

            return sum;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void BroadcastNextToPerElementData(int length)
    {
        var x = Values(length, i => Math.Sin(i) * 2);
        var weight = Values(length, i => 0.5 + 0.5 * Math.Cos(i));
        var upstream = Values(length, i => 1.0);
        var values = new double[length];
        BroadcastCorpus.TemperedSoftplusBatch(x, 1.5, weight, values);
        var dX = new double[length];
        BroadcastCorpus.TemperedSoftplusPullbackBatch(x, 1.5, weight, upstream, dX, out var dTemperature);
        double expected = 0;
        for (var i = 0; i < length; i++)
        {
            AssertClose(BroadcastCorpus.TemperedSoftplus(x[i], 1.5, weight[i]), values[i], 1e-14, $"value {i}");
            double dx = 0, dt = 0;
            BroadcastCorpus.TemperedSoftplusPullback(x[i], 1.5, weight[i], upstream[i], ref dx, ref dt);
            AssertClose(dx, dX[i], 1e-14, $"dX[{i}]");
            expected += dt;
        }

        AssertClose(expected, dTemperature, 1e-12, $"dTemperature at length {length}");
    }

    [Fact]
    public void TheSumIsTheSameEveryRun()
    {
        var x = Values(40003, i => Math.Cos(1.3 * i) * 1.5);
        var upstream = Values(40003, i => 1 + 0.001 * i);
        var first = Run();
        for (var run = 0; run < 5; run++)
        {
            Assert.Equal(first, Run());
        }

        (double, double) Run()
        {
            BroadcastCorpus.ScaledTanhPullbackBatch(x, 0.7, -0.3, upstream, new double[x.Length], out var g, out var c);
            return (g, c);
        }
    }

    private static T[] Values<T>(int length, Func<int, T> at) => Enumerable.Range(0, length).Select(at).ToArray();
}
