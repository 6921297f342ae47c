#if SYMDIFF_GPU
// The same functions compiled into SymDiff.Gpu, where ILGPU is referenced, so that their generated ILGPU kernels serve
// the GPU layers: one formula for both runtimes.
namespace SymDiff.Gpu.Functions;
#else
namespace SymDiff.Functions;
#endif

/// <summary>
/// Activations with a parameter learned for the whole layer: scalar <c>[Differentiable]</c> functions whose shared
/// parameter is <c>[Broadcast]</c>, so the generated <c>PullbackBatch</c> sums its adjoint over the batch.
/// </summary>
#if SYMDIFF_GPU
internal
#else
public
#endif
static partial class ParametricActivations
{
    /// <summary>
    /// The parametric ReLU: z for z ≥ 0 and slope·z otherwise, with the slope learned (He et al., 2015). Its batched
    /// pullback returns the slope's adjoint Σᵢ upstream[i]·min(zᵢ, 0) summed over the elements.
    /// </summary>
    /// <param name="z">The pre-activation.</param>
    /// <param name="slope">The slope for negative inputs, shared by every element.</param>
    [Differentiable(Batch = true)]
    public static float PRelu(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z;
}
