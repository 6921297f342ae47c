using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What reverse mode records, statement by statement: whether a block has work for the reverse sweep (and so needs
/// its branch decisions and trip counts taped), how many values one pass over a block pushes, and a counted loop's
/// trip bound (so a loop can reserve its room on the tape before it starts).
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
        LAssign assign => (a.Active.Contains(assign.Var) ? a.SavedValues(StatementAdjoint.Build(a, assign.Value)).Count : 0)
            + (a.Saves(assign.Var) && a.Inverse(assign) is null ? 1 : 0),
        LStore st => (a.Active.Contains(st.Var) ? a.SavedValues(StatementAdjoint.Build(a, st.Value)).Count : 0)
            + (a.Saves(st.Var) ? 1 : 0),
        LIf i => (a.HasNestedReverseWork(i) ? 1 : 0) + i.Blocks().Max(b => a.Pushes(b)),
        _ => 0,
    });

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
