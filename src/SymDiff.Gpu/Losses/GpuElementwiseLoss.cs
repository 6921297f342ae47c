using ILGPU;
using ILGPU.Runtime;
using LossFunctions = SymDiff.Gpu.Functions.Losses;

namespace SymDiff.Gpu;

/// <summary>
/// A loss that is a sum of per-element terms, on an accelerator: the twin of the CPU runtime's <c>SquaredErrorLoss</c>
/// and <c>BinaryCrossEntropyWithLogitsLoss</c>. The per-element term and its derivative are the generated ILGPU
/// kernels of the very <c>[Differentiable]</c> functions whose C# kernels the CPU losses call
/// (<c>src/SymDiff/Functions/Losses.cs</c>); the loss is their sum over the batch divided by its rows, summed on the
/// host in order (deterministic), and the gradient is each element's derivative divided by the rows.
/// </summary>
public sealed class GpuElementwiseLoss : IDisposable
{
    private readonly Kind _kind;
    private GpuMatrix? _terms;

    private GpuElementwiseLoss(Kind kind, string name) => (_kind, Name) = (kind, name);

    private enum Kind
    {
        SquaredError,
        BinaryCrossEntropyWithLogits,
    }

    /// <summary>½(ŷ − y)² per element, as <c>SquaredErrorLoss</c>.</summary>
    public static GpuElementwiseLoss SquaredError() => new(Kind.SquaredError, "squared error");

    /// <summary>Binary cross-entropy from logits per element, as <c>BinaryCrossEntropyWithLogitsLoss</c>.</summary>
    public static GpuElementwiseLoss BinaryCrossEntropyWithLogits() => new(Kind.BinaryCrossEntropyWithLogits, "binary cross-entropy");

    /// <summary>The loss's name, as the CPU loss's.</summary>
    public string Name { get; }

    /// <summary>The mean over rows of the summed per-element loss; writes ∂loss/∂output into <paramref name="gradient"/> when given.</summary>
    /// <param name="output">The model's output, rows×columns.</param>
    /// <param name="target">The targets, the same shape.</param>
    /// <param name="gradient">The same shape, overwritten with the gradient; or null.</param>
    /// <exception cref="ArgumentException">The shapes or accelerators disagree.</exception>
    public float Compute(GpuMatrix output, GpuMatrix target, GpuMatrix? gradient)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        target.CheckShape(output.Accelerator, output.Rows, output.Columns, "The target", nameof(target));
        gradient?.CheckShape(output.Accelerator, output.Rows, output.Columns, "The gradient", nameof(gradient));
        var accelerator = output.Accelerator;
        _terms = GpuMatrix.Ensure(_terms, accelerator, output.Rows, output.Columns);

        if (_kind == Kind.SquaredError)
        {
            LossFunctions.SquaredErrorGpuForward(accelerator, output.View, target.View, _terms.View);
        }
        else
        {
            LossFunctions.BinaryCrossEntropyWithLogitsGpuForward(accelerator, output.View, target.View, _terms.View);
        }

        if (gradient is not null)
        {
            gradient.Fill(1f / output.Rows);
            if (_kind == Kind.SquaredError)
            {
                LossFunctions.SquaredErrorGpuBackward(accelerator, output.View, target.View, gradient.View, gradient.View);
            }
            else
            {
                LossFunctions.BinaryCrossEntropyWithLogitsGpuBackward(accelerator, output.View, target.View, gradient.View, gradient.View);
            }
        }

        double sum = 0;
        foreach (var term in _terms.ToHost())
        {
            sum += term;
        }

        return (float)(sum / output.Rows);
    }

    /// <summary>Frees the per-element buffer.</summary>
    public void Dispose() => _terms?.Dispose();
}
