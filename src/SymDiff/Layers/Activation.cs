using SymDiff.Functions;

namespace SymDiff.Layers;

/// <summary>An element-wise activation applied by <see cref="ActivationLayer"/> or fused into <see cref="Dense"/>.</summary>
public enum Activation
{
    /// <summary>No activation (a linear layer).</summary>
    Identity,

    /// <summary><see cref="Activations.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary><see cref="Activations.Tanh"/>.</summary>
    Tanh,

    /// <summary><see cref="Activations.Relu"/> (ReLU'(0) = 1).</summary>
    Relu,

    /// <summary><see cref="Activations.LeakyRelu"/> with the layer's slope.</summary>
    LeakyRelu,

    /// <summary><see cref="Activations.HardTanh"/>.</summary>
    HardTanh,
}

/// <summary>Dispatches an <see cref="Activation"/> to the batched kernels.</summary>
internal static class ActivationKernels
{
    public static void Forward(Activation activation, float slope, ReadOnlySpan<float> z, Span<float> a)
    {
        switch (activation)
        {
            case Activation.Identity:
                z.CopyTo(a);
                break;
            case Activation.Sigmoid:
                Activations.SigmoidBatch(z, a);
                break;
            case Activation.Tanh:
                Activations.TanhBatch(z, a);
                break;
            case Activation.Relu:
                Activations.ReluBatch(z, a);
                break;
            case Activation.LeakyRelu:
                Activations.LeakyReluBatch(z, slope, a);
                break;
            case Activation.HardTanh:
                Activations.HardTanhBatch(z, a);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// dZ = upstream ⊙ f′(z). The sigmoid and tanh read their output <paramref name="a"/> (f′ = a(1 − a) and 1 − a²)
    /// instead of computing the exponential again from <paramref name="z"/>; the others read z.
    /// </summary>
    public static void Backward(Activation activation, float slope, ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        switch (activation)
        {
            case Activation.Identity:
                upstream.CopyTo(dZ);
                break;
            case Activation.Sigmoid:
                Activations.SigmoidBackwardBatch(a, upstream, dZ);
                break;
            case Activation.Tanh:
                Activations.TanhBackwardBatch(a, upstream, dZ);
                break;
            case Activation.Relu:
                Activations.ReluPullbackBatch(z, upstream, dZ);
                break;
            case Activation.LeakyRelu:
                Activations.LeakyReluPullbackBatch(z, slope, upstream, dZ);
                break;
            case Activation.HardTanh:
                Activations.HardTanhPullbackBatch(z, upstream, dZ);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    public static string Kind(Activation activation) => activation switch
    {
        Activation.Identity => "identity",
        Activation.Sigmoid => "sigmoid",
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        Activation.LeakyRelu => "leakyrelu",
        Activation.HardTanh => "hardtanh",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
