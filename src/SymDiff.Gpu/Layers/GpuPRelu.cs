using ILGPU.Runtime;
using SymDiff.Gpu.Functions;
using SymDiff.Layers;

namespace SymDiff.Gpu;

/// <summary>
/// The parametric ReLU on an accelerator, the twin of <see cref="PRelu"/>: the generated ILGPU kernels of the same
/// <c>ParametricActivations.PRelu(z, [Broadcast] slope)</c>, whose backward launcher sums the slope's gradient over the
/// batch on the device. The slope is a 1×1 parameter for a <see cref="GpuOptimizer"/>.
/// </summary>
/// <remarks>
/// The kernels take the slope as a scalar argument, so <see cref="Forward"/> reads its one value back from the device
/// (a wait for the work queued before it) once per batch.
/// </remarks>
public sealed class GpuPRelu : IDisposable
{
    private GpuMatrix? _input;
    private GpuMatrix? _output;
    private GpuMatrix? _dx;
    private float _slopeAtForward;

    /// <summary>Creates the layer.</summary>
    /// <param name="accelerator">Where it runs.</param>
    /// <param name="initialSlope">The slope before training.</param>
    /// <param name="name">The name its parameter takes (<c>{name}.slope</c>).</param>
    public GpuPRelu(Accelerator accelerator, float initialSlope = 0.25f, string name = "prelu")
    {
        Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Slope = GpuMatrix.FromHost(accelerator, 1, 1, [initialSlope]);
        SlopeGradient = new GpuMatrix(accelerator, 1, 1);
    }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>The slope for negative inputs, 1×1.</summary>
    public GpuMatrix Slope { get; }

    /// <summary>∂loss/∂slope after <see cref="Backward"/>, summed over the batch (overwritten by each).</summary>
    public GpuMatrix SlopeGradient { get; }

    /// <summary>The slope (not regularized), named as the CPU layer's parameter, for a <see cref="GpuOptimizer"/>.</summary>
    public IReadOnlyList<GpuParameter> Parameters => [new($"{Name}.slope", Slope, SlopeGradient, false)];

    /// <summary>A layer on <paramref name="accelerator"/> with <paramref name="layer"/>'s name and current slope.</summary>
    /// <param name="layer">The CPU layer.</param>
    /// <param name="accelerator">The accelerator.</param>
    public static GpuPRelu FromCpu(PRelu layer, Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new GpuPRelu(accelerator, layer.Slope.Value.Span[0], layer.Name);
    }

    /// <summary>Copies the slope into <paramref name="layer"/>.</summary>
    /// <param name="layer">The CPU layer.</param>
    public void CopyToCpu(PRelu layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Slope.CopyToHost(layer.Slope.Value.Span);
    }

    /// <summary>Copies the slope of <paramref name="layer"/> onto the accelerator.</summary>
    /// <param name="layer">The CPU layer.</param>
    public void CopyFromCpu(PRelu layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Slope.CopyFromHost(layer.Slope.Value.Span);
    }

    /// <summary>z for z ≥ 0 and slope·z otherwise, element by element; the result is owned by the layer.</summary>
    /// <param name="input">The pre-activations, on the layer's accelerator.</param>
    public GpuMatrix Forward(GpuMatrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.CheckShape(Accelerator, input.Rows, input.Columns, "The input", nameof(input));
        _input = input;
        Span<float> slope = stackalloc float[1];
        Slope.CopyToHost(slope);
        _slopeAtForward = slope[0];
        _output = GpuMatrix.Ensure(_output, Accelerator, input.Rows, input.Columns);
        ParametricActivations.PReluGpuForward(Accelerator, input.View, _slopeAtForward, _output.View);
        return _output;
    }

    /// <summary>The input's gradient, and the slope's (summed over the batch) into <see cref="SlopeGradient"/>.</summary>
    /// <param name="outputGradient">∂loss/∂output, the shape of the input.</param>
    public GpuMatrix Backward(GpuMatrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var input = _input ?? throw new InvalidOperationException("GpuPRelu: Backward called before Forward.");
        outputGradient.CheckShape(Accelerator, input.Rows, input.Columns, "The output gradient", nameof(outputGradient));
        _dx = GpuMatrix.Ensure(_dx, Accelerator, input.Rows, input.Columns);
        ParametricActivations.PReluGpuBackward(Accelerator, input.View, _slopeAtForward, outputGradient.View, _dx.View, SlopeGradient.View);
        return _dx;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _output?.Dispose();
        _dx?.Dispose();
        Slope.Dispose();
        SlopeGradient.Dispose();
    }
}
