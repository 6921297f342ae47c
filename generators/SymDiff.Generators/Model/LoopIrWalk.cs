namespace SymDiff.Generators.Model;

/// <summary>
/// The one traversal of the loop IR: every statement of a body with the ones nested in it, a statement's own
/// expressions, every subexpression of an expression. Each walks with an explicit stack, so neither loops and branches
/// nested as deep as the user writes them nor a long sum (<c>a + b + … + z</c> is a chain of binary operations) can
/// overflow the generator's stack. Analyses that only collect, count or test over a whole body use these; the few
/// that carry state along paths (data flow, the reverse sweep's order) walk the blocks of <see cref="Blocks"/> themselves.
/// </summary>
internal static class LoopIrWalk
{
    /// <summary>The blocks nested directly in <paramref name="statement"/>, in program order: a branch's arms, a loop's body and step.</summary>
    public static IReadOnlyList<EquatableArray<LStmt>> Blocks(this LStmt statement) => statement switch
    {
        LIf i => new[] { i.Then, i.Else },
        LLoop l => new[] { l.Body, l.Step },
        _ => Array.Empty<EquatableArray<LStmt>>(),
    };

    /// <summary>The statements nested directly in <paramref name="statement"/>: its <see cref="Blocks"/> one after the other.</summary>
    public static IEnumerable<LStmt> Children(this LStmt statement) => statement.Blocks().SelectMany(b => b);

    /// <summary>
    /// Every statement of <paramref name="body"/> and, right after each, those nested in it (pre-order: a branch's
    /// condition statement, its then arm, its else arm; a loop, its body, its step).
    /// </summary>
    public static IEnumerable<LStmt> Descendants(this IEnumerable<LStmt> body) => body.Descendants(_ => true);

    /// <summary>
    /// <see cref="Descendants(IEnumerable{LStmt})"/>, entering the statements nested in a statement only where
    /// <paramref name="enter"/> holds for it (the statement itself is still visited).
    /// </summary>
    public static IEnumerable<LStmt> Descendants(this IEnumerable<LStmt> body, Func<LStmt, bool> enter) =>
        Walk(body, enter).Select(s => s.Statement);

    /// <summary>
    /// <see cref="Descendants(IEnumerable{LStmt})"/> with each statement's loop depth: how many loops enclose it within
    /// <paramref name="body"/> (0 for the statements of <paramref name="body"/> and of the branches directly in it).
    /// </summary>
    public static IEnumerable<(LStmt Statement, int LoopDepth)> DescendantsWithLoopDepth(this IEnumerable<LStmt> body) => Walk(body, _ => true);

    private static IEnumerable<(LStmt Statement, int LoopDepth)> Walk(IEnumerable<LStmt> body, Func<LStmt, bool> enter)
    {
        var pending = new Stack<(LStmt Statement, int LoopDepth)>();
        PushAll(pending, body is EquatableArray<LStmt> block ? block : new EquatableArray<LStmt>(body), 0);
        while (pending.Count > 0)
        {
            var (statement, depth) = pending.Pop();
            yield return (statement, depth);
            if (enter(statement))
            {
                // The blocks last to first, so that the first statement of the first block pops first (as Children lists them).
                var blocks = statement.Blocks();
                for (var b = blocks.Count - 1; b >= 0; b--)
                {
                    PushAll(pending, blocks[b], statement is LLoop ? depth + 1 : depth);
                }
            }
        }
    }

    /// <summary>Pushes <paramref name="block"/>'s statements so that the first one pops first.</summary>
    private static void PushAll(Stack<(LStmt, int)> pending, EquatableArray<LStmt> block, int depth)
    {
        for (var k = block.Length - 1; k >= 0; k--)
        {
            pending.Push((block[k], depth));
        }
    }

    /// <summary>
    /// How many places of <paramref name="body"/> hold each statement (compared by instance: equal-looking statements at
    /// different places are different statements): one, except where a rewrite put one record at two places (a loop
    /// condition's statements before the loop and again at the end of its body).
    /// </summary>
    public static Dictionary<LStmt, int> Places(this IEnumerable<LStmt> body)
    {
        var places = new Dictionary<LStmt, int>(ByReference.Instance);
        foreach (var s in body.Descendants())
        {
            places[s] = places.TryGetValue(s, out var n) ? n + 1 : 1;
        }

        return places;
    }

    /// <summary>
    /// The expressions <paramref name="statement"/> itself evaluates, not those of the statements nested in it: an
    /// assignment's value, a store's index and value, an allocation's length, a call's scalar arguments, a branch's
    /// condition, a loop's condition and its counter's start.
    /// </summary>
    public static IEnumerable<LExpr> Expressions(this LStmt statement) => statement switch
    {
        LAssign a => new[] { a.Value },
        LStore st => new[] { st.Index, st.Value },
        LAllocate al => new[] { al.Length },
        LCall c => c.Args.Where(a => a.Scalar is not null).Select(a => a.Scalar!),
        LIf i => new[] { i.Condition },
        LLoop { Counter: { } counter } l => new[] { l.Condition, counter.Start },
        LLoop l => new[] { l.Condition },
        _ => Array.Empty<LExpr>(),
    };

    /// <summary>The <see cref="Expressions"/> of every statement of <paramref name="body"/>, nested ones included, in walk order.</summary>
    public static IEnumerable<LExpr> ExpressionsWithin(this IEnumerable<LStmt> body) => body.Descendants().SelectMany(Expressions);

    /// <summary>The subexpressions an expression applies directly: an element's index, an operation's arguments.</summary>
    public static IEnumerable<LExpr> Operands(this LExpr expression) =>
        Enumerable.Range(0, OperandCount(expression)).Select(k => Operand(expression, k));

    /// <summary>How many operands <paramref name="expression"/> has (see <see cref="Operands"/>): the one place that knows.</summary>
    private static int OperandCount(LExpr expression) => expression switch
    {
        LElement => 1,
        LApply a => a.Args.Length,
        _ => 0,
    };

    /// <summary>Operand <paramref name="k"/> of <paramref name="expression"/>, below <see cref="OperandCount"/>.</summary>
    private static LExpr Operand(LExpr expression, int k) => expression is LElement e ? e.Index : ((LApply)expression).Args[k];

    /// <summary><paramref name="expression"/> and every subexpression of it, pre-order (an operation before its arguments, left to right).</summary>
    public static IEnumerable<LExpr> Descendants(this LExpr expression)
    {
        var pending = new Stack<LExpr>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;

            // Its operands last to first, so that the first pops first.
            for (var k = OperandCount(current) - 1; k >= 0; k--)
            {
                pending.Push(Operand(current, k));
            }
        }
    }
}
