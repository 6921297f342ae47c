namespace SymDiff.Generators.Model;

/// <summary>Activity analysis: which values depend on a differentiable parameter through a differentiable path.</summary>
internal static class Activity
{
    /// <summary>
    /// Operations whose derivative is zero everywhere it exists (piecewise constant or boolean). Not <c>%</c>: on reals,
    /// <c>a % b = a − trunc(a/b)·b</c> has slope 1 in <c>a</c> (on ints nothing is active anyway).
    /// </summary>
    public static bool IsPiecewiseConstant(Op op) => Ops.Of(op).PiecewiseConstant;

    public static bool ResultIsActive(MethodModel model)
    {
        var active = new HashSet<int>();
        Visit(Statements(model), model, active);
        return active.Contains(model.Scalar!.Result);
    }

    /// <summary>
    /// The indices of the calls with an active argument. The others are made as written (their partials are never
    /// created), so they need neither a derivative nor an accepted callee.
    /// </summary>
    public static HashSet<int> ActiveCalls(MethodModel model)
    {
        var active = new HashSet<int>();
        Visit(Statements(model), model, active);
        return new HashSet<int>(ScalarBodyWalk.Instructions(Statements(model))
            .Where(i => i.Op == Op.Call && i.Args.Any(active.Contains))
            .Select(i => i.Call));
    }

    /// <summary>
    /// (call index, parameter index) of each argument that carries a derivative into a parameter the callee does not
    /// differentiate (<c>[NoDerivative]</c>): its derivative stops there.
    /// </summary>
    public static List<(int Call, int Parameter)> DroppedArguments(MethodModel model)
    {
        var active = new HashSet<int>();
        Visit(Statements(model), model, active);
        var dropped = new List<(int, int)>();
        foreach (var call in ScalarBodyWalk.Instructions(Statements(model)).Where(i => i.Op == Op.Call))
        {
            var parameters = model.Calls[call.Call].Parameters;
            for (var k = 0; k < call.Args.Length && k < parameters.Length; k++)
            {
                if (active.Contains(call.Args[k]) && !parameters[k].IsDifferentiable && parameters[k].Kind is ScalarKind.Double or ScalarKind.Float)
                {
                    dropped.Add((call.Call, k));
                }
            }
        }

        return dropped;
    }

    private static EquatableArray<Stmt> Statements(MethodModel model) => model.Scalar!.Statements;

    private static void Visit(EquatableArray<Stmt> body, MethodModel model, HashSet<int> active)
    {
        foreach (var stmt in body)
        {
            if (stmt is Let { Instr: var let })
            {
                var isActive = let.Op == Op.Param
                    ? model.Parameters[(int)let.Value].IsDifferentiable
                    : let.Type is ScalarKind.Double or ScalarKind.Float && !IsPiecewiseConstant(let.Op) && let.Args.Any(active.Contains);
                if (isActive)
                {
                    active.Add(let.Id);
                }
            }
            else if (stmt is IfStmt branch)
            {
                Visit(branch.Then, model, active);
                Visit(branch.Else, model, active);
                foreach (var phi in branch.Phis.Where(p => active.Contains(p.ThenValue) || active.Contains(p.ElseValue)))
                {
                    active.Add(phi.Id);
                }
            }
        }
    }
}
