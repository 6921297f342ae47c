
namespace SymDiff.Generators.Model;

/// <summary>
/// Drops assignments to local scalars that nothing reads (<c>double unused = 3;</c>, a <c>const</c> local whose reads
/// are all folded to its value, a value overwritten before it is read: <see cref="Overwritten"/>). Expressions have no
/// side effects, so the program computes the same; kept, such a local would be declared and assigned constants but
/// never read in every generated member, which the compiler reports (CS0219) and <c>TreatWarningsAsErrors</c> turns
/// into a build error in the user's project. For the same reason a branch whose condition is decided by its form (a
/// value compared with itself, <c>x &gt; x</c>, as a body over scalars reads once it inlines a copy <c>t = x</c>) is
/// replaced by the arm that runs: the printer writes such a condition as a constant and only that arm, and the locals
/// of the other would be declared and never read.
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
        var locals = new HashSet<int>(program.Vars.Where(v => v.Origin == VarOrigin.Local && !v.IsArray).Select(v => v.Id));
        while (true)
        {
            var read = program.Body.ReadVariables();
            read.Add(program.Result);
            read.Add(program.Returned);
            var dead = new HashSet<int>(locals.Where(v => !read.Contains(v)));
            var changed = false;
            var body = Statements(Kept(program.Body, dead, locals, dropCalls, ref changed));
            if (!changed)
            {
                return program;
            }

            program = program with { Body = body };
        }
    }

    /// <summary>
    /// A statement kept, with the local scalars it (and every statement nested in it) reads and assigns: what
    /// <see cref="Overwritten"/> asks of it, gathered as the statements nested in it are dropped, so each is looked at once.
    /// </summary>
    private sealed record Item(LStmt Statement, HashSet<int> Reads, HashSet<int> Assigns);

    private static List<Item> Kept(EquatableArray<LStmt> body, HashSet<int> dead, HashSet<int> locals, bool dropCalls, ref bool changed)
    {
        var kept = new List<Item>(body.Length);
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
                    kept.AddRange(Kept(taken ? i.Then : i.Else, dead, locals, dropCalls, ref changed));
                    break;
                case LIf i:
                    {
                        var then = Kept(i.Then, dead, locals, dropCalls, ref changed);
                        var @else = Kept(i.Else, dead, locals, dropCalls, ref changed);
                        if (then.Count == 0 && @else.Count == 0)
                        {
                            // The condition is pure: a branch with nothing left in it is no branch.
                            changed = true;
                            break;
                        }

                        var branch = Own(i, locals);
                        Nested(branch, then.Concat(@else));
                        kept.Add(branch with { Statement = i with { Then = Statements(then), Else = Statements(@else) } });
                        break;
                    }

                case LLoop l:
                    {
                        var loopBody = Kept(l.Body, dead, locals, dropCalls, ref changed);
                        var step = Kept(l.Step, dead, locals, dropCalls, ref changed);
                        var loop = Own(l, locals);
                        Nested(loop, loopBody.Concat(step));
                        kept.Add(loop with { Statement = l with { Body = Statements(loopBody), Step = Statements(step) } });
                        break;
                    }

                default:
                    kept.Add(Own(statement, locals));
                    break;
            }
        }

        var overwritten = Overwritten(kept, locals);
        if (overwritten.Count > 0)
        {
            changed = true;
            kept = kept.Where((_, k) => !overwritten.Contains(k)).ToList();
        }

        return kept;
    }

    private static EquatableArray<LStmt> Statements(List<Item> kept) => kept.Select(k => k.Statement).ToEquatableArray();

    /// <summary>
    /// The local scalars <paramref name="statement"/> reads and assigns itself, not in the statements nested in it: its
    /// expressions, and a loop's counter (the loop steps and compares it: a read too).
    /// </summary>
    private static Item Own(LStmt statement, HashSet<int> locals)
    {
        var reads = new HashSet<int>(statement.Expressions().SelectMany(e => e.Reads()).Where(locals.Contains));
        var assigns = new HashSet<int>();
        if (statement.AssignedScalar() is var assigned and >= 0 && locals.Contains(assigned))
        {
            assigns.Add(assigned);
            if (statement is LLoop)
            {
                reads.Add(assigned);
            }
        }

        return new Item(statement, reads, assigns);
    }

    private static void Nested(Item outer, IEnumerable<Item> nested)
    {
        foreach (var k in nested)
        {
            outer.Reads.UnionWith(k.Reads);
            outer.Assigns.UnionWith(k.Assigns);
        }
    }

    /// <summary>
    /// The indices of the assignments of <paramref name="body"/> to a local scalar that a later statement of the same list
    /// assigns again before anything reads it (<c>t = sin(x)·y; t = x;</c>): their value is never read. Only a plain
    /// assignment or a call's result overwrites; a branch or a loop that assigns the local may not, so it counts as a read,
    /// and so does the end of the list (a loop's next iteration, what follows a block). A tangent program mirrors the
    /// user's overwritten assignment with one of its tangent, which would otherwise keep the tangent active and declare an
    /// adjoint that is only ever cleared (CS0219; fuzzer seed 1190058).
    /// </summary>
    private static HashSet<int> Overwritten(List<Item> body, HashSet<int> locals)
    {
        var overwritten = new HashSet<int>();
        var assignedNext = new HashSet<int>();
        for (var k = body.Count - 1; k >= 0; k--)
        {
            var (statement, reads, assigns) = (body[k].Statement, body[k].Reads, body[k].Assigns);
            var target = statement.AssignedScalar();

            if (statement is LAssign && locals.Contains(target) && assignedNext.Contains(target))
            {
                overwritten.Add(k);
                continue;
            }

            assignedNext.ExceptWith(reads);
            assignedNext.ExceptWith(assigns);
            if (statement is LAssign or LCall && locals.Contains(target) && !reads.Contains(target))
            {
                assignedNext.Add(target);
            }
        }

        return overwritten;
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
