using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The derivative code of one expression of a loop body, built on the shared graph (so it gets the same rule table,
/// simplification and common-subexpression sharing as scalar bodies). Variables and array elements the expression
/// reads are the graph's leaves. Reverse: seeded with the adjoint <see cref="Seed"/> of the assigned value, each
/// active leaf gets an adjoint. Forward: given each active leaf's tangent, the expression gets its tangent, and the
/// expression itself is kept as written so the emitter can print the assigned value from the same graph.
/// </summary>
internal sealed class StatementAdjoint
{
    private readonly Dictionary<LExpr, Node> _leafNodes = new();
    private readonly Func<LExpr, bool> _isActive;
    private readonly bool _asWritten;

    private StatementAdjoint(Func<LExpr, bool> isActive, ScalarKind type, bool asWritten)
    {
        _isActive = isActive;
        _asWritten = asWritten;
        Graph = new Graph();
        Seed = Graph.Local(type, "seed");
    }

    public Graph Graph { get; }

    public Node Result { get; private set; } = null!;

    /// <summary>The adjoint of the result (reverse) — a placeholder the emitter names.</summary>
    public Node Seed { get; }

    public Region? Reverse { get; private set; }

    public List<(Node Leaf, LExpr Source)> Leaves { get; } = new();

    /// <summary>The expression each operation node was built from (the first, where equal subexpressions share a node).</summary>
    public Dictionary<Node, LExpr> Sources { get; } = new();

    /// <summary>Each active leaf's adjoint (reverse) or the result's tangent under key <see cref="Result"/> (forward).</summary>
    public Dictionary<Node, Node> Derivatives { get; } = new();

    public Schedule Schedule { get; private set; } = null!;

    /// <summary>True when the derivative code reads the leaf's value (a nonlinear use).</summary>
    public bool Reads(Node leaf) => Schedule.IsReachable(leaf);

    public static StatementAdjoint Build(LoopAnalysis analysis, LExpr value) => Build(analysis.IsActive, value);

    /// <summary>
    /// Reverse mode: the adjoint of every active leaf of <paramref name="value"/>, seeded with <see cref="Seed"/>. Without
    /// <paramref name="scheduled"/> there is no <see cref="Schedule"/> (an analysis that only asks which derivatives are
    /// not zero prints nothing).
    /// </summary>
    public static StatementAdjoint Build(Func<LExpr, bool> isActive, LExpr value, bool scheduled = true)
    {
        var s = new StatementAdjoint(isActive, value.Type, asWritten: false);
        s.Result = s.Node(value);
        var (reverse, adjointOf) = ReverseSweep.Run(s.Graph, s.Result, s.Seed);
        s.Reverse = reverse;
        foreach (var (leaf, _) in s.Leaves.Where(l => l.Leaf.Active))
        {
            var adjoint = adjointOf(leaf);
            if (!adjoint.IsConst(0))
            {
                s.Derivatives[leaf] = adjoint;
            }
        }

        if (scheduled)
        {
            s.Schedule = new Schedule(new[] { s.Graph.Root, reverse }, s.Derivatives.Values.Select(a => (a, reverse)));
        }

        return s;
    }

    /// <summary>
    /// Forward mode: the tangent of <paramref name="value"/> from its leaves' tangents (null for a zero tangent).
    /// <see cref="Result"/> is <paramref name="value"/> built without simplification (x·0 stays x·0, so a NaN or an
    /// infinity still propagates, and x·(1/y) is not rounded as x/y) but hash-consed, so printing it after the tangent
    /// (<paramref name="withValue"/>) computes the value exactly as the primal does while reusing the subexpressions
    /// the tangent has named.
    /// </summary>
    public static StatementAdjoint Tangent(Func<LExpr, bool> isActive, LExpr value, bool withValue, Func<LExpr, Graph, Node?> leafTangent) =>
        Tangent(isActive, value, withValue, lanes: 1, (source, graph, _) => leafTangent(source, graph));

    /// <summary>
    /// Vector forward mode: <paramref name="lanes"/> tangents of <paramref name="value"/> (<see cref="Tangents"/>), lane k
    /// from the leaves' tangents of lane k. The lanes share one graph, so the partial derivatives they all multiply
    /// (cos x, 1/y, …) are computed once.
    /// </summary>
    public static StatementAdjoint Tangent(Func<LExpr, bool> isActive, LExpr value, bool withValue, int lanes, Func<LExpr, Graph, int, Node?> leafTangent)
    {
        var s = new StatementAdjoint(isActive, value.Type, asWritten: true);
        s.Result = s.Node(value);
        var operations = s.Graph.Root.Items.OfType<NodeItem>().Select(i => i.Node).Where(n => n.Active).ToList();
        for (var lane = 0; lane < lanes; lane++)
        {
            var tangents = new Dictionary<Node, Node>();
            foreach (var (leaf, source) in s.Leaves.Where(l => l.Leaf.Active))
            {
                if (leafTangent(source, s.Graph, lane) is { } t)
                {
                    tangents[leaf] = t;
                }
            }

            foreach (var node in operations)
            {
                tangents[node] = DerivativeRules.Tangent(s.Graph, node, arg => tangents.TryGetValue(arg, out var t) ? t : null);
            }

            s.Tangents.Add(s.Result.Active && tangents.TryGetValue(s.Result, out var r) ? r : s.Graph.Zero(value.Type));
        }

        s.Derivatives[s.Result] = s.Tangents[0];
        var roots = withValue ? s.Tangents.Append(s.Result) : s.Tangents;
        s.Schedule = new Schedule(new[] { s.Graph.Root }, roots.Select(r => (r, s.Graph.Root)));
        return s;
    }

    /// <summary>Forward mode: the result's tangent in each lane (one lane unless several were asked for).</summary>
    public List<Node> Tangents { get; } = new();

    private Node Node(LExpr expression)
    {
        var g = Graph;
        switch (expression)
        {
            case LConst c:
                return g.Const(c.Value, c.Type);
            case LApply a:
                {
                    var args = a.Args.Select(Node).ToArray();
                    var node = _asWritten ? g.Make(a.Op, a.Type, args) : g.Apply(a.Op, a.Type, args);
                    if (!node.IsLeaf && !Sources.ContainsKey(node))
                    {
                        Sources[node] = a;
                    }

                    return node;
                }

            default:
                if (!_leafNodes.TryGetValue(expression, out var leaf))
                {
                    leaf = g.Local(expression.Type, null);
                    leaf.Active = _isActive(expression);
                    _leafNodes[expression] = leaf;
                    Leaves.Add((leaf, expression));
                }

                return leaf;
        }
    }
}
