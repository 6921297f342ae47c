using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>A body of scalars as one island (<see cref="OfBody"/>), the graph its members' sweeps and the batched kernels' (<see cref="IslandPass"/>) are built on.</summary>
internal sealed partial class ProgramIsland
{
    /// <summary>For a body of scalars (<see cref="OfBody"/>): the method, whose parameters are <see cref="Op.Param"/> nodes; else null.</summary>
    private readonly MethodModel? _body;

    /// <summary>With <see cref="_body"/>: whether the parameters' tangents are active (a reverse sweep differentiates with respect to them too).</summary>
    private readonly bool _activeTangents;

    /// <summary>
    /// The body of scalars of <paramref name="method"/> (<see cref="ScalarBody"/>) as one island, with
    /// <paramref name="lanes"/> lanes of tangents (0 or 1): each parameter is its <see cref="Op.Param"/> node
    /// (<see cref="ParameterNode"/>, made before anything else, in order) and, in forward mode, each differentiable one's
    /// tangent a leaf named as the member names it, active when <paramref name="activeTangents"/>. Every call of the body
    /// is a node (a <c>[Checkpoint]</c> callee too: a body of scalars has no tape to recompute anything from), and a branch
    /// whose arms assign the result is a return (the lowering duplicated what follows it into both arms), which joins the
    /// result alone.
    /// </summary>
    public static ProgramIsland OfBody(MethodModel method, int lanes = 0, bool activeTangents = false)
    {
        var program = method.Scalar?.Program ?? throw new InvalidOperationException($"'{method.Name}' is not a body of scalars");
        var island = new ProgramIsland(program, lanes, calls: method.Calls, body: method, activeTangents: activeTangents);
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (method.Parameters[i].Kind is not null)
            {
                ParameterNode(island.Graph, method, i);
            }
        }

        foreach (var v in program.Vars.Where(v => v.Origin == VarOrigin.Parameter && method.Parameters[v.Parameter].IsDifferentiable).OrderBy(v => v.Parameter))
        {
            island.ParameterLeaf(v);
        }

        var env = new Scope();
        if (!island.Statements(program.Body, env, new List<LExpr>()) || !env.TryGetValue(new LRead(program.Vars[program.Result].Type, program.Result), out var result))
        {
            throw new InvalidOperationException($"the body of '{method.Name}' is not one island");
        }

        island.Result = island.Returned = result;
        return island;
    }

    /// <summary>The parameter node of ordinal <paramref name="ordinal"/>, shared by all sweeps of one graph.</summary>
    public static Node ParameterNode(Graph graph, MethodModel method, int ordinal)
    {
        var parameter = method.Parameters[ordinal];
        return graph.Param(ordinal, parameter.Kind ?? ScalarKind.Int, parameter.Name, parameter.IsDifferentiable);
    }

    /// <summary>
    /// In a body of scalars, the <see cref="Op.Param"/> node of parameter variable <paramref name="v"/>, a leaf read from
    /// the parameter, with its tangent in each lane the first time it is read (named as the member names the tangent).
    /// </summary>
    private Node ParameterLeaf(LoopVar v)
    {
        var source = new LRead(v.Type, v.Id);
        if (_leafNodes.TryGetValue(source, out var leaf))
        {
            return leaf;
        }

        leaf = ParameterNode(Graph, _body!, v.Parameter);
        _leafNodes[source] = leaf;
        Leaves.Add((leaf, source));
        for (var lane = 0; lane < _lanes.Length && leaf.Active; lane++)
        {
            // Named as the member's tangent parameter where there is one (a pushforward); vector forward mode reads each
            // lane's from the directions' span.
            var tangent = Graph.Local(v.Type, _lanes.Length == 1 ? _body!.Parameters[v.Parameter].Tangent : null);
            tangent.Active = _activeTangents;
            _lanes[lane][leaf] = tangent;
            TangentLeaves.Add((tangent, source, lane));
        }

        return leaf;
    }

    /// <summary>
    /// The partial derivative nodes of <paramref name="call"/> (an active <see cref="Op.Call"/> of <paramref name="callee"/>),
    /// one per differentiable callee parameter, named after the call's value: the member computes them with the value
    /// (the callee's fused <c>Gradient</c>, or its custom derivative) wherever the call is made.
    /// </summary>
    internal static void CreatePartials(Graph graph, Node call, CallModel callee)
    {
        call.Partials = new Node?[callee.Parameters.Length];
        for (var p = 0; p < callee.Parameters.Length; p++)
        {
            if (callee.Parameters[p].IsDifferentiable)
            {
                call.Partials[p] = graph.Make(Op.CallPartial, callee.Parameters[p].Kind ?? call.Type, call.Call, p, call);
            }
        }

        NamePartials(call, callee);
    }

    /// <summary>Names <paramref name="call"/>'s partial derivatives after its value (<c>dA1_dZ</c>, ∂a1/∂z), or after the callee while the value has no name.</summary>
    private static void NamePartials(Node call, CallModel callee)
    {
        for (var p = 0; p < callee.Parameters.Length; p++)
        {
            if (call.Partials![p] is { } partial)
            {
                partial.BaseName = $"d{Names.Pascal(call.BaseName ?? callee.MethodName)}_d{Names.Pascal(callee.Parameters[p].Name)}";
                partial.MathLabel = $"∂{call.BaseName ?? callee.MethodName}/∂{callee.Parameters[p].Name}";
            }
        }
    }
}
