using SymDiff.Training;

namespace SymDiff.Samples.Xor;

/// <summary>Settings of an XOR run.</summary>
/// <param name="Seed">Seed of the initial weights.</param>
/// <param name="Epochs">Full-batch gradient steps.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Momentum">γ of the momentum update v ← γ·v − η·∇L, θ ← θ + v.</param>
/// <param name="MaxAttempts">
/// Fresh random starts allowed: about one start in six ends in a local minimum (or a plateau as good as one) of the
/// 2-2-1 network, typically with two inputs left at ŷ ≈ 0.5 and the loss near 0.35, that gradient descent does not
/// leave. A run of at least <see cref="XorSample.MinEpochsToJudge"/> epochs that ends below 100% accuracy with
/// a flat loss is started again from new random weights.
/// </param>
public sealed record XorSettings(int Seed = 1, int Epochs = 2000, double LearningRate = 0.5, double Momentum = 0.9, int MaxAttempts = 5);

/// <summary>The outcome of an XOR run.</summary>
/// <param name="Parameters">The trained w11, w12, w21, w22, b1, b2, v1, v2, c.</param>
/// <param name="Outputs">ŷ for the four inputs (0,0), (0,1), (1,0), (1,1).</param>
/// <param name="Loss">The mean loss of the trained network.</param>
/// <param name="Accuracy">The fraction of the four inputs classified right (ŷ ≥ 0.5 means 1).</param>
/// <param name="History">Per-epoch mean loss and accuracy.</param>
/// <param name="GradientCheckError">Largest |generated − central difference| over the nine partials at the start.</param>
/// <param name="StuckAttempts">Final (loss, accuracy) of the starts that ended on a plateau short of 100% and were restarted.</param>
public sealed record XorResult(
    double[] Parameters, double[] Outputs, double Loss, double Accuracy, IReadOnlyList<EpochMetrics> History,
    double GradientCheckError, IReadOnlyList<(double Loss, double Accuracy)> StuckAttempts);

/// <summary>Trains the 2-2-1 network on XOR with the generated gradient: full-batch gradient descent with momentum.</summary>
public static class XorSample
{
    /// <summary>Runs shorter than this are never restarted (see <see cref="XorSettings.MaxAttempts"/>).</summary>
    public const int MinEpochsToJudge = 500;

