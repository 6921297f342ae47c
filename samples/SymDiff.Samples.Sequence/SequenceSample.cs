using System.Diagnostics;
using System.Globalization;
using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Samples.Sequence;

/// <summary>Settings of a sequence run.</summary>
/// <param name="Seed">Seed of the signal's phases and noise and of the initial weights.</param>
/// <param name="Epochs">Adam steps, each on the gradient over the whole training sequence.</param>
/// <param name="TrainingSteps">T, the predictions in the training sequence (it holds T + 1 values).</param>
/// <param name="HeldOutSteps">Predictions in the held-out sequence, which continues the signal after the training one.</param>
/// <param name="Hidden">H, the RNN's hidden units.</param>
/// <param name="Noise">The standard deviation of the signal's noise; σ² is the best mean squared error possible.</param>
/// <param name="LearningRate">Adam's initial step size, halved after every quarter of the epochs.</param>
/// <param name="MaxGradientNorm">The gradient is scaled down to this global norm when it is longer.</param>
/// <param name="WindowSteps">
/// On an accelerator (<see cref="SequenceOnAccelerator"/>): the predictions per window, the training sequence being cut
/// into windows that train in parallel, one per thread.
/// </param>
public sealed record SequenceSettings(
    int Seed = 1, int Epochs = 600, int TrainingSteps = 1000, int HeldOutSteps = 1000, int Hidden = 8, double Noise = 0.05,
    float LearningRate = 0.02f, float MaxGradientNorm = 1f, int WindowSteps = 25);

/// <summary>The training loss and its gradient at <paramref name="parameters"/> over the training sequence <paramref name="training"/>.</summary>
/// <param name="parameters">The flat parameters.</param>
/// <param name="training">The training sequence (T + 1 values).</param>
/// <param name="gradient">Overwritten with the gradient.</param>
/// <returns>The loss.</returns>
public delegate double SequenceGradient(double[] parameters, double[] training, double[] gradient);

/// <summary>One held-out step: the value to predict, the RNN's prediction and the baseline's.</summary>
/// <param name="Step">t + 1, the step of the predicted value.</param>
/// <param name="True">x_{t+1}.</param>
/// <param name="Predicted">ŷ_t.</param>
/// <param name="LastValue">x_t, the baseline's prediction.</param>
public readonly record struct Prediction(int Step, double True, double Predicted, double LastValue);

/// <summary>The outcome of a sequence run.</summary>
/// <param name="Signal">The signal trained on (its phases and noise).</param>
/// <param name="Parameters">The trained parameters, flat (see <see cref="RecurrentNetwork"/>).</param>
/// <param name="History">Per epoch: the training MSE (before that epoch's step) and the held-out MSE; no accuracy (NaN).</param>
/// <param name="TrainingMse">The trained RNN's mean squared error on the training sequence.</param>
/// <param name="HeldOutMse">The same on the held-out sequence.</param>
/// <param name="TrainingBaselineMse">The baseline's (predict the last value) mean squared error on the training sequence.</param>
/// <param name="HeldOutBaselineMse">The baseline's on the held-out sequence.</param>
/// <param name="Examples">A few consecutive held-out steps.</param>
public sealed record SequenceResult(
    SumOfSines Signal, double[] Parameters, IReadOnlyList<EpochMetrics> History, double TrainingMse, double HeldOutMse,
    double TrainingBaselineMse, double HeldOutBaselineMse, IReadOnlyList<Prediction> Examples);

/// <summary>The same gradient with and without <c>[Checkpoint]</c> on one sequence.</summary>
/// <param name="Steps">T, the sequence's predictions.</param>
/// <param name="PeakTapeWithout">The tape's capacity after a gradient without <c>[Checkpoint]</c>, in values (8 bytes each).</param>
/// <param name="PeakTapeWith">The same with <c>[Checkpoint]</c>.</param>
/// <param name="MillisecondsWithout">The median time of one gradient without <c>[Checkpoint]</c>.</param>
/// <param name="MillisecondsWith">The median time with it.</param>
/// <param name="MaxDifference">The largest |difference| between the two, over the loss and every partial derivative.</param>
public sealed record CheckpointComparison(
    int Steps, int PeakTapeWithout, int PeakTapeWith, double MillisecondsWithout, double MillisecondsWith, double MaxDifference);

