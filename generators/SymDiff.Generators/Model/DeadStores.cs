
namespace SymDiff.Generators.Model;

/// <summary>
/// Drops assignments to local scalars that nothing reads (<c>double unused = 3;</c>, a <c>const</c> local whose reads
/// are all folded to its value). Expressions have no side effects, so the program computes the same; kept, such a
/// local would be declared and assigned constants but never read in every generated member, which the compiler
/// reports (CS0219) and <c>TreatWarningsAsErrors</c> turns into a build error in the user's project. For the same
/// reason a branch whose condition is decided by its form (a value compared with itself, <c>x &gt; x</c>, as a body over
/// scalars reads once it inlines a copy <c>t = x</c>) is replaced by the arm that runs: the printer writes such a
/// condition as a constant and only that arm, and the locals of the other would be declared and never read.
/// </summary>
internal static class DeadStores
{
    /// <param name="program">The program.</param>
    /// <param name="dropCalls">
    /// Also drop calls over scalars whose result nothing reads (a custom derivative's call computing the value it
    /// returns, which its partials do not need, <see cref="CustomTangents"/>); a user's program keeps every call.
    /// </param>
    public static LoopProgram Remove(LoopProgram program, bool dropCalls = false)
    {
        // Dropping one store can leave the locals its value read unread in turn (u = 3; t = u; with t unread).
        while (true)
        {
            var read = program.Body.ReadVariables();
            read.Add(program.Result);
            read.Add(program.Returned);
            var dead = new HashSet<int>(program.Vars.Where(v => v.Origin == VarOrigin.Local && !v.IsArray && !read.Contains(v.Id)).Select(v => v.Id));
            var changed = false;
            var body = Drop(program.Body, dead, dropCalls, ref changed);
            if (!changed)
            {
                return program;
            }

            program = program with { Body = body };
        }
    }

    private static EquatableArray<LStmt> Drop(EquatableArray<LStmt> body, HashSet<int> dead, bool dropCalls, ref bool changed)
    {
        var kept = new List<LStmt>(body.Length);
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a when dead.Contains(a.Var):
                case LCall c when dropCalls && c.Target >= 0 && dead.Contains(c.Target) && c.Args.All(a => a.Array < 0):
                    changed = true;
                    break;
                case LIf i when Decided(i.Condition) is { } taken:
                    changed = true;
                    kept.AddRange(Drop(taken ? i.Then : i.Else, dead, dropCalls, ref changed));
                    break;
                case LIf i:
                    {
                        var then = Drop(i.Then, dead, dropCalls, ref changed);
                        var @else = Drop(i.Else, dead, dropCalls, ref changed);
                        if (then.Length == 0 && @else.Length == 0)
                        {
                            // The condition is pure: a branch with nothing left in it is no branch.
                            changed = true;
                            break;
                        }

                        kept.Add(i with { Then = then, Else = @else });
                        break;
                    }

                case LLoop l:
                    kept.Add(l with { Body = Drop(l.Body, dead, dropCalls, ref changed), Step = Drop(l.Step, dead, dropCalls, ref changed) });
                    break;
                default:
                    kept.Add(statement);
                    break;
            }
        }

        return kept.ToEquatableArray();
    }

    /// <summary>
    /// The value of a comparison of a value with itself where it does not depend on the value: <c>x &lt; x</c> and
    /// <c>x &gt; x</c> are false (NaN included), and over ints <c>x == x</c>, <c>x &lt;= x</c>, <c>x &gt;= x</c> are true and
    /// <c>x != x</c> false; null otherwise (over floating point, <c>x == x</c> is false for NaN).
    /// </summary>
    private static bool? Decided(LExpr condition) => condition switch
    {
        LApply { Op: Op.Lt or Op.Gt, Args.Length: 2 } a when a.Args[0].Equals(a.Args[1]) => false,
        LApply { Op: Op.Eq or Op.Le or Op.Ge or Op.Ne, Args.Length: 2 } a when a.Args[0].Equals(a.Args[1]) && a.Args[0].Type is ScalarKind.Int or ScalarKind.Bool => a.Op != Op.Ne,
        _ => null,
    };
}
