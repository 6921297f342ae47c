using BenchmarkDotNet.Attributes;
using SymDiff.Samples.Sequence;

namespace SymDiff.Benchmarks.Checkpoint;

/// <summary>
/// The gradient of the sequence sample's RNN over a whole sequence of T steps (one thread), recorded (every step on the
/// tape; <see cref="RecurrentNetwork.LossWithoutCheckpoint"/>) and under <c>[Checkpoint]</c> (segment snapshots and one
/// segment re-recorded at a time; <see cref="RecurrentNetwork.Loss"/>). The memory diagnoser shows that neither allocates
/// once the thread's tape has grown; the tape's peak, which it does not see, is what <c>--checkpoint-memory</c> prints.
/// Run: <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Checkpoint*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private double[] _parameters = [];
    private double[] _xs = [];
    private double[] _gradient = [];

    /// <summary>T, the predictions in the sequence.</summary>
    [Params(1000, 10000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _parameters = CheckpointData.Parameters();
        _xs = CheckpointData.Sequence(Steps);
        _gradient = new double[_parameters.Length];
        CheckpointData.Verify(_parameters, _xs);
    }

    [Benchmark(Baseline = true, Description = "recorded")]
    public double Recorded() => RecurrentNetwork.Gradient(_parameters, CheckpointData.Hidden, _xs, _gradient, checkpoint: false);

    [Benchmark(Description = "[Checkpoint]")]
    public double Checkpointed() => RecurrentNetwork.Gradient(_parameters, CheckpointData.Hidden, _xs, _gradient, checkpoint: true);
}
