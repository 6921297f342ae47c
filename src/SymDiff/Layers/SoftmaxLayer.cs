using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// Row-wise softmax producing class probabilities (max-shifted, so any logits give finite outputs). For
/// training prefer <see cref="SymDiff.Losses.SoftmaxCrossEntropyLoss"/> on the logits, which fuses softmax and
/// cross-entropy; this layer pairs with <see cref="SymDiff.Losses.NegativeLogLikelihoodLoss"/> or inference.
/// </summary>
public sealed class SoftmaxLayer : Layer
{
    private Tensor<float>? _output;
    private Tensor<float>? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public SoftmaxLayer(string? name = null)
        : base(name)
    {
    }

    /// <inheritdoc />
    public override string Kind => "softmax";

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Columns < 1)
        {
            throw new ShapeMismatchException($"softmax layer '{Name}' input",
                TensorShape.Matrix(input.Rows, Math.Max(1, input.Columns)), input.Shape);
        }

        var output = EnsureBuffer(ref _output, input.Shape);
        Functions.Softmax.Forward(input.Span, input.Columns, output.Span);
        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        var output = _output ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        CheckOutputGradient(outputGradient, output.Shape);
        if (!computeInputGradient)
        {
            return null;
        }

        var dx = EnsureBuffer(ref _dx, output.Shape);
        Functions.Softmax.Backward(output.Span, outputGradient.Span, output.Columns, dx.Span);
        return dx;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output?.Dispose();
            _dx?.Dispose();
        }

        base.Dispose(disposing);
    }
}