/// <summary>
/// Trains <see cref="RecurrentNetwork"/> to predict the next value of a noisy sum of sines with the runtime's Adam on the
/// generated, checkpointed gradient of the whole sequence, and compares that gradient with the one recorded without
/// <c>[Checkpoint]</c>: tape, time, and that both are the same.
/// </summary>
public static class SequenceSample
{
    /// <summary>Generates the signal, trains, and evaluates against the last-value baseline.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives one report per epoch, or null.</param>
    /// <param name="gradientOf">
    /// Computes each step's loss and gradient: by default the generated checkpointed gradient of the whole sequence on the
    /// CPU; <see cref="SequenceOnAccelerator"/> passes the mean over windows computed on an accelerator.
    /// </param>
    /// <exception cref="NonFiniteValueException">The loss stopped being finite.</exception>
    public static SequenceResult Train(SequenceSettings settings, IProgress<TrainingProgress>? progress = null, SequenceGradient? gradientOf = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.TrainingSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.HeldOutSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Hidden);
        var random = new Random(settings.Seed);
        var signal = SumOfSines.Draw(random, settings.Noise);
        var training = signal.Generate(0, settings.TrainingSteps + 1, random);
        var heldOut = signal.Generate(settings.TrainingSteps + 1, settings.HeldOutSteps + 1, random);
        var hidden = settings.Hidden;
        gradientOf ??= (parameters, xs, gradient) => RecurrentNetwork.Gradient(parameters, hidden, xs, gradient);
        var p = new double[RecurrentNetwork.ParameterCount(hidden)];
        var gradient = new double[p.Length];
        var history = new List<EpochMetrics>(settings.Epochs);

        // The runtime's optimizers update float parameters: the weights live there between steps and are widened for
        // the double-precision gradient.
        using var parameter = new Parameter("rnn", TensorShape.Vector(p.Length), regularize: false);
        Initialize(parameter.Value.Span, hidden, random);
        using var adam = new Adam([parameter], settings.LearningRate);
        var schedule = new StepDecay(Math.Max(1, settings.Epochs / 4), 0.5f);
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            adam.LearningRate = schedule.GetLearningRate(settings.LearningRate, epoch - 1);
            Widen(parameter.Value.Span, p);
            var loss = gradientOf(p, training, gradient);
            if (!double.IsFinite(loss))
            {
                throw new NonFiniteValueException(epoch, epoch, (float)loss, parameter.Name, null);
            }

            var validation = RecurrentNetwork.MeanSquaredError(p, hidden, heldOut);
            var narrowed = parameter.Gradient.Span;
            for (var i = 0; i < p.Length; i++)
            {
                narrowed[i] = (float)gradient[i];
            }

