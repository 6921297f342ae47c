using SymDiff.Samples.Common;
using SymDiff.Samples.Sequence;

// A tanh RNN written as one [Differentiable, Checkpoint] method over a whole sequence, trained to predict the next
// value of a noisy sum of sines; then the same gradient with and without [Checkpoint]: tape, time, difference.
return SampleHost.Run("SymDiff.Samples.Sequence", "A tanh RNN over a whole sequence, one [Differentiable, Checkpoint] method: next-value prediction, and what [Checkpoint] saves.", args, options =>
{
    var settings = new SequenceSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 1500 : 600),
        TrainingSteps: options.Long ? 4000 : 1000);
    SampleHost.Heading($"Signal: {SumOfSines.Amplitude1}·sin(2πt/{SumOfSines.Period1} + φ₁) + {SumOfSines.Amplitude2}·sin(2πt/{SumOfSines.Period2} + φ₂) + noise σ = {settings.Noise}; "
        + $"{settings.TrainingSteps} training steps, the next {settings.HeldOutSteps} held out, seed {settings.Seed}");
    SampleHost.Out.WriteLine($"RNN with {settings.Hidden} tanh units ({RecurrentNetwork.ParameterCount(settings.Hidden)} parameters), MSE over the whole sequence (teacher forcing);");
    SampleHost.Out.WriteLine($"each epoch is one Adam step (η = {settings.LearningRate}, halved every quarter of the run; gradient norm clipped to {settings.MaxGradientNorm}) on the generated checkpointed gradient.");
    var result = TrainingDisplay.Run("RNN", options.Plain, progress => SequenceSample.Train(settings, progress));

    SampleHost.Heading("Result");
    SequenceSample.Print(result, SampleHost.Out);

    SampleHost.Heading("The trained model's gradient, recorded (no [Checkpoint]) and checkpointed (segments of ⌈√T⌉ steps)");
    var random = new Random(settings.Seed);
    var rows = new[] { settings.TrainingSteps, 10 * settings.TrainingSteps }.Select(steps =>
        SequenceSample.CompareCheckpointing(result.Parameters, settings.Hidden, result.Signal.Generate(0, steps + 1, random)));
    SequenceSample.PrintComparison(rows, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "sequence-loss.svg", $"Tanh RNN (H = {settings.Hidden}), next value of a noisy sum of sines: mean squared error", result.History);
});
