using System.Diagnostics;
using System.Globalization;
using SymDiff.Distributed;
using SymDiff.Initialization;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Benchmarks.Distributed;

/// <summary>
/// Data-parallel training's costs on the ranks of an MPI job (run by distributed.sh under mpirun -np 1 and -np 2):
/// the time of an in-place gradient sum against its size (the trainer's own path: ICollectives.StartSum then Wait,
/// every rank released by a barrier first, median of many), and the digits MLP's training step (784-128-10, batches of
/// 64 and 1024 shared among the ranks, Adam) with and, on one rank, without data parallelism. Rank 0 prints; the lines
/// <c>plain …</c> and <c>throughput …</c> are what distributed.sh turns into scaling efficiency.
/// </summary>
internal static class DistributedBench
{
    public static int Run(string[] args)
    {
        using var world = MpiCommunicator.FromEnvironment();
        var output = world.Rank == 0 ? Console.Out : TextWriter.Null;
        output.WriteLine($"{world.Description}; {Environment.ProcessorCount} core(s) available to each rank");
        output.WriteLine();
        output.WriteLine("| gradient floats | MiB | sum, median µs | min µs | GB/s (algorithm bandwidth) |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var floats in new[] { 1_024, 16_384, 101_770, 1_048_576, 4_194_304 })
        {
            var (median, min) = SumTime(world, floats);
            output.WriteLine(FormattableString.Invariant($"| {floats:N0} | {floats * 4 / 1048576.0:F2} | {median:F1} | {min:F1} | {floats * 4 / (median * 1e3):F2} |"));
        }

        output.WriteLine();
        var epochs = args.SkipWhile(a => a != "--epochs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(20);

        // One epoch first, untimed, so every step runs optimized (tier-1) code when the timed runs start.
        Train(world.Size == 1 ? null : world, 1, 64);
        foreach (var batch in new[] { 64, 1024 })
        {
            if (world.Size == 1)
            {
                var plain = Train(null, epochs, batch);
                output.WriteLine(FormattableString.Invariant($"digits MLP, batch {batch}, one process without data parallelism: {plain.MsPerStep:F3} ms/step, {plain.ImagesPerSecond:F0} images/s"));
                output.WriteLine(FormattableString.Invariant($"plain batch={batch} images/s={plain.ImagesPerSecond:F1}"));
            }

            var parallel = Train(world, epochs, batch);
            output.WriteLine(FormattableString.Invariant($"digits MLP, batch {batch}, data-parallel on {world.Size} rank(s): {parallel.MsPerStep:F3} ms/step, {parallel.ImagesPerSecond:F0} images/s, gradient sums {100 * parallel.Share:F1}% of rank 0's step time"));
            output.WriteLine(FormattableString.Invariant($"throughput ranks={world.Size} batch={batch} images/s={parallel.ImagesPerSecond:F1} ms/step={parallel.MsPerStep:F4} share={parallel.Share:F4}"));
        }

        return 0;
    }

    /// <summary>Median and fastest time of one in-place sum of <paramref name="floats"/> floats, in µs, over the ranks.</summary>
    private static (double Median, double Min) SumTime(MpiCommunicator world, int floats)
    {
        var buffer = GC.AllocateArray<float>(floats, pinned: true);
        ICollectives group = world;
        var reps = floats >= 1_000_000 ? 30 : 200;
        var times = new double[reps];
        for (var r = -10; r < reps; r++)
        {
            world.Barrier();
            var start = Stopwatch.GetTimestamp();
            group.StartSum(buffer).Wait();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (r >= 0)
            {
                times[r] = elapsed;
            }
        }

        // Each rank's own median, then the slowest rank's (a sum is done when the last rank has it).
        Array.Sort(times);
        var result = new[] { (float)times[reps / 2], (float)times[0] };
        var all = new float[world.Size * 2];
        result.CopyTo(all, world.Rank * 2);
        world.AllReduceSum(all);
        return (Enumerable.Range(0, world.Size).Max(r => all[r * 2]), Enumerable.Range(0, world.Size).Max(r => all[(r * 2) + 1]));
    }

    /// <summary>The digits MLP trained for some epochs on 6,000 synthetic 28×28 images; rank 0's measured step time.</summary>
    private static (double MsPerStep, double ImagesPerSecond, double Share) Train(MpiCommunicator? world, int epochs, int batch)
    {
        const int Images = 6000;
        var random = new Random(1);
        using var x = new Tensor<float>(TensorShape.Matrix(Images, 784));
        using var y = new Tensor<float>(TensorShape.Vector(Images));
        var pixels = x.Span;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        for (var i = 0; i < Images; i++)
        {
            y[i] = i % 10;
        }

        using var model = new Sequential(
            new Dense(784, 128, random, Activation.Relu, WeightInit.HeUniform, name: "hidden"),
            new Dense(128, 10, random, name: "output"));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Adam(model.Parameters, 0.001f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = epochs, BatchSize = batch, Seed = 1, DataParallel = world });
        trainer.Fit(x, y);

        // Step time on rank 0 (a step ends on every rank together, at the gradient sum): the whole batch's images per second.
        var stepTime = trainer.StepTime;
        return (stepTime.TotalMilliseconds / trainer.Steps, (double)Images * epochs / stepTime.TotalSeconds, trainer.DataParallelStatistics?.CollectiveShare ?? 0);
    }
}
