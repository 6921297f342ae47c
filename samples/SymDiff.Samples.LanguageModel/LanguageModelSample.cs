using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Samples.LanguageModel;

/// <summary>Settings of a language-model run.</summary>
/// <param name="Seed">Seed of the initial weights, the shuffling and the sampled continuations.</param>
/// <param name="Epochs">Passes over the training contexts.</param>
/// <param name="DataPath">The text (null: the story shipped with the sample).</param>
/// <param name="EmbeddingSize">d, the width of each word's embedding.</param>
/// <param name="Hidden">Hidden sigmoid units.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Contexts per mini-batch.</param>
/// <param name="MinCount">Words seen fewer times in training become &lt;unk&gt;.</param>
/// <param name="HeldOutEvery">Every n-th sentence is held out for validation.</param>
/// <param name="Temperature">Sampling temperature of the continuations (lower: more predictable).</param>
/// <param name="DropoutRate">Dropout on the hidden units while training.</param>
/// <param name="L2">Weight decay λ.</param>
public sealed record LanguageModelSettings(
    int Seed = 1, int Epochs = 40, string? DataPath = null, int EmbeddingSize = 16, int Hidden = 64,
    float LearningRate = 0.01f, int BatchSize = 32, int MinCount = 2, int HeldOutEvery = 10, double Temperature = 0.5,
    float DropoutRate = 0.3f, float L2 = 1e-3f);

/// <summary>A prompt and the words the model sampled after it.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Words">The continuation, up to the end of the sentence.</param>
public sealed record Continuation(string Prompt, string Words);

/// <summary>The outcome of a language-model run.</summary>
/// <param name="Training">The trainer's per-epoch history (validation: the held-out sentences).</param>
/// <param name="VocabularySize">|V|, the number of output units.</param>
/// <param name="TrainingTokens">Words predicted in training.</param>
/// <param name="HeldOutTokens">Words predicted in the held-out sentences.</param>
/// <param name="TrainingPerplexity">exp(mean cross-entropy) on the training words.</param>
/// <param name="HeldOutPerplexity">exp(mean cross-entropy) on the held-out words.</param>
/// <param name="UnigramPerplexity">Held-out perplexity of word frequencies alone (add-one smoothed), for comparison.</param>
/// <param name="NextWords">The most probable next words after <see cref="LanguageModelSample.ProbePrompt"/>.</param>
/// <param name="Continuations">Sampled continuations of <see cref="LanguageModelSample.Prompts"/>.</param>
public sealed record LanguageModelResult(
    TrainingResult Training, int VocabularySize, int TrainingTokens, int HeldOutTokens, double TrainingPerplexity,
    double HeldOutPerplexity, double UnigramPerplexity, IReadOnlyList<(string Word, float Probability)> NextWords,
    IReadOnlyList<Continuation> Continuations);

/// <summary>
/// The neural language model of the lectures (seed 000): the three previous words select three embeddings from E
/// (the projection layer e), h = σ(W·e + b), z = U·h, ŷ = softmax(z) over the vocabulary, trained with the
/// cross-entropy −log ŷ of the next word (softmax fused into <see cref="SoftmaxCrossEntropyLoss"/>).
/// </summary>
public static class LanguageModelSample
{
    /// <summary>Context words.</summary>
    public const int ContextSize = 3;

    /// <summary>The context whose next-word distribution is printed.</summary>
    public const string ProbePrompt = "the daughter thanked the";

    /// <summary>Sentence beginnings the model continues.</summary>
    public static readonly string[] Prompts = ["the daughter", "every morning the", "the old woman", "in the winter", "the boy"];

    /// <summary>Reads and splits the text, trains, measures perplexity and samples continuations.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives the trainer's reports, or null.</param>
    public static LanguageModelResult Train(LanguageModelSettings settings, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sentences = TextCorpus.Load(settings.DataPath ?? TextCorpus.DefaultPath);
        var train = sentences.Where((_, i) => i % settings.HeldOutEvery != settings.HeldOutEvery - 1).ToList();
        var heldOut = sentences.Where((_, i) => i % settings.HeldOutEvery == settings.HeldOutEvery - 1).ToList();
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new InvalidDataException($"The text has {sentences.Count} sentences: too few to hold every {settings.HeldOutEvery}th out.");
        }

        var vocabulary = new Vocabulary(train, settings.MinCount);
        var random = new Random(settings.Seed);
        var (x, y) = NGrams.Examples(train, vocabulary, ContextSize);
        var (vx, vy) = NGrams.Examples(heldOut, vocabulary, ContextSize);
        using (x)
        using (y)
        using (vx)
        using (vy)
        using (var model = new Sequential(
            new Embedding(vocabulary.Size, settings.EmbeddingSize, ContextSize, random, name: "E"),
            new Dense(ContextSize * settings.EmbeddingSize, settings.Hidden, random, Activation.Sigmoid, name: "W"),
            new Dropout(settings.DropoutRate, settings.Seed),
            new Dense(settings.Hidden, vocabulary.Size, random, name: "U")))
        using (var loss = new SoftmaxCrossEntropyLoss())
        using (var optimizer = new Adam(model.Parameters, settings.LearningRate) { L2 = settings.L2 })
        using (var trainer = new Trainer(model, loss, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
        }))
        {
            var history = trainer.Fit(x, y, vx, vy, progress);
            var generator = new TextGenerator(model, vocabulary, ContextSize);
            return new LanguageModelResult(
                history, vocabulary.Size, x.Rows, vx.Rows,
                Math.Exp(trainer.Evaluate(x, y).Loss), Math.Exp(trainer.Evaluate(vx, vy).Loss),
                NGrams.UnigramPerplexity(y, vy, vocabulary.Size),
                generator.MostProbableNext(ProbePrompt, 5),
                [.. Prompts.Select(p => new Continuation(p, generator.Continue(p, settings.Temperature, 20, random)))]);
        }
    }

    /// <summary>Prints the perplexities, the probe's next words and the continuations.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(LanguageModelResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"perplexity on the training words:  {result.TrainingPerplexity,7:F1}");
        writer.WriteLine($"perplexity on the held-out words:  {result.HeldOutPerplexity,7:F1}");
        writer.WriteLine($"  for comparison, word frequencies alone (unigram): {result.UnigramPerplexity:F1}; guessing uniformly: {result.VocabularySize} (= |V|)");
        writer.WriteLine();
        writer.WriteLine($"P(next word | \"{ProbePrompt}\"):");
        foreach (var (word, p) in result.NextWords)
        {
            writer.WriteLine($"  {p,5:F3}  {word}");
        }

        writer.WriteLine();
        writer.WriteLine("Sampled continuations:");
        foreach (var c in result.Continuations)
        {
            writer.WriteLine($"  {c.Prompt} … {c.Words}");
        }
    }
}
