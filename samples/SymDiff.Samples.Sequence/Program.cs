using ILGPU;
using SymDiff.Samples.Common;
using SymDiff.Samples.Sequence;

// A tanh RNN written as one [Differentiable, Checkpoint] method over a whole sequence, trained to predict the next
// value of a noisy sum of sines; then the same gradient with and without [Checkpoint]: tape, time, difference.
// --device gpu|cpu-accelerator trains on windows of the sequence instead, one window per GPU thread, with the
// per-example kernels SymDiff generates (the CPU runtime by default).
var (device, rest, error) = SampleDevices.Take(args);
if (error is not null)
{
    Console.Error.WriteLine(error);
    return 2;
}

return SampleHost.Run("SymDiff.Samples.Sequence", "A tanh RNN over a whole sequence, one [Differentiable, Checkpoint] method: next-value prediction, and what [Checkpoint] saves. --device cpu|gpu|cpu-accelerator picks where the gradients run (on an accelerator: windows of the sequence, one per thread).", [.. rest], options =>
{
    var settings = new SequenceSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 1500 : 600),
        TrainingSteps: options.Long ? 4000 : 1000);
    SampleHost.Heading($"Signal: {SumOfSines.Amplitude1}·sin(2πt/{SumOfSines.Period1} + φ₁) + {SumOfSines.Amplitude2}·sin(2πt/{SumOfSines.Period2} + φ₂) + noise σ = {settings.Noise}; "
        + $"{settings.TrainingSteps} training steps, the next {settings.HeldOutSteps} held out, seed {settings.Seed}");
    SampleHost.Out.WriteLine($"RNN with {settings.Hidden} tanh units ({RecurrentNetwork.ParameterCount(settings.Hidden)} parameters), MSE over the whole sequence (teacher forcing);");
    SampleHost.Out.WriteLine($"each epoch is one Adam step (η = {settings.LearningRate}, halved every quarter of the run; gradient norm clipped to {settings.MaxGradientNorm}) on the generated checkpointed gradient.");
    if (device != SampleDevice.Cpu)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var accelerator = SequenceOnAccelerator.Create(context, device);
        if (accelerator is not null)
        {
            SampleHost.Out.WriteLine($"On {accelerator.Name}: the training sequence cut into windows of {settings.WindowSteps} steps, each from a zero state, the gradient their mean; one window per thread.");
            if (device == SampleDevice.CpuAccelerator)
            {
                SampleHost.Out.WriteLine("ILGPU's CPU accelerator runs the GPU code path on the CPU, thread by simulated thread: it checks that path, it is not fast.");
            }

            var onDevice = TrainingDisplay.Run("RNN", options.Plain, progress => SequenceOnAccelerator.Train(settings, accelerator, progress));
            SampleHost.Heading("Result");
            SequenceOnAccelerator.Print(onDevice, SampleHost.Out);
            SampleHost.WriteLossCurve(options, "sequence-loss.svg", $"Tanh RNN (H = {settings.Hidden}) on {onDevice.Windows} windows, next value of a noisy sum of sines: mean squared error", onDevice.Result.History);
            return;
        }

        SampleHost.Out.WriteLine("No CUDA GPU found on this machine: training on the CPU instead.");
    }

    var result = TrainingDisplay.Run("RNN", options.Plain, progress => SequenceSample.Train(settings, progress));

    SampleHost.Heading("Result");
    SampleHost.Out.WriteLine("device: CPU (the generated C# gradient of the whole sequence)");
    SequenceSample.Print(result, SampleHost.Out);

    SampleHost.Heading("The trained model's gradient, recorded (no [Checkpoint]) and checkpointed (segments of ⌈√T⌉ steps)");
    var random = new Random(settings.Seed);
    var rows = new[] { settings.TrainingSteps, 10 * settings.TrainingSteps }.Select(steps =>
        SequenceSample.CompareCheckpointing(result.Parameters, settings.Hidden, result.Signal.Generate(0, steps + 1, random)));
    SequenceSample.PrintComparison(rows, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "sequence-loss.svg", $"Tanh RNN (H = {settings.Hidden}), next value of a noisy sum of sines: mean squared error", result.History);
});
