using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>A parameterless element-wise activation layer (sigmoid, tanh, ReLU, leaky ReLU, hard tanh).</summary>
public sealed class ActivationLayer : Layer
{
    private Tensor<float>? _input;
    private Tensor<float>? _output;
    private Tensor<float>? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="leakySlope">The negative slope k for <see cref="Activation.LeakyRelu"/>.</param>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public ActivationLayer(Activation activation, float leakySlope = 0.01f, string? name = null)
        : base(name)
    {
        Activation = activation;
        LeakySlope = leakySlope;
    }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>The leaky ReLU slope.</summary>
    public float LeakySlope { get; }

    /// <inheritdoc />
    public override string Kind => ActivationKernels.Kind(Activation);

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var output = EnsureBuffer(ref _output, input.Shape);
        ActivationKernels.Forward(Activation, LeakySlope, input.Span, output.Span);
        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        CheckOutputGradient(outputGradient, input.Shape);
        if (!computeInputGradient)
        {
            return null;
        }

        var dx = EnsureBuffer(ref _dx, input.Shape);
        ActivationKernels.Backward(Activation, LeakySlope, input.Span, _output!.Span, outputGradient.Span, dx.Span);
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
