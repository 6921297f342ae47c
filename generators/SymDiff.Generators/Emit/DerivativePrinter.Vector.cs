using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// SIMD loops: an innermost counted loop that <see cref="VectorLoop"/> accepts is printed as its header's start, a
/// vector loop over as many whole registers of iterations as remain (on <c>Vector512</c> where the hardware accelerates
/// it, else on <c>Vector256</c> where that is: one block per width of <see cref="VectorLoop.UsefulWidths"/>, of which the
/// JIT keeps one; when every index of its first and last iteration is within bounds and the arrays it writes share no
/// memory with the others), and the loop as written for the iterations left. In the vector loop one register holds
/// consecutive iterations: moving elements are loaded and stored whole, through references taken once (no bounds
/// checks), values the same in every iteration are broadcast before it, the body's locals are vectors, second counters
/// step by a register's width at the end of each pass, and sums are added per lane and their lanes added after it.
/// </summary>
internal sealed partial class DerivativePrinter
{
    /// <summary>The state of the vector loop being printed.</summary>
    private sealed class VectorState
    {
        public VectorState(VectorLoop plan, int bits)
        {
            Plan = plan;
            Bits = bits;
        }

        public VectorLoop Plan { get; }

        /// <summary>The register width in bits.</summary>
        public int Bits { get; }

        /// <summary>Elements per register.</summary>
        public int Lanes => Plan.Lanes(Bits);

        /// <summary>The static class of this width: <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
        public string Class => $"global::System.Runtime.Intrinsics.Vector{Bits}";

        /// <summary>Names taken for the vector loop, free again after it.</summary>
        public List<string> Taken { get; } = new();

        /// <summary>Lines before the vector loop: values broadcast once.</summary>
        public List<string> Hoisted { get; } = new();

        /// <summary>Each broadcast value's vector, by its scalar text.</summary>
        public Dictionary<string, string> Broadcasts { get; } = new(StringComparer.Ordinal);

        public Dictionary<int, string> Locals { get; } = new();

        public Dictionary<int, string> Refs { get; } = new();

        public Dictionary<int, string> Sums { get; } = new();

        public string Type => $"{Class}<{Literals.TypeKeyword(Plan.Kind)}>";
    }

    private VectorState? _vector;

    private void Vectorized(VectorLoop plan)
    {
        var loop = plan.Loop;
        _w.Line(Inline(loop.Init!) + ";");
        var widths = plan.UsefulWidths;
        for (var w = 0; w < widths.Count; w++)
        {
            VectorPass(plan, widths[w], w == 0 ? "if" : "else if");
        }

        _vector = null;
        using (_w.Block($"for (; {Expr(loop.Condition)}; {Inline(loop.Step!)})"))
        {
            LoopBody(loop.Body);
        }
    }

