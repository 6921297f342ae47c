using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;
using SoftmaxFunction = SymDiff.Functions.Softmax;

namespace SymDiff.Samples.Sentiment;

/// <summary>Settings of a sentiment run.</summary>
/// <param name="Seed">Seed of the split, the initial weights, dropout and shuffling.</param>
/// <param name="Epochs">Maximum passes over the training sentences (early stopping may end sooner).</param>
/// <param name="DataPath">The corpus (null: the one shipped with the sample).</param>
/// <param name="TestFraction">Fraction of each class held out for the final test, never seen in training.</param>
/// <param name="ValidationFraction">Fraction of the rest held out for validation and early stopping.</param>
/// <param name="Hidden">Hidden ReLU units.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Sentences per mini-batch.</param>
/// <param name="Patience">Epochs without a better validation loss before stopping.</param>
/// <param name="DropoutRate">Dropout on the hidden units while training.</param>
/// <param name="L2">Weight decay λ.</param>
public sealed record SentimentSettings(
    int Seed = 1, int Epochs = 100, string? DataPath = null, double TestFraction = 0.2, float ValidationFraction = 0.15f,
    int Hidden = 16, float LearningRate = 0.002f, int BatchSize = 16, int Patience = 10, float DropoutRate = 0.5f, float L2 = 1e-3f);

/// <summary>A sentence the trained model classified, with its class probabilities.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Probabilities">P(positive), P(negative), P(neutral).</param>
public sealed record Classified(string Text, float[] Probabilities)
{
    /// <summary>The most probable class.</summary>
    public int Predicted => Array.IndexOf(Probabilities, Probabilities.Max());
}

/// <summary>The outcome of a sentiment run.</summary>
/// <param name="Training">The trainer's per-epoch history.</param>
/// <param name="Vocabulary">Number of bag-of-words features.</param>
/// <param name="TrainCount">Sentences trained on (validation included).</param>
/// <param name="TestCount">Held-out test sentences.</param>
/// <param name="TestAccuracy">Accuracy on the test sentences.</param>
/// <param name="MajorityBaseline">Accuracy on the test sentences of always answering the training set's most frequent class.</param>
/// <param name="Confusion">Test counts: [true class, predicted class].</param>
/// <param name="TopWords">Per class, the words that alone push the model most towards it.</param>
/// <param name="Examples">Example sentences (the lecture's among them) with their predictions.</param>
public sealed record SentimentResult(
    TrainingResult Training, int Vocabulary, int TrainCount, int TestCount, double TestAccuracy, double MajorityBaseline,
    int[,] Confusion, string[][] TopWords, IReadOnlyList<Classified> Examples);

/// <summary>
/// Sentiment classification (seed 003's task): bag-of-words features → a hidden ReLU layer → softmax over
/// {positive, negative, neutral}, trained with softmax cross-entropy on a small labelled corpus shipped with the
/// sample, then tested on sentences held out from training.
/// </summary>
public static class SentimentSample
{
    /// <summary>The example sentences classified after training; the first three are the lecture's.</summary>
    public static readonly string[] ExampleSentences =
    [
        "Wow, I love the sound of this acoustic guitar!",
        "It was just another uneventful Marvel movie!",
        "Can't say I loved this performance, but I didn't dislike it either.",
        "The museum opens at ten on Sundays.",
        "The waiter was friendly and the pasta was delicious.",
    ];

