using SymDiff.Samples.Sequence;

namespace SymDiff.Benchmarks.Checkpoint;

/// <summary>
/// <c>--checkpoint-memory</c>: the peak tape (and a quick median time) of the RNN's gradient with and without
/// <c>[Checkpoint]</c> for each T of <see cref="CheckpointData.Steps"/>, as the sequence sample prints it.
/// </summary>
internal static class CheckpointMemory
{
    public static int Run()
    {
        var parameters = CheckpointData.Parameters();
        var rows = CheckpointData.Steps.Select(steps =>
            SequenceSample.CompareCheckpointing(parameters, CheckpointData.Hidden, CheckpointData.Sequence(steps))).ToList();
        SequenceSample.PrintComparison(rows, Console.Out);
        return 0;
    }
}
