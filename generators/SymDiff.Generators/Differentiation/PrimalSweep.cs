using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Rebuilds a method's SSA body as graph nodes (the forward sweep). With tangents on, it also builds each active
/// value's tangent right after the value (forward mode): ṅ = Σᵢ ∂n/∂aᵢ · ȧᵢ, from the shared rule table.
/// </summary>
internal sealed class PrimalSweep
{
    private readonly Graph _graph;
    private readonly MethodModel _method;
    private readonly Dictionary<int, Node> _values = new();
    private readonly Dictionary<Node, Node>? _tangents;

    private PrimalSweep(Graph graph, MethodModel method, Dictionary<Node, Node>? tangents)
    {
        _graph = graph;
        _method = method;
        _tangents = tangents;
    }

    /// <summary>Builds the forward sweep into <paramref name="graph"/>'s root region and returns the result node.</summary>
    /// <param name="graph">The graph to build into.</param>
    /// <param name="method">The method to rebuild.</param>
    /// <param name="tangents">When not null, receives each active node's tangent (and must hold the parameters' tangents).</param>
    public static Node Run(Graph graph, MethodModel method, Dictionary<Node, Node>? tangents = null)
    {
        var sweep = new PrimalSweep(graph, method, tangents);
        var body = ScalarIsland.Of(method);
        sweep.Block(body.Statements);
        return sweep._values[body.Result];
    }

    /// <summary>The parameter node of ordinal <paramref name="ordinal"/>, shared by all sweeps of one graph.</summary>
    public static Node ParameterNode(Graph graph, MethodModel method, int ordinal)
    {
        var parameter = method.Parameters[ordinal];
        return graph.Param(ordinal, parameter.Kind ?? ScalarKind.Int, parameter.Name, parameter.IsDifferentiable);
    }

    private void Block(EquatableArray<Stmt> body)
    {
        foreach (var stmt in body)
        {
            switch (stmt)
            {
                case Let let:
                    _values[let.Instr.Id] = Define(let.Instr);
                    break;
                case IfStmt branch:
                    Branch(branch);
                    break;
            }
        }
    }

    private Node Define(Instr instr)
    {
        var g = _graph;
        var args = instr.Args.Select(a => _values[a]).ToArray();
        var node = instr.Op switch
        {
            Op.Const => g.Const(instr.Value, instr.Type),
            Op.Param => ParameterNode(g, _method, (int)instr.Value),
            Op.Call => g.Make(Op.Call, instr.Type, instr.Call, 0, args),
            _ => g.Apply(instr.Op, instr.Type, args),
        };

        if (node.Op == Op.Call && _method.Calls[node.Call].IsPassive)
        {
            // Activity (Differentiation/Activity.cs) found that no derivative reaches through it (its value only
            // decides a branch, say): it is made as written, and so are the values computed from it.
            node.Active = false;
        }

        if (node.BaseName is null && node.Op is not (Op.Const or Op.Param))
        {
            node.BaseName = instr.Name;
        }

        if (node.Op is Op.Const or Op.Param)
        {
            return node;
        }

        if (node.Active)
        {
            if (node.Op == Op.Call && node.Partials is null)
            {
                CreatePartials(node);
            }

            Tangent(node);
        }

        return node;
    }

    /// <summary>∂call/∂parameter for each differentiable callee parameter, returned alongside the call's value.</summary>
    private void CreatePartials(Node call)
    {
        var callee = _method.Calls[call.Call];
        call.Partials = new Node?[callee.Parameters.Length];
        for (var p = 0; p < callee.Parameters.Length; p++)
        {
            if (callee.Parameters[p].IsDifferentiable)
            {
                var partial = _graph.Make(Op.CallPartial, call.Type, call.Call, p, call);
                partial.BaseName = $"d{Names.Pascal(call.BaseName ?? callee.MethodName)}_d{Names.Pascal(callee.Parameters[p].Name)}";
                partial.MathLabel = $"∂{call.BaseName ?? callee.MethodName}/∂{callee.Parameters[p].Name}";
                call.Partials[p] = partial;
            }
        }
    }

    private void Tangent(Node node)
    {
        if (_tangents is not null)
        {
            DerivativeRules.TangentWhereItLives(_graph, node, _tangents, arg => arg.Op is Op.Param or Op.Phi);
        }
    }

    private void Branch(IfStmt branch)
    {
        var g = _graph;
        var outer = g.Current;
        var condition = _values[branch.Condition];
        if (condition.Op == Op.Const)
        {
            TakenArm(branch, condition.Value != 0);
            return;
        }

        var thenRegion = new Region(outer, null, isReverse: false);
        var elseRegion = new Region(outer, null, isReverse: false);
        g.Current = thenRegion;
        Block(branch.Then);
        g.Current = elseRegion;
        Block(branch.Else);
        g.Current = outer;

        var phis = new List<PhiAssignment>();
        foreach (var phi in branch.Phis)
        {
            var thenValue = _values[phi.ThenValue];
            var elseValue = _values[phi.ElseValue];
            var node = g.Phi(phi.Type, phi.Name);
            node.Active = thenValue.Active || elseValue.Active;
            phis.Add(new PhiAssignment(node, thenValue, elseValue));
            _values[phi.Id] = node;
            if (_tangents is not null && node.Active)
            {
                var tangent = g.Phi(phi.Type, null);
                tangent.TangentOf = node;
                var (thenTangent, elseTangent) = (TangentOf(thenValue), TangentOf(elseValue));

                // Active as the join of values is: a tangent that depends on the inputs (2x·ẋ) is differentiated again
                // by a Hessian's reverse sweep, which routes adjoints only through active joins.
                tangent.Active = thenTangent.Active || elseTangent.Active;
                phis.Add(new PhiAssignment(tangent, thenTangent, elseTangent));
                _tangents[node] = tangent;
            }
        }

        outer.Items.Add(new IfItem(condition, thenRegion, elseRegion, phis));
    }

    /// <summary>
    /// A branch on a constant (<c>const bool flag</c>) is the arm it takes, in the current region: printed as
    /// <c>if (false)</c> the other arm would be unreachable code to the compiler (CS0162), and it has no derivative.
    /// </summary>
    private void TakenArm(IfStmt branch, bool condition)
    {
        Block(condition ? branch.Then : branch.Else);
        foreach (var phi in branch.Phis)
        {
            // The arm's value keeps its node (and its tangent, if active): the join is just another name for it.
            _values[phi.Id] = _values[condition ? phi.ThenValue : phi.ElseValue];
        }
    }

    private Node TangentOf(Node node) =>
        _tangents!.TryGetValue(node, out var tangent) && node.Active ? tangent : _graph.Zero(node.Type);
}