    /// <summary>Loads and splits the corpus, trains with early stopping, and tests.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives the trainer's reports, or null.</param>
    public static SentimentResult Train(SentimentSettings settings, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var corpus = SentimentCorpus.Load(settings.DataPath ?? SentimentCorpus.DefaultPath);
        var random = new Random(settings.Seed);
        var (train, test) = StratifiedSplit(corpus, settings.TestFraction, random);
        var features = new BagOfWords(train.Select(s => s.Text));
        var classes = SentimentCorpus.Labels.Length;
        using var x = features.Encode([.. train.Select(s => s.Text)]);
        using var y = Tensor<float>.FromVector([.. train.Select(s => (float)s.Label)]);
        using var testX = features.Encode([.. test.Select(s => s.Text)]);
        using var model = new Sequential(
            new Dense(features.Size, settings.Hidden, random, Activation.Relu, name: "hidden"),
            new Dropout(settings.DropoutRate, settings.Seed),
            new Dense(settings.Hidden, classes, random, name: "output"));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Adam(model.Parameters, settings.LearningRate) { L2 = settings.L2 };
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
            ValidationFraction = settings.ValidationFraction,
            Patience = settings.Patience,
        });
        var history = trainer.Fit(x, y, progress);

        var predicted = ArgMaxRows(model.Predict(testX));
        var confusion = new int[classes, classes];
        for (var i = 0; i < test.Count; i++)
        {
            confusion[test[i].Label, predicted[i]]++;
        }

        var majority = train.GroupBy(s => s.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var correct = Enumerable.Range(0, test.Count).Count(i => predicted[i] == test[i].Label);
        return new SentimentResult(history, features.Size, train.Count, test.Count, (double)correct / test.Count,
            (double)test.Count(s => s.Label == majority) / test.Count, confusion, TopWords(model, features, 8),
            Classify(model, features, ExampleSentences));
    }

    /// <summary>Prints test accuracy against the majority class, the confusion counts, top words and the examples.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(SentimentResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var labels = SentimentCorpus.Labels;
        var training = result.Training;
        var best = training.History[Math.Clamp(training.BestEpoch, 1, training.History.Count) - 1];
        writer.WriteLine($"ran {training.History.Count} epochs{(training.StoppedEarly ? " (early stopping; the best epoch's weights were restored)" : string.Empty)}");
        writer.WriteLine($"best epoch {best.Epoch}: training accuracy {100 * best.Accuracy:F1}%, validation loss {best.ValidationLoss:F4}, validation accuracy {100 * (best.ValidationAccuracy ?? 0):F1}%");
        writer.WriteLine($"test accuracy {100 * result.TestAccuracy:F1}% on {result.TestCount} held-out sentences (majority class: {100 * result.MajorityBaseline:F1}%, chance: {100.0 / labels.Length:F1}%)");
        writer.WriteLine();
        writer.WriteLine("Confusion counts on the test sentences (rows: true class, columns: predicted):");
        writer.WriteLine($"  {string.Empty,-9} {string.Join(" ", labels.Select(l => l.PadLeft(9)))}");
        for (var t = 0; t < labels.Length; t++)
        {
            var row = Enumerable.Range(0, labels.Length).Select(p => result.Confusion[t, p].ToString().PadLeft(9));
            writer.WriteLine($"  {labels[t],-9} {string.Join(" ", row)}");
        }

        writer.WriteLine();
        writer.WriteLine("Words that push the model most towards each class:");
        for (var k = 0; k < labels.Length; k++)
        {
            writer.WriteLine($"  {labels[k],-9} {string.Join(", ", result.TopWords[k])}");
        }

        writer.WriteLine();
        writer.WriteLine("Example sentences (P(positive) P(negative) P(neutral) → prediction):");
        foreach (var example in result.Examples)
        {
            var p = example.Probabilities;
            writer.WriteLine($"  {p[0]:F2} {p[1]:F2} {p[2]:F2} → {labels[example.Predicted],-8}  \"{example.Text}\"");
        }

        writer.WriteLine("A bag of words ignores word order, so a negation like \"can't say I loved\" reads like \"loved\".");
    }

    private static (List<LabelledSentence> Train, List<LabelledSentence> Test) StratifiedSplit(
        IReadOnlyList<LabelledSentence> corpus, double testFraction, Random random)
    {
        var train = new List<LabelledSentence>();
        var test = new List<LabelledSentence>();
        foreach (var group in corpus.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var held = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members[..held]);
            train.AddRange(members[held..]);
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"The corpus has {corpus.Count} sentences: too few to hold some out for testing.");
        }

        // Interleave the classes again so mini-batches and the validation split see all of them.
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(train));
        return (train, test);
    }

    private static int[] ArgMaxRows(Tensor<float> logits)
    {
        var result = new int[logits.Rows];
        for (var r = 0; r < logits.Rows; r++)
        {
            result[r] = TensorMath.ArgMax(logits.Row(r));
        }

        return result;
    }

    private static string[][] TopWords(Sequential model, BagOfWords features, int count)
    {
        // One single-word "sentence" per vocabulary word, plus the empty sentence as the reference point.
        using var words = new Tensor<float>(features.Size + 1, features.Size);
        for (var i = 0; i < features.Size; i++)
        {
            words[i, i] = 1f;
        }

        var logits = model.Predict(words);
        var classes = logits.Columns;
        var empty = logits.Row(features.Size).ToArray();
        var top = new string[classes][];
        for (var k = 0; k < classes; k++)
        {
            var scores = new double[features.Size];
            for (var i = 0; i < features.Size; i++)
            {
                // How much the word raises class k's logit relative to the other classes.
                var row = logits.Row(i);
                double margin = 0;
                for (var j = 0; j < classes; j++)
                {
                    margin += j == k ? 0 : (row[k] - empty[k]) - (row[j] - empty[j]);
                }

                scores[i] = margin / (classes - 1);
            }

            top[k] = [.. Enumerable.Range(0, features.Size).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count).Select(i => features.Words[i])];
        }

        return top;
    }

    private static List<Classified> Classify(Sequential model, BagOfWords features, IReadOnlyList<string> sentences)
    {
        using var x = features.Encode(sentences);
        var logits = model.Predict(x);
        var probabilities = new float[logits.Length];
        SoftmaxFunction.Forward(logits.Span, logits.Columns, probabilities);
        return [.. sentences.Select((s, i) => new Classified(s, probabilities[(i * logits.Columns)..((i + 1) * logits.Columns)]))];
    }
}