    /// <summary>The vector loop at one register width, under <c>{keyword} (VectorN.IsHardwareAccelerated)</c>.</summary>
    private void VectorPass(VectorLoop plan, int bits, string keyword)
    {
        var loop = plan.Loop;
        var counter = Name(plan.Counter);
        var state = _vector = new VectorState(plan, bits);
        var lanes = state.Lanes;
        var trips = VectorName("vectorTrips");
        var end = VectorName("vectorEnd");

        // The body first (it names the references and broadcasts it reads), then what comes before it.
        var member = _w;
        var body = _w = new IndentedWriter(member.Indent + 3);
        VectorStatements(loop.Body, new Dictionary<int, int>());
        foreach (var entry in plan.Inductions)
        {
            var induction = entry.Key;
            var step = entry.Value;
            _w.Line($"{Name(induction)} {(step > 0 ? "+=" : "-=")} {lanes};");
        }

        _w = member;
        foreach (var array in plan.MovingArrays)
        {
            Ref(array);
        }

        using (_w.Block($"{keyword} ({state.Class}.IsHardwareAccelerated)"))
        {
            _w.Line($"int {trips} = (int)({Remaining(plan)} & -{lanes}L);");
            var guard = new List<string> { $"{trips} > 0" };
            foreach (var access in plan.Moving)
            {
                var length = $"(uint){Name(access.Array)}.Length";
                guard.Add($"(uint){Parenthesized(IndexAt(access, 0, null))} < {length}");
                guard.Add($"(uint){Parenthesized(IndexAt(access, 0, trips))} < {length}");
            }

            var type = Literals.TypeKeyword(plan.Kind);
            foreach (var (written, other) in plan.MayOverlap.Where(p => _d.Vars[p.Written].Type == plan.Kind && _d.Vars[p.Other].Type == plan.Kind))
            {
                if (_apart.Contains((Name(written), Name(other))) || _apart.Contains((Name(other), Name(written))))
                {
                    continue; // checked on entry
                }

                guard.Add($"!global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<{type}>){Name(written)}, (global::System.ReadOnlySpan<{type}>){Name(other)})");
            }

            using (_w.Block($"if ({string.Join(" && ", guard)})"))
            {
                foreach (var entry in state.Refs)
                {
                    var array = entry.Key;
                    var reference = entry.Value;
                    _w.Line($"ref {type} {reference} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference((global::System.ReadOnlySpan<{type}>){Name(array)});");
                }

                foreach (var line in state.Hoisted)
                {
                    _w.Line(line);
                }

                foreach (var sum in state.Sums.Values)
                {
                    _w.Line($"var {sum} = {state.Type}.Zero;");
                }

                var (test, step) = plan.Stride > 0 ? ("<", "+") : (">", "-");
                using (_w.Block($"for (int {end} = {counter} {step} {trips}; {counter} {test} {end}; {counter} {step}= {lanes})"))
                {
                    _w.Raw(body.ToString());
                }

                foreach (var entry in state.Sums)
                {
                    var var = entry.Key;
                    var sum = entry.Value;
                    _w.Line($"{Name(var)} += {state.Class}.Sum({sum});");
                }
            }
        }

        // The names of this width's loop are free again: the next width's block is a scope of its own.
        foreach (var name in state.Taken)
        {
            _taken.Remove(name);
            ClosedHere.Add(name);
        }
    }

    /// <summary>The iterations left from the counter to the bound, as a <c>long</c>.</summary>
    private string Remaining(VectorLoop plan)
    {
        var counter = Name(plan.Counter);
        var bound = Parenthesized(Expr(plan.Bound));
        var minus = bound == "0" ? string.Empty : $" - {bound}";
        return ((LApply)plan.Loop.Condition).Op switch
        {
            Op.Lt => $"((long){bound} - {counter})",
            Op.Le => $"((long){bound} - {counter} + 1)",
            Op.Gt => $"((long){counter}{minus})",
            _ => $"((long){counter}{minus} + 1)",
        };
    }

    private static string Parenthesized(string text) => SimdWriter.IsIdentifier(text) || IsEnclosed(text) ? text : $"({text})";

