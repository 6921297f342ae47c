#if SYMDIFF_GPU
// The same functions compiled into SymDiff.Gpu, where ILGPU is referenced, so that their generated ILGPU kernels serve
// the GPU layers: one formula per activation for both runtimes.
namespace SymDiff.Gpu.Functions;
#else
namespace SymDiff.Functions;
#endif

/// <summary>
/// Element-wise activation functions written as scalar <see cref="DifferentiableAttribute"/> functions. SymDiff
/// generates their derivatives and the batched kernels the layers call: <c>…Batch</c> (forward over spans) and
/// <c>…PullbackBatch</c> (upstream ∘ f′ over spans). A new activation is one more function here.
/// </summary>
#if SYMDIFF_GPU
internal
#else
public
#endif
static partial class Activations
{
    /// <summary>
    /// The logistic sigmoid σ(z) = 1 / (1 + e^(−z)); σ'(z) = σ(z)(1 − σ(z)). Computed from e = e^(−|z|) ≤ 1, as
    /// 1/(1 + e) for z ≥ 0 and e/(1 + e) below, so neither the value nor its generated derivative overflows: the
    /// derivative of the textbook form is (σ/(1 + e^(−z)))·e^(−z), which is 0·∞ for z below about −88.
    /// </summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable(Batch = true)]
    public static float Sigmoid(float z)
    {
        var e = MathF.Exp(-MathF.Abs(z));
        var s = 1f / (1f + e);
        return z >= 0f ? s : e * s;
    }

#if !SYMDIFF_GPU
    /// <summary>
    /// The sigmoid's backward step from its output: g·a(1 − a) = g·σ'(z) where a = σ(z). A layer that kept its output
    /// computes dZ with this instead of <c>SigmoidPullbackBatch</c>, which computes e^(−|z|) again. Where σ(z) rounds
    /// to 1 in <c>float</c> (z above about 17) it gives 0 where σ'(z) is below 4·10⁻⁸, as PyTorch's sigmoid backward does.
    /// </summary>
    /// <param name="a">The activation σ(z).</param>
    /// <param name="g">The gradient with respect to the activation.</param>
    [Differentiable(Batch = true)]
    public static float SigmoidBackward(float a, float g) => g * (a * (1f - a));

    /// <summary>The hyperbolic tangent's backward step from its output: g·(1 − a²) = g·tanh'(z) where a = tanh z (see <see cref="SigmoidBackward"/>).</summary>
    /// <param name="a">The activation tanh z.</param>
    /// <param name="g">The gradient with respect to the activation.</param>
    [Differentiable(Batch = true)]
    public static float TanhBackward(float a, float g) => g * (1f - (a * a));

#endif
    /// <summary>The hyperbolic tangent; tanh'(z) = 1 − tanh²(z).</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable(Batch = true)]
    public static float Tanh(float z) => MathF.Tanh(z);

    /// <summary>
    /// The rectified linear unit max(z, 0), with the convention ReLU'(0) = 1. Written with <c>MathF.Max</c> so that a
    /// NaN pre-activation stays NaN (and is reported by the trainer) instead of becoming 0.
    /// </summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable(Batch = true)]
    public static float Relu(float z) => MathF.Max(z, 0f);

    /// <summary>The leaky ReLU max(z, k·z) for 0 &lt; k &lt; 1, written as z for z ≥ 0 and k·z otherwise.</summary>
    /// <param name="z">The pre-activation.</param>
    /// <param name="k">The slope for negative inputs (a constant, not differentiated).</param>
    [Differentiable(Batch = true)]
    public static float LeakyRelu(float z, [NoDerivative] float k) => z >= 0f ? z : k * z;

    /// <summary>The hard tanh: −1 for z &lt; −1, z for −1 ≤ z ≤ 1, 1 for z &gt; 1.</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable(Batch = true)]
    public static float HardTanh(float z) => z < -1f ? -1f : z > 1f ? 1f : z;
}
