using SymDiff.Samples.Sequence;

namespace SymDiff.Benchmarks.Checkpoint;

/// <summary>
/// The workload of <see cref="CheckpointBenchmarks"/> and <c>--checkpoint-memory</c>: the sequence sample's RNN
/// (<see cref="RecurrentNetwork"/>, 8 tanh units, 89 parameters) on its noisy sum of sines, with fixed random weights.
/// </summary>
internal static class CheckpointData
{
    /// <summary>H.</summary>
    public const int Hidden = 8;

    /// <summary>The sequence lengths T compared.</summary>
    public static readonly int[] Steps = [1000, 10000];

    /// <summary>Weights uniform in ±1/√H, from a fixed seed (the gradient's cost does not depend on their values).</summary>
    public static double[] Parameters()
    {
        var random = new Random(1);
        var scale = 1 / Math.Sqrt(Hidden);
        return [.. Enumerable.Range(0, RecurrentNetwork.ParameterCount(Hidden)).Select(_ => scale * ((2 * random.NextDouble()) - 1))];
    }

    /// <summary>x_0 … x_T of the sample's signal, from a fixed seed.</summary>
    /// <param name="steps">T.</param>
    public static double[] Sequence(int steps)
    {
        var random = new Random(2);
        return SumOfSines.Draw(random, 0.05).Generate(0, steps + 1, random);
    }

    /// <summary>Throws unless the checkpointed and the recorded gradient are bit-identical on <paramref name="xs"/>.</summary>
    /// <param name="parameters">The weights.</param>
    /// <param name="xs">The sequence.</param>
    public static void Verify(double[] parameters, double[] xs)
    {
        var with = new double[parameters.Length];
        var without = new double[parameters.Length];
        var value = RecurrentNetwork.Gradient(parameters, Hidden, xs, with, checkpoint: true);
        var expected = RecurrentNetwork.Gradient(parameters, Hidden, xs, without, checkpoint: false);
        if (value != expected || !with.AsSpan().SequenceEqual(without))
        {
            throw new InvalidOperationException($"T = {xs.Length - 1}: the checkpointed gradient differs from the recorded one.");
        }
    }
}
