using BenchmarkDotNet.Attributes;
using SymDiff.Layers;

namespace SymDiff.Benchmarks.Mlp;

/// <summary>
/// The 784-128-10 training step of <see cref="MlpStep"/> under BenchmarkDotNet (<c>--filter '*Mlp*'</c>), with the
/// memory diagnoser to show that a step allocates nothing. <c>mlp.sh</c> times the same step with a plain loop
/// (<c>--mlp</c>) so that SymDiff and PyTorch are measured the same way.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
[MinColumn]
[MedianColumn]
public class MlpBenchmarks
{
    private MlpStep? _step;

    [Params(Activation.Relu, Activation.Sigmoid)]
    public Activation Activation { get; set; }

    [GlobalSetup]
    public void Setup() => _step = new MlpStep(Activation);

    [GlobalCleanup]
    public void Cleanup() => _step?.Dispose();

    [Benchmark(Description = "SymDiff train step")]
    public float TrainStep() => _step!.Run();

    [Benchmark(Description = "SymDiff train step, update after the backward pass")]
    public float TrainStepUnfused() => _step!.RunUnfused();
}
