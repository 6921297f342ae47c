#if SYMDIFF_GPU
// The same functions compiled into SymDiff.Gpu, where ILGPU is referenced, so that their generated ILGPU kernels serve
// the GPU losses: one formula per loss for both runtimes.
namespace SymDiff.Gpu.Functions;
#else
namespace SymDiff.Functions;
#endif

/// <summary>
/// Per-element losses written as scalar <see cref="DifferentiableAttribute"/> functions. SymDiff generates the
/// batched kernels the loss classes call (<c>…Batch</c>, <c>…PullbackBatch</c>; hence <c>Batch = true</c>); the target is marked
/// <c>[NoDerivative(PerElement = true)]</c>, so the kernels take one target per element. A new loss is one more
/// function here.
/// </summary>
#if SYMDIFF_GPU
internal
#else
public
#endif
static partial class Losses
{
    /// <summary>Half the squared error ½(ŷ − y)²; its derivative with respect to ŷ is ŷ − y.</summary>
    /// <param name="yHat">The prediction.</param>
    /// <param name="y">The target (data, not differentiated).</param>
    [Differentiable(Batch = true)]
    public static float SquaredError(float yHat, [NoDerivative(PerElement = true)] float y)
    {
        var d = yHat - y;
        return 0.5f * d * d;
    }

    /// <summary>
    /// Binary cross-entropy −[y·log σ(z) + (1 − y)·log(1 − σ(z))] computed from the logit z in the stable form
    /// max(z, 0) − z·y + log(1 + e^(−|z|)); its derivative with respect to z is σ(z) − y.
    /// </summary>
    /// <param name="logit">The logit z.</param>
    /// <param name="y">The target probability in [0, 1] (data, not differentiated).</param>
    [Differentiable(Batch = true)]
    public static float BinaryCrossEntropyWithLogits(float logit, [NoDerivative(PerElement = true)] float y) =>
        MathF.Max(logit, 0f) - logit * y + MathF.Log(1f + MathF.Exp(-MathF.Abs(logit)));
}
