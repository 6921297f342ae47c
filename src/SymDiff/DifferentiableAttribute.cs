namespace SymDiff;

/// <summary>
/// Marks a <c>static</c> method of a <c>partial</c> type whose derivatives SymDiff generates at compile time.
/// For a method <c>Loss</c> the generator emits <c>LossGradient</c> (value and gradient in one fused
/// forward+reverse sweep), <c>LossPullback</c> (reverse mode, vector-Jacobian product) and
/// <c>LossPushforward</c> (forward mode, Jacobian-vector product) next to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
