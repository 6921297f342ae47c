namespace SymDiff;

/// <summary>
/// Excludes a parameter of a <see cref="DifferentiableAttribute"/> method from differentiation: it gets no
/// adjoint and no tangent, and gradients do not flow into it (it is treated as a constant, like data).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
