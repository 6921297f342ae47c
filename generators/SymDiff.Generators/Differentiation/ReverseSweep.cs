using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Reverse mode: walks the forward sweep backwards and accumulates adjoints, n̄ = Σ over uses u of ū · ∂u/∂n, from the
/// shared rule table. Within a straight-line region an adjoint is one expression (one local at most); across a branch,
/// adjoints of outer values become accumulators updated inside the mirrored branch.
/// </summary>
internal sealed class ReverseSweep
{
    private readonly Graph _graph;
    private Dictionary<Node, List<Node>> _contributions = new();

    /// <summary>Adjoint accumulators of values used inside a branch: exactly 0 when the arm that uses them is not taken.</summary>
    private readonly HashSet<Node> _armAccumulators = new();

    private readonly Dictionary<Node, bool> _mayBeArmZero = new();

    private ReverseSweep(Graph graph) => _graph = graph;

    /// <summary>
    /// Appends the reverse sweep of <paramref name="graph"/>'s root region, seeded with <paramref name="seed"/> at
    /// <paramref name="result"/>, to a new reverse region; returns it with each parameter node's adjoint.
    /// </summary>
    public static (Region Reverse, Func<Node, Node> AdjointOf) Run(Graph graph, Node result, Node seed) => Run(graph, new[] { (result, seed) });

    /// <summary>
    /// The reverse sweep of several results at once (a vector function's outputs), each seeded with its adjoint: every
    /// leaf's adjoint is Σₖ seedₖ·∂resultₖ/∂leaf. A leaf's adjoint can be taken once.
    /// </summary>
    public static (Region Reverse, Func<Node, Node> AdjointOf) Run(Graph graph, IEnumerable<(Node Result, Node Seed)> seeds) =>
        Run(graph, seeds, Array.Empty<Node>());

    /// <summary>
    /// As <see cref="Run(Graph, IEnumerable{ValueTuple{Node, Node}})"/>, where the seeds in <paramref name="zeroable"/> may
    /// be exactly 0 where a partial is infinite (another row's output in a Jacobian): their products with partials that
    /// can overflow are 0 there, as an untaken arm's are, not NaN.
    /// </summary>
    public static (Region Reverse, Func<Node, Node> AdjointOf) Run(Graph graph, IEnumerable<(Node Result, Node Seed)> seeds, IEnumerable<Node> zeroable)
    {
        var sweep = new ReverseSweep(graph);
        sweep._armAccumulators.UnionWith(zeroable);
        var reverse = new Region(graph.Root, null, isReverse: true);
        graph.Current = reverse;
        foreach (var (result, seed) in seeds.Where(s => s.Result.Active))
        {
            sweep.Contribute(result, seed);
        }

        sweep.Region(graph.Root, reverse);
        graph.Current = reverse;
        var adjoints = sweep._contributions;
        return (reverse, node => sweep.Take(adjoints, node, node.Type));
    }

    private void Region(Region forward, Region reverse)
    {
        var g = _graph;
        g.Current = reverse;
        for (var k = forward.Items.Count - 1; k >= 0; k--)
        {
            switch (forward.Items[k])
            {
                case NodeItem { Node: var node } when node.Active:
                    Propagate(node);
                    break;
                case IfItem branch:
                    Branch(branch, reverse);
                    g.Current = reverse;
                    break;
            }
        }
    }

    private void Propagate(Node node)
    {
        var g = _graph;
        var adjoint = Take(_contributions, node, node.Type);
        if (adjoint.IsConst(0))
        {
            return;
        }

        if (adjoint.Region.IsReverse && adjoint.BaseName is null && adjoint.AdjointOf is null && !adjoint.IsLeaf)
        {
            adjoint.AdjointOf = node;
        }

        for (var i = 0; i < node.Args.Length; i++)
        {
            var arg = node.Args[i];
            if (!arg.Active)
            {
                continue;
            }

            if (node.Op == Op.Convert)
            {
                Contribute(arg, g.Convert(adjoint, arg.Type));
            }
            else if (DerivativeRules.Partial(g, node, i) is { } partial)
            {
                // An argument of another type than the node (a float passed to a call of a double method) takes its own.
                Contribute(arg, g.Convert(ZeroIfUntaken(adjoint, partial), arg.Type));
            }
        }
    }

