using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.Generators.Differentiation;

/// <summary>Naming conventions of the generated API: adjoints are <c>d</c> + PascalCase, tangents <c>t</c> + PascalCase.</summary>
internal static class Names
{
    /// <summary>
    /// The name in PascalCase, from a name as written in code: a verbatim <c>@</c> is dropped, since <c>@in</c>'s
    /// adjoint is <c>dIn</c>.
    /// </summary>
    public static string Pascal(string name)
    {
        name = Unescaped(name);
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    public static string Adjoint(string name) => "d" + Pascal(name);

    public static string Tangent(string name) => "t" + Pascal(name);

    /// <summary>
    /// A user's name as generated code must print it: keywords (<c>in</c>, <c>return</c>, <c>this</c>, …) get the
    /// verbatim <c>@</c> they had in the user's code, or the generated code would not parse.
    /// </summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The name without its verbatim <c>@</c>, as doc comments and messages show it.</summary>
    public static string Unescaped(string name) => name.StartsWith("@", StringComparison.Ordinal) ? name.Substring(1) : name;
}
