using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>
/// A loss over a mini-batch (rows are examples): per-example losses summed over output units and averaged
/// over the examples, as in the lectures' "average of all training examples". The gradient is taken with
/// respect to the model output and already includes the 1/batch factor.
/// </summary>
public abstract class Loss : IDisposable
{
    private Tensor<float>? _scratch;

    /// <summary>A short name for reports.</summary>
    public abstract string Name { get; }

    /// <summary>Computes the mean loss and, when <paramref name="gradient"/> is given, its gradient.</summary>
    /// <param name="output">The model output, one example per row.</param>
    /// <param name="target">The targets (see the concrete loss for the accepted shapes).</param>
    /// <param name="gradient">Receives ∂loss/∂output (same shape as <paramref name="output"/>), or null.</param>
    /// <returns>The mean loss over the batch.</returns>
    public abstract float Compute(Tensor<float> output, Tensor<float> target, Tensor<float>? gradient);

    /// <summary>Number of examples in the batch the model gets right (for accuracy).</summary>
    /// <param name="output">The model output.</param>
    /// <param name="target">The targets.</param>
    public abstract int CountCorrect(Tensor<float> output, Tensor<float> target);

    /// <summary>Releases scratch buffers.</summary>
    public void Dispose()
    {
        _scratch?.Dispose();
        _scratch = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>A reusable scratch buffer of the given shape (allocation-free in steady state).</summary>
    /// <param name="shape">The shape.</param>
    protected Tensor<float> Scratch(TensorShape shape)
    {
        if (_scratch is not null && (_scratch.Shape == shape || _scratch.TryReshape(shape)))
        {
            return _scratch;
        }

        _scratch?.Dispose();
        _scratch = new Tensor<float>(shape);
        return _scratch;
    }

    /// <summary>Sum in double precision.</summary>
    /// <param name="values">The values.</param>
    protected static double Sum(ReadOnlySpan<float> values)
    {
        var s = 0d;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }

    /// <summary>Checks that the output is a non-empty matrix and the gradient (if any) has its shape.</summary>
    /// <param name="output">The model output.</param>
    /// <param name="gradient">The gradient buffer, or null.</param>
    protected void CheckOutput(Tensor<float> output, Tensor<float>? gradient)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Rows == 0)
        {
            throw new ArgumentException($"{Name}: the batch is empty.", nameof(output));
        }

        if (gradient is not null && gradient.Shape != output.Shape)
        {
            throw new ShapeMismatchException($"{Name} gradient buffer", output.Shape, gradient.Shape);
        }
    }

    /// <summary>Checks that the target holds exactly one value per output element.</summary>
    /// <param name="output">The model output.</param>
    /// <param name="target">The targets.</param>
    protected void CheckElementwiseTarget(Tensor<float> output, Tensor<float> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Rows != output.Rows || target.Length != output.Length)
        {
            throw new ShapeMismatchException($"{Name} target", output.Shape, target.Shape);
        }
    }
}
