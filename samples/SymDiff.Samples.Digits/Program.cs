using ILGPU;
using SymDiff.Distributed;
using SymDiff.Samples.Common;
using SymDiff.Samples.Digits;

// A digits-style classifier on synthetic 28×28 images: 784 → 128 ReLU → 10, the benchmark workload.
// --device cpu|gpu|cpu-accelerator picks where it trains (the CPU runtime by default).
// --distributed trains data-parallel on the ranks of an MPI job: mpirun -np 2 dotnet … -- --distributed.
var device = SampleDevice.Cpu;
var distributed = false;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--distributed")
    {
        distributed = true;
    }
    else if (args[i] == "--device")
    {
        try
        {
            device = DigitsOnAccelerator.Parse(i + 1 < args.Length ? args[++i] : "");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
    else
    {
        rest.Add(args[i]);
    }
}

MpiCommunicator? world = null;
if (distributed)
{
    if (device != SampleDevice.Cpu)
    {
        Console.Error.WriteLine("--distributed trains on the CPU runtime of every rank; it does not combine with --device.");
        return 2;
    }

    try
    {
        world = MpiCommunicator.FromEnvironment();
    }
    catch (DistributedException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    if (world.Rank != 0)
    {
        // Every rank trains; rank 0 alone prints (its report includes every rank's throughput).
        Console.SetOut(TextWriter.Null);
    }
}

using var job = world;
return SampleHost.Run("SymDiff.Samples.Digits", "A digits-style classifier (784 inputs, 128 hidden, 10 classes) on synthetic images; the benchmark workload. --device cpu|gpu|cpu-accelerator picks where it trains; --distributed trains data-parallel on the ranks of an MPI job (mpirun -np 2 dotnet … -- --distributed).", [.. rest], options =>
{
    var settings = options.Long
        ? new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 10, TrainingImages: 60000, TestImages: 10000, DataParallel: world)
        : new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 4, DataParallel: world);
    SampleHost.Heading($"Synthetic digits: {settings.TrainingImages} training and {settings.TestImages} held-out images, 784 → {settings.Hidden} ReLU → 10, batch {settings.BatchSize}, seed {settings.Seed}");
    if (world is not null)
    {
        SampleHost.Out.WriteLine(world.IsMpi
            ? $"Data-parallel on {world.Size} ranks ({world.Description}): each takes {settings.BatchSize / world.Size} or so of every batch of {settings.BatchSize}."
            : "--distributed without an MPI launcher: one process (start it with mpirun -np N to train on N ranks).");
    }

    if (device != SampleDevice.Cpu)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var accelerator = DigitsOnAccelerator.Create(context, device);
        if (accelerator is not null)
        {
            if (device == SampleDevice.CpuAccelerator)
            {
                SampleHost.Out.WriteLine("ILGPU's CPU accelerator runs the GPU code path on the CPU, thread by simulated thread: it checks that path, it is not fast.");
            }

            var onDevice = DigitsOnAccelerator.Train(settings, accelerator);
            SampleHost.Heading("Result");
            DigitsOnAccelerator.Print(onDevice, SampleHost.Out);
            return;
        }

        SampleHost.Out.WriteLine("No CUDA GPU found on this machine: training on the CPU runtime instead.");
    }

    var result = TrainingDisplay.Run("digits", options.Plain, progress => DigitsSample.Train(settings, progress));

    SampleHost.Heading("Result");
    SampleHost.Out.WriteLine(world is { Size: > 1 } ? $"device: CPU (SymDiff runtime) on each of {world.Size} ranks" : "device: CPU (SymDiff runtime)");
    DigitsSample.Print(result, SampleHost.Out);
    if (world is null || world.Rank == 0)
    {
        SampleHost.WriteLossCurve(options, "digits-loss.svg", "Synthetic digits, 784-128-10: softmax cross-entropy", result.Training.History);
    }
});
