namespace SymDiff.Generators.Model;

/// <summary>Structural questions about the loop IR that lowering, analysis and emission all ask (walked with <see cref="LoopIrWalk"/>).</summary>
internal static class LoopIrQueries
{
    /// <summary>True when some statement of <paramref name="body"/>, nested ones and loop counters included, assigns the scalar <paramref name="variable"/>.</summary>
    public static bool Assigns(this IEnumerable<LStmt> body, int variable) => body.Descendants().Any(s => s.AssignedScalar() == variable);

    /// <summary>The scalar <paramref name="statement"/> itself assigns (a loop: its counter), or -1.</summary>
    public static int AssignedScalar(this LStmt statement) => statement switch
    {
        LAssign a => a.Var,
        LCall c => c.Target,
        LLoop { Counter: { } counter } => counter.Var,
        _ => -1,
    };

    /// <summary>
    /// The scalars some statement of <paramref name="body"/> assigns: <see cref="Assigns"/> for every variable at once,
    /// for callers that ask about each variable of a long body.
    /// </summary>
    public static HashSet<int> AssignedVariables(this IEnumerable<LStmt> body) =>
        new(body.Descendants().Select(AssignedScalar).Where(v => v >= 0));

    /// <summary>The variables <paramref name="expression"/> reads: scalars, and arrays with their indices' variables.</summary>
    public static IEnumerable<int> Reads(this LExpr expression) => expression.Descendants().Select(e => e switch
    {
        LRead r => r.Var,
        LElement el => el.Var,
        _ => -1,
    }).Where(v => v >= 0);

    /// <summary><see cref="Reads"/> plus the arrays whose length <paramref name="expression"/> reads.</summary>
    public static IEnumerable<int> AllReads(this LExpr expression) => expression.Descendants().Select(e => e switch
    {
        LRead r => r.Var,
        LElement el => el.Var,
        LLength l => l.Var,
        LDimension d => d.Var,
        _ => -1,
    }).Where(v => v >= 0);

    /// <summary>
    /// Every variable some statement of <paramref name="body"/> reads, nested ones included: in expressions, as a call's
    /// span argument, as the array a store or allocation writes (its adjoint and length are read), and loop counters
    /// (the emitter steps and compares them). With <paramref name="assigned"/>, scalars that are only assigned count too.
    /// </summary>
    public static HashSet<int> ReadVariables(this IEnumerable<LStmt> body, bool assigned = false)
    {
        var read = new HashSet<int>();
        foreach (var statement in body.Descendants())
        {
            foreach (var expression in statement.Expressions())
            {
                read.UnionWith(AllReads(expression));
            }

            if ((assigned || statement is LLoop) && statement.AssignedScalar() is var scalar and >= 0)
            {
                read.Add(scalar);
            }

            switch (statement)
            {
                case LStore st:
                    read.Add(st.Var);
                    break;
                case LAllocate al:
                    read.Add(al.Var);
                    break;
                case LCall c:
                    read.UnionWith(c.Args.Where(arg => arg.Scalar is null).Select(arg => arg.Array));
                    break;
            }
        }

        return read;
    }

    /// <summary>The arrays some statement of <paramref name="body"/> stores into or passes to a call (which may write them).</summary>
    public static HashSet<int> WrittenArrays(this IEnumerable<LStmt> body) => new(body.Descendants().SelectMany(s => s switch
    {
        LStore st => new[] { st.Var },
        LCall c => c.Args.Where(a => a.Scalar is null).Select(a => a.Array),
        _ => Enumerable.Empty<int>(),
    }));

    /// <summary>True when <paramref name="expression"/> reads no array element (only scalars, lengths and constants).</summary>
    public static bool ReadsNoElement(this LExpr expression) => !expression.Descendants().Any(e => e is LElement);

    /// <summary>True when some statement of <paramref name="body"/>, nested ones included, is a loop.</summary>
    public static bool ContainsLoop(this IEnumerable<LStmt> body) => body.Descendants().Any(s => s is LLoop);

    /// <summary>The scalar variables of <paramref name="program"/> that <paramref name="loop"/> assigns or reads, its counter included.</summary>
    public static SortedSet<int> ScalarsOf(this LLoop loop, LoopProgram program)
    {
        var statements = new LStmt[] { loop };
        var ids = new SortedSet<int>(statements.AssignedVariables());
        ids.UnionWith(statements.ExpressionsWithin().SelectMany(e => e.Descendants())
            .OfType<LRead>().Where(r => !program.Vars[r.Var].IsArray).Select(r => r.Var));
        return ids;
    }
}
