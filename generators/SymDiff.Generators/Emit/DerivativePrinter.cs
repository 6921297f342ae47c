using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The C# printer of the derivative IR (<see cref="DerivativeProgram"/>): one line or block per statement, expressions
/// through <see cref="ExprPrinter"/>, islands through <see cref="CodeWriter"/>. It is the one place that names the
/// variables a pass added: each gets a fresh name from its base name where it is declared, among the names the member
/// already uses (<c>taken</c>, shared with the member's printer), and a block's released names are free again after it.
/// </summary>
internal sealed partial class DerivativePrinter
{
    private IndentedWriter _w;
    private readonly DerivativeProgram _d;
    private readonly EmitInput _input;
    private readonly ISet<string> _taken;
    private readonly string _tape;
    private readonly string?[] _names;
    private readonly ExprPrinter _print;

    /// <summary>True when printing the body of a per-example ILGPU kernel: spans are <c>DeviceSpan</c>s, the tape a <c>DeviceTape</c>.</summary>
    private readonly bool _device;

    /// <summary>
    /// In a per-example kernel that adds into shared adjoints directly: the spans whose elements are added to with
    /// <c>Atomic.Add</c> (other threads add into them too). Null everywhere else.
    /// </summary>
    private readonly ISet<string>? _atomic;

    /// <summary>True when sums may be added in another order (an adjoint program: SIMD loops sum per lane, see <see cref="VectorLoop"/>).</summary>
    private readonly bool _reorderSums;

    /// <summary>False when SIMD loops are turned off (<c>SymDiffSimdLoops=false</c>): every loop is printed as written.</summary>
    private readonly bool _simd;

    /// <summary>Pairs of spans (written, read) the member's entry checked apart: its SIMD loops do not check them again.</summary>
    private readonly IReadOnlyCollection<(string Written, string Read)> _apart;

    /// <summary>
    /// Per open scope (the outermost first), the names declared in scopes that closed inside it and were freed: C#
    /// forbids declaring one of them again in it (CS0136: a snapshot of a span named <c>tape</c> after a tape nest's
    /// block, fuzzer seed 1060214), while a sibling scope may. Shared with the printers of embedded programs.
    /// </summary>
    private List<HashSet<string>> _closedInside = new() { new HashSet<string>(StringComparer.Ordinal) };

    /// <summary>The names declared in scopes closed inside the current one (<see cref="_closedInside"/>).</summary>
    private HashSet<string> ClosedHere => _closedInside[_closedInside.Count - 1];

    private DerivativePrinter(
        IndentedWriter w, DerivativeProgram program, EmitInput input, ISet<string> taken, string tape, bool device, ISet<string>? atomic, bool reorderSums,
        IReadOnlyCollection<(string Written, string Read)>? apart, bool simd)
    {
        _device = device;
        _simd = simd;
        _reorderSums = reorderSums;
        _apart = apart ?? Array.Empty<(string, string)>();
        _atomic = atomic;
        _w = w;
        _d = program;
        _input = input;
        _taken = taken;
        _tape = tape;
        _names = program.Vars.Select(v => v.Name).ToArray();
        _print = new ExprPrinter(Name, Other, kernel: device);
    }