    private void Branch(IfItem branch, Region reverse)
    {
        var g = _graph;
        var thenReverse = new Region(reverse, branch.Then, isReverse: true);
        var elseReverse = new Region(reverse, branch.Else, isReverse: true);

        // Adjoints of the join values flow into the arm that produced them.
        var thenSeeds = new Dictionary<Node, List<Node>>();
        var elseSeeds = new Dictionary<Node, List<Node>>();
        foreach (var phi in branch.Phis.Where(p => p.Phi.Active))
        {
            var adjoint = Take(_contributions, phi.Phi, phi.Phi.Type);
            if (adjoint.IsConst(0))
            {
                continue;
            }

            if (phi.Then.Active)
            {
                Add(thenSeeds, phi.Then, adjoint);
            }

            if (phi.Else.Active)
            {
                Add(elseSeeds, phi.Else, adjoint);
            }
        }

        var thenEscapes = Arm(branch.Then, thenReverse, thenSeeds);
        var elseEscapes = Arm(branch.Else, elseReverse, elseSeeds);

        // Outer values that received contributions inside an arm get an accumulator declared before the branch.
        foreach (var outer in thenEscapes.Keys.Union(elseEscapes.Keys).OrderBy(n => n.Id))
        {
            // Arms whose contributions cancel (t − (t − y)) add nothing: the value keeps the contributions it had, and gets
            // no accumulator that nothing would add to (declared and never read, CS0219: fuzzer seed 1410171).
            var thenSum = ArmSum(thenReverse, thenEscapes, outer);
            var elseSum = ArmSum(elseReverse, elseEscapes, outer);
            if (thenSum is null && elseSum is null)
            {
                continue;
            }

            // The sums were made in the arms: the accumulator's initial value belongs before the branch again.
            g.Current = reverse;
            var accumulator = g.Local(outer.Type, null);
            accumulator.AdjointOf = outer;
            _armAccumulators.Add(accumulator);
            reverse.Items.Add(new AssignItem(accumulator, Take(_contributions, outer, outer.Type), Accumulate: false));
            foreach (var (arm, sum) in new[] { (thenReverse, thenSum), (elseReverse, elseSum) })
            {
                if (sum is not null)
                {
                    arm.Items.Add(new AssignItem(accumulator, sum, Accumulate: true));
                }
            }

            _contributions[outer] = new List<Node> { accumulator };
        }

        g.Current = reverse;
        reverse.Items.Add(new IfItem(branch.Condition, thenReverse, elseReverse, new List<PhiAssignment>()));
    }

    /// <summary>Reverses one arm; returns the contributions it made to values defined outside it.</summary>
    private Dictionary<Node, List<Node>> Arm(Region forward, Region reverse, Dictionary<Node, List<Node>> seeds)
    {
        var saved = _contributions;
        _contributions = seeds;
        try
        {
            Region(forward, reverse);
            return _contributions.Where(pair => !forward.Contains(pair.Key.Region) || pair.Key.Op == Op.Param)
                .ToDictionary(pair => pair.Key, pair => pair.Value);
        }
        finally
        {
            _contributions = saved;
        }
    }

    /// <summary>The sum of what <paramref name="arm"/> contributes to <paramref name="outer"/>, made in the arm; null when that is 0.</summary>
    private Node? ArmSum(Region arm, Dictionary<Node, List<Node>> escapes, Node outer)
    {
        if (!escapes.TryGetValue(outer, out var terms))
        {
            return null;
        }

        _graph.Current = arm;
        var sum = _graph.Sum(terms, outer.Type);
        return sum.IsConst(0) ? null : sum;
    }

    /// <summary>
    /// ā·∂, except that an adjoint which is exactly 0 because the arm using the value was not taken, or because a
    /// <c>Min</c>, <c>Max</c>, <c>Clamp</c> or <c>?:</c> selected the other operand, contributes 0 even where the
    /// partial overflowed (e^800, cosh 800): 0·∞ would be NaN. Only adjoints fed by an arm's accumulator or a selection
    /// and partials that can overflow at finite inputs pay for the test.
    /// </summary>
    private Node ZeroIfUntaken(Node adjoint, Node partial)
    {
        var g = _graph;
        var product = g.Mul(adjoint, partial);
        if (!MayBeArmZero(adjoint) || !MayOverflow(partial, new HashSet<Node>()))
        {
            return product;
        }

        var zero = g.Zero(adjoint.Type);
        return g.Select(g.Make(Op.Eq, ScalarKind.Bool, adjoint, zero), zero, product);
    }

    private bool MayBeArmZero(Node adjoint)
    {
        if (_mayBeArmZero.TryGetValue(adjoint, out var known))
        {
            return known;
        }

        var result = _armAccumulators.Contains(adjoint) || IsZeroArmSelection(adjoint) || adjoint.Args.Any(MayBeArmZero);
        _mayBeArmZero[adjoint] = result;
        return result;
    }

    /// <summary>
    /// A selection one of whose values is 0: the partial of <c>Min</c>, <c>Max</c>, <c>Clamp</c> or <c>?:</c> by the
    /// operand not selected. The adjoint it carries is exactly 0 there, like an untaken arm's.
    /// </summary>
    private static bool IsZeroArmSelection(Node node) =>
        node.Op == Op.Select && (node.Args[1].IsConst(0) || node.Args[2].IsConst(0));

    /// <summary>
    /// False for a partial built from parameters and constants by sums, products and bounded functions (finite for
    /// finite inputs of ordinary size); true where an exponential, a power, a quotient, a logarithm, a tangent or an
    /// opaque value (a call, a join, an accumulator) can be infinite.
    /// </summary>
    private static bool MayOverflow(Node partial, HashSet<Node> seen)
    {
        if (!seen.Add(partial))
        {
            return false;
        }

        if (partial.Op is Op.Const or Op.Param)
        {
            return false;
        }

        var row = Ops.Of(partial.Op);
        return row.Opaque || row.MayOverflow || partial.Args.Any(a => MayOverflow(a, seen));
    }

    private void Contribute(Node target, Node term) => Add(_contributions, target, term);

    private static void Add(Dictionary<Node, List<Node>> map, Node target, Node term)
    {
        if (!map.TryGetValue(target, out var list))
        {
            map[target] = list = new List<Node>();
        }

        list.Add(term);
    }

    private Node Take(Dictionary<Node, List<Node>> map, Node node, ScalarKind type)
    {
        if (!map.TryGetValue(node, out var terms))
        {
            return _graph.Zero(type);
        }

        map.Remove(node);
        return _graph.Sum(terms, type);
    }
}
