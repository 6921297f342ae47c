using ILGPU.Runtime;
using SymDiff.Gpu.Functions;
using SymDiff.Layers;

namespace SymDiff.Gpu;

/// <summary>
/// An element-wise activation layer on an accelerator, the twin of <c>ActivationLayer</c>; its kernels (and the dense
/// layer's activations) are the generated ILGPU kernels of the CPU runtime's own <c>Functions/Activations.cs</c>.
/// </summary>
public sealed class GpuActivation : IDisposable
{
    private GpuMatrix? _input;
    private GpuMatrix? _output;
    private GpuMatrix? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="accelerator">Where it runs.</param>
    /// <param name="activation">The function.</param>
    /// <param name="leakySlope">The leaky ReLU's slope below 0.</param>
    public GpuActivation(Accelerator accelerator, Activation activation, float leakySlope = 0.01f)
    {
        Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        Activation = activation;
        LeakySlope = leakySlope;
    }

    /// <summary>Where it runs.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The function.</summary>
    public Activation Activation { get; }

    /// <summary>The leaky ReLU's slope below 0.</summary>
    public float LeakySlope { get; }

    /// <summary>f(x) element-wise (the input itself for the identity).</summary>
    /// <param name="input">The batch (kept until <see cref="Backward"/>).</param>
    /// <returns>The output, owned by this layer until the next call.</returns>
    public GpuMatrix Forward(GpuMatrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.CheckShape(Accelerator, input.Rows, input.Columns, "The input", nameof(input));
        _input = input;
        if (Activation == Activation.Identity)
        {
            return input;
        }

        _output = GpuMatrix.Ensure(_output, Accelerator, input.Rows, input.Columns);
        Apply(Activation, LeakySlope, input, _output);
        return _output;
    }

    /// <summary>upstream ∘ f′(x) for the latest input.</summary>
    /// <param name="outputGradient">∂loss/∂output.</param>
    /// <returns>∂loss/∂input, owned by this layer until the next call.</returns>
    public GpuMatrix Backward(GpuMatrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var input = _input ?? throw new InvalidOperationException("GpuActivation: Backward called before Forward.");
        outputGradient.CheckShape(Accelerator, input.Rows, input.Columns, "The output gradient", nameof(outputGradient));
        if (Activation == Activation.Identity)
        {
            return outputGradient;
        }

        _dx = GpuMatrix.Ensure(_dx, Accelerator, input.Rows, input.Columns);
        Differentiate(Activation, LeakySlope, input, outputGradient, _dx);
        return _dx;
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        _output?.Dispose();
        _dx?.Dispose();
    }

    /// <summary>output = f(z), element-wise, by the activation's generated forward kernel.</summary>
    internal static void Apply(Activation activation, float leakySlope, GpuMatrix z, GpuMatrix output)
    {
        var accelerator = z.Accelerator;
        switch (activation)
        {
            case Activation.Sigmoid:
                Activations.SigmoidGpuForward(accelerator, z.View, output.View);
                break;
            case Activation.Tanh:
                Activations.TanhGpuForward(accelerator, z.View, output.View);
                break;
            case Activation.Relu:
                Activations.ReluGpuForward(accelerator, z.View, output.View);
                break;
            case Activation.LeakyRelu:
                Activations.LeakyReluGpuForward(accelerator, z.View, leakySlope, output.View);
                break;
            case Activation.HardTanh:
                Activations.HardTanhGpuForward(accelerator, z.View, output.View);
                break;
            default:
                throw new InvalidOperationException($"Unknown activation {activation}.");
        }
    }

    /// <summary>dz = upstream ∘ f′(z), element-wise, by the activation's generated backward kernel.</summary>
    internal static void Differentiate(Activation activation, float leakySlope, GpuMatrix z, GpuMatrix upstream, GpuMatrix dz)
    {
        var accelerator = z.Accelerator;
        switch (activation)
        {
            case Activation.Sigmoid:
                Activations.SigmoidGpuBackward(accelerator, z.View, upstream.View, dz.View);
                break;
            case Activation.Tanh:
                Activations.TanhGpuBackward(accelerator, z.View, upstream.View, dz.View);
                break;
            case Activation.Relu:
                Activations.ReluGpuBackward(accelerator, z.View, upstream.View, dz.View);
                break;
            case Activation.LeakyRelu:
                Activations.LeakyReluGpuBackward(accelerator, z.View, leakySlope, upstream.View, dz.View);
                break;
            case Activation.HardTanh:
                Activations.HardTanhGpuBackward(accelerator, z.View, upstream.View, dz.View);
                break;
            default:
                throw new InvalidOperationException($"Unknown activation {activation}.");
        }
    }
}
