using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Innermost loops run on block-local copies of the scalars they touch. The generated methods declare every variable
/// once at the top and keep many values alive from the forward sweep into the reverse sweep, so without the copies the
/// JIT's register allocator spills loop-carried scalars (an index stepped each iteration, a running adjoint) to the
/// stack inside the hottest loops, which puts a store-to-load round trip on every iteration's critical path.
/// </summary>
internal sealed partial class LoopEmitter
{
    /// <summary>
    /// Runs <paramref name="emit"/> with the loop's scalars (and, when asked, their adjoints or tangents) renamed to
    /// block locals copied in before the loop and copied back after it.
    /// </summary>
    private void Localized(LLoop loop, bool adjoints, bool tangents, Action emit)
    {
        if (ContainsLoop(loop.Body) || ContainsLoop(loop.Step))
        {
            emit();
            return;
        }

        var ids = new SortedSet<int>();
        CollectScalars(loop, ids);
        if (ids.Count == 0)
        {
            emit();
            return;
        }

        var renamed = new List<(int Id, Dictionary<int, string>? Table, string Outer)>();
        var copyBack = new List<string>();
        var locals = new List<string>();
        using (_w.Scope())
        {
            foreach (var id in ids)
            {
                var v = _p.Vars[id];
                var type = Literals.TypeKeyword(v.Type);
                // The reverse sweep writes a variable only where it restores it; the other sweeps where they assign it.
                var assigned = loop.Counter?.Var == id
                    || (AssignsAny(loop.Body, id) || AssignsAny(loop.Step, id)) && (!adjoints || _a.Saves(id));
                // The reverse sweep reads only needed values (and the counter); a variable it never reads needs no copy.
                if (!adjoints || loop.Counter?.Var == id || _a.Needed.Contains(id) && !_a.Captures(id))
                {
                    Rename(id, null, _names[id], type, assigned);
                }

                if (adjoints && _adjoints.TryGetValue(id, out var adjoint))
                {
                    Rename(id, _adjoints, adjoint, type, writeBack: true);
                }

                if (tangents && _a.Active.Contains(id) && _tangents.TryGetValue(id, out var tangent))
                {
                    Rename(id, _tangents, tangent, type, writeBack: true);
                }
            }

            emit();
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

    private static bool ContainsLoop(EquatableArray<LStmt> body) => body.Any(s => s switch
    {
        LLoop => true,
        LIf i => ContainsLoop(i.Then) || ContainsLoop(i.Else),
        _ => false,
    });

    private void CollectScalars(LLoop loop, SortedSet<int> ids)
    {
        Scalars(loop.Condition, ids);
        if (loop.Counter is { } counter)
        {
            ids.Add(counter.Var);
            Scalars(counter.Start, ids);
        }

        CollectScalars(loop.Body, ids);
        CollectScalars(loop.Step, ids);
    }

    private void CollectScalars(EquatableArray<LStmt> body, SortedSet<int> ids)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    ids.Add(a.Var);
                    Scalars(a.Value, ids);
                    break;
                case LStore st:
                    Scalars(st.Index, ids);
                    Scalars(st.Value, ids);
                    break;
                case LAllocate al:
                    Scalars(al.Length, ids);
                    break;
                case LCall c:
                    if (c.Target >= 0)
                    {
                        ids.Add(c.Target);
                    }

                    foreach (var argument in c.Args)
                    {
                        if (argument.Scalar is { } scalar)
                        {
                            Scalars(scalar, ids);
                        }
                    }

                    break;
                case LIf i:
                    Scalars(i.Condition, ids);
                    CollectScalars(i.Then, ids);
                    CollectScalars(i.Else, ids);
                    break;
            }
        }
    }

    private void Scalars(LExpr expression, SortedSet<int> ids)
    {
        switch (expression)
        {
            case LRead r when !_p.Vars[r.Var].IsArray:
                ids.Add(r.Var);
                break;
            case LElement e:
                Scalars(e.Index, ids);
                break;
            case LApply a:
                foreach (var argument in a.Args)
                {
                    Scalars(argument, ids);
                }

                break;
        }
    }
}
