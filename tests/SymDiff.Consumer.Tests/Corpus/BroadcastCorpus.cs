namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Batched functions with <c>[Broadcast]</c> parameters: one value shared by every element, whose adjoint the pullback
/// kernel sums over the elements (a learnable slope, a temperature, a scale).
/// </summary>
public static partial class BroadcastCorpus
{
    /// <summary>A parametric ReLU with a learnable slope: SIMD with a branch.</summary>
    [Differentiable(Batch = true)]
    public static float PRelu(float z, [Broadcast] float slope) => z > 0 ? z : slope * z;

    /// <summary>Two shared parameters through tanh, which has no SIMD form: the scalar loop.</summary>
    [Differentiable(Batch = true)]
    public static double ScaledTanh(double x, [Broadcast] double gain, [Broadcast] double curvature) => Math.Tanh(gain * x) + curvature * x * x;

    /// <summary>A softplus with a shared temperature, weighted per element: SIMD with a per-element data span.</summary>
    [Differentiable(Batch = true)]
    public static double TemperedSoftplus(double x, [Broadcast] double temperature, [NoDerivative(PerElement = true)] double weight) =>
        weight * temperature * Math.Log(1 + Math.Exp(x / temperature));
}
