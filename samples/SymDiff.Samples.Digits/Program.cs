using ILGPU;
using SymDiff.Samples.Common;
using SymDiff.Samples.Digits;

// A digits-style classifier on synthetic 28×28 images: 784 → 128 ReLU → 10, the benchmark workload.
// --device cpu|gpu|cpu-accelerator picks where it trains (the CPU runtime by default).
var device = DigitsDevice.Cpu;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--device")
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

return SampleHost.Run("SymDiff.Samples.Digits", "A digits-style classifier (784 inputs, 128 hidden, 10 classes) on synthetic images; the benchmark workload. --device cpu|gpu|cpu-accelerator picks where it trains.", [.. rest], options =>
{
    var settings = options.Long
        ? new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 10, TrainingImages: 60000, TestImages: 10000)
        : new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 4);
    SampleHost.Heading($"Synthetic digits: {settings.TrainingImages} training and {settings.TestImages} held-out images, 784 → {settings.Hidden} ReLU → 10, batch {settings.BatchSize}, seed {settings.Seed}");
    if (device != DigitsDevice.Cpu)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var accelerator = DigitsOnAccelerator.Create(context, device);
        if (accelerator is not null)
        {
            if (device == DigitsDevice.CpuAccelerator)
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
    SampleHost.Out.WriteLine("device: CPU (SymDiff runtime)");
    DigitsSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "digits-loss.svg", "Synthetic digits, 784-128-10: softmax cross-entropy", result.Training.History);
});
