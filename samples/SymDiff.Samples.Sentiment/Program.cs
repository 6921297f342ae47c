using SymDiff.Samples.Common;
using SymDiff.Samples.Sentiment;

// Seed 003's task: sentiment classification of short sentences into positive, negative and neutral.
return SampleHost.Run("SymDiff.Samples.Sentiment", "Bag-of-words sentiment classification (positive, negative, neutral) on a small corpus shipped with the sample.", args, options =>
{
    var settings = new SentimentSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 300 : 100),
        DataPath: options.DataPath, Patience: options.Long ? 25 : 10);
    SampleHost.Heading($"Sentiment: {Path.GetFileName(settings.DataPath ?? SentimentCorpus.DefaultPath)}, seed {settings.Seed}");
    var result = TrainingDisplay.Run("sentiment", options.Plain, progress => SentimentSample.Train(settings, progress));

    SampleHost.Heading($"Result ({result.Vocabulary} words in the vocabulary, {result.TrainCount} training and {result.TestCount} test sentences)");
    SentimentSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "sentiment-loss.svg", "Sentiment (bag of words, 16 hidden ReLU units): softmax cross-entropy", result.Training.History);
}, readsData: true);