    /// <summary>True when <paramref name="text"/> is one parenthesized expression (its first parenthesis closes at its end).</summary>
    private static bool IsEnclosed(string text)
    {
        if (text.Length < 2 || text[0] != '(')
        {
            return false;
        }

        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0)
            {
                return i == text.Length - 1;
            }
        }

        return false;
    }

    /// <summary>A name for the vector loop alone.</summary>
    private string VectorName(string baseName)
    {
        var name = GeneratedNames.Free(_taken, baseName);
        _vector!.Taken.Add(name);
        return name;
    }

    private string Ref(int array)
    {
        var refs = _vector!.Refs;
        if (!refs.TryGetValue(array, out var name))
        {
            refs[array] = name = VectorName(Name(array) + "Ref");
        }

        return name;
    }

    /// <summary>
    /// The index of <paramref name="access"/> in iteration <paramref name="t"/> of the pass (counted from the counter's
    /// value now), or in the last iteration of the vector loop when <paramref name="trips"/> names its iteration count.
    /// </summary>
    private string IndexAt(VectorLoop.Access access, int t, string? trips)
    {
        var plan = _vector!.Plan;
        string Moved(int var, int step, int before)
        {
            var name = Name(var);
            if (trips is not null)
            {
                var count = before == 1 ? trips : $"({trips} - 1)";
                return $"({name} {(step > 0 ? "+" : "-")} {count})";
            }

            var k = step * (t + before);
            return k == 0 ? name : $"({name} {(k > 0 ? "+" : "-")} {Math.Abs(k)})";
        }

        var substitutions = new Dictionary<LExpr, string> { [new LRead(ScalarKind.Int, plan.Counter)] = Moved(plan.Counter, plan.Stride, 0) };
        foreach (var entry in plan.Inductions)
        {
            var induction = entry.Key;
            var step = entry.Value;
            substitutions[new LRead(ScalarKind.Int, induction)] = Moved(induction, step, access.Stepped.ContainsKey(induction) ? 1 : 0);
        }

        return _print.Print(access.Index, 0, substitutions);
    }

    /// <summary>Where a pass's register of a moving element starts: its lowest index among the iterations the pass runs.</summary>
    private string Address(LElement element, Dictionary<int, int> stepped)
    {
        var plan = _vector!.Plan;
        var access = new VectorLoop.Access(element.Var, element.Index, stepped, plan.Direction, Write: false);
        return $"ref {Ref(element.Var)}, (nuint){Parenthesized(IndexAt(access, plan.Direction > 0 ? 0 : _vector!.Lanes - 1, null))}";
    }

    private string Load(LElement element, Dictionary<int, int> stepped) => $"{_vector!.Class}.LoadUnsafe({Address(element, stepped)})";

    private void Store(LElement element, string value, Dictionary<int, int> stepped) =>
        _w.Line($"{_vector!.Class}.StoreUnsafe({value}, {Address(element, stepped)});");

    /// <summary>A value the same in every iteration, broadcast once before the vector loop (a bool as a lane mask).</summary>
    private string Broadcast(string scalar, ScalarKind type = ScalarKind.Double)
    {
        var state = _vector!;
        if (!state.Broadcasts.TryGetValue(scalar, out var name))
        {
            var baseName = SimdWriter.IsIdentifier(scalar) && !char.IsDigit(scalar[0]) ? scalar + "V" : "broadcast";
            state.Broadcasts[scalar] = name = VectorName(baseName);
            state.Hoisted.Add(type == ScalarKind.Bool
                ? $"var {name} = {scalar} ? {state.Type}.AllBitsSet : {state.Type}.Zero;"
                : $"var {name} = {state.Class}.Create({scalar});");
        }

        return name;
    }

    /// <summary>An expression of the body as a vector.</summary>
    private string VectorExpr(LExpr expression, Dictionary<int, int> stepped, int minPrecedence = 0)
    {
        var state = _vector!;
        if (expression is LConst c)
        {
            return c.Value switch
            {
                0 when BitConverter.DoubleToInt64Bits(c.Value) == 0 => $"{state.Type}.Zero",
                1 => $"{state.Type}.One",
                _ => $"{state.Class}.Create({Literals.Constant(c.Value, state.Plan.Kind)})",
            };
        }

        if (state.Plan.IsInvariant(expression))
        {
            return Broadcast(Expr(expression));
        }

        if (expression is LPop { Storage: { } storage })
        {
            stepped[storage.Top] = 1;
            return Load(VectorLoop.TapeSlot(storage), stepped);
        }

        return expression switch
        {
            LRead r => state.Locals[r.Var],
            LElement e => Load(e, stepped),
            LApply a => SimdWriter.Format(a.Op, state.Class, a.Args.Length, (i, min) => VectorExpr(a.Args[i], stepped, min), minPrecedence),
            _ => throw new InvalidOperationException($"cannot print {expression} on vectors"),
        };
    }

    private void VectorStatements(IEnumerable<DStmt> body, Dictionary<int, int> stepped)
    {
        var state = _vector!;
        var plan = state.Plan;
        var add = SimdOps.Precedence(Op.Add) + 1;
        foreach (var statement in body)
        {
            if (plan.InductionStepped(statement) is { } induction)
            {
                stepped[induction] = 1;
                continue;
            }

            switch (statement)
            {
                case DScope scope:
                    using (_w.Scope())
                    {
                        VectorStatements(scope.Body, stepped);
                    }

                    break;
                case DComment comment:
                    _w.Line("// " + comment.Text);
                    break;
                case DDeclare d:
                    foreach (var var in d.Vars)
                    {
                        var name = state.Locals[var] = VectorName(_d.Vars[var].BaseName);
                        _w.Line($"var {name} = {(d.Init is null ? state.Type + ".Zero" : VectorExpr(d.Init, stepped))};");
                    }

                    break;
                case DAssign { Target: LRead r, Value: var value } when plan.Locals.Contains(r.Var):
                    _w.Line($"{state.Locals[r.Var]} = {VectorExpr(value, stepped)};");
                    break;
                case DAssign { Target: LRead r, Value: LApply { Args: var args } }:
                    _w.Line($"{Sum(r.Var)} += {VectorExpr(args[1], stepped)};");
                    break;
                case DAssign { Target: LElement e, Value: var value }:
                    Store(e, VectorExpr(value, stepped), stepped);
                    break;
                case DAccumulate { Target: LRead r } a:
                    _w.Line($"{(plan.Locals.Contains(r.Var) ? state.Locals[r.Var] : Sum(r.Var))} {(a.Subtract ? "-=" : "+=")} {VectorExpr(a.Value, stepped)};");
                    break;
                case DAccumulate { Target: LElement e } a:
                    Store(e, $"{Load(e, stepped)} {(a.Subtract ? "-" : "+")} {VectorExpr(a.Value, stepped, add)}", stepped);
                    break;
                case DPush { Storage: { } storage } push:
                    Store(VectorLoop.TapeSlot(storage), VectorExpr(push.Value, stepped), stepped);
                    stepped[storage.Top] = 1;
                    break;
                case DAdjoint or DIsland or DSweep:
                    using (_w.Scope())
                    {
                        var island = plan.IslandOf(statement);
                        var simd = Graph(island, stepped);
                        for (var k = 0; k < island.Outputs.Count; k++)
                        {
                            VectorTarget(island.Targets[k], simd.Expr(island.Outputs[k], island.Accumulates ? add : 0), island.Accumulates, stepped);
                        }
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{statement} has no vector form");
            }
        }
    }

    /// <summary>The vector of partial sums of scalar <paramref name="var"/>.</summary>
    private string Sum(int var)
    {
        var sums = _vector!.Sums;
        if (!sums.TryGetValue(var, out var name))
        {
            sums[var] = name = VectorName(Name(var) + "Lanes");
        }

        return name;
    }

    /// <summary>Stores (or adds, <paramref name="accumulate"/>) an island's vector value into a local, an element or a sum.</summary>
    private void VectorTarget(LExpr target, string value, bool accumulate, Dictionary<int, int> stepped)
    {
        var state = _vector!;
        switch (target)
        {
            case LRead r when state.Plan.Locals.Contains(r.Var):
                _w.Line($"{state.Locals[r.Var]} {(accumulate ? "+=" : "=")} {value};");
                break;
            case LRead r:
                _w.Line($"{Sum(r.Var)} += {value};");
                break;
            case LElement e when accumulate:
                Store(e, $"{Load(e, stepped)} + {value}", stepped);
                break;
            case LElement e:
                Store(e, value, stepped);
                break;
            default:
                throw new InvalidOperationException($"cannot store into {target} on vectors");
        }
    }

    /// <summary>
    /// An island's graph on vectors (<see cref="VectorLoop.IslandPlan"/>): its moving leaves in vector locals, the rest
    /// broadcast before the loop, its regions printed by <see cref="SimdWriter"/>, which is returned to print the outputs.
    /// </summary>
    private SimdWriter Graph(VectorLoop.IslandPlan island, Dictionary<int, int> stepped)
    {
        var state = _vector!;
        var names = new NameAllocator(_taken, Array.Empty<string>());
        var vectorNames = new Dictionary<Node, string>();
        foreach (var (node, value) in island.Leaves.Where(l => island.Printed.Contains(l.Node)))
        {
            if (!island.Varying.Contains(node))
            {
                names.Fix(node, Expr(value));
            }
            else if (value is LRead r && state.Locals.TryGetValue(r.Var, out var local))
            {
                vectorNames[node] = local;
            }
            else
            {
                var name = vectorNames[node] = VectorName(node.BaseName ?? "element");
                _w.Line($"var {name} = {VectorExpr(value, stepped)};");
            }
        }

        var uniform = new UniformPrinter(names, new HashSet<Node>());
        foreach (var node in island.Simd!.Broadcasts.Where(island.Printed.Contains))
        {
            vectorNames[node] = Broadcast(uniform.Expr(node), node.Type);
        }

        var simd = new SimdWriter(_w, island.Schedule, names, island.Simd, vectorNames, VectorName, new Dictionary<(IfItem, bool), string>(), state.Bits);
        foreach (var region in island.Regions)
        {
            simd.Region(region, null);
        }

        return simd;
    }
}
