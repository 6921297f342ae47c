namespace SymDiff.Generators.Differentiation;

/// <summary>Naming conventions of the generated API: adjoints are <c>d</c> + PascalCase, tangents <c>t</c> + PascalCase.</summary>
internal static class Names
{
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    public static string Adjoint(string name) => "d" + Pascal(name);

    public static string Tangent(string name) => "t" + Pascal(name);
}
