namespace SymDiff.Functions;

/// <summary>
/// Element-wise activation functions written as scalar <see cref="DifferentiableAttribute"/> functions. The
/// batched forward kernels (<c>…Batch</c>) and reverse-mode kernels (<c>…PullbackBatch</c>) that the layers
/// call live in <c>Activations.Kernels.cs</c>.
/// </summary>
public static partial class Activations
{
    /// <summary>The logistic sigmoid σ(z) = 1 / (1 + e^(−z)); σ'(z) = σ(z)(1 − σ(z)).</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable]
    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>The hyperbolic tangent; tanh'(z) = 1 − tanh²(z).</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable]
    public static float Tanh(float z) => MathF.Tanh(z);

    /// <summary>The rectified linear unit max(z, 0), with the convention ReLU'(0) = 1.</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable]
    public static float Relu(float z) => z >= 0f ? z : 0f;

    /// <summary>The leaky ReLU max(z, k·z) for 0 &lt; k &lt; 1, written as z for z ≥ 0 and k·z otherwise.</summary>
    /// <param name="z">The pre-activation.</param>
    /// <param name="k">The slope for negative inputs (a constant, not differentiated).</param>
    [Differentiable]
    public static float LeakyRelu(float z, [NoDerivative] float k) => z >= 0f ? z : k * z;

    /// <summary>The hard tanh: −1 for z &lt; −1, z for −1 ≤ z ≤ 1, 1 for z &gt; 1.</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable]
    public static float HardTanh(float z) => z < -1f ? -1f : z > 1f ? 1f : z;
}
