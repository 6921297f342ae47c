using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Decides whether a kernel's loop body can run on SIMD registers, and how: values that change per element
/// (<see cref="IsVarying"/>: span inputs, the upstream seed, and everything computed from them) become vectors;
/// values that are the same for every element (constants, broadcast parameters and what is computed from them
/// alone) are computed once before the loop and broadcast. Both arms of a branch are evaluated and merged with a
/// lane mask, which is exact because the body is pure. When some per-element operation has no SIMD form,
/// <see cref="Obstacle"/> says which, and the kernel is a scalar loop.
/// </summary>
internal sealed class SimdPlan
{
    private readonly Schedule _schedule;
    private readonly Func<Node, bool> _isSpan;
    private readonly Dictionary<Node, bool> _varying = new();
    private readonly HashSet<Node> _visited = new();
    private readonly HashSet<Node> _broadcasts = new();

    /// <summary>Local leaves that are inputs of the graph (a statement's variables and elements): varying only when <see cref="_isSpan"/> says so.</summary>
    private readonly ISet<Node>? _inputs;

    private SimdPlan(Schedule schedule, ScalarKind kind, Func<Node, bool> isSpan, ISet<Node>? inputs)
    {
        _schedule = schedule;
        Kind = kind;
        _isSpan = isSpan;
        _inputs = inputs;
    }

    /// <summary>The element type of every vector (the method's return type).</summary>
    public ScalarKind Kind { get; }

    /// <summary>Why the loop cannot be vectorized (read as "… has no SIMD form"), or null when it can.</summary>
    public string? Obstacle { get; private set; }

    /// <summary>Values the vector loop reads that are the same for every element, in definition order.</summary>
    public IReadOnlyList<Node> Broadcasts => _broadcasts.OrderBy(n => n.Id).ToList();

    /// <param name="schedule">Which nodes are emitted.</param>
    /// <param name="regions">The regions of the loop body, in order.</param>
    /// <param name="outputs">The values stored per element.</param>
    /// <param name="kind">The element type.</param>
    /// <param name="isSpan">True for the leaves that are read from a span (parameters, the upstream seed).</param>
    /// <param name="inputs">The graph's nodes given from outside (a loop statement's variables and elements, values its
    /// forward sweep saved), asked of <paramref name="isSpan"/> and never computed; every other local (an accumulator) varies.</param>
    public static SimdPlan Analyze(Schedule schedule, IEnumerable<Region> regions, IEnumerable<Node> outputs, ScalarKind kind, Func<Node, bool> isSpan, ISet<Node>? inputs = null)
    {
        var plan = new SimdPlan(schedule, kind, isSpan, inputs);
        foreach (var region in regions)
        {
            plan.Visit(region);
        }

        foreach (var output in outputs)
        {
            plan.Consume(output);
        }

        return plan;
    }

    public bool IsVarying(Node node)
    {
        if (_varying.TryGetValue(node, out var varying))
        {
            return varying;
        }

        varying = node.Op switch
        {
            _ when IsInput(node) => _isSpan(node),
            Op.Const => false,
            Op.Param => _isSpan(node),
            Op.Local or Op.Phi => true,
            _ => node.Args.Any(IsVarying),
        };
        _varying[node] = varying;
        return varying;
    }

    /// <summary>A node given from outside (a statement's variable or element, or a value saved by the forward sweep): read, never computed.</summary>
    public bool IsInput(Node node) => _inputs is not null && _inputs.Contains(node);

    private void Visit(Region region)
    {
        foreach (var item in region.Items)
        {
            switch (item)
            {
                case NodeItem { Node: var node } when _schedule.IsReachable(node) && IsVarying(node):
                    Consume(node);
                    break;
                case IfItem branch:
                    Consume(branch.Condition);
                    Visit(branch.Then);
                    Visit(branch.Else);
                    foreach (var phi in branch.Phis.Where(p => _schedule.IsReachable(p.Phi)))
                    {
                        Consume(phi.Phi);
                        Consume(phi.Then);
                        Consume(phi.Else);
                    }

                    break;
                case AssignItem assign:
                    Consume(assign.Target);
                    Consume(assign.Value);
                    break;
            }
        }
    }

    /// <summary>Records a value the vector code reads, and checks that it has a SIMD form.</summary>
    private void Consume(Node node)
    {
        if (!_visited.Add(node))
        {
            return;
        }

        if (!IsVarying(node))
        {
            if (node.Op != Op.Const)
            {
                _broadcasts.Add(node);
                CheckUniform(node);
            }

            CheckLane(node.Type, node);
            return;
        }

        CheckLane(node.Type, node);
        if (node.IsLeaf || IsInput(node))
        {
            return;
        }

        if (SimdOps.Form(node) is { } obstacle)
        {
            Block(obstacle);
        }

        foreach (var arg in node.Args)
        {
            Consume(arg);
        }
    }

    /// <summary>A value computed once before the loop: anything but calls and integer division (which could throw there).</summary>
    private void CheckUniform(Node node)
    {
        if (node.Op is Op.Call or Op.CallPartial)
        {
            Block("a call");
        }
        else if (node.Op is Op.Div or Op.Rem && node.Type == ScalarKind.Int)
        {
            Block("integer division");
        }

        foreach (var arg in node.Args)
        {
            CheckUniform(arg);
        }
    }

    private void CheckLane(ScalarKind type, Node node)
    {
        if (type != Kind && type != ScalarKind.Bool)
        {
            Block(node.Op == Op.Convert ? $"a per-element conversion to {Literals.TypeKeyword(type)}" : $"a per-element {Literals.TypeKeyword(type)}");
        }
    }

    private void Block(string obstacle) => Obstacle ??= obstacle;
}
