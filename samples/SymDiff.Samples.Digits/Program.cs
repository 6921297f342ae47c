using SymDiff.Samples.Common;
using SymDiff.Samples.Digits;

// A digits-style classifier on synthetic 28×28 images: 784 → 128 ReLU → 10, the benchmark workload.
return SampleHost.Run("SymDiff.Samples.Digits", "A digits-style classifier (784 inputs, 128 hidden, 10 classes) on synthetic images; the benchmark workload.", args, options =>
{
    var settings = options.Long
        ? new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 10, TrainingImages: 60000, TestImages: 10000)
        : new DigitsSettings(Seed: options.Seed, Epochs: options.Epochs ?? 4);
    SampleHost.Heading($"Synthetic digits: {settings.TrainingImages} training and {settings.TestImages} held-out images, 784 → {settings.Hidden} ReLU → 10, batch {settings.BatchSize}, seed {settings.Seed}");
    var result = TrainingDisplay.Run("digits", options.Plain, progress => DigitsSample.Train(settings, progress));

    SampleHost.Heading("Result");
    DigitsSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "digits-loss.svg", "Synthetic digits, 784-128-10: softmax cross-entropy", result.Training.History);
});
