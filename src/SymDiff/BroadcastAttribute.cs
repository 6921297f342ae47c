namespace SymDiff;

/// <summary>
/// Keeps a differentiable scalar parameter one value shared by every element in the batched kernels
/// (<c>{Name}Batch</c>, <c>{Name}PullbackBatch</c>) instead of a span of one value per element: a learnable slope, a
/// temperature, a scale. Its adjoint is then reduced: <c>{Name}PullbackBatch</c> returns it through an <c>out</c>
/// parameter as the sum over the elements, Σᵢ upstream[i]·∂f/∂p (what the gradient of a loss summed over a batch needs).
/// </summary>
/// <remarks>
/// The scalar members (<c>Gradient</c>, <c>Pullback</c>, <c>Pushforward</c>) are unchanged. On a <c>[NoDerivative]</c>
/// parameter it changes nothing (such a parameter is broadcast anyway, without an adjoint). The sum is taken in a fixed
/// order for a given machine and length (per SIMD lane, then the lanes, then the scalar tail; across cores, chunk by
/// chunk in order), so it may differ in the last bits from a sequential sum.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class BroadcastAttribute : Attribute
{
}
