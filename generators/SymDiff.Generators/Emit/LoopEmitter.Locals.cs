using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The reverse sweep's innermost loops run on block-local copies of the scalars and adjoints they touch, and pop
/// through the tape's storage held in locals (the forward sweeps get the same from <see cref="ProgramPass"/>, which
/// says why).
/// </summary>
internal sealed partial class LoopEmitter
{
    private (string Values, string Top)? _tapeLocal;

    /// <summary>
    /// Runs <paramref name="emit"/>, a loop of the reverse sweep, with the loop's needed scalars and its adjoints renamed
    /// to block locals copied in before the loop and copied back after it (the forward sweeps' loops get the same from
    /// <see cref="ProgramPass"/>).
    /// </summary>
    private void Localized(LLoop loop, Action emit)
    {
        if (loop.Children().ContainsLoop())
        {
            emit();
            return;
        }

        var ids = loop.ScalarsOf(_p);

        var renamed = new List<(int Id, Dictionary<int, string>? Table, string Outer)>();
        var copyBack = new List<string>();
        var locals = new List<string>();
        using (_w.Scope())
        {
            // A loop that pops values (its own, or its trip count or final counter) pops them through locals.
            if (!ContainsCall(loop.Children()) && (loop.Blocks().Sum(b => _a.Pushes(b)) > 0 || _a.RecomputedEnd(loop) is null))
            {
                var values = Fresh("tapeValues");
                var top = Fresh("tapeTop");
                locals.Add(values);
                locals.Add(top);
                _w.Line($"var {values} = {_tape}.Values;");
                _w.Line($"int {top} = {_tape}.Count;");
                copyBack.Insert(0, $"{_tape}.Count = {top};");
                _tapeLocal = (values, top);
            }

            var assignedInLoop = loop.Children().AssignedVariables();
            foreach (var id in ids)
            {
                var v = _p.Vars[id];
                var type = Literals.TypeKeyword(v.Type);
                // The reverse sweep writes a variable only where it restores it.
                var assigned = loop.Counter?.Var == id || assignedInLoop.Contains(id) && _a.Saves(id);
                // The reverse sweep reads only needed values (and the counter); a variable it never reads needs no copy.
                if (loop.Counter?.Var == id || _a.Needed.Contains(id) && !_a.Captures(id))
                {
                    Rename(id, null, _names[id], type, assigned);
                }

                if (_adjoints.TryGetValue(id, out var adjoint))
                {
                    Rename(id, _adjoints, adjoint, type, writeBack: true);
                }
            }

            emit();
            _tapeLocal = null;
            foreach (var (id, table, outer) in renamed)
            {
                if (table is null)
                {
                    _names[id] = outer;
                }
                else
                {
                    table[id] = outer;
                }
            }

            foreach (var line in copyBack)
            {
                _w.Line(line);
            }
        }

        // Innermost loops never nest, so sibling blocks can reuse these names (methods declare every other local first).
        foreach (var name in locals)
        {
            _taken.Remove(name);
        }

        void Rename(int id, Dictionary<int, string>? table, string outer, string type, bool writeBack)
        {
            var inner = Fresh(outer + "Local");
            locals.Add(inner);
            _w.Line($"{type} {inner} = {outer};");
            if (writeBack)
            {
                copyBack.Add($"{outer} = {inner};");
            }

            renamed.Add((id, table, outer));
            if (table is null)
            {
                _names[id] = inner;
            }
            else
            {
                table[id] = inner;
            }
        }
    }

    private static bool ContainsCall(IEnumerable<LStmt> body) => body.Descendants().Any(s => s is LCall);
}
