using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Innermost loops run on block-local copies of the scalars they touch. The generated methods declare every variable
/// once at the top and keep many values alive from the forward sweep into the reverse sweep, so without the copies the
/// JIT's register allocator spills loop-carried scalars (an index stepped each iteration, a running adjoint) to the
/// stack inside the hottest loops, which puts a store-to-load round trip on every iteration's critical path.
/// The tape gets the same treatment: a loop without calls pushes into (or pops from) the tape's storage through a local
/// array and height, stored back after the loop. A pushing loop first reserves room for its trip count times the
/// values one iteration pushes, so no capacity check (a call, which would spill every register) sits in the loop; a
/// loop whose trip count is not known on entry keeps calling <c>tape.Push</c>.
/// </summary>
internal sealed partial class LoopEmitter
{
    private (string Values, string Top)? _tapeLocal;

    /// <summary>How a localized loop uses the tape.</summary>
    private enum TapeUse
    {
        None,
        Push,
        Pop,
    }

    /// <summary>
    /// Runs <paramref name="emit"/> with the loop's scalars (and, when asked, their adjoints) renamed to
    /// block locals copied in before the loop and copied back after it.
    /// </summary>
    private void Localized(LLoop loop, bool adjoints, Action emit, TapeUse tapeUse)
    {
        if (loop.Children().ContainsLoop())
        {
            emit();
            return;
        }

        var ids = loop.ScalarsOf(_p);

        var renamed = new List<(int Id, Dictionary<int, string>? Table, string Outer)>();
        var copyBack = new List<string>();
        var locals = new List<string>();
        using (_w.Scope())
        {
            var reserve = tapeUse switch
            {
                TapeUse.Push when !ContainsCall(loop.Children()) && loop.Blocks().Sum(Pushes) is var perIteration and > 0
                    && TripBound(loop) is { } trips => (perIteration == 1 ? trips : $"{trips} * {perIteration}") + " + 1",
                TapeUse.Pop when !ContainsCall(loop.Children())
                    && (loop.Blocks().Sum(Pushes) > 0 || _a.RecomputedEnd(loop) is null) => string.Empty,
                _ => null,
            };
            if (reserve is not null)
            {
                var values = Fresh("tapeValues");
                var top = Fresh("tapeTop");
                locals.Add(values);
                locals.Add(top);
                _w.Line($"var {values} = {(reserve.Length == 0 ? $"{_tape}.Values" : $"{_tape}.Reserve({reserve})")};");
                _w.Line($"int {top} = {_tape}.Count;");
                copyBack.Insert(0, $"{_tape}.Count = {top};");
                _tapeLocal = (values, top);
            }

            var assignedInLoop = loop.Children().AssignedVariables();
            foreach (var id in ids)
            {
                var v = _p.Vars[id];
                var type = Literals.TypeKeyword(v.Type);
                // The reverse sweep writes a variable only where it restores it; the other sweeps where they assign it.
                var assigned = loop.Counter?.Var == id
                    || assignedInLoop.Contains(id) && (!adjoints || _a.Saves(id));
                // The reverse sweep reads only needed values (and the counter); a variable it never reads needs no copy.
                if (!adjoints || loop.Counter?.Var == id || _a.Needed.Contains(id) && !_a.Captures(id))
                {
                    Rename(id, null, _names[id], type, assigned);
                }

                if (adjoints && _adjoints.TryGetValue(id, out var adjoint))
                {
                    Rename(id, _adjoints, adjoint, type, writeBack: true);
                }
            }

            emit();
            _tapeLocal = null;
            foreach (var (id, table, outer) in renamed)
            {
                if (table is null)
                {
                    _names[id] = outer;
                }
                else
                {
                    table[id] = outer;
                }
            }

            foreach (var line in copyBack)
            {
                _w.Line(line);
            }
        }

        // Innermost loops never nest, so sibling blocks can reuse these names (methods declare every other local first).
        foreach (var name in locals)
        {
            _taken.Remove(name);
        }

        void Rename(int id, Dictionary<int, string>? table, string outer, string type, bool writeBack)
        {
            var inner = Fresh(outer + "Local");
            locals.Add(inner);
            _w.Line($"{type} {inner} = {outer};");
            if (writeBack)
            {
                copyBack.Add($"{outer} = {inner};");
            }

            renamed.Add((id, table, outer));
            if (table is null)
            {
                _names[id] = inner;
            }
            else
            {
                table[id] = inner;
            }
        }
    }

