namespace SymDiff.Generators.Emit;

/// <summary>
/// The private methods that hold stretches of long generated bodies (<see cref="DerivativePrinter"/> moves them out so
/// that no method grows past what the JIT optimizes), collected while the members print and written after them.
/// </summary>
internal sealed class OutlinedParts
{
    private readonly List<string> _methods = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>
    /// What tells these parts from those of the method's overloads, whose members share their names (the hash of the
    /// method's parameter types, <see cref="HintNames.SignatureHash"/>); it also keeps them clear of the user's names.
    /// </summary>
    public string Tag { get; set; } = string.Empty;

    /// <summary>The next part's name for member <paramref name="member"/>: <c>{member}Part1_{Tag}</c>, <c>{member}Part2_{Tag}</c>, ….</summary>
    public string NextName(string member)
    {
        _counts.TryGetValue(member, out var count);
        _counts[member] = ++count;
        return member + "Part" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + (Tag.Length > 0 ? "_" + Tag : string.Empty);
    }

    /// <summary>Adds a method's text, its lines indented from the member level.</summary>
    public void Add(string text) => _methods.Add(text);

    /// <summary>Writes the parts collected so far at <paramref name="w"/>'s level (a blank line before each) and forgets them.</summary>
    public void WriteTo(IndentedWriter w)
    {
        foreach (var method in _methods)
        {
            w.Line();
            foreach (var line in method.TrimEnd('\n').Split('\n'))
            {
                w.Line(line);
            }
        }

        _methods.Clear();
    }
}
