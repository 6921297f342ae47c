using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Gives every emitted local a readable, unique name: the user's own where there is one.</summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken;
    private readonly Dictionary<Node, string> _names = new();
    private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);

    private readonly ISet<string>? _outer;

    public NameAllocator(IEnumerable<string> reserved) => _taken = new HashSet<string>(reserved, StringComparer.Ordinal);

    /// <summary>
    /// Names for a block inside code that already uses the names in <paramref name="outer"/>, which are read where they
    /// are, not copied (a method with a statement per line names a block per statement): the caller must not change
    /// them while this allocator is in use.
    /// </summary>
    public NameAllocator(ISet<string> outer, IEnumerable<string> reserved)
        : this(reserved) => _outer = outer;

    public string this[Node node]
    {
        get
        {
            if (!_names.TryGetValue(node, out var name))
            {
                _names[node] = name = Fresh(node.BaseName
                    ?? (node.AdjointOf is { } primal ? Names.Adjoint(Identifier(this[primal]))
                    : node.TangentOf is { } tangentOf ? Names.Tangent(Identifier(this[tangentOf])) + LaneSuffix(node)
                    : "v"));
            }

            return name;
        }
    }

    /// <summary>The direction a tangent of vector forward mode is along (<c>tU0</c> … <c>tU3</c>); nothing for any other node.</summary>
    private static string LaneSuffix(Node node) =>
        node.Lane >= 0 ? node.Lane.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>
    /// A name to derive another from: <paramref name="name"/> itself, or for a value fixed to an expression (an element
    /// <c>camera[3]</c>, a field <c>global::N.T.Table</c>) the letters and digits of its last member (<c>camera3</c>).
    /// </summary>
    private static string Identifier(string name)
    {
        if (SyntaxFacts.IsValidIdentifier(name.TrimStart('@')))
        {
            return name;
        }

        var bracket = name.IndexOf('[');
        var member = bracket < 0 ? name : name.Substring(0, bracket);
        member = member.Substring(member.LastIndexOf('.') + 1) + (bracket < 0 ? string.Empty : name.Substring(bracket));
        var identifier = new string(member.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
        return identifier.Length == 0 || char.IsDigit(identifier[0]) ? "v" + identifier : identifier;
    }

    public void Fix(Node node, string name)
    {
        _names[node] = name;
        _taken.Add(name);
    }

    /// <summary>A name not taken yet, from <paramref name="baseName"/> (<c>length</c>, then <c>length2</c>, …), taken now.</summary>
    public string Fresh(string baseName)
    {
        // Names are never freed, so the search for the next v{k} resumes where the last one for this base stopped:
        // a body with thousands of temporaries would otherwise try every taken name again (quadratic time).
        var name = baseName;
        var k = 2;
        if (_nextSuffix.TryGetValue(baseName, out var next))
        {
            name = baseName + next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            k = next + 1;
        }

        for (; !IsFree(name); k++)
        {
            name = baseName + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _nextSuffix[baseName] = k;
        _taken.Add(name);
        return name;
    }

    private bool IsFree(string name) =>
        !_taken.Contains(name) && !(_outer?.Contains(name) ?? false) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None;
}
