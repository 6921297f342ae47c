using SymDiff.Samples.Common;
using SymDiff.Samples.LanguageModel;

// Seed 000's neural language model: three context words → embeddings → sigmoid hidden layer → softmax over the vocabulary.
return SampleHost.Run("SymDiff.Samples.LanguageModel", "The seeds' neural language model (3-word context, embeddings, hidden layer, softmax) on a short story shipped with the sample.", args, options =>
{
    var settings = new LanguageModelSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 150 : 40), DataPath: options.DataPath);
    SampleHost.Heading($"Language model: {Path.GetFileName(settings.DataPath ?? TextCorpus.DefaultPath)}, {LanguageModelSample.ContextSize}-word context, d = {settings.EmbeddingSize}, {settings.Hidden} hidden units, seed {settings.Seed}");
    var result = TrainingDisplay.Run("language model", options.Plain, progress => LanguageModelSample.Train(settings, progress));

    SampleHost.Heading($"Result (|V| = {result.VocabularySize}, {result.TrainingTokens} training and {result.HeldOutTokens} held-out words)");
    LanguageModelSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "language-model-loss.svg", "Neural language model: cross-entropy per word (perplexity = e^loss)", result.Training.History);
}, readsData: true);
