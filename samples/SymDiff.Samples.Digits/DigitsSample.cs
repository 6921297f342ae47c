using System.Diagnostics;
using SymDiff.Initialization;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Samples.Digits;

/// <summary>Settings of a digits run.</summary>
/// <param name="Seed">Seed of the images, the initial weights and the shuffling.</param>
/// <param name="Epochs">Passes over the training images.</param>
/// <param name="TrainingImages">Images to train on.</param>
/// <param name="TestImages">Held-out images, drawn separately.</param>
/// <param name="Hidden">Hidden ReLU units.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Images per mini-batch (in data-parallel training, the whole batch, shared among the ranks).</param>
/// <param name="DataParallel">The ranks to train with (data parallelism), or null to train in this process alone.</param>
public sealed record DigitsSettings(
    int Seed = 1, int Epochs = 4, int TrainingImages = 6000, int TestImages = 1000, int Hidden = 128,
    float LearningRate = 0.001f, int BatchSize = 64, ICollectives? DataParallel = null);

/// <summary>The outcome of a digits run.</summary>
/// <param name="Training">The trainer's per-epoch history (validation: the held-out images).</param>
/// <param name="TrainingSet">Loss and accuracy on the training images.</param>
/// <param name="TestSet">Loss and accuracy on the held-out images.</param>
/// <param name="PerDigitAccuracy">Held-out accuracy of each digit.</param>
/// <param name="Confusion">Held-out counts: [true digit, predicted digit].</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="TrainingTime">Wall time of <c>Fit</c> (validation passes included).</param>
/// <param name="Examples">One generated image of each digit, as text.</param>
/// <param name="Ranks">In data-parallel training, every rank's statistics (throughput, share of time in gradient sums), by rank; else null.</param>
public sealed record DigitsResult(
    TrainingResult Training, Evaluation TrainingSet, Evaluation TestSet, double[] PerDigitAccuracy, int[,] Confusion,
    long Steps, TimeSpan TrainingTime, string[][] Examples, DataParallelStatistics[]? Ranks = null);

/// <summary>
/// A digits-style classifier on synthetic 28×28 images: 784 inputs → 128 ReLU units → 10 classes with softmax
/// cross-entropy, in mini-batches of 64 — the workload of the README's GEMM benchmark table.
/// </summary>
public static class DigitsSample
{
    /// <summary>Generates the images, trains, and evaluates.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives the trainer's reports (also every 10 steps within an epoch), or null.</param>
    /// <param name="device">Makes the device the trainer's steps run on from the model, loss and optimizer, or null for the CPU.</param>
    public static DigitsResult Train(DigitsSettings settings, IProgress<TrainingProgress>? progress = null,
        Func<Sequential, Loss, Optimizer, ITrainingDevice>? device = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (random, x, y, testX, testY) = Data(settings);
        var (hidden, output) = Layers(settings, random);
        using (x)
        using (y)
        using (testX)
        using (testY)
        using (var model = new Sequential(hidden, output))
        using (var loss = new SoftmaxCrossEntropyLoss())
        using (var optimizer = new Adam(model.Parameters, settings.LearningRate))
        {
            var twin = device?.Invoke(model, loss, optimizer);
            using var ownedTwin = twin as IDisposable;
            using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                Seed = settings.Seed,
                ReportEverySteps = 10,
                DataParallel = settings.DataParallel,
                Device = twin,
            });
            var clock = Stopwatch.StartNew();
            var history = trainer.Fit(x, y, testX, testY, progress);
            var elapsed = clock.Elapsed;

            var logits = model.Predict(testX);
            var confusion = new int[10, 10];
            for (var i = 0; i < testX.Rows; i++)
            {
                confusion[(int)testY[i], TensorMath.ArgMax(logits.Row(i))]++;
            }

