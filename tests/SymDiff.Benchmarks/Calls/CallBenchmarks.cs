using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Calls;

/// <summary>
/// What calling small <c>[Differentiable]</c> helpers inside loops costs a gradient: <see cref="GatedRecurrence.Loss"/>
/// (calls to <c>Sigmoid</c>, <c>Square</c> and a <c>LogSumExp</c> over a span at every step) against
/// <see cref="GatedRecurrence.LossInlinedByHand"/> (the same arithmetic written out), and the GMM objective of ADBench,
/// whose log-sum-exp is such a call, is in <c>--adbench-ratios</c>.
/// The primal row is the user's method as the JIT compiles it: under BenchmarkDotNet it can run about 18× slower than
/// in a plain loop (2.0 ms against 0.11 ms measured here), because the harness's code before it leaves the upper halves
/// of the vector registers dirty and the C library's <c>tanh</c> pays an AVX–SSE transition per call; the generated
/// members start clean and the tape keeps them clean (<c>src/SymDiff/NarrowMemory.cs</c>).
/// Run: <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*CallBenchmarks*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CallBenchmarks
{
    private double[] _weights = [];
    private double[] _xs = [];
    private double[] _gradient = [];

    /// <summary>T, the predictions in the sequence.</summary>
    [Params(200)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        GatedRecurrence.Verify(Steps);
        GatedRecurrence.VerifyKeptCalls(Steps);
        _weights = GatedRecurrence.Weights();
        _xs = GatedRecurrence.Sequence(Steps);
        _gradient = new double[_weights.Length];
    }

    [Benchmark(Description = "primal")]
    public double Primal() => GatedRecurrence.Loss(_weights, _xs, GatedRecurrence.Hidden);

    [Benchmark(Baseline = true, Description = "gradient, inlined by hand")]
    public double InlinedByHand() => GatedRecurrence.LossInlinedByHandGradient(_weights, _xs, GatedRecurrence.Hidden, _gradient);

    [Benchmark(Description = "gradient, through calls")]
    public double ThroughCalls() => GatedRecurrence.LossGradient(_weights, _xs, GatedRecurrence.Hidden, _gradient);

    [Benchmark(Description = "gradient, through calls kept (Inline = false)")]
    public double ThroughKeptCalls() => GatedRecurrence.LossKeptCallsGradient(_weights, _xs, GatedRecurrence.Hidden, _gradient);
}
