using System.Text;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Samples.Perceptron;

/// <summary>Settings of a two-layer perceptron run.</summary>
/// <param name="Seed">Seed of the data, the initial weights and the shuffling.</param>
/// <param name="Epochs">Passes over the training points.</param>
/// <param name="TrainingPoints">Points to train on.</param>
/// <param name="ValidationPoints">Held-out points, drawn separately.</param>
/// <param name="Noise">Standard deviation of the noise on each coordinate.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">
/// Points per step; the default, full-batch gradient descent, finds the three-line boundary more reliably than
/// small noisy batches, which often settle for two nearly parallel lines (about 88% accuracy).
/// </param>
public sealed record PerceptronSettings(
    int Seed = 1, int Epochs = 1000, int TrainingPoints = 300, int ValidationPoints = 200, double Noise = 0.1,
    float LearningRate = 0.05f, int BatchSize = TrainerOptions.FullBatch);

/// <summary>The outcome of a run.</summary>
/// <param name="Training">The trainer's per-epoch history.</param>
/// <param name="TrainingSet">Loss and accuracy on the training points.</param>
/// <param name="ValidationSet">Loss and accuracy on the held-out points.</param>
/// <param name="Hidden">Per hidden unit j: (w_j¹, w_j², b_j).</param>
/// <param name="Output">(v₁, v₂, v₃, c).</param>
/// <param name="DecisionMap">The plane as text: the predicted class everywhere, held-out points on top.</param>
public sealed record PerceptronResult(
    TrainingResult Training, Evaluation TrainingSet, Evaluation ValidationSet,
    (float W1, float W2, float B)[] Hidden, float[] Output, string DecisionMap);

/// <summary>
/// The two-layer perceptron of the lectures (seed 002): two inputs, three sigmoid hidden units
/// h_j = σ(w_j¹x₁ + w_j²x₂ + b_j) and a sigmoid output o = σ(v·h + c), trained on two moons with binary
/// cross-entropy. The output sigmoid is fused into the loss (<see cref="BinaryCrossEntropyWithLogitsLoss"/>),
/// so the model's last layer produces the logit and o ≥ 0.5 exactly when the logit is ≥ 0.
/// </summary>
public static class PerceptronSample
{
    /// <summary>Generates the data, trains with validation after every epoch, and evaluates.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="progress">Receives the trainer's reports, or null.</param>
    public static PerceptronResult Train(PerceptronSettings settings, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        var (x, y) = TwoMoons.Generate(settings.TrainingPoints, settings.Noise, random);
        var (vx, vy) = TwoMoons.Generate(settings.ValidationPoints, settings.Noise, random);
        using (x)
        using (y)
        using (vx)
        using (vy)
        using (var model = new Sequential(new Dense(2, 3, random, Activation.Sigmoid, name: "hidden"), new Dense(3, 1, random, name: "output")))
        using (var loss = new BinaryCrossEntropyWithLogitsLoss())
        using (var optimizer = new Adam(model.Parameters, settings.LearningRate))
        using (var trainer = new Trainer(model, loss, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
        }))
        {
            var history = trainer.Fit(x, y, vx, vy, progress);
            var hidden = (Dense)model.Layers[0];
            var output = (Dense)model.Layers[1];
            var w = hidden.Weight.Value;
            var units = Enumerable.Range(0, 3).Select(j => (w[j, 0], w[j, 1], hidden.Bias.Value[j])).ToArray();
            float[] top = [.. output.Weight.Value.ToArray(), output.Bias.Value[0]];
            return new PerceptronResult(history, trainer.Evaluate(x, y), trainer.Evaluate(vx, vy), units, top,
                DecisionMap(model, vx, vy));
        }
    }

    /// <summary>Prints accuracy, loss, the learned units and the decision map.</summary>
    /// <param name="result">The run's outcome.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(PerceptronResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"training   accuracy {100 * result.TrainingSet.Accuracy,5:F1}%  loss {result.TrainingSet.Loss:F4}  ({result.TrainingSet.Count} points)");
        writer.WriteLine($"held-out   accuracy {100 * result.ValidationSet.Accuracy,5:F1}%  loss {result.ValidationSet.Loss:F4}  ({result.ValidationSet.Count} points)");
        writer.WriteLine();
        for (var j = 0; j < result.Hidden.Length; j++)
        {
            var (w1, w2, b) = result.Hidden[j];
            writer.WriteLine($"h{j + 1} = σ({First(w1)}·x₁ {Signed(w2)}·x₂ {Signed(b)})");
        }

        var o = result.Output;
        writer.WriteLine($"o  = σ({First(o[0])}·h₁ {Signed(o[1])}·h₂ {Signed(o[2])}·h₃ {Signed(o[3])})");
        writer.WriteLine();
        writer.WriteLine("Decision map (. predicts class 0, : predicts class 1; held-out points: o class 0, x class 1, upper case when misclassified):");
        writer.Write(result.DecisionMap);
    }

    private static string Signed(float value) => (value < 0 ? "− " : "+ ") + Math.Abs(value).ToString("F2");

    private static string First(float value) => ((value < 0 ? "−" : string.Empty) + Math.Abs(value).ToString("F2")).PadLeft(6);

    private static string DecisionMap(Sequential model, Tensor<float> points, Tensor<float> labels)
    {
        const int columns = 64, rows = 22;
        const float xMin = -1.8f, xMax = 2.2f, yMin = -1.1f, yMax = 1.3f;
        var grid = new char[rows, columns];
        using var cells = new Tensor<float>(rows * columns, 2);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells[(r * columns) + c, 0] = xMin + ((c + 0.5f) * (xMax - xMin) / columns);
                cells[(r * columns) + c, 1] = yMax - ((r + 0.5f) * (yMax - yMin) / rows);
            }
        }

        var logits = model.Predict(cells);
        for (var i = 0; i < rows * columns; i++)
        {
            grid[i / columns, i % columns] = logits[i] >= 0 ? ':' : '.';
        }

        var predicted = model.Predict(points);
        for (var i = 0; i < points.Rows; i++)
        {
            var c = (int)((points[i, 0] - xMin) / (xMax - xMin) * columns);
            var r = (int)((yMax - points[i, 1]) / (yMax - yMin) * rows);
            if (c >= 0 && c < columns && r >= 0 && r < rows)
            {
                var label = labels[i, 0] >= 0.5f;
                var right = (predicted[i] >= 0) == label;
                grid[r, c] = (label, right) switch
                {
                    (false, true) => 'o',
                    (false, false) => 'O',
                    (true, true) => 'x',
                    (true, false) => 'X',
                };
            }
        }

        var text = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            text.Append("  ");
            for (var c = 0; c < columns; c++)
            {
                text.Append(grid[r, c]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
