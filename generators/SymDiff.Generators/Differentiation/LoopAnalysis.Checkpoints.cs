using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The checkpoint plan of <see cref="LoopAnalysis"/>: which loops <c>[Checkpoint]</c> applies to, what their snapshots
/// hold, what their re-runs read, and where a counted loop's end is recomputed rather than taped.
/// </summary>
internal sealed partial class LoopAnalysis
{
    /// <summary>
    /// True for a loop <c>[Checkpoint]</c> applies to: one not inside another loop. Its reverse sweep re-runs it from
    /// snapshots of <see cref="CheckpointState"/>, so every other value it reads is kept restorable (never captured).
    /// </summary>
    public bool IsCheckpointed(LLoop loop) => _checkpointed.Contains(loop);

    /// <summary>
    /// The variables and buffers a checkpointed loop writes (its counter and nested counters included), in id order,
    /// less the scalars that are dead when a segment starts (<see cref="SegmentState"/>): what its snapshots hold.
    /// </summary>
    public IReadOnlyList<int> CheckpointState(LLoop loop)
    {
        if (!_checkpointStates.TryGetValue(loop, out var state))
        {
            var written = new SortedSet<int>();
            WrittenIn(loop, written);
            state = SegmentState.Of(_program, loop, written);
            _checkpointStates[loop] = state;
        }

        return state;
    }

    /// <summary>True when some checkpointed loop writes <paramref name="variable"/> (its snapshots overwrite it in the reverse sweep).</summary>
    public bool WrittenInCheckpoint(int variable) => _checkpointed.Any(l => CheckpointState(l).Contains(variable));

    private void FindCheckpointed(EquatableArray<LStmt> body) =>
        _checkpointed.UnionWith(body.Descendants(enter: s => s is not LLoop).OfType<LLoop>());

    private void WrittenIn(LLoop loop, SortedSet<int> written)
    {
        foreach (var statement in new LStmt[] { loop }.Descendants())
        {
            switch (statement)
            {
                case LLoop { Counter: { } counter }:
                    written.Add(counter.Var);
                    break;
                case LAssign a:
                    written.Add(a.Var);
                    break;
                case LStore st:
                    written.Add(st.Var);
                    break;
                case LCall c:
                    if (c.Target >= 0)
                    {
                        written.Add(c.Target);
                    }

                    written.UnionWith(Outputs(c));
                    break;
            }
        }
    }

    /// <summary>Marks every value a checkpointed loop reads but does not write as needed as it is (the re-run reads it).</summary>
    private void NeedReads(LLoop loop)
    {
        var written = new SortedSet<int>();
        WrittenIn(loop, written);
        void Need(int variable)
        {
            if (!written.Contains(variable))
            {
                Needed.Add(variable);
                _neededElsewhere.Add(variable);
            }
        }

        foreach (var statement in new LStmt[] { loop }.Descendants())
        {
            foreach (var read in statement.Expressions().SelectMany(x => x.Descendants()))
            {
                switch (read)
                {
                    case LRead r:
                        Need(r.Var);
                        break;
                    case LElement e:
                        Need(e.Var);
                        break;
                }
            }

            if (statement is LCall c)
            {
                foreach (var argument in c.Args.Where(a => a.Scalar is null))
                {
                    Need(argument.Array);
                }
            }
        }
    }

    /// <summary>
    /// For a counted loop whose whole condition compares its counter (stepped by ±1, assigned only by the loop header)
    /// with an integer the loop does not change, the comparison and that bound: the reverse sweep recomputes where
    /// the counter stopped (<c>max(start, bound)</c> for <c>i &lt; bound</c>) instead of taping it. Null otherwise.
    /// </summary>
    public (Op Op, LExpr Bound)? RecomputedEnd(LLoop loop)
    {
        if (loop.Counter is not { Stride: 1 or -1 } counter || loop.Condition is not LApply { Op: Op.Lt or Op.Le or Op.Gt or Op.Ge } compare
            || compare.Args[0] is not LRead r || r.Var != counter.Var || compare.Args[1].Type != ScalarKind.Int)
        {
            return null;
        }

        var ascending = compare.Op is Op.Lt or Op.Le;
        var bound = compare.Args[1];
        if (ascending != counter.Stride > 0 || loop.Children().Assigns(counter.Var)
            || !bound.ReadsNoElement() || bound.Reads().Any(v => loop.Children().Assigns(v) || v == counter.Var))
        {
            return null;
        }

        return (compare.Op, bound);
    }
}
