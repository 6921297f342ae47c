namespace SymDiff;

/// <summary>
/// Put by the generator on each generated <c>{Name}Gradient</c>: the derivative it implements, in readable math
/// (one line per adjoint, e.g. <c>∂Loss/∂w = ∂Loss/∂z·x</c>), so tools and samples can show it at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeFormulaAttribute : Attribute
{
    /// <summary>Creates the attribute with the formula's lines.</summary>
    /// <param name="lines">The reverse chain, one equation per line, parameters last.</param>
    public DerivativeFormulaAttribute(params string[] lines) => Lines = lines;

    /// <summary>The reverse chain, one equation per line, parameters last.</summary>
    public IReadOnlyList<string> Lines { get; }
}
