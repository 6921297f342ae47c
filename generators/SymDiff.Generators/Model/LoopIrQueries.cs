namespace SymDiff.Generators.Model;

/// <summary>Structural questions about the loop IR that lowering, analysis and emission all ask.</summary>
internal static class LoopIrQueries
{
    /// <summary>True when some statement of <paramref name="body"/>, nested ones and loop counters included, assigns the scalar <paramref name="variable"/>.</summary>
    public static bool Assigns(this IEnumerable<LStmt> body, int variable) => body.Any(s => s switch
    {
        LAssign a => a.Var == variable,
        LCall c => c.Target == variable,
        LIf i => i.Then.Assigns(variable) || i.Else.Assigns(variable),
        LLoop l => l.Body.Assigns(variable) || l.Step.Assigns(variable) || l.Counter?.Var == variable,
        _ => false,
    });

    /// <summary>
    /// The scalars some statement of <paramref name="body"/> assigns: <see cref="Assigns"/> for every variable at once,
    /// for callers that ask about each variable of a long body.
    /// </summary>
    public static HashSet<int> AssignedVariables(this IEnumerable<LStmt> body)
    {
        var assigned = new HashSet<int>();
        foreach (var statement in body.AllStatements())
        {
            switch (statement)
            {
                case LAssign a:
                    assigned.Add(a.Var);
                    break;
                case LCall { Target: >= 0 } c:
                    assigned.Add(c.Target);
                    break;
                case LLoop { Counter: { } counter }:
                    assigned.Add(counter.Var);
                    break;
            }
        }

        return assigned;
    }

    /// <summary>The variables <paramref name="expression"/> reads: scalars, and arrays with their indices' variables.</summary>
    public static IEnumerable<int> Reads(this LExpr expression) => expression switch
    {
        LRead r => new[] { r.Var },
        LElement e => new[] { e.Var }.Concat(e.Index.Reads()),
        LApply a => a.Args.SelectMany(Reads),
        _ => Array.Empty<int>(),
    };

    /// <summary><see cref="Reads"/> plus the arrays whose length <paramref name="expression"/> reads.</summary>
    private static IEnumerable<int> AllReads(LExpr expression) => expression switch
    {
        LRead r => new[] { r.Var },
        LElement e => new[] { e.Var }.Concat(AllReads(e.Index)),
        LLength l => new[] { l.Var },
        LApply a => a.Args.SelectMany(AllReads),
        _ => Array.Empty<int>(),
    };

    /// <summary>
    /// Every variable some statement of <paramref name="body"/> reads, nested ones included: in expressions, as a call's
    /// span argument, as the array a store or allocation writes (its adjoint and length are read), and loop counters
    /// (the emitter steps and compares them). With <paramref name="assigned"/>, scalars that are only assigned count too.
    /// </summary>
    public static HashSet<int> ReadVariables(this IEnumerable<LStmt> body, bool assigned = false)
    {
        var read = new HashSet<int>();
        CollectReads(body, read, assigned);
        return read;
    }

    private static void CollectReads(IEnumerable<LStmt> body, HashSet<int> read, bool assigned)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    read.UnionWith(AllReads(a.Value));
                    if (assigned)
                    {
                        read.Add(a.Var);
                    }

                    break;
                case LStore st:
                    read.Add(st.Var);
                    read.UnionWith(AllReads(st.Index));
                    read.UnionWith(AllReads(st.Value));
                    break;
                case LAllocate al:
                    read.Add(al.Var);
                    read.UnionWith(AllReads(al.Length));
                    break;
                case LCall c:
                    foreach (var arg in c.Args)
                    {
                        read.UnionWith(arg.Scalar is { } scalar ? AllReads(scalar) : new[] { arg.Array });
                    }

                    if (assigned && c.Target >= 0)
                    {
                        read.Add(c.Target);
                    }

                    break;
                case LIf i:
                    read.UnionWith(AllReads(i.Condition));
                    CollectReads(i.Then, read, assigned);
                    CollectReads(i.Else, read, assigned);
                    break;
                case LLoop l:
                    read.UnionWith(AllReads(l.Condition));
                    CollectReads(l.Body, read, assigned);
                    CollectReads(l.Step, read, assigned);
                    if (l.Counter is { } counter)
                    {
                        read.Add(counter.Var);
                        read.UnionWith(AllReads(counter.Start));
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Every statement of <paramref name="body"/>, nested ones included (branch arms, loop bodies and steps), with an
    /// explicit stack: loops nest as deep as the user writes them.
    /// </summary>
    public static IEnumerable<LStmt> AllStatements(this IEnumerable<LStmt> body)
    {
        var pending = new Stack<LStmt>(body.Reverse());
        while (pending.Count > 0)
        {
            var statement = pending.Pop();
            yield return statement;
            var nested = statement switch
            {
                LIf i => i.Then.Concat(i.Else),
                LLoop l => l.Body.Concat(l.Step),
                _ => Enumerable.Empty<LStmt>(),
            };
            foreach (var inner in nested.Reverse())
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>True when <paramref name="expression"/> reads no array element (only scalars, lengths and constants).</summary>
    public static bool ReadsNoElement(this LExpr expression) => expression switch
    {
        LElement => false,
        LApply a => a.Args.All(ReadsNoElement),
        _ => true,
    };
}
