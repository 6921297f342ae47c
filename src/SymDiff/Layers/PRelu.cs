using SymDiff.Functions;
using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// The parametric ReLU layer: z for z ≥ 0 and a·z otherwise, with one slope a learned for the whole layer (parameter
/// <c>slope</c>, not regularized). Forward and backward are the generated kernels of
/// <see cref="ParametricActivations.PRelu"/>: <c>PReluBatch</c>, and <c>PReluPullbackBatch</c>, which returns the
/// slope's gradient summed over the batch in the same pass as the input's.
/// </summary>
public sealed class PRelu : Layer
{
    private readonly Parameter _slope;
    private readonly Parameter[] _parameters;
    private Tensor<float>? _input;
    private Tensor<float>? _output;
    private Tensor<float>? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="initialSlope">The slope before training (0.25, as in He et al.).</param>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public PRelu(float initialSlope = 0.25f, string? name = null)
        : base(name)
    {
        if (!float.IsFinite(initialSlope))
        {
            throw new ArgumentOutOfRangeException(nameof(initialSlope), initialSlope, "The initial slope must be a finite number.");
        }

        _slope = CreateParameter("slope", TensorShape.Vector(1), regularize: false);
        _slope.Value.Span[0] = initialSlope;
        _parameters = [_slope];
    }

    /// <inheritdoc />
    public override string Kind => "prelu";

    /// <summary>The learned slope for negative inputs (a vector of one element).</summary>
    public Parameter Slope => _slope;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var output = EnsureBuffer(ref _output, input.Shape);
        ParametricActivations.PReluBatch(input.Span, _slope.Value.Span[0], output.Span);
        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    /// <remarks>The slope's gradient is overwritten with this batch's (as every layer's parameter gradients are).</remarks>
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        CheckOutputGradient(outputGradient, input.Shape);
        // The input's gradient is computed in the same pass as the slope's, so it has a buffer even when not returned.
        var dx = EnsureBuffer(ref _dx, input.Shape);
        ParametricActivations.PReluPullbackBatch(input.Span, _slope.Value.Span[0], outputGradient.Span, dx.Span, out var dSlope);
        _slope.Gradient.Span[0] = dSlope;
        return computeInputGradient ? dx : null;
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
