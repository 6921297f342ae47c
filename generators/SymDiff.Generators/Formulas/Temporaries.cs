using System.Globalization;

namespace SymDiff.Generators.Formulas;

/// <summary>
/// Decides how the formulas show each temporary of the code, a value it computes once and reads in several places:
/// inlined where it is small or read once, defined in a where clause on the first line that reads it
/// (<c>…, where u = exp(z) + exp(−z)</c>), or, past a few definitions or a long one, elided as … with a note.
/// </summary>
internal sealed class Temporaries
{
    /// <summary>Values this small (x², exp(−z)·dz, z ≥ k·z) are inlined however often they are read.</summary>
    private const int SmallSize = 5;

    /// <summary>A value read once is inlined up to this size; a longer one reads better under its own name.</summary>
    private const int InlineOnceSize = 24;

    /// <summary>
    /// A longer value is elided. Each temporary of a chain such as sin(sin(…x…)) would otherwise spell out the whole
    /// chain below it, and the doc comments would grow with the square of the body.
    /// </summary>
    private const int DefinitionSize = 40;

    /// <summary>At most this many where-definitions per member; further long values are elided.</summary>
    private const int MaxDefinitions = 6;

    private readonly Algebra _algebra;
    private readonly Func<MathExpr, MathExpr> _definitionOf;
    private readonly Dictionary<MathExpr, MathExpr> _definitions = new();
    private readonly Dictionary<MathExpr, MathExpr> _defined = new();
    private List<(string Label, MathExpr Value)> _lines;
    private List<MathExpr> _order = new();

    private Temporaries(Algebra algebra, List<(string Label, MathExpr Value)> lines, Func<MathExpr, MathExpr> definitionOf)
    {
        _algebra = algebra;
        _lines = lines;
        _definitionOf = definitionOf;
    }

    /// <summary>The lines as text, each temporary inlined, defined or elided.</summary>
    /// <param name="algebra">The algebra the lines were built with.</param>
    /// <param name="lines">Label and value of each line.</param>
    /// <param name="definitionOf">What a temporary computes (in terms of other temporaries).</param>
    /// <param name="taken">The names the formulas already use, which a temporary's name must not repeat.</param>
    public static List<string> Print(Algebra algebra, List<(string Label, MathExpr Value)> lines, Func<MathExpr, MathExpr> definitionOf, IEnumerable<string> taken)
    {
        var temporaries = new Temporaries(algebra, lines, definitionOf);
        temporaries.Resolve();
        temporaries.InlineSingleUses();
        return temporaries.Text(taken);
    }

    /// <summary>Each temporary, operands before the values that read them, gets its inlined, defined or elided form.</summary>
    private void Resolve()
    {
        var order = _order = TopologicalOrder();
        var uses = new Dictionary<MathExpr, int>();
        foreach (var value in _lines.Select(l => l.Value).Concat(order.Select(Definition)))
        {
            CountTemporaries(value, uses);
        }

        var resolved = new Dictionary<MathExpr, MathExpr>();
        MathExpr? Replace(MathExpr e) => e.Kind == MathKind.Temporary ? resolved[e] : null;
        foreach (var temporary in order)
        {
            var definition = _algebra.Substitute(Definition(temporary), Replace);
            if (definition.Size <= SmallSize || uses[temporary] <= 1 && definition.Size <= InlineOnceSize)
            {
                resolved[temporary] = definition;
            }
            else if (_defined.Count < MaxDefinitions && definition.Size <= DefinitionSize)
            {
                _defined[temporary] = definition;
                resolved[temporary] = temporary;
            }
            else
            {
                resolved[temporary] = _algebra.Ellipsis(temporary.Id);
            }
        }

        _lines = _lines.Select(l => (l.Label, _algebra.Substitute(l.Value, Replace))).ToList();
    }

