using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What the snapshots of a checkpointed loop hold: what the loop writes, less the scalars that are dead when a segment
/// starts (every iteration assigns them before reading them, and nothing outside the loop assigns them: a local of
/// the body, an inner loop's counter). Worked out in a few walks of the program: asked one variable at a time, the
/// question walked the loop body and the whole program once per variable the loop writes.
/// </summary>
internal sealed class SegmentState
{
    private readonly LoopProgram _program;
    private readonly Dictionary<LLoop, FirstAndLast> _mentions = new(ByReference.Instance);

    private SegmentState(LoopProgram program) => _program = program;

    /// <summary>The variables of <paramref name="written"/> (what <paramref name="loop"/> writes) that a snapshot keeps, in id order.</summary>
    public static IReadOnlyList<int> Of(LoopProgram program, LLoop loop, IEnumerable<int> written)
    {
        var state = new SegmentState(program);
        var assignedOutside = AssignedOutside(program.Body, loop);
        var conditionReads = new HashSet<int>(loop.Condition.Reads());
        return written.Where(v => !state.IsIterationTemporary(loop, v, assignedOutside, conditionReads)).ToList();
    }

    private bool IsIterationTemporary(LLoop loop, int variable, HashSet<int> assignedOutside, HashSet<int> conditionReads) =>
        !_program.Vars[variable].IsArray && loop.Counter?.Var != variable && !conditionReads.Contains(variable)
        && !assignedOutside.Contains(variable) && AssignedBeforeRead(loop, variable);

    /// <summary>
    /// True when running the body of <paramref name="owner"/> assigns <paramref name="variable"/> before anything reads
    /// it: its first mention is an assignment that does not read it, an inner loop's counter, or an inner loop (mentioning
    /// it nowhere after) whose iterations all assign it first.
    /// </summary>
    private bool AssignedBeforeRead(LLoop owner, int variable)
    {
        var mentions = Mentions(owner);
        if (!mentions.First.TryGetValue(variable, out var at))
        {
            return false;
        }

        return owner.Body[at] switch
        {
            LAssign a => a.Var == variable && !a.Value.Reads().Contains(variable),
            LLoop { Counter: { } counter } when counter.Var == variable => !counter.Start.Reads().Contains(variable),
            LLoop inner => !inner.Condition.Reads().Contains(variable) && !(inner.Counter?.Start.Reads().Contains(variable) ?? false)
                && AssignedBeforeRead(inner, variable) && mentions.Last[variable] == at,
            _ => false,
        };
    }

    /// <summary>For each scalar the body of <paramref name="owner"/> mentions, the first and the last statement that does.</summary>
    private FirstAndLast Mentions(LLoop owner)
    {
        if (!_mentions.TryGetValue(owner, out var mentions))
        {
            mentions = new FirstAndLast(new Dictionary<int, int>(), new Dictionary<int, int>());
            for (var k = 0; k < owner.Body.Length; k++)
            {
                foreach (var variable in Mentioned(owner.Body[k]))
                {
                    if (!mentions.First.ContainsKey(variable))
                    {
                        mentions.First[variable] = k;
                    }

                    mentions.Last[variable] = k;
                }
            }

            _mentions[owner] = mentions;
        }

        return mentions;
    }

    /// <summary>The variables <paramref name="statement"/> reads or writes anywhere inside it (a store's array excepted).</summary>
    private static HashSet<int> Mentioned(LStmt statement)
    {
        var statements = new[] { statement };
        var mentioned = statements.AssignedVariables();
        mentioned.UnionWith(statements.ExpressionsWithin().SelectMany(e => e.Reads()));
        return mentioned;
    }

    /// <summary>The scalars some statement of <paramref name="body"/> outside <paramref name="loop"/> assigns (other loops' counters included).</summary>
    private static HashSet<int> AssignedOutside(EquatableArray<LStmt> body, LLoop loop) =>
        new(body.Descendants(enter: s => !ReferenceEquals(s, loop)).Where(s => !ReferenceEquals(s, loop)).Select(s => s.AssignedScalar()).Where(v => v >= 0));

    private sealed record FirstAndLast(Dictionary<int, int> First, Dictionary<int, int> Last);
}
