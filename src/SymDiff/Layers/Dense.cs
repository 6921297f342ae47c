using SymDiff.Initialization;
using SymDiff.Linear;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// A fully connected layer a = f(W·x + b) with an optional fused activation f. The weight W is stored
/// row-major as outputSize×inputSize (row j holds the weights into output unit j, as in the lectures' W·x);
/// on a mini-batch X (batch×inputSize, one example per row) the forward pass computes Z = X·Wᵀ + b with
/// <see cref="Gemm"/> (the bias is written into Z first and GEMM accumulates onto it), then A = f(Z).
/// Backward: dZ = dA ⊙ f'(Z), dW = dZᵀ·X, db = Σ_rows dZ, dX = dZ·W.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter[] _parameters;
    private Tensor<float>? _input;
    private Tensor<float>? _z;
    private Tensor<float>? _a;
    private Tensor<float>? _dz;
    private Tensor<float>? _dx;

    /// <summary>Creates the layer with initialized weights and zero biases.</summary>
    /// <param name="inputSize">Number of input units (fan-in).</param>
    /// <param name="outputSize">Number of output units (fan-out).</param>
    /// <param name="random">The seeded random source for the weights.</param>
    /// <param name="activation">The fused activation (default: none).</param>
    /// <param name="init">The weight initialization (default: Xavier uniform).</param>
    /// <param name="leakySlope">The negative slope k when <paramref name="activation"/> is <see cref="Activation.LeakyRelu"/>.</param>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public Dense(int inputSize, int outputSize, Random random, Activation activation = Activation.Identity,
        WeightInit init = WeightInit.XavierUniform, float leakySlope = 0.01f, string? name = null)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentNullException.ThrowIfNull(random);
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        LeakySlope = leakySlope;
        _weight = CreateParameter("weight", TensorShape.Matrix(outputSize, inputSize), regularize: true);
        _bias = CreateParameter("bias", TensorShape.Vector(outputSize), regularize: false);
        _parameters = [_weight, _bias];
        Initializers.Initialize(_weight.Value.Span, init, inputSize, outputSize, random);
    }

    /// <inheritdoc />
    public override string Kind => "dense";

    /// <summary>Number of input units.</summary>
    public int InputSize { get; }

    /// <summary>Number of output units.</summary>
    public int OutputSize { get; }

    /// <summary>The fused activation.</summary>
    public Activation Activation { get; }

    /// <summary>The leaky ReLU slope (used only with <see cref="Activation.LeakyRelu"/>).</summary>
    public float LeakySlope { get; }

    /// <summary>The weight, outputSize×inputSize.</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, a vector of outputSize.</summary>
    public Parameter Bias => _bias;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        CheckInputColumns(input, InputSize);
        var batch = input.Rows;
        var z = EnsureBuffer(ref _z, TensorShape.Matrix(batch, OutputSize));
        var zs = z.Span;
        var bias = _bias.Value.Span;
        for (var r = 0; r < batch; r++)
        {
            bias.CopyTo(zs.Slice(r * OutputSize, OutputSize));
        }

        Gemm.Multiply(false, true, batch, OutputSize, InputSize, 1f,
            input.Span, InputSize, _weight.Value.Span, InputSize, 1f, zs, OutputSize);
        _input = input;
        if (Activation == Activation.Identity)
        {
            LastOutput = z;
            return z;
        }

        var a = EnsureBuffer(ref _a, z.Shape);
        ActivationKernels.Forward(Activation, LeakySlope, zs, a.Span);
        LastOutput = a;
        return a;
    }

    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        var (dz, input) = OutputDelta(outputGradient);
        var dzs = dz.Span;
        var batch = dz.Rows;
        WeightGradient(dzs, input, batch);
        BiasGradient(dzs, batch);
        return computeInputGradient ? InputGradient(dz, input) : null;
    }

    /// <summary>
    /// The backward pass with the SGD step inside it: the input gradient first (from W before the update), then, for a
    /// claimed weight, W ← (1 − ηλ)·W − η·dZᵀ·X as one GEMM (alpha −η, beta 1 − ηλ, C = W) instead of writing dW and
    /// reading it back, and for a claimed bias b ← b − η·Σ_rows dZ.
    /// </summary>
    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient, FusedSgd update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (dz, input) = OutputDelta(outputGradient);
        var dzs = dz.Span;
        var batch = dz.Rows;
        var dx = computeInputGradient ? InputGradient(dz, input) : null;
        if (update.Claim(_weight))
        {
            Gemm.Multiply(true, false, OutputSize, InputSize, batch, -update.LearningRate,
                dzs, OutputSize, input.Span, InputSize, update.Decay(_weight), _weight.Value.Span, InputSize);
        }
        else
        {
            WeightGradient(dzs, input, batch);
        }

        if (update.Claim(_bias))
        {
            var b = _bias.Value.Span;
            var decay = update.Decay(_bias);
            if (decay != 1f)
            {
                TensorMath.Scale(decay, b);
            }

            for (var r = 0; r < batch; r++)
            {
                TensorMath.Axpy(-update.LearningRate, dzs.Slice(r * OutputSize, OutputSize), b);
            }
        }
        else
        {
            BiasGradient(dzs, batch);
        }

        return dx;
    }

    /// <summary>dZ = dA ⊙ f′(Z) (dA itself without an activation), and the input of the forward pass.</summary>
    private (Tensor<float> Dz, Tensor<float> Input) OutputDelta(Tensor<float> outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Dense layer '{Name}': Backward called before Forward.");
        var z = _z!;
        CheckOutputGradient(outputGradient, z.Shape);
        if (Activation == Activation.Identity)
        {
            return (outputGradient, input);
        }

        var dz = EnsureBuffer(ref _dz, z.Shape);
        ActivationKernels.Backward(Activation, LeakySlope, z.Span, _a!.Span, outputGradient.Span, dz.Span);
        return (dz, input);
    }

    /// <summary>dW = dZᵀ·X, into the weight's gradient.</summary>
    private void WeightGradient(ReadOnlySpan<float> dzs, Tensor<float> input, int batch) =>
        Gemm.Multiply(true, false, OutputSize, InputSize, batch, 1f,
            dzs, OutputSize, input.Span, InputSize, 0f, _weight.Gradient.Span, InputSize);

    /// <summary>db = Σ_rows dZ, into the bias's gradient.</summary>
    private void BiasGradient(ReadOnlySpan<float> dzs, int batch)
    {
        var db = _bias.Gradient.Span;
        db.Clear();
        for (var r = 0; r < batch; r++)
        {
            TensorMath.Axpy(1f, dzs.Slice(r * OutputSize, OutputSize), db);
        }
    }

    /// <summary>dX = dZ·W, from the weights as they are now.</summary>
    private Tensor<float> InputGradient(Tensor<float> dz, Tensor<float> input)
    {
        var dx = EnsureBuffer(ref _dx, input.Shape);
        Gemm.Multiply(false, false, dz.Rows, InputSize, OutputSize, 1f,
            dz.Span, OutputSize, _weight.Value.Span, InputSize, 0f, dx.Span, InputSize);
        return dx;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _z?.Dispose();
            _a?.Dispose();
            _dz?.Dispose();
            _dx?.Dispose();
        }

        base.Dispose(disposing);
    }
}
