using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>[Checkpoint]</c> loops (see <c>SymDiff.CheckpointAttribute</c>). The forward sweep runs such a loop without
/// recording and, at the start of every segment of <c>every</c> iterations, saves the loop's state (what it writes)
/// on the tape; then it pushes the last segment's length, the number of segments and <c>every</c>. The reverse sweep
/// pops those, and for each segment from the last: restores the segment's state, re-runs the segment with the usual
/// recording, and reverses it, which leaves the state as it was at the segment's start. The tape is last in, first
/// out throughout: a segment's recording sits above the snapshots still to be used.
/// </summary>
internal sealed partial class LoopEmitter
{
    private void RestoreCheckpointed(LLoop l)
    {
        var state = _a.CheckpointState(l);
        var every = Fresh("every");
        var segments = Fresh("segments");
        var last = Fresh("last");
        var segment = Fresh("segment");
        var length = Fresh("length");
        var step = Fresh("step");
        using (_w.Scope())
        {
            _w.Line("// [Checkpoint]: for each segment from the last, restore its state, re-run it recording, and reverse it.");
            _w.Line($"int {every} = (int){_tape}.Pop();");
            _w.Line($"int {segments} = (int){_tape}.Pop();");
            _w.Line($"int {last} = (int){_tape}.Pop();");
            using (_w.Block($"for (int {segment} = {segments} - 1; {segment} >= 0; {segment}--)"))
            {
                Unsnapshot(state);
                _w.Line($"int {length} = {segment} == {segments} - 1 ? {last} : {every};");
                using (_w.Block($"for (int {step} = 0; {step} < {length}; {step}++)"))
                {
                    Taping(l.Body);
                    Taping(l.Step);
                    if (l.Counter is { } counter)
                    {
                        _w.Line($"{Step(_names[counter.Var], counter.Stride)};");
                    }
                }

                using (_w.Block($"for (int {step} = 0; {step} < {length}; {step}++)"))
                {
                    if (l.Counter is { } counter)
                    {
                        _w.Line($"{Step(_names[counter.Var], -counter.Stride)};");
                    }

                    Restoring(l.Step);
                    Restoring(l.Body);
                }
            }
        }

        Release(every, segments, last, segment, length, step);
    }

    /// <summary>The loop's own header: <c>for</c> with its counter, <c>while</c>, or <c>do … while</c>.</summary>
    private IDisposable Header(LLoop l)
    {
        if (l.Counter is { } counter)
        {
            var i = _names[counter.Var];
            return _w.Block($"for ({i} = {_print.Print(counter.Start)}; {Cond(l.Condition)}; {Step(i, counter.Stride)})");
        }

        return l.TestFirst ? _w.Block($"while ({Cond(l.Condition)})") : _w.Block("do", $" while ({Cond(l.Condition)});");
    }

    /// <summary>Restores the state a checkpointed loop's segment started from (<see cref="TapingPass"/> saved it), in reverse order.</summary>
    private void Unsnapshot(IReadOnlyList<int> state)
    {
        for (var k = state.Count - 1; k >= 0; k--)
        {
            var v = _p.Vars[state[k]];
            _w.Line(v.IsArray ? $"{_tape}.Restore({_names[v.Id]});" : $"{_names[v.Id]} = {Popped($"{_tape}.Pop()", v.Type)};");
        }
    }

    private void Release(params string[] names)
    {
        foreach (var name in names)
        {
            _taken.Remove(name);
        }
    }
}
