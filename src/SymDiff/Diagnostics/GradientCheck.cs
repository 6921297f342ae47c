using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Diagnostics;

/// <summary>The comparison of analytic and numeric gradients for one tensor.</summary>
/// <param name="Name">The parameter name, or <c>input</c>.</param>
/// <param name="Count">Number of elements compared.</param>
/// <param name="MaxAbsoluteError">The largest |analytic − numeric|.</param>
/// <param name="MaxError">The largest |analytic − numeric| / max(|analytic|, |numeric|, floor).</param>
public sealed record GradientCheckEntry(string Name, int Count, double MaxAbsoluteError, double MaxError);

/// <summary>The result of <see cref="GradientCheck.Check"/>.</summary>
/// <param name="Entries">One entry per checked tensor.</param>
public sealed record GradientCheckResult(IReadOnlyList<GradientCheckEntry> Entries)
{
    /// <summary>The largest <see cref="GradientCheckEntry.MaxError"/> over all entries.</summary>
    public double MaxError => Entries.Count == 0 ? 0 : Entries.Max(e => e.MaxError);

    /// <summary>A one-line-per-tensor summary.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Entries.Select(e => $"{e.Name}: n={e.Count} maxAbs={e.MaxAbsoluteError:G3} maxErr={e.MaxError:G3}"));
}

/// <summary>
/// Numeric gradient checking with the central difference f'(x) ≈ (f(x + h) − f(x − h)) / 2h, to validate
/// back-propagation against the definition of the derivative.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Fills <paramref name="result"/> with the central-difference gradient of <paramref name="function"/> with
    /// respect to every element of <paramref name="values"/>, perturbing one element at a time and restoring it.
    /// </summary>
    /// <param name="function">Evaluates the scalar function of the current <paramref name="values"/>.</param>
    /// <param name="values">The point; each element is temporarily changed by ±h.</param>
    /// <param name="result">Receives the numeric gradient (same length as <paramref name="values"/>).</param>
    /// <param name="epsilon">The step h.</param>
    public static void NumericGradient(Func<double> function, Tensor<float> values, Span<float> result, float epsilon = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(values);
        if (result.Length != values.Length)
        {
            throw new ShapeMismatchException("GradientCheck.NumericGradient result", values.Shape, TensorShape.Vector(result.Length));
        }

        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + epsilon;
            var plus = function();
            values[i] = original - epsilon;
            var minus = function();
            values[i] = original;
            result[i] = (float)((plus - minus) / (2.0 * epsilon));
        }
    }

    /// <summary>
    /// Compares the model's back-propagated gradients (for every parameter, and for the input when
    /// <paramref name="checkInput"/>) with central differences of the mean loss. Runs in inference mode, so
    /// dropout is the identity.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="inputs">A mini-batch of inputs.</param>
    /// <param name="targets">Its targets.</param>
    /// <param name="epsilon">The step h (float evaluation: about 1e-3 to 1e-2 works well).</param>
    /// <param name="checkInput">Whether to check the gradient with respect to the inputs too.</param>
    /// <param name="errorFloor">The floor of the relative error's denominator, so tiny gradients compare absolutely.</param>
    public static GradientCheckResult Check(Sequential model, Loss loss, Tensor<float> inputs, Tensor<float> targets,
        float epsilon = 1e-3f, bool checkInput = false, double errorFloor = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        var output = model.Forward(inputs, training: false);
        using var gradient = new Tensor<float>(output.Shape);
        loss.Compute(output, targets, gradient);
        var inputGradient = model.Backward(gradient, checkInput);

        double Evaluate() => loss.Compute(model.Forward(inputs, training: false), targets, null);

        var entries = new List<GradientCheckEntry>();
        foreach (var p in model.Parameters)
        {
            var analytic = p.Gradient.ToArray();
            entries.Add(Compare(p.Name, analytic, Evaluate, p.Value, epsilon, errorFloor));
        }

        if (checkInput && inputGradient is not null)
        {
            var analytic = inputGradient.ToArray();
            entries.Add(Compare("input", analytic, Evaluate, inputs, epsilon, errorFloor));
        }

        return new GradientCheckResult(entries);
    }

    private static GradientCheckEntry Compare(string name, float[] analytic, Func<double> evaluate, Tensor<float> values,
        float epsilon, double errorFloor)
    {
        var numeric = new float[analytic.Length];
        NumericGradient(evaluate, values, numeric, epsilon);
        double maxAbs = 0, maxErr = 0;
        for (var i = 0; i < analytic.Length; i++)
        {
            var diff = Math.Abs((double)analytic[i] - numeric[i]);
            var scale = Math.Max(Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric[i])), errorFloor);
            maxAbs = Math.Max(maxAbs, diff);
            maxErr = Math.Max(maxErr, diff / scale);
        }

        return new GradientCheckEntry(name, analytic.Length, maxAbs, maxErr);
    }
}