    /// <summary>
    /// Prints <paramref name="program"/>'s body into <paramref name="w"/>; <paramref name="tape"/> names the member's tape.
    /// With <paramref name="outline"/>, a body too long for the JIT to optimize has stretches of its top-level statements
    /// moved into private methods of their own (<see cref="Outline"/>); without <paramref name="splitBody"/> only the
    /// programs it embeds as bodies of their own are (<see cref="DEmbedded.Outlined"/>). With <paramref name="device"/>, the body is
    /// printed for a per-example ILGPU kernel (<see cref="SpanType"/>, <see cref="Zeros"/>); it is never outlined. The
    /// elements of the spans named in <paramref name="atomic"/> are added to atomically (shared by every thread). In C#,
    /// innermost loops whose iterations are independent run on SIMD registers (<see cref="VectorLoop"/>), and with
    /// <paramref name="reorderSums"/> (a reverse sweep) so do those that add into a scalar; spans the member checked apart
    /// on entry (<paramref name="apart"/>, written and read) are not checked again before them. Without
    /// <paramref name="simd"/> every loop is printed as written. A body printed inside <paramref name="loopDepth"/> loops of
    /// the program that embeds it has its lists split as a loop's are (<see cref="SplitSizes.LoopBodyAbove"/>).
    /// </summary>
    public static void Print(
        IndentedWriter w, DerivativeProgram program, EmitInput input, ISet<string> taken, string tape, Outline? outline = null, bool device = false, ISet<string>? atomic = null,
        bool reorderSums = false, IReadOnlyCollection<(string Written, string Read)>? apart = null, bool simd = true, bool splitBody = true, int loopDepth = 0)
    {
        Print(w, program, input, taken, tape, outline, device, atomic, reorderSums, apart, simd, splitBody, loopDepth, closedInside: null);
    }

    private static void Print(
        IndentedWriter w, DerivativeProgram program, EmitInput input, ISet<string> taken, string tape, Outline? outline, bool device, ISet<string>? atomic,
        bool reorderSums, IReadOnlyCollection<(string Written, string Read)>? apart, bool simd, bool splitBody, int loopDepth, List<HashSet<string>>? closedInside)
    {
        var printer = new DerivativePrinter(w, program, input, taken, tape, device, atomic, reorderSums, apart, simd) { _outline = outline, _loopDepth = loopDepth };
        printer._closedInside = closedInside ?? printer._closedInside;
        if (outline is not null && splitBody)
        {
            printer._splitting = new Splitting(outline, w.Outlined, printer.DeclaredTypes());
        }

        printer.Block(program.Body);
    }

    /// <summary>The member's outline, which embedded programs printed as bodies of their own split by (<see cref="DEmbedded.Outlined"/>).</summary>
    private Outline? _outline;