    /// <summary>
    /// A defined temporary that simplification left read once, or not at all ((a − b)/u + (c − d)/u took u out), is
    /// inlined or dropped after all; the values that read it first, so its own count is final when it comes.
    /// </summary>
    private void InlineSingleUses()
    {
        foreach (var temporary in Enumerable.Reverse(_order).Where(_defined.ContainsKey).ToList())
        {
            var uses = new Dictionary<MathExpr, int>();
            foreach (var value in _lines.Select(l => l.Value).Concat(_defined.Values))
            {
                CountTemporaries(value, uses);
            }

            var count = uses.TryGetValue(temporary, out var n) ? n : 0;
            if (count > 1 || _defined[temporary].Size > InlineOnceSize)
            {
                continue;
            }

            var definition = _defined[temporary];
            _defined.Remove(temporary);
            MathExpr? Replace(MathExpr e) => e == temporary ? definition : null;
            _lines = _lines.Select(l => (l.Label, _algebra.Substitute(l.Value, Replace))).ToList();
            foreach (var other in _defined.Keys.ToList())
            {
                _defined[other] = _algebra.Substitute(_defined[other], Replace);
            }
        }
    }

    /// <summary>The lines, each followed by the where clause of the temporaries it is the first to read.</summary>
    private List<string> Text(IEnumerable<string> taken)
    {
        var letter = new[] { "u", "q", "ξ" }.First(l => !taken.Any(t => t == l || t.StartsWith(l, StringComparison.Ordinal) && t.Substring(l.Length).All(char.IsDigit)));
        var names = new Dictionary<MathExpr, string>();
        var text = new List<string>();
        foreach (var (label, value) in _lines)
        {
            var introduced = new List<MathExpr>();
            string NameOf(MathExpr temporary)
            {
                if (!names.TryGetValue(temporary, out var name))
                {
                    name = names.Count == 0 ? letter : letter + Subscript(names.Count + 1);
                    names[temporary] = name;
                    introduced.Add(temporary);
                }

                return name;
            }

            var line = $"{label} = {FormulaText.Print(value, NameOf)}";
            var definitions = new List<string>();
            for (var i = 0; i < introduced.Count; i++)
            {
                definitions.Add($"{names[introduced[i]]} = {FormulaText.Print(_defined[introduced[i]], NameOf)}");
            }

            text.Add(definitions.Count == 0 ? line : $"{line}, where {string.Join(", ", definitions)}");
        }

        return text;
    }

    private MathExpr Definition(MathExpr temporary)
    {
        if (!_definitions.TryGetValue(temporary, out var definition))
        {
            definition = _definitionOf(temporary);
            _definitions[temporary] = definition;
        }

        return definition;
    }

    /// <summary>The temporaries the lines read, directly or through other temporaries, each after those its definition reads.</summary>
    private List<MathExpr> TopologicalOrder()
    {
        var order = new List<MathExpr>();
        var state = new Dictionary<MathExpr, bool>();
        var stack = new Stack<(MathExpr Temporary, bool Expanded)>();
        foreach (var root in _lines.SelectMany(l => TemporariesIn(l.Value)).Reverse())
        {
            stack.Push((root, false));
        }

        while (stack.Count > 0)
        {
            var (temporary, expanded) = stack.Pop();
            if (expanded)
            {
                state[temporary] = true;
                order.Add(temporary);
                continue;
            }

            if (state.ContainsKey(temporary))
            {
                continue;
            }

            state[temporary] = false;
            stack.Push((temporary, true));
            foreach (var operand in TemporariesIn(Definition(temporary)).Where(t => !state.ContainsKey(t)).Reverse())
            {
                stack.Push((operand, false));
            }
        }

        return order;
    }

    /// <summary>The distinct temporaries in <paramref name="e"/>, in the order they are printed.</summary>
    private static List<MathExpr> TemporariesIn(MathExpr e)
    {
        var found = new List<MathExpr>();
        var seen = new HashSet<MathExpr>();
        var stack = new Stack<MathExpr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            if (current.Kind == MathKind.Temporary)
            {
                found.Add(current);
            }

            for (var i = current.Args.Length - 1; i >= 0; i--)
            {
                stack.Push(current.Args[i]);
            }
        }

        return found;
    }

    /// <summary>Adds how often each temporary occurs in <paramref name="e"/> to <paramref name="uses"/>.</summary>
    private static void CountTemporaries(MathExpr e, Dictionary<MathExpr, int> uses)
    {
        var stack = new Stack<MathExpr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current.Kind == MathKind.Temporary)
            {
                uses[current] = uses.TryGetValue(current, out var n) ? n + 1 : 1;
            }

            foreach (var arg in current.Args)
            {
                stack.Push(arg);
            }
        }
    }

    private static string Subscript(int index) => new(index.ToString(CultureInfo.InvariantCulture).Select(d => (char)('₀' + (d - '0'))).ToArray());
}
