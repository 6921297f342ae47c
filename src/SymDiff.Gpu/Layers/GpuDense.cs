using ILGPU;
using ILGPU.Runtime;
using SymDiff.Layers;

namespace SymDiff.Gpu;

/// <summary>
/// A fully connected layer on an accelerator, the GPU twin of <see cref="Dense"/>: the same weight layout
/// (outputSize×inputSize), the same computation (Z = X·Wᵀ + b, A = f(Z); backward dZ = dA ⊙ f′(Z), dW = dZᵀ·X,
/// db = Σ_rows dZ, dX = dZ·W) and the same activations — their SymDiff-generated ILGPU kernels, from the very functions
/// whose C# kernels the CPU layer runs. Build it from a CPU layer (<see cref="FromCpu"/>) to train the same
/// initialization on either device, and copy it back with <see cref="CopyToCpu"/>.
/// </summary>
public sealed class GpuDense : IDisposable
{
    private GpuMatrix? _input;
    private GpuMatrix? _z;
    private GpuMatrix? _a;
    private GpuMatrix? _dz;
    private GpuMatrix? _dx;

    private GpuDense(Accelerator accelerator, int inputSize, int outputSize, Activation activation, float leakySlope, string name)
    {
        Name = name;
        Accelerator = accelerator;
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        LeakySlope = leakySlope;
        Weight = new GpuMatrix(accelerator, outputSize, inputSize);
        Bias = new GpuMatrix(accelerator, 1, outputSize);
        WeightGradient = new GpuMatrix(accelerator, outputSize, inputSize);
        BiasGradient = new GpuMatrix(accelerator, 1, outputSize);
    }

    /// <summary>The accelerator the layer runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The layer's name (the CPU layer's, when built from one).</summary>
    public string Name { get; }

    /// <summary>Number of input units.</summary>
    public int InputSize { get; }

    /// <summary>Number of output units.</summary>
    public int OutputSize { get; }

    /// <summary>The fused activation.</summary>
    public Activation Activation { get; }

    /// <summary>The leaky ReLU slope (used only with <see cref="Activation.LeakyRelu"/>).</summary>
    public float LeakySlope { get; }

    /// <summary>W, outputSize×inputSize.</summary>
    public GpuMatrix Weight { get; }

    /// <summary>b, 1×outputSize.</summary>
    public GpuMatrix Bias { get; }

    /// <summary>∂loss/∂W after <see cref="Backward"/> (overwritten by each).</summary>
    public GpuMatrix WeightGradient { get; }

    /// <summary>∂loss/∂b after <see cref="Backward"/> (overwritten by each).</summary>
    public GpuMatrix BiasGradient { get; }

    /// <summary>The weight (regularized) and the bias (not), named as the CPU layer's parameters, for a <see cref="GpuOptimizer"/>.</summary>
    public IReadOnlyList<GpuParameter> Parameters => [new($"{Name}.weight", Weight, WeightGradient, true), new($"{Name}.bias", Bias, BiasGradient, false)];

    /// <summary>Every parameter of <paramref name="layers"/>, in order.</summary>
    /// <param name="layers">The layers.</param>
    public static IReadOnlyList<GpuParameter> ParametersOf(IEnumerable<GpuDense> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return [.. layers.SelectMany(l => l.Parameters)];
    }

    /// <summary>A layer on <paramref name="accelerator"/> with <paramref name="layer"/>'s shape, activation and current weights.</summary>
    /// <param name="layer">The CPU layer.</param>
    /// <param name="accelerator">The accelerator.</param>
    public static GpuDense FromCpu(Dense layer, Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(accelerator);
        var gpu = new GpuDense(accelerator, layer.InputSize, layer.OutputSize, layer.Activation, layer.LeakySlope, layer.Name);
        gpu.Weight.CopyFromHost(layer.Weight.Value.Span);
        gpu.Bias.CopyFromHost(layer.Bias.Value.Span);
        return gpu;
    }