    /// <summary>The four XOR examples (x1, x2, y).</summary>
    public static readonly (double X1, double X2, double Y)[] Data = [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)];

    /// <summary>Trains and evaluates.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives one report per epoch, or null.</param>
    public static XorResult Train(XorSettings settings, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxAttempts);
        var random = new Random(settings.Seed);
        var stuck = new List<(double, double)>();
        double checkError = 0;
        while (true)
        {
            var p = new double[XorNetwork.ParameterCount];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = (2 * random.NextDouble()) - 1;
            }

            if (stuck.Count == 0)
            {
                checkError = GradientCheckError(p);
            }

            var history = Descend(p, settings, progress);
            var outputs = Data.Select(d => XorNetwork.Predict(p, d.X1, d.X2)).ToArray();
            var loss = Data.Average(d => XorNetwork.LossAt(p, d.X1, d.X2, d.Y));
            var accuracy = (double)Data.Where((d, i) => IsCorrect(outputs[i], d.Y)).Count() / Data.Length;
            if (accuracy == 1 || !OnPlateau(history) || stuck.Count + 1 == settings.MaxAttempts)
            {
                return new XorResult(p, outputs, loss, accuracy, history, checkError, stuck);
            }

            stuck.Add((loss, accuracy));
        }
    }

    /// <summary>Prints the truth table, accuracy, loss and weights.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(XorResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (loss, accuracy) in result.StuckAttempts)
        {
            writer.WriteLine($"a start got stuck on a plateau (loss {loss:F4}, accuracy {100 * accuracy:F0}%), as the 2-2-1 network sometimes does; restarted from new random weights");
        }

        writer.WriteLine("  x1  x2 | y |   ŷ    | prediction");
        for (var i = 0; i < Data.Length; i++)
        {
            var (x1, x2, y) = Data[i];
            var predicted = result.Outputs[i] >= 0.5 ? 1 : 0;
            writer.WriteLine($"   {x1}   {x2} | {y} | {result.Outputs[i]:F4} | {predicted} {(predicted == (int)y ? "right" : "WRONG")}");
        }

        writer.WriteLine();
        writer.WriteLine($"accuracy {100 * result.Accuracy:F0}%, mean loss {result.Loss:F4} after {result.History.Count} epochs");
        var p = result.Parameters;
        writer.WriteLine($"W = [[{p[0]:F2}, {p[1]:F2}], [{p[2]:F2}, {p[3]:F2}]], b = [{p[4]:F2}, {p[5]:F2}], v = [{p[6]:F2}, {p[7]:F2}], c = {p[8]:F2}");
        writer.WriteLine($"generated gradient vs central differences at the initial weights: max |difference| = {result.GradientCheckError:E1}");
    }

    private static List<EpochMetrics> Descend(double[] p, XorSettings settings, IProgress<TrainingProgress>? progress)
    {
        var velocity = new double[p.Length];
        var gradient = new double[p.Length];
        var history = new List<EpochMetrics>(settings.Epochs);
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            Array.Clear(gradient);
            double loss = 0;
            var correct = 0;
            foreach (var (x1, x2, y) in Data)
            {
                loss += XorNetwork.AccumulateGradient(p, x1, x2, y, gradient);
                correct += IsCorrect(XorNetwork.Predict(p, x1, x2), y) ? 1 : 0;
            }

            for (var i = 0; i < p.Length; i++)
            {
                velocity[i] = (settings.Momentum * velocity[i]) - (settings.LearningRate * gradient[i] / Data.Length);
                p[i] += velocity[i];
            }

            var metrics = new EpochMetrics(epoch, (float)(loss / Data.Length), (float)correct / Data.Length, null, null, (float)settings.LearningRate);
            history.Add(metrics);
            progress?.Report(new TrainingProgress(epoch, settings.Epochs, 1, 1, epoch, metrics.Loss, metrics.Accuracy,
                null, null, metrics.LearningRate, EndOfEpoch: true));
        }

        return history;
    }

    /// <summary>
    /// Whether a run of at least <see cref="MinEpochsToJudge"/> epochs ended on a plateau: the loss fell by less
    /// than 1% over its last tenth. A local minimum looks like that; so does the plateau every start crosses in
    /// its first hundred or so epochs, which is why short runs are never judged (and never restarted).
    /// </summary>
    private static bool OnPlateau(List<EpochMetrics> history)
    {
        if (history.Count < MinEpochsToJudge)
        {
            return false;
        }

        var before = history[^(history.Count / 10)].Loss;
        return before - history[^1].Loss < 0.01f * before;
    }

    private static bool IsCorrect(double yHat, double y) => (yHat >= 0.5) == (y >= 0.5);

    private static double GradientCheckError(double[] p)
    {
        const double h = 1e-6;
        var generated = new double[p.Length];
        foreach (var (x1, x2, y) in Data)
        {
            XorNetwork.AccumulateGradient(p, x1, x2, y, generated);
        }

        var worst = 0.0;
        var shifted = (double[])p.Clone();
        for (var i = 0; i < p.Length; i++)
        {
            double Total(double value)
            {
                shifted[i] = value;
                return Data.Sum(d => XorNetwork.LossAt(shifted, d.X1, d.X2, d.Y));
            }

            var numeric = (Total(p[i] + h) - Total(p[i] - h)) / (2 * h);
            shifted[i] = p[i];
            worst = Math.Max(worst, Math.Abs(numeric - generated[i]));
        }

        return worst;
    }
}