            var perDigit = Enumerable.Range(0, 10).Select(d =>
            {
                var total = Enumerable.Range(0, 10).Sum(p => confusion[d, p]);
                return total == 0 ? 0 : (double)confusion[d, d] / total;
            }).ToArray();
            return new DigitsResult(history, trainer.Evaluate(x, y), trainer.Evaluate(testX, testY), perDigit, confusion,
                trainer.Steps, elapsed, [.. Enumerable.Range(0, 10).Select(d => SyntheticDigits.ToText(testX.Row(d)))],
                settings.DataParallel is { } group ? EveryRank(group, trainer.DataParallelStatistics!) : null);
        }
    }

    /// <summary>Every rank's statistics, on every rank (one sum over the ranks, each filling its own slots).</summary>
    private static DataParallelStatistics[] EveryRank(ICollectives group, DataParallelStatistics mine)
    {
        const int Fields = 3;
        var all = new float[group.Size * Fields];
        all[(group.Rank * Fields) + 0] = mine.Examples;
        all[(group.Rank * Fields) + 1] = (float)mine.StepTime.TotalSeconds;
        all[(group.Rank * Fields) + 2] = (float)mine.CollectiveTime.TotalSeconds;
        group.StartSum(all).Wait();
        return [.. Enumerable.Range(0, group.Size).Select(r => mine with
        {
            Rank = r,
            Examples = (long)all[(r * Fields) + 0],
            StepTime = TimeSpan.FromSeconds(all[(r * Fields) + 1]),
            CollectiveTime = TimeSpan.FromSeconds(all[(r * Fields) + 2]),
        })];
    }

    /// <summary>The seed's random source after drawing the training and the held-out images from it.</summary>
    internal static (Random Random, Tensor<float> X, Tensor<float> Y, Tensor<float> TestX, Tensor<float> TestY) Data(DigitsSettings settings)
    {
        var random = new Random(settings.Seed);
        var (x, y) = SyntheticDigits.Generate(settings.TrainingImages, random);
        var (testX, testY) = SyntheticDigits.Generate(settings.TestImages, random);
        return (random, x, y, testX, testY);
    }

    /// <summary>The two layers, initialized from <paramref name="random"/> (after the images): the same on every device.</summary>
    internal static (Dense Hidden, Dense Output) Layers(DigitsSettings settings, Random random) => (
        new Dense(SyntheticDigits.Pixels, settings.Hidden, random, Activation.Relu, WeightInit.HeUniform, name: "hidden"),
        new Dense(settings.Hidden, 10, random, name: "output"));

    /// <summary>Prints a few generated images, accuracy, per-digit accuracy, the commonest confusions and throughput.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(DigitsResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("One held-out image of each digit (28×28 pixels, one character per 2×4 block):");
        for (var group = 0; group < 10; group += 5)
        {
            for (var line = 0; line < result.Examples[group].Length; line++)
            {
                writer.WriteLine("  " + string.Join("  ", Enumerable.Range(group, 5).Select(d => result.Examples[d][line])));
            }
        }

        writer.WriteLine();
        writer.WriteLine($"training accuracy {100 * result.TrainingSet.Accuracy,5:F1}%  loss {result.TrainingSet.Loss:F4}  ({result.TrainingSet.Count} images)");
        writer.WriteLine($"held-out accuracy {100 * result.TestSet.Accuracy,5:F1}%  loss {result.TestSet.Loss:F4}  ({result.TestSet.Count} images; chance 10%)");
        writer.WriteLine("per digit: " + string.Join("  ", result.PerDigitAccuracy.Select((a, d) => $"{d}: {100 * a:F0}%")));
        var mistakes = Enumerable.Range(0, 100).Where(i => i / 10 != i % 10 && result.Confusion[i / 10, i % 10] > 0)
            .OrderByDescending(i => result.Confusion[i / 10, i % 10]).ThenBy(i => i).Take(5)
            .Select(i => $"{i / 10} read as {i % 10} ({result.Confusion[i / 10, i % 10]}×)").ToList();
        writer.WriteLine($"commonest mistakes: {(mistakes.Count == 0 ? "none" : string.Join(", ", mistakes))}");
        var images = (double)result.TrainingSet.Count * result.Training.History.Count;
        writer.WriteLine($"{result.Steps} steps in {result.TrainingTime.TotalSeconds:F2} s: {images / result.TrainingTime.TotalSeconds:F0} training images/s (validation passes included)");
        if (result.Ranks is { } ranks)
        {
            writer.WriteLine($"data-parallel on {ranks.Length} ranks, gradients summed in {ranks[0].Buckets} bucket(s) per step:");
            foreach (var r in ranks)
            {
                writer.WriteLine($"  rank {r.Rank}: {r.Examples} images in {r.StepTime.TotalSeconds:F2} s of steps, {r.ExamplesPerSecond:F0} images/s; gradient sums {100 * r.CollectiveShare:F1}% of step time");
            }
        }
    }
}
