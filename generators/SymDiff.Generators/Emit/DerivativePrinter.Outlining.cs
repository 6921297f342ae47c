using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Where a member's printer may move stretches of a long body: the member's name (the parts are <c>{Member}Part1</c>, …),
/// its method (for the attributes every generated member carries) and the C# types of the storage the member declared
/// outside the program (its parameters and up-front locals, by name).
/// </summary>
internal sealed record Outline(string Member, MethodModel Method, IReadOnlyDictionary<string, string> DeclaredTypes);

/// <summary>
/// Splitting long bodies. .NET compiles a method of more than 60 KB of IL without optimization (and gives up earlier on
/// too many local references or blocks), which made a long straight-line gradient about twice as slow per statement.
/// A list of statements (the body, or a block, a loop's body, a branch's arm inside it, which are split first) that
/// prints to more than 40,000 characters (<see cref="SplitSizes"/>) is cut into consecutive stretches of about 20,000
/// characters, each printed as a private static method called in order where the stretch was. A part takes the member's
/// tape and every variable it uses: by <c>ref</c> what it assigns, spans by value as <c>Span</c> when it writes their
/// elements and <c>ReadOnlySpan</c> otherwise. The list's declarations stay where the list is (those with a constant
/// value move up to the start of the stretch they sit in); a statement that cannot move (a <c>return</c>, an embedded
/// program, a variable whose type is not known here) stays where it is.
/// </summary>
internal sealed partial class DerivativePrinter
{
    /// <summary>
    /// When to split and how finely: a body up to <see cref="Above"/> characters prints as it is; parts hold about
    /// <see cref="Part"/> characters; a stretch shorter than <see cref="Smallest"/> between statements that stay is not
    /// worth a call and stays too. A list inside a loop is split only above <see cref="LoopBodyAbove"/>: a part there is
    /// a call (and a copy of every variable it assigns, in and out) per iteration, where a part around the loop, in the
    /// list that holds it, is one call.
    /// </summary>
    internal sealed record SplitSizes(int Above, int Part, int Smallest, int LoopBodyAbove)
    {
        /// <summary>
        /// Above 40,000 characters (about 16 KB of IL; every body of the test corpora is below), parts of about 8 KB of IL,
        /// which the JIT optimizes fully and quickly; a list inside a loop above 60,000 characters (about 24 KB of IL, under half of
        /// what the JIT optimizes).
        /// </summary>
        public static readonly SplitSizes Default = new(40_000, 20_000, 1_000, 60_000);

        /// <summary>Every body split, every movable top-level statement a part of its own: tests run the splitting on every program they generate.</summary>
        public static readonly SplitSizes Everything = new(0, 1, 0, 0);
    }

    private static readonly System.Threading.AsyncLocal<SplitSizes?> SizesForTests = new();

    /// <summary>How long a list of statements may print before it is split (<see cref="SplitSizes.Above"/>).</summary>
    internal static int SplitsAbove => (SizesForTests.Value ?? SplitSizes.Default).Above;

    /// <summary>Splits with <paramref name="sizes"/> in this flow of execution until the result is disposed (tests only).</summary>
    internal static IDisposable SplitWith(SplitSizes sizes)
    {
        var before = SizesForTests.Value;
        SizesForTests.Value = sizes;
        return new OnDispose(() => SizesForTests.Value = before);
    }

