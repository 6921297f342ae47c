using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What reverse mode records, statement by statement: whether a block has work for the reverse sweep (and so needs
/// its branch decisions and trip counts taped), how many values one pass over a block pushes, a counted loop's trip
/// bound (so a loop can reserve its room on the tape before it starts), and which loop nests move the tape's height in
/// a local from entry to exit (<see cref="IsTapeNest"/>) with everything they push reserved on entry
/// (<see cref="NestPushes"/>).
/// </summary>
internal static class TapeAnalysis
{
    /// <summary>True when the statements nested in <paramref name="statement"/> (a branch's arms, a loop's body and step) have <see cref="HasReverseWork"/>.</summary>
    public static bool HasNestedReverseWork(this LoopAnalysis a, LStmt statement) => a.HasReverseWork(statement.Children());

    /// <summary>True when some statement of <paramref name="body"/> saves a value or has an active target.</summary>
    public static bool HasReverseWork(this LoopAnalysis a, IEnumerable<LStmt> body) => body.Descendants().Any(s => s switch
    {
        LAssign assign => a.Saves(assign.Var) || a.Active.Contains(assign.Var),
        LStore st => a.Saves(st.Var) || a.Active.Contains(st.Var),
        LCall c => a.IsActive(c) || c.Target >= 0 && (a.Saves(c.Target) || a.Active.Contains(c.Target)),
        _ => false,
    });

    /// <summary>
    /// True for an innermost loop without calls: the only loops whose pushes and pops go through tape storage held in
    /// locals (a call in the loop uses the tape itself; an inner loop gets the locals instead).
    /// </summary>
    public static bool KeepsTapeInLocals(LLoop loop) =>
        !loop.Children().ContainsLoop() && !loop.Children().Descendants().Any(s => s is LCall);

    /// <summary>At most how many values one pass over <paramref name="body"/> of the forward sweep pushes.</summary>
    public static int Pushes(this LoopAnalysis a, EquatableArray<LStmt> body) => body.Sum(s => s switch
    {
        LIf i when !a.InStretch(i) => (a.HasNestedReverseWork(i) ? 1 : 0) + i.Blocks().Max(b => a.Pushes(b)),
        _ => a.OwnPushes(s),
    });

    /// <summary>
    /// The values the forward sweep pushes for an assignment or a store itself: the value it overwrites, the intermediates
    /// its adjoint reads. For a stretch (<see cref="LoopAnalysis.StretchStartingAt"/>), what it pushes on entry, counted
    /// at its first statement; its other statements push nothing. Counted once per statement (<see cref="LoopAnalysis.OwnPushCounts"/>).
    /// </summary>
    private static int OwnPushes(this LoopAnalysis a, LStmt statement)
    {
        if (!a.OwnPushCounts.TryGetValue(statement, out var count))
        {
            a.OwnPushCounts[statement] = count = CountOwnPushes(a, statement);
        }

        return count;
    }

    private static int CountOwnPushes(LoopAnalysis a, LStmt statement) => statement switch
    {
        _ when a.StretchStartingAt(statement) is { } stretch => a.SavesOf(stretch).Count,
        _ when a.InStretch(statement) => 0,
        LAssign assign => (a.Active.Contains(assign.Var) ? a.SavedValues(StatementAdjoint.Build(a, assign.Value)).Count : 0)
            + (a.SavesAt(assign, assign.Var) && a.Inverse(assign) is null ? 1 : 0),
        LStore st => (a.Active.Contains(st.Var) ? a.SavedValues(StatementAdjoint.Build(a, st.Value)).Count : 0)
            + (a.SavesAt(st, st.Var) ? 1 : 0),
        _ => 0,
    };

    /// <summary>
    /// True for a loop that contains loops but no call and no <c>[Checkpoint]</c> loop: a nest whose sweeps can move
    /// the tape's height in a local from the nest's entry to its exit (nothing inside it uses the tape itself).
    /// </summary>
    public static bool IsTapeNest(this LoopAnalysis a, LLoop loop) =>
        loop.Children().ContainsLoop()
        && !loop.Children().Descendants().Any(s => s is LCall)
        && !new LStmt[] { loop }.Descendants().OfType<LLoop>().Any(a.IsCheckpointed);

    /// <summary>
    /// For a tape nest (<see cref="IsTapeNest"/>): an upper bound of the values its forward sweep pushes, the nest's own
    /// trip count or final counter included, as an expression over the primal program's variables evaluated on entry, so
    /// that one reservation there lets every push in the nest write through locals without a capacity check. Null when a
    /// loop in it that pushes has no trip bound known on entry (a bound or start the nest assigns, a condition with tests
    /// beside its bound, a loop without a counter), or when the nest pushes nothing.
    /// </summary>
    public static LExpr? NestPushes(this LoopAnalysis a, LLoop nest)
    {
        var assignments = new LStmt[] { nest }.Descendants().Select(s => s.AssignedScalar()).Where(id => id >= 0)
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var total = a.LoopPushes(nest, new Nest(nest, assignments), new Dictionary<int, LExpr>());
        return total is LConst { Value: 0 } ? null : total;
    }

    /// <summary>
    /// For a tape nest: an upper bound of what one iteration of it pushes, over the primal program's variables as they
    /// are at the start of the iteration (<see cref="NestPushes"/> without the trip count); null where a loop in it that
    /// pushes has no bound known there.
    /// </summary>
    public static LExpr? IterationPushes(this LoopAnalysis a, LLoop nest)
    {
        var assignments = new LStmt[] { nest }.Descendants().Select(s => s.AssignedScalar()).Where(id => id >= 0)
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var scope = new Nest(nest, assignments);
        var body = a.ListPushes(nest.Body, scope, new Dictionary<int, LExpr>());
        var step = a.ListPushes(nest.Step, scope, new Dictionary<int, LExpr>());
        return body is null || step is null ? null : Sum(body, step);
    }

    /// <summary>True when the forward sweep of <paramref name="loop"/> pushes anything (so its reverse sweep pops).</summary>
    public static bool PushesAnything(this LoopAnalysis a, LLoop loop) =>
        new LStmt[] { loop }.Descendants().Any(s => s switch
        {
            LIf i when !a.InStretch(i) => a.HasNestedReverseWork(i),
            LLoop l => a.TrailingPushes(l) > 0,
            _ => a.OwnPushes(s) > 0,
        });

    /// <summary>What the forward sweep pushes after a loop with reverse work: its trip count (no counter) or its final counter (an end the reverse sweep cannot recompute).</summary>
    private static int TrailingPushes(this LoopAnalysis a, LLoop loop) =>
        a.HasNestedReverseWork(loop) && (loop.Counter is null || a.RecomputedEnd(loop) is null) ? 1 : 0;

    /// <summary>An upper bound of what <paramref name="loop"/>'s forward sweep pushes, its trailing push included, over values known on entry to <paramref name="nest"/>; null where none is known.</summary>
    /// <param name="a">The analysis.</param>
    /// <param name="loop">The loop.</param>
    /// <param name="nest">The nest it is in.</param>
    /// <param name="known">
    /// The values on entry to <paramref name="loop"/> of scalars the nest assigns once, from values it never changes,
    /// before it in a list the loop is in (an inlined callee's copy of a parameter, <c>count = k</c>): a bound that reads
    /// one is known on entry to the nest through that value.
    /// </param>
    private static LExpr? LoopPushes(this LoopAnalysis a, LLoop loop, Nest nest, Dictionary<int, LExpr> known)
    {
        var body = a.ListPushes(loop.Body, nest, new Dictionary<int, LExpr>(known));
        var step = a.ListPushes(loop.Step, nest, new Dictionary<int, LExpr>(known));
        if (body is null || step is null)
        {
            return null;
        }

        if (Sum(body, step) is not { } perIteration)
        {
            return null;
        }

        var trailing = a.TrailingPushes(loop);
        if (perIteration is LConst { Value: 0 })
        {
            return Count(trailing);
        }

        if (TripBound(loop) is not { } trips || Conjuncts(loop.Condition).Count() != 1)
        {
            return null;
        }

        if (loop != nest.Loop)
        {
            trips = trips with { From = Substituted(trips.From, known), To = Substituted(trips.To, known) };
            if (!nest.Invariant(trips.From) || !nest.Invariant(trips.To))
            {
                return null;
            }
        }

        // A count between constants is a constant, one from 0 up to a length is never negative; any other may be (a loop
        // that does not run).
        var iterations = trips switch
        {
            { From: LConst from, To: LConst to } => Constant(Math.Max(0, Math.Floor((to.Value - from.Value + (trips.Inclusive ? 1 : 0) + trips.Stride - 1) / trips.Stride))),
            { From: LConst { Value: 0 }, To: LLength, Inclusive: false } => trips,
            _ => LApply.Of(Op.Max, ScalarKind.Int, Count(0), trips),
        };
        return Sum(Product(iterations, perIteration), Count(trailing));
    }

    private static LExpr? ListPushes(this LoopAnalysis a, EquatableArray<LStmt> body, Nest nest, Dictionary<int, LExpr> known)
    {
        LExpr total = Count(0);
        foreach (var statement in body)
        {
            LExpr? pushes;
            switch (statement)
            {
                case LIf i when !a.InStretch(i):
                    {
                        var (then, otherwise) = (a.ListPushes(i.Then, nest, new Dictionary<int, LExpr>(known)), a.ListPushes(i.Else, nest, new Dictionary<int, LExpr>(known)));
                        pushes = then is null || otherwise is null ? null
                            : Sum(Count(a.HasNestedReverseWork(i) ? 1 : 0), then is LConst t && otherwise is LConst e ? Constant(Math.Max(t.Value, e.Value))
                                : then is LConst { Value: 0 } ? otherwise : otherwise is LConst { Value: 0 } ? then : LApply.Of(Op.Max, ScalarKind.Int, then, otherwise));
                        break;
                    }

                case LLoop inner:
                    pushes = a.LoopPushes(inner, nest, known);
                    break;
                default:
                    pushes = Count(a.OwnPushes(statement));
                    break;
            }

            if (Sum(total, pushes) is not { } sum)
            {
                return null;
            }

            total = sum;
            if (statement is LAssign assign && nest.Assignments[assign.Var] == 1 && Substituted(assign.Value, known) is var value && nest.Invariant(value))
            {
                known[assign.Var] = value;
            }
        }

        return total;
    }

    /// <summary>A loop nest and how many statements in it assign each scalar (a loop its counter).</summary>
    private sealed record Nest(LLoop Loop, IReadOnlyDictionary<int, int> Assignments)
    {
        /// <summary>True when <paramref name="expression"/> reads no element and no scalar the nest assigns: its value on entry holds throughout.</summary>
        public bool Invariant(LExpr expression) => expression.ReadsNoElement() && expression.Reads().All(id => !Assignments.ContainsKey(id));
    }

    /// <summary><paramref name="expression"/> with each scalar <paramref name="known"/> gives a value replaced by that value.</summary>
    private static LExpr Substituted(LExpr expression, Dictionary<int, LExpr> known) => known.Count == 0 ? expression : expression switch
    {
        LRead r when known.TryGetValue(r.Var, out var value) => value,
        LApply apply => apply with { Args = apply.Args.Select(arg => Substituted(arg, known)).ToEquatableArray() },
        _ => expression,
    };

    /// <summary>
    /// The most values a nest reserves for by constants alone (2^28 doubles, 2 GiB): a constant count beyond it (which
    /// <c>int</c> arithmetic in the generated code could overflow) leaves the nest without storage of its own.
    /// </summary>
    private const double ConstantLimit = 1 << 28;

    private static LExpr Count(int value) => new LConst(ScalarKind.Int, value);

    private static LExpr? Constant(double value) => value > ConstantLimit ? null : Count((int)value);

    /// <summary>a + b, folded where either is a constant 0 or both are constants; null when either is, or a folded constant is too large.</summary>
    private static LExpr? Sum(LExpr? a, LExpr? b) => a is null || b is null ? null : (a, b) switch
    {
        (LConst x, LConst y) => Constant(x.Value + y.Value),
        (LConst { Value: 0 }, _) => b,
        (_, LConst { Value: 0 }) => a,
        _ => LApply.Of(Op.Add, ScalarKind.Int, a, b),
    };

    /// <summary>a · b, folded where either is a constant 1 or both are constants; null when either is, or a folded constant is too large.</summary>
    private static LExpr? Product(LExpr? a, LExpr? b) => a is null || b is null ? null : (a, b) switch
    {
        (LConst x, LConst y) => Constant(x.Value * y.Value),
        (LConst { Value: 1 }, _) => b,
        (_, LConst { Value: 1 }) => a,
        _ => LApply.Of(Op.Mul, ScalarKind.Int, a, b),
    };

    /// <summary>
    /// An upper bound on a counted loop's trip count, evaluated on entry, when its condition bounds the counter by a
    /// value the loop does not change (<c>i &lt; n</c>, possibly <c>&amp;&amp;</c> other tests); over the primal program's variables.
    /// </summary>
    public static LTripCount? TripBound(LLoop loop)
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

            var stride = Math.Abs(counter.Stride);
            switch (op, counter.Stride > 0)
            {
                case (Op.Lt, true):
                    return new LTripCount(counter.Start, bound, Inclusive: false, stride);
                case (Op.Le, true):
                    return new LTripCount(counter.Start, bound, Inclusive: true, stride);
                case (Op.Gt, false):
                    return new LTripCount(bound, counter.Start, Inclusive: false, stride);
                case (Op.Ge, false):
                    return new LTripCount(bound, counter.Start, Inclusive: true, stride);
            }
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