    /// <summary>Copies the weights and biases into <paramref name="layer"/>, a CPU layer of the same shape.</summary>
    /// <param name="layer">The CPU layer.</param>
    /// <exception cref="ArgumentException">The layer's shape differs.</exception>
    public void CopyToCpu(Dense layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.InputSize != InputSize || layer.OutputSize != OutputSize)
        {
            throw new ArgumentException($"The CPU layer is {layer.InputSize}→{layer.OutputSize} but this one is {InputSize}→{OutputSize}.", nameof(layer));
        }

        Weight.CopyToHost(layer.Weight.Value.Span);
        Bias.CopyToHost(layer.Bias.Value.Span);
    }

    /// <summary>Copies the weights and biases of <paramref name="layer"/>, a CPU layer of the same shape, onto the accelerator.</summary>
    /// <param name="layer">The CPU layer.</param>
    /// <exception cref="ArgumentException">The layer's shape differs.</exception>
    public void CopyFromCpu(Dense layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.InputSize != InputSize || layer.OutputSize != OutputSize)
        {
            throw new ArgumentException($"The CPU layer is {layer.InputSize}→{layer.OutputSize} but this one is {InputSize}→{OutputSize}.", nameof(layer));
        }

        Weight.CopyFromHost(layer.Weight.Value.Span);
        Bias.CopyFromHost(layer.Bias.Value.Span);
    }

    /// <summary>A = f(X·Wᵀ + b) for a mini-batch, one example per row; the result is owned by the layer.</summary>
    /// <param name="input">X, batch×inputSize, on the layer's accelerator.</param>
    /// <exception cref="ArgumentException">X has another number of columns, or is on another accelerator.</exception>
    public GpuMatrix Forward(GpuMatrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.CheckShape(Accelerator, input.Rows, InputSize, "The input", nameof(input));
        var batch = input.Rows;
        var z = Ensure(ref _z, batch, OutputSize);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.BroadcastRows ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(GpuKernels.BroadcastRows);
        kernels.BroadcastRows(z.Length, Bias.View, z.View, OutputSize);
        GpuGemm.Multiply(false, true, 1f, input, Weight, 1f, z);
        _input = input;
        if (Activation == Activation.Identity)
        {
            return z;
        }

        var a = Ensure(ref _a, batch, OutputSize);
        GpuActivation.Apply(Activation, LeakySlope, z, a);
        return a;
    }

    /// <summary>
    /// Back-propagates through the latest <see cref="Forward"/>: overwrites <see cref="WeightGradient"/> and
    /// <see cref="BiasGradient"/> and returns ∂loss/∂X (owned by the layer), or null when not requested.
    /// </summary>
    /// <param name="outputGradient">∂loss/∂A, batch×outputSize.</param>
    /// <param name="computeInputGradient">Whether ∂loss/∂X is needed (false for the first layer).</param>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    public GpuMatrix? Backward(GpuMatrix outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var input = _input ?? throw new InvalidOperationException("GpuDense: Backward called before Forward.");
        var z = _z!;
        outputGradient.CheckShape(Accelerator, z.Rows, OutputSize, "The output gradient", nameof(outputGradient));
        var dz = outputGradient;
        if (Activation != Activation.Identity)
        {
            dz = Ensure(ref _dz, z.Rows, OutputSize);
            GpuActivation.Differentiate(Activation, LeakySlope, z, outputGradient, dz);
        }

        GpuGemm.Multiply(true, false, 1f, dz, input, 0f, WeightGradient);
        GpuReductions.ColumnSums(dz, BiasGradient.View);
        if (!computeInputGradient)
        {
            return null;
        }

        var dx = Ensure(ref _dx, input.Rows, InputSize);
        GpuGemm.Multiply(false, false, 1f, dz, Weight, 0f, dx);
        return dx;
    }

    /// <summary>Frees the layer's device memory.</summary>
    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
        WeightGradient.Dispose();
        BiasGradient.Dispose();
        _z?.Dispose();
        _a?.Dispose();
        _dz?.Dispose();
        _dx?.Dispose();
    }

    private GpuMatrix Ensure(ref GpuMatrix? buffer, int rows, int columns) => buffer = GpuMatrix.Ensure(buffer, Accelerator, rows, columns);
}
