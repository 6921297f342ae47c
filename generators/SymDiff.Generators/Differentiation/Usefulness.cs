using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Usefulness, the backward half of activity: the variables and arrays whose values can reach the result or a span
/// output. Activity is varied (forward from the inputs) ∩ useful; a value the result never reads needs no derivative,
/// and differentiating it anyway can only hurt (<c>y *= y</c> overflowing to ∞ in a dead variable turns its 0 adjoint
/// into 0·∞ = NaN).
/// </summary>
internal static class Usefulness
{
    /// <param name="program">The lowered method.</param>
    /// <param name="outputs">The arrays a call writes (arguments for the callee's span outputs).</param>
    public static HashSet<int> Of(LoopProgram program, Func<LCall, IEnumerable<int>> outputs)
    {
        var useful = new HashSet<int>();
        if (program.Result >= 0)
        {
            useful.Add(program.Result);
        }

        useful.UnionWith(program.Vars.Where(v => v.IsOutput && v.Origin == VarOrigin.Parameter).Select(v => v.Id));

        // Usefulness flows from a statement to the ones before it, so each pass visits the statements last to first: a
        // chain of n assignments is then done in one pass (and a second to see nothing changes), not in n. Only loops
        // (a value read by the next iteration) need more passes. Every pass adds only what some statement makes useful,
        // so the order the arms of a branch come in changes the passes, never the result.
        var lastToFirst = program.Body.Descendants().Reverse().ToList();
        int before;
        do
        {
            before = useful.Count;
            foreach (var statement in lastToFirst)
            {
                switch (statement)
                {
                    case LAssign a when useful.Contains(a.Var):
                        useful.UnionWith(a.Value.Reads());
                        break;
                    case LStore st when useful.Contains(st.Var):
                        useful.UnionWith(st.Value.Reads());
                        break;
                    case LCall c when c.Target >= 0 && useful.Contains(c.Target) || outputs(c).Any(useful.Contains):
                        foreach (var argument in c.Args)
                        {
                            if (argument.Scalar is { } scalar)
                            {
                                useful.UnionWith(scalar.Reads());
                            }
                            else
                            {
                                useful.Add(argument.Array);
                            }
                        }

                        break;
                }
            }
        }
        while (useful.Count != before);
        return useful;
    }
}
