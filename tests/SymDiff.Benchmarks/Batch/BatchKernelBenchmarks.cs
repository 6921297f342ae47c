using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymDiff.Functions;
using LossFunctions = SymDiff.Functions.Losses;

namespace SymDiff.Benchmarks.Batch;

// The runtime's batched kernels, generated from the scalar [Differentiable] functions in src/SymDiff/Functions,
// against the hand-written Vector<float> kernels they replaced (StandInKernels) and a plain scalar loop (baseline).
// "Generated, 1 thread" calls the generated kernel on 2048-element slices, which never split across cores, so the
// largest size shows the SIMD code alone next to the split. Every setup checks that the variants agree first.

/// <summary>Element-wise kernels over <see cref="N"/> floats: sigmoid and tanh pullbacks, binary cross-entropy and its pullback.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class BatchKernelBenchmarks
{
    private const int Slice = 2048;

    private float[] _z = [];
    private float[] _y = [];
    private float[] _upstream = [];
    private float[] _out = [];

    [Params(1024, 16384, 262144)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_z, _y, _upstream) = BatchData.Inputs(N);
        _out = new float[N];
        BatchVerification.VerifyAll(N);
    }

    [Benchmark(Baseline = true, Description = "scalar loop")]
    [BenchmarkCategory("SigmoidPullbackBatch")]
    public void SigmoidPullbackScalar() => ScalarLoops.SigmoidPullback(_z, _upstream, _out);

    [Benchmark(Description = "hand-written (old)")]
    [BenchmarkCategory("SigmoidPullbackBatch")]
    public void SigmoidPullbackStandIn() => StandInKernels.SigmoidPullbackBatch(_z, _upstream, _out);

    [Benchmark(Description = "generated")]
    [BenchmarkCategory("SigmoidPullbackBatch")]
    public void SigmoidPullbackGenerated() => Activations.SigmoidPullbackBatch(_z, _upstream, _out);

    [Benchmark(Description = "generated, 1 thread")]
    [BenchmarkCategory("SigmoidPullbackBatch")]
    public void SigmoidPullbackGeneratedOneThread()
    {
        for (var i = 0; i < N; i += Slice)
        {
            var n = Math.Min(Slice, N - i);
            Activations.SigmoidPullbackBatch(_z.AsSpan(i, n), _upstream.AsSpan(i, n), _out.AsSpan(i, n));
        }
    }

    [Benchmark(Baseline = true, Description = "scalar loop")]
    [BenchmarkCategory("TanhPullbackBatch")]
    public void TanhPullbackScalar() => ScalarLoops.TanhPullback(_z, _upstream, _out);

    [Benchmark(Description = "hand-written (old)")]
    [BenchmarkCategory("TanhPullbackBatch")]
    public void TanhPullbackStandIn() => StandInKernels.TanhPullbackBatch(_z, _upstream, _out);

    [Benchmark(Description = "generated")]
    [BenchmarkCategory("TanhPullbackBatch")]
    public void TanhPullbackGenerated() => Activations.TanhPullbackBatch(_z, _upstream, _out);

    [Benchmark(Description = "generated, 1 thread")]
    [BenchmarkCategory("TanhPullbackBatch")]
    public void TanhPullbackGeneratedOneThread()
    {
        for (var i = 0; i < N; i += Slice)
        {
            var n = Math.Min(Slice, N - i);
            Activations.TanhPullbackBatch(_z.AsSpan(i, n), _upstream.AsSpan(i, n), _out.AsSpan(i, n));
        }
    }

    [Benchmark(Baseline = true, Description = "scalar loop")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsBatch")]
    public void BceScalar() => ScalarLoops.Bce(_z, _y, _out);

    [Benchmark(Description = "hand-written (old)")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsBatch")]
    public void BceStandIn() => StandInKernels.BinaryCrossEntropyWithLogitsBatch(_z, _y, _out);

    [Benchmark(Description = "generated")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsBatch")]
    public void BceGenerated() => LossFunctions.BinaryCrossEntropyWithLogitsBatch(_z, _y, _out);

    [Benchmark(Description = "generated, 1 thread")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsBatch")]
    public void BceGeneratedOneThread()
    {
        for (var i = 0; i < N; i += Slice)
        {
            var n = Math.Min(Slice, N - i);
            LossFunctions.BinaryCrossEntropyWithLogitsBatch(_z.AsSpan(i, n), _y.AsSpan(i, n), _out.AsSpan(i, n));
        }
    }

    [Benchmark(Baseline = true, Description = "scalar loop")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsPullbackBatch")]
    public void BcePullbackScalar() => ScalarLoops.BcePullback(_z, _y, _upstream, _out);

    [Benchmark(Description = "hand-written (old)")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsPullbackBatch")]
    public void BcePullbackStandIn() => StandInKernels.BinaryCrossEntropyWithLogitsPullbackBatch(_z, _y, _upstream, _out);

    [Benchmark(Description = "generated")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsPullbackBatch")]
    public void BcePullbackGenerated() => LossFunctions.BinaryCrossEntropyWithLogitsPullbackBatch(_z, _y, _upstream, _out);

    [Benchmark(Description = "generated, 1 thread")]
    [BenchmarkCategory("BinaryCrossEntropyWithLogitsPullbackBatch")]
    public void BcePullbackGeneratedOneThread()
    {
        for (var i = 0; i < N; i += Slice)
        {
            var n = Math.Min(Slice, N - i);
            LossFunctions.BinaryCrossEntropyWithLogitsPullbackBatch(_z.AsSpan(i, n), _y.AsSpan(i, n), _upstream.AsSpan(i, n), _out.AsSpan(i, n));
        }
    }
}
