using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Storage of a generated member, by the name the member gave it, with its element type: a parameter, a local, an
/// adjoint; a span or array when <see cref="IsArray"/>. What the passes that build member bodies
/// (<see cref="ReversePass"/>, <see cref="JacobianPass"/>, <see cref="VectorForwardPass"/>) read and write by name.
/// </summary>
internal sealed record MemberStorage(string Name, ScalarKind Type, bool IsArray)
{
    /// <summary>Parameter <paramref name="p"/> of the method (a non-real parameter as double: only its name is printed).</summary>
    public static MemberStorage Of(ParamModel p) => new(p.Name, p.Kind ?? ScalarKind.Double, p.IsArray);
}