    /// <summary>The C# types of the member's storage by name: <paramref name="outline"/>'s, and those this program has declared so far.</summary>
    private Dictionary<string, string> DeclaredSoFar(Outline outline)
    {
        var types = new Dictionary<string, string>(outline.DeclaredTypes.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        foreach (var declared in DeclaredTypes())
        {
            if (declared.Value is { } type && _names[declared.Key] is { } name)
            {
                types[name] = type;
            }
        }

        return types;
    }

    /// <summary>The type of a span of <paramref name="kind"/>: <c>Span&lt;T&gt;</c>, or in a kernel <c>DeviceSpan&lt;T&gt;</c>.</summary>
    public static string SpanType(ScalarKind kind, bool device = false) =>
        device ? $"global::SymDiff.Gpu.DeviceSpan<{Literals.TypeKeyword(kind)}>" : $"global::System.Span<{Literals.TypeKeyword(kind)}>";

    /// <summary>
    /// A zeroed tape buffer; int and bool buffers are carved from the double arena (zero bits are 0 and false). A
    /// kernel's <c>DeviceTape</c> has doubles, floats and ints (<see cref="Emit.MemberEmitter"/> rejects other buffers there).
    /// </summary>
    public static string Zeros(string tape, ScalarKind kind, string length, bool device = false) => kind switch
    {
        ScalarKind.Int when device => $"{tape}.ZerosInt32({length})",
        ScalarKind.Float => $"{tape}.ZerosSingle({length})",
        ScalarKind.Double => $"{tape}.Zeros({length})",
        _ => $"global::System.Runtime.InteropServices.MemoryMarshal.Cast<double, {Literals.TypeKeyword(kind)}>({tape}.Zeros({length})).Slice(0, {length})",
    };

    private string Name(int var) => _names[var] ?? throw new InvalidOperationException($"variable {_d.Vars[var].BaseName} is used before it is declared");

    private string Expr(LExpr expression, int minPrecedence = 0) => _print.Print(expression, minPrecedence);

    /// <summary>The expressions only generated code has: scratch and tape operations.</summary>
    private string Other(LExpr expression) => expression switch
    {
        LZeros z => Zeros(_tape, z.Type, Expr(z.Length), _device),
        LNewArray a => $"new {Literals.TypeKeyword(a.Type)}[{Expr(a.Length)}]",
        LTapeMark => $"{_tape}.Mark()",
        LInvoke call => Invocation(call.Member, call.Args, call.Element, call.NamedPair),
        LTapeCount => $"{_tape}.Count",
        LTapeStorage { Reserve: null } => $"{_tape}.Values",
        LTapeStorage storage => $"{_tape}.Reserve({Expr(storage.Reserve!)})",
        LPop pop => Popped(pop.Storage is { } local ? $"{Name(local.Values)}[--{Name(local.Top)}]" : $"{_tape}.Pop()", pop.Type),
        LTripCount trips => TripCount(trips),
        LSegmentLength segment => $"global::SymDiff.Tape.SegmentLength({Expr(segment.Trips)})",
        LDimension dimension => $"{Matrix(dimension.Var)}.GetLength({dimension.Dimension})",
        LSlice slice => $"{Name(slice.Span)}.Slice({Expr(slice.Start)}, {Expr(slice.Length)})",
        _ => throw new InvalidOperationException($"cannot print {expression}"),
    };

    private static string Popped(string pop, ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => $"{pop} != 0",
        ScalarKind.Double => pop,
        _ => $"({Literals.TypeKeyword(kind)}){pop}",
    };

    /// <summary>The iterations from <c>From</c> up to <c>To</c> in steps of <c>Stride</c>, as a <c>long</c> (no overflow at the ends of <c>int</c>).</summary>
    private string TripCount(LTripCount trips)
    {
        var from = Expr(trips.From, Precedence.Of(Op.Add) + 1);
        var to = Expr(trips.To, Precedence.Of(Op.Add) + 1);
        var span = from == "0" ? $"(long){to}" : $"(long){to} - {from}";
        var extra = (trips.Inclusive ? 1 : 0) + trips.Stride - 1;
        var numerator = extra == 0 ? span : $"{span} + {extra}";
        return trips.Stride == 1 ? $"({numerator})" : $"(({numerator}) / {trips.Stride})";
    }

    private void Statements(IEnumerable<DStmt> body)
    {
        foreach (var statement in body)
        {
            Statement(statement);
        }
    }

    private void Statement(DStmt statement)
    {
        switch (statement)
        {
            case DAccumulate a when IsAtomic(a.Target):
                _w.Line(AtomicAdd(a.Target, a.Subtract ? $"-({Expr(a.Value)})" : Expr(a.Value)));
                break;
            case DAssign a when IsAtomic(a.Target):
                throw new InvalidOperationException($"{Expr(a.Target)} is added to by every thread and cannot be assigned");
            case DDeclare or DAssign or DAccumulate or DIncrement:
                _w.Line(Inline(statement) + ";");
                break;
            case DEmbedded { Outlined: true } embedded:
                // Another pass's program, printed as that pass's member body would be (reverse sweeps sum in any order);
                // its parts also know the types of what this program declared before it.
                // (Inside a loop, a reduction loop's iteration reverse sweep, its lists are split as a loop's are.)
                Print(_w, embedded.Program, _input, _taken, _tape, _outline is null ? null : _outline with { DeclaredTypes = DeclaredSoFar(_outline) }, _device, _atomic, embedded.ReorderSums, _apart, _simd, splitBody: true, _loopDepth, _closedInside);
                break;
            case DEmbedded embedded:
                new DerivativePrinter(_w, embedded.Program, _input, _taken, _tape, _device, _atomic, reorderSums: false, _apart, _simd) { _closedInside = _closedInside }.Statements(embedded.Program.Body);
                break;
            case DAdjoint adjoint:
                Adjoint(adjoint);
                break;
            case DClear c:
                _w.Line($"{Name(c.Var)}.Clear();");
                break;
            case DCopy copy:
                _w.Line($"{Name(copy.From)}.CopyTo({Name(copy.To)});");
                break;
            case DRelease r:
                _w.Line($"{_tape}.Release({Name(r.Mark)});");
                break;
            case DCall c:
                Call(c);
                break;
            case DIf i:
                Branch(i);
                break;
            case DLoop l when _simd && !_device && l.Init is not null && VectorLoop.Plan(l, _d, _reorderSums) is { UsefulWidths.Count: > 0 } plan:
                Vectorized(plan);
                break;
            case DLoop l:
                using (Header(l))
                {
                    LoopBody(l.Body);
                }

                break;
            case DScope s:
                _closedInside.Add(new HashSet<string>(StringComparer.Ordinal));
                using (_w.Scope())
                {
                    Block(s.Body);
                }

                var closed = ClosedHere;
                _closedInside.RemoveAt(_closedInside.Count - 1);
                foreach (var var in s.Released)
                {
                    _taken.Remove(Name(var));
                    closed.Add(Name(var));
                }

                ClosedHere.UnionWith(closed);
                break;
            case DReturn r:
                _w.Line(r.Values.Length == 1 ? $"return {Expr(r.Values[0])};" : $"return ({string.Join(", ", r.Values.Select(v => Expr(v)))});");
                break;
            case DPush push:
                {
                    var value = Expr(push.Value);
                    value = push.Value.Type == ScalarKind.Bool ? $"{value} ? 1.0 : 0.0" : value;
                    _w.Line(push.Storage is { } local ? $"{Name(local.Values)}[{Name(local.Top)}++] = {value};" : $"{_tape}.Push({value});");
                    break;
                }

            case DSnapshot snapshot:
                _w.Line($"{_tape}.{(snapshot.Restore ? "Restore" : "Save")}({Name(snapshot.Var)});");
                break;
            case DComment comment:
                _w.Line("// " + comment.Text);
                break;
            case DIsland island:
                Island(island);
                break;
            case DSweep sweep:
                Sweep(sweep);
                break;
            default:
                throw new InvalidOperationException($"cannot print {statement}");
        }
    }

    /// <summary>A statement that can also stand in a <c>for</c> header, without its semicolon.</summary>
    private string Inline(DStmt statement) => statement switch
    {
        DDeclare d => Declaration(d),
        DAssign a => $"{Expr(a.Target)} = {Expr(a.Value)}",
        DAccumulate a => $"{Expr(a.Target)} {(a.Subtract ? "-=" : "+=")} {Expr(a.Value, Precedence.Of(Op.Add) + 1)}",
        DIncrement increment => $"{Name(increment.Var)}{(increment.By > 0 ? "++" : "--")}",
        _ => throw new InvalidOperationException($"{statement} is not a simple statement"),
    };

    /// <summary>A free name for a variable declared in the current scope: neither taken nor declared in a scope closed inside it.</summary>
    private string Declared(string baseName)
    {
        if (ClosedHere.Count == 0)
        {
            return GeneratedNames.Free(_taken, baseName);
        }

        var name = GeneratedNames.Free(new HashSet<string>(_taken.Concat(ClosedHere), StringComparer.Ordinal), baseName);
        _taken.Add(name);
        return name;
    }

    private string Declaration(DDeclare d)
    {
        var names = d.Vars.Select(v => _names[v] ??= Declared(_d.Vars[v].BaseName)).ToList();
        var type = Literals.TypeKeyword(_d.Vars[d.Vars[0]].Type);
        return d.Form switch
        {
            DeclareForm.Inferred => $"var {names[0]} = {Expr(d.Init!)}",
            DeclareForm.EmptySpan => $"{SpanType(_d.Vars[d.Vars[0]].Type, _device)} {names[0]} = default",
            DeclareForm.EmptyArray => $"{type}[] {names[0]} = global::System.Array.Empty<{type}>()",
            _ when d.Init is null => $"{type} {string.Join(", ", names)}",
            _ => $"{type} {string.Join(", ", names.Select(n => $"{n} = {Expr(d.Init)}"))}",
        };
    }

    /// <summary>
    /// <c>if</c>/<c>else</c>; a condition that prints as a constant (x &gt; x, which C# would warn about as CS1718,
    /// prints <c>false</c>) gets its arm alone, not <c>if (false)</c> (CS0162, unreachable code).
    /// </summary>
    private void Branch(DIf branch)
    {
        var condition = Expr(branch.Condition);
        if ((ConstantCondition.Truth(branch.Condition) ?? ConstantCondition.Truth(condition)) is { } taken)
        {
            // A condition that prints as a C# constant (false && false, once t < t is written false) would make the other
            // arm unreachable code (CS0162), a warning that fails a build with warnings as errors.
            if ((taken ? branch.Then : branch.Else) is { Length: > 0 } arm)
            {
                using (_w.Scope())
                {
                    Block(arm);
                }
            }

            return;
        }

        using (_w.Block($"if ({condition})"))
        {
            Block(branch.Then);
        }

        if (branch.Else.Length > 0)
        {
            using (_w.Block("else"))
            {
                Block(branch.Else);
            }
        }
    }

    private void Call(DCall c)
    {
        var invocation = Invocation(c.Member, c.Args, c.Element, c.NamedPair);
        _w.Line(c.Targets.Length switch
        {
            0 => $"{invocation};",
            1 => $"{Expr(c.Targets[0])} = {invocation};",
            _ => $"({string.Join(", ", c.Targets.Select(e => Expr(e)))}) = {invocation};",
        });
    }

    private string Invocation(string member, EquatableArray<DArg> args, int element, bool namedPair)
    {
        var invocation = $"{member}({string.Join(", ", args.Select(Argument))})";
        return element < 0 ? invocation
            : invocation + "." + (namedPair ? (element == 0 ? "Value" : "Tangent") : element == 0 ? "Item1" : "Item2");
    }

    /// <summary>A call's argument: a two-dimensional array passed whole is the array, not the span the body reads it through.</summary>
    private string Argument(DArg argument) =>
        (argument.ByRef ? "ref " : argument.Out ? "out " : string.Empty) + (argument.Value is LRead { Var: var v } && _d.Vars[v].Matrix is { } matrix ? matrix : Expr(argument.Value));

    /// <summary>The two-dimensional array parameter whose row-major span <paramref name="var"/> is.</summary>
    private string Matrix(int var) => _d.Vars[var].Matrix ?? throw new InvalidOperationException($"variable {_d.Vars[var].BaseName} is not a two-dimensional array");

    /// <summary>The loop's own header: <c>for</c>, <c>while</c>, or <c>do … while</c>.</summary>
    private IDisposable Header(DLoop l) =>
        l.Init is not null || l.Step is not null
            ? _w.Block($"for ({(l.Init is null ? string.Empty : Inline(l.Init))}; {Expr(l.Condition)}; {(l.Step is null ? string.Empty : Inline(l.Step))})")
            : l.TestFirst ? _w.Block($"while ({Expr(l.Condition)})") : _w.Block("do", $" while ({Expr(l.Condition)});");

    private void Island(DIsland island)
    {
        var derivative = island.Derivative;
        var names = new NameAllocator(_taken, Array.Empty<string>());
        foreach (var (node, value) in island.Inputs)
        {
            names.Fix(node, Expr(value));
        }

        var needsScope = derivative.Graph.Root.Items.OfType<NodeItem>().Any(i => derivative.Schedule.NeedsLocal(i.Node));
        using (needsScope ? _w.Scope() : null)
        {
            var code = new CodeWriter(_w, derivative.Schedule, names, _input, kernel: _device);
            code.Region(derivative.Graph.Root);
            // `t = t + 1` has the tangent tT: assigning it to itself is CS1717, a warning that fails the user's build.
            for (var lane = 0; lane < island.Targets.Length; lane++)
            {
                AssignUnlessSelf(Expr(island.Targets[lane]), code.Expr(derivative.Tangents[lane]));
            }

            if (island.Assigned is not null)
            {
                AssignUnlessSelf(Expr(island.Assigned), code.Expr(derivative.Result));
            }
        }
    }

    /// <summary>An adjoint island: the forward and reverse regions of its graph, then each contribution added in.</summary>
    private void Adjoint(DAdjoint adjoint)
    {
        var derivative = adjoint.Derivative;
        var seed = Name(adjoint.Seed);
        var names = new NameAllocator(_taken, new[] { seed });
        names.Fix(derivative.Seed, seed);
        foreach (var (node, value) in adjoint.Inputs)
        {
            names.Fix(node, Expr(value));
        }

        var code = new CodeWriter(_w, derivative.Schedule, names, _input, new HashSet<Node>(adjoint.Known), _device);
        code.Region(derivative.Graph.Root);
        code.Region(derivative.Reverse!);
        foreach (var (node, target) in adjoint.Contributions)
        {
            _w.Line(Added(target, code.Expr(node)));
        }
    }

    /// <summary>A body differentiated whole: its regions, its stores, its return.</summary>
    private void Sweep(DSweep sweep)
    {
        var names = new NameAllocator(_taken, Array.Empty<string>());
        foreach (var (node, value) in sweep.Inputs)
        {
            names.Fix(node, Expr(value));
        }

        // Values handed in that are not leaves (intermediates a reverse stretch's forward sweep saved) are not computed again.
        var known = new HashSet<Node>(sweep.Inputs.Select(i => i.Node).Where(n => !n.IsLeaf));
        var code = new CodeWriter(_w, sweep.Schedule, names, _input, known, kernel: _device);
        foreach (var region in sweep.Regions)
        {
            code.Region(region);
        }

        foreach (var store in sweep.Stores)
        {
            var value = code.Expr(store.Value);
            var line = store.Accumulate ? Added(store.Target, value) : $"{Expr(store.Target)} = {value};";
            if (store.Guarded)
            {
                using (_w.Block($"if ({code.Expr(store.Value, Precedence.Of(Op.Ne) + 1)} != {Literals.Constant(0, store.Value.Type)})"))
                {
                    _w.Line(line);
                }
            }
            else
            {
                _w.Line(line);
            }
        }

        if (sweep.Returned.Count > 0)
        {
            _w.Line(sweep.Returned.Count == 1 ? $"return {code.Expr(sweep.Returned[0])};" : $"return ({string.Join(", ", sweep.Returned.Select(n => code.Expr(n)))});");
        }
    }

    /// <summary>True for an element of a span every thread adds into (<see cref="_atomic"/>).</summary>
    private bool IsAtomic(LExpr target) => _atomic is not null && target is LElement e && _atomic.Contains(Name(e.Var));

    private string AtomicAdd(LExpr target, string value) => $"global::ILGPU.Atomic.Add(ref {Expr(target)}, {value});";

    /// <summary>
    /// <paramref name="value"/> added into <paramref name="target"/>: with <c>Atomic.Add</c> where every thread adds
    /// into it (a per-example kernel's shared adjoints, from a statement's adjoint or a stretch's sweep alike).
    /// </summary>
    private string Added(LExpr target, string value) => IsAtomic(target) ? AtomicAdd(target, value) : $"{Expr(target)} += {value};";

    private void AssignUnlessSelf(string target, string value)
    {
        if (target != value)
        {
            _w.Line($"{target} = {value};");
        }
    }
}