    private static bool ContainsCall(IEnumerable<LStmt> body) => body.Descendants().Any(s => s is LCall);

    /// <summary>At most how many values one pass over <paramref name="body"/> of the forward sweep pushes.</summary>
    private int Pushes(EquatableArray<LStmt> body) => body.Sum(s => s switch
    {
        LAssign a => (_a.Active.Contains(a.Var) ? _a.SavedValues(StatementAdjoint.Build(_a, a.Value)).Count : 0)
            + (_a.Saves(a.Var) && _a.Inverse(a) is null ? 1 : 0),
        LStore st => (_a.Active.Contains(st.Var) ? _a.SavedValues(StatementAdjoint.Build(_a, st.Value)).Count : 0)
            + (_a.Saves(st.Var) ? 1 : 0),
        LIf i => (HasNestedReverseWork(i) ? 1 : 0) + i.Blocks().Max(Pushes),
        _ => 0,
    });

    /// <summary>
    /// An upper bound on a counted loop's trip count, as a C# <c>long</c> expression evaluated on entry, when its
    /// condition bounds the counter by a value the loop does not change (<c>i &lt; n</c>, possibly <c>&amp;&amp;</c> other tests).
    /// </summary>
    private string? TripBound(LLoop loop)
    {
        if (loop.Counter is not { } counter)
        {
            return null;
        }

        foreach (var test in Conjuncts(loop.Condition))
        {
            if (test is not LApply { Op: Op.Lt or Op.Le or Op.Gt or Op.Ge } compare)
            {
                continue;
            }

            var (op, bound) = compare.Args[0] is LRead r && r.Var == counter.Var ? (compare.Op, compare.Args[1])
                : compare.Args[1] is LRead r2 && r2.Var == counter.Var ? (Mirror(compare.Op), compare.Args[0])
                : (compare.Op, (LExpr?)null);
            if (bound is null || bound.Type != ScalarKind.Int || !Invariant(loop, bound))
            {
                continue;
            }

            var start = _print.Print(counter.Start, Precedence.Of(Op.Add) + 1);
            var end = _print.Print(bound, Precedence.Of(Op.Add) + 1);
            var stride = Math.Abs(counter.Stride);
            var (from, to, inclusive) = (op, counter.Stride > 0) switch
            {
                (Op.Lt, true) => (start, end, false),
                (Op.Le, true) => (start, end, true),
                (Op.Gt, false) => (end, start, false),
                (Op.Ge, false) => (end, start, true),
                _ => (null, null, false),
            };
            if (from is null)
            {
                continue;
            }

            // Iterations from `from` up to `to` (exclusive unless `inclusive`) in steps of `stride`.
            var span = from == "0" ? $"(long){to}" : $"(long){to} - {from}";
            var extra = (inclusive ? 1 : 0) + stride - 1;
            var numerator = extra == 0 ? span : $"{span} + {extra}";
            return stride == 1 ? $"({numerator})" : $"(({numerator}) / {stride})";
        }

        return null;

        static Op Mirror(Op op) => op switch
        {
            Op.Lt => Op.Gt,
            Op.Le => Op.Ge,
            Op.Gt => Op.Lt,
            _ => Op.Le,
        };
    }

    private static IEnumerable<LExpr> Conjuncts(LExpr condition) =>
        condition is LApply { Op: Op.And } and ? and.Args.SelectMany(Conjuncts) : new[] { condition };

    /// <summary>True when <paramref name="expression"/> reads no array element and no variable the loop assigns.</summary>
    private static bool Invariant(LLoop loop, LExpr expression) =>
        expression.ReadsNoElement() && expression.Reads().All(id => !loop.Children().Assigns(id) && loop.Counter?.Var != id);
}
