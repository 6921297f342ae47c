using SymDiff.Samples.Common;
using SymDiff.Samples.Perceptron;

// The two-layer perceptron of seed 002 (2 inputs, 3 sigmoid hidden units, a sigmoid output) on two moons.
return SampleHost.Run("SymDiff.Samples.Perceptron", "The seeds' two-layer perceptron (2 inputs, 3 sigmoid hidden units) on a 2-D toy problem.", args, options =>
{
    var settings = new PerceptronSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 3000 : 1000),
        TrainingPoints: options.Long ? 2000 : 300);
    SampleHost.Heading($"Two moons: {settings.TrainingPoints} training and {settings.ValidationPoints} held-out points, noise {settings.Noise}, seed {settings.Seed}");
    var result = TrainingDisplay.Run("perceptron 2-3-1", options.Plain, progress => PerceptronSample.Train(settings, progress));

    SampleHost.Heading("Result");
    PerceptronSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "perceptron-loss.svg", "Two-layer perceptron (2-3-1) on two moons: binary cross-entropy", result.Training.History);
});