    private static readonly System.Text.RegularExpressions.Regex Words = new(@"[A-Za-z_][A-Za-z0-9_]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>What a printer that splits long lists holds: the member's outline, where the parts go, the declared types of the program's variables.</summary>
    private sealed record Splitting(Outline Outline, OutlinedParts Parts, Dictionary<int, string?> DeclaredTypes);

    /// <summary>Set when this printer may split long lists (<see cref="Print"/> with an outline).</summary>
    private Splitting? _splitting;

    /// <summary>How many loops the statement being printed is in (a list in a loop is split only above <see cref="SplitSizes.LoopBodyAbove"/>).</summary>
    private int _loopDepth;

    /// <summary>A list of statements: as it is, or split when it is long and this printer may split.</summary>
    private void Block(IEnumerable<DStmt> body)
    {
        if (_splitting is null)
        {
            Statements(body);
        }
        else
        {
            Split(body.ToList(), _splitting);
        }
    }

    /// <summary>A loop's body (<see cref="Block"/>, with the lists in it counted as in a loop).</summary>
    private void LoopBody(IEnumerable<DStmt> body)
    {
        _loopDepth++;
        Block(body);
        _loopDepth--;
    }

    /// <summary>The C# type of every variable the program declares, where the printer can tell it (null otherwise).</summary>
    private Dictionary<int, string?> DeclaredTypes()
    {
        var types = new Dictionary<int, string?>();
        foreach (var d in DerivativeUses.Of(_d, _d.Body).Declarations)
        {
            foreach (var v in d.Vars)
            {
                types[v] = DeclaredType(d);
            }
        }

        return types;
    }

    private void Split(IReadOnlyList<DStmt> body, Splitting splitting)
    {
        var sizes = SizesForTests.Value ?? SplitSizes.Default;
        var member = _w;

        // Printed where it goes, each statement's end noted: a list short enough (almost every one) is done, and a long
        // one is cut into its statements' texts and written again (printing each into a writer of its own and copying
        // it made every list's text, and the lists it is nested in, be built and copied once per level).
        var start = member.Length;
        var ends = new List<int>(body.Count);
        foreach (var statement in body)
        {
            Statement(statement);
            ends.Add(member.Length);
        }

        if (member.Length - start <= (_loopDepth > 0 ? sizes.LoopBodyAbove : sizes.Above))
        {
            return;
        }

        var pieces = ends.Select((end, i) => member.Text(i == 0 ? start : ends[i - 1], end)).ToList();
        member.Truncate(start);

        var stretch = new List<int>();
        var size = 0;
        var hoisted = new List<string>();
        void Close()
        {
            Part(body, pieces, stretch, hoisted, splitting, sizes);
            (stretch, size) = (new List<int>(), 0);
            hoisted.Clear();
        }

        for (var i = 0; i < body.Count; i++)
        {
            if (body[i] is DDeclare d)
            {
                if (d.Init is null or LConst)
                {
                    // The value does not depend on where it is computed: declared before the stretch's call.
                    hoisted.Add(d.Form == DeclareForm.Typed && d.Init is null ? Defaulted(d, member.Indent) : pieces[i]);
                    continue;
                }

                Close();
                member.Raw(pieces[i]);
                continue;
            }

            if (!DerivativeUses.Of(_d, new[] { body[i] }).Movable)
            {
                Close();
                member.Raw(pieces[i]);
                continue;
            }

            if (size > 0 && size + pieces[i].Length > sizes.Part)
            {
                Close();
            }

            stretch.Add(i);
            size += pieces[i].Length;
        }

        Close();
    }

    /// <summary><c>T v = default;</c> for a declaration without a value: a part that assigns it takes it by <c>ref</c>, which needs a value.</summary>
    private string Defaulted(DDeclare d, int indent)
    {
        var line = new IndentedWriter(indent);
        var type = Literals.TypeKeyword(_d.Vars[d.Vars[0]].Type);
        line.Line($"{type} {string.Join(", ", d.Vars.Select(v => Name(v) + " = default"))};");
        return line.ToString();
    }

    /// <summary>The C# type a top-level declaration gives its variables, where the printer can tell (null otherwise).</summary>
    private string? DeclaredType(DDeclare d)
    {
        var v = _d.Vars[d.Vars[0]];
        var element = Literals.TypeKeyword(v.Type);
        return d.Form switch
        {
            DeclareForm.Typed when !v.IsArray => element,
            DeclareForm.EmptySpan => $"global::System.Span<{element}>",
            DeclareForm.EmptyArray => element + "[]",
            DeclareForm.Inferred => d.Init switch
            {
                LTapeMark => "global::SymDiff.TapeMark",
                LTapeStorage => "double[]",
                LZeros => $"global::System.Span<{element}>",
                LNewArray => element + "[]",
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Prints <paramref name="stretch"/> (indices into <paramref name="body"/>) as a part the member calls, after the
    /// declarations moved up to it; as it is when it is short or uses a variable whose type is not known.
    /// </summary>
    private void Part(IReadOnlyList<DStmt> body, List<string> pieces, List<int> stretch, List<string> hoisted, Splitting splitting, SplitSizes sizes)
    {
        var outline = splitting.Outline;
        var member = _w;
        foreach (var declaration in hoisted)
        {
            member.Raw(declaration);
        }

        var parameters = stretch.Count > 0 && stretch.Sum(i => pieces[i].Length) >= sizes.Smallest ? Parameters(DerivativeUses.Of(_d, stretch.Select(i => body[i])), splitting) : null;
        if (parameters is null)
        {
            foreach (var i in stretch)
            {
                member.Raw(pieces[i]);
            }

            return;
        }

        var name = splitting.Parts.NextName(outline.Member);
        member.Line($"{name}({string.Join(", ", parameters.Select(p => (p.ByRef ? "ref " : string.Empty) + p.Name))});");

        // What the part assigns arrives by reference and is copied into a local of its own name, and back at the end: the
        // JIT keeps a local in a register, while every use of a ref parameter would be a load or a store.
        // (Named apart from every name the member holds now and every word of the part's text, which covers block locals
        // whose names were freed; the next part may reuse them.)
        var partNames = new HashSet<string>(_taken, StringComparer.Ordinal);
        partNames.UnionWith(stretch.SelectMany(i => Words.Matches(pieces[i]).Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value)));
        var references = parameters.Where(p => p.ByRef).ToDictionary(p => p.Name, p => GeneratedNames.Free(partNames, Names.Unescaped(p.Name) + "Ref"));
        var part = new IndentedWriter();
        part.Line($"/// <summary>Statements of <see cref=\"{outline.Member}\"/>, a method of their own so that the JIT optimizes both (README: long bodies are split where the JIT would give up).</summary>");
        part.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        Declarations.MemberAttributes(part, outline.Method);
        using (part.Block($"private static void {name}({string.Join(", ", parameters.Select(p => p.ByRef ? $"ref {p.Type} {references[p.Name]}" : $"{p.Type} {p.Name}"))})"))
        {
            foreach (var p in parameters.Where(p => p.ByRef))
            {
                part.Line($"{p.Type} {p.Name} = {references[p.Name]};");
            }

            var strip = Math.Min(member.Indent, 16) * 4;
            foreach (var line in stretch.SelectMany(i => pieces[i].TrimEnd('\n').Split('\n')))
            {
                var leading = line.Length - line.TrimStart(' ').Length;
                part.Line(line.Substring(Math.Min(leading, strip)));
            }

            foreach (var p in parameters.Where(p => p.ByRef))
            {
                part.Line($"{references[p.Name]} = {p.Name};");
            }
        }

        splitting.Parts.Add(part.ToString());
    }

    /// <summary>
    /// The parameters of a part with these uses: the tape, then each variable it uses and does not declare, in order of
    /// creation. Null when a variable's type is not known here (the stretch then stays in the member).
    /// </summary>
    private List<(string Type, string Name, bool ByRef)>? Parameters(DerivativeUses uses, Splitting splitting)
    {
        var parameters = new List<(string, string, bool)> { ("global::SymDiff.Tape", _tape, false) };
        foreach (var v in uses.Free.OrderBy(v => v))
        {
            if (_names[v] is not { } name)
            {
                return null;
            }

            if (name.Contains('.'))
            {
                // Static data of another type, named in full: the part reads it where it is.
                continue;
            }

            var variable = _d.Vars[v];
            var element = Literals.TypeKeyword(variable.Type);
            var exact = splitting.DeclaredTypes.TryGetValue(v, out var type) ? type
                : splitting.Outline.DeclaredTypes.TryGetValue(name, out type) ? type
                : variable.IsArray ? null : element;
            var byRef = uses.Assigned.Contains(v);
            if (variable.IsArray && !byRef && !uses.PassedToCalls.Contains(v))
            {
                exact = uses.ElementsWritten.Contains(v) ? $"global::System.Span<{element}>" : $"global::System.ReadOnlySpan<{element}>";
            }

            if (exact is null)
            {
                return null;
            }

            parameters.Add((exact, name, byRef));
        }

        return parameters;
    }
}