            GradientClipping.ClipByGlobalNorm([parameter], settings.MaxGradientNorm);
            adam.Step();
            var metrics = new EpochMetrics(epoch, (float)loss, float.NaN, (float)validation, null, adam.LearningRate);
            history.Add(metrics);
            progress?.Report(new TrainingProgress(epoch, settings.Epochs, 1, 1, epoch, metrics.Loss, float.NaN,
                metrics.ValidationLoss, null, adam.LearningRate, EndOfEpoch: true));
        }

        Widen(parameter.Value.Span, p);
        var predictions = new double[settings.HeldOutSteps];
        RecurrentNetwork.Predict(p, hidden, heldOut, predictions);
        var first = settings.HeldOutSteps / 2;
        var examples = Enumerable.Range(first, Math.Min(8, settings.HeldOutSteps - first))
            .Select(t => new Prediction(settings.TrainingSteps + 2 + t, heldOut[t + 1], predictions[t], heldOut[t])).ToArray();
        return new SequenceResult(signal, p, history, RecurrentNetwork.MeanSquaredError(p, hidden, training),
            RecurrentNetwork.MeanSquaredError(p, hidden, heldOut), LastValueMse(training), LastValueMse(heldOut), examples);
    }

    /// <summary>
    /// Takes the gradient of the same RNN on the same sequence with and without <c>[Checkpoint]</c>: the peak tape of
    /// each (on a fresh thread, whose tape grows to what the call needed), the median time of one call, and the
    /// largest difference between the two results.
    /// </summary>
    /// <param name="parameters">The flat parameters.</param>
    /// <param name="hidden">H.</param>
    /// <param name="xs">The sequence (T + 1 values).</param>
    /// <param name="rounds">Timed rounds per variant (the median is kept); each round runs enough calls to fill about 20 ms.</param>
    public static CheckpointComparison CompareCheckpointing(double[] parameters, int hidden, double[] xs, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var with = new double[parameters.Length];
        var without = new double[parameters.Length];
        double valueWith = 0, valueWithout = 0;
        var peakWith = PeakTape(() => valueWith = RecurrentNetwork.Gradient(parameters, hidden, xs, with, checkpoint: true));
        var peakWithout = PeakTape(() => valueWithout = RecurrentNetwork.Gradient(parameters, hidden, xs, without, checkpoint: false));
        var difference = Math.Abs(valueWith - valueWithout);
        for (var i = 0; i < with.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(with[i] - without[i]));
        }

        var scratch = new double[parameters.Length];
        var (timeWithout, timeWith) = MedianMilliseconds(
            () => RecurrentNetwork.Gradient(parameters, hidden, xs, scratch, checkpoint: false),
            () => RecurrentNetwork.Gradient(parameters, hidden, xs, scratch, checkpoint: true),
            rounds);
        return new CheckpointComparison(xs.Length - 1, peakWithout, peakWith, timeWithout, timeWith, difference);
    }

    /// <summary>
    /// The capacity of the tape of a fresh thread after it ran <paramref name="run"/>: the tape starts small and grows
    /// (doubling) to the most the run held at once, so this is the run's peak, rounded up to a power of two.
    /// </summary>
    /// <param name="run">The work, run on a new thread.</param>
    /// <returns>The capacity, in values.</returns>
    public static int PeakTape(Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var peak = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                run();
                peak = Tape.Current.Values.Length;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? peak : throw new InvalidOperationException("The run failed on its thread.", failure);
    }

    /// <summary>Prints the errors against the baseline and a few held-out predictions.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(SequenceResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var floor = result.Signal.Noise * result.Signal.Noise;
        writer.WriteLine("mean squared error   RNN      last value (baseline)");
        writer.WriteLine($"  training         {result.TrainingMse,7:F5}   {result.TrainingBaselineMse,7:F5}");
        writer.WriteLine($"  held-out         {result.HeldOutMse,7:F5}   {result.HeldOutBaselineMse,7:F5}");
        writer.WriteLine($"  (noise floor σ² = {floor:F5}: the noise on the next value cannot be predicted)");
        writer.WriteLine();
        writer.WriteLine("held-out steps   true x   RNN ŷ   last value");
        foreach (var p in result.Examples)
        {
            writer.WriteLine($"  t = {p.Step,-8} {p.True,7:F3}  {p.Predicted,7:F3}  {p.LastValue,7:F3}");
        }
    }

    /// <summary>Prints the with/without <c>[Checkpoint]</c> table and what its columns measure.</summary>
    /// <param name="rows">One comparison per sequence length.</param>
    /// <param name="writer">Where to print.</param>
    public static void PrintComparison(IEnumerable<CheckpointComparison> rows, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{string.Empty,8} | {"peak tape (values)",-27} | {"time per gradient (ms)",-28} |");
        writer.WriteLine($"{"steps T",8} | {"recorded",8} {"checkpointed",12} {"ratio",5} | {"recorded",8} {"checkpointed",12} {"ratio",6} | max |Δ|");
        foreach (var r in rows)
        {
            var difference = r.MaxDifference == 0 ? "0" : r.MaxDifference.ToString("0.0E+0", CultureInfo.InvariantCulture);
            writer.WriteLine($"{r.Steps,8} | {r.PeakTapeWithout,8} {r.PeakTapeWith,12} {(double)r.PeakTapeWithout / r.PeakTapeWith,4:F0}× | "
                + $"{r.MillisecondsWithout,8:F3} {r.MillisecondsWith,12:F3} {r.MillisecondsWith / r.MillisecondsWithout,5:F2}× | {difference}");
        }

        writer.WriteLine("peak tape: capacity of a fresh thread's tape after one gradient (8 bytes a value, grown by doubling); "
            + "time: median of 5 rounds; max |Δ|: the largest difference between the two gradients (0: bit-identical)");
    }

    /// <summary>The mean squared error of predicting x_{t+1} = x_t.</summary>
    /// <param name="xs">The sequence.</param>
    public static double LastValueMse(ReadOnlySpan<double> xs)
    {
        double sum = 0;
        for (var t = 0; t + 1 < xs.Length; t++)
        {
            sum += (xs[t + 1] - xs[t]) * (xs[t + 1] - xs[t]);
        }

        return sum / (xs.Length - 1);
    }

    private static void Initialize(Span<float> p, int hidden, Random random)
    {
        // W_hh and W_hy uniform in ±1/√H (the state's scale stays near 1), W_xh uniform in ±1, biases 0.
        var square = hidden * hidden;
        var scale = 1 / Math.Sqrt(hidden);
        p.Clear();
        for (var i = 0; i < square; i++)
        {
            p[i] = (float)(scale * ((2 * random.NextDouble()) - 1));
        }

        for (var i = 0; i < hidden; i++)
        {
            p[square + i] = (float)((2 * random.NextDouble()) - 1);
            p[square + (2 * hidden) + i] = (float)(scale * ((2 * random.NextDouble()) - 1));
        }
    }

    private static void Widen(ReadOnlySpan<float> from, Span<double> to)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }

    private static (double First, double Second) MedianMilliseconds(Action first, Action second, int rounds)
    {
        // Warm-up, then alternate the two so that both see the same machine load.
        first();
        second();
        var a = new List<double>(rounds);
        var b = new List<double>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            a.Add(Milliseconds(first));
            b.Add(Milliseconds(second));
        }

        return (Median(a), Median(b));
    }

    private static double Milliseconds(Action run)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            run();
            calls++;
        }
        while (clock.Elapsed.TotalMilliseconds < 20);
        return clock.Elapsed.TotalMilliseconds / calls;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
