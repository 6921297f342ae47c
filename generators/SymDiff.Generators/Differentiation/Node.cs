using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A value of the expression graph shared by the primal, tangent and adjoint computations. Nodes are
/// hash-consed per region, so a common subexpression is one node (and one local in the generated code).
/// </summary>
internal sealed class Node
{
    public Node(int id, Op op, ScalarKind type, Node[] args, double value, Region region)
    {
        Id = id;
        Op = op;
        Type = type;
        Args = args;
        Value = value;
        Region = region;
    }

    public int Id { get; }

    public Op Op { get; }

    public ScalarKind Type { get; }

    public Node[] Args { get; }

    /// <summary>A constant's value, a parameter's ordinal, or a call partial's callee-parameter ordinal.</summary>
    public double Value { get; }

    public Region Region { get; }

    /// <summary>The call this node makes (<see cref="Op.Call"/>) or belongs to (<see cref="Op.CallPartial"/>).</summary>
    public int Call { get; init; } = -1;

    /// <summary>True when the value depends on a differentiable parameter (it has a derivative to carry).</summary>
    public bool Active { get; set; }

    /// <summary>What to call the local holding this value: the user's name, <c>dZ</c> for an adjoint, and so on.</summary>
    public string? BaseName { get; set; }

    /// <summary>How the doc comments name this value in math (<c>∂s/∂z</c> for a call partial); null for the default.</summary>
    public string? MathLabel { get; set; }

    /// <summary>Set when this node is the adjoint ∂F/∂n of the primal node n (named <c>dN</c> after it).</summary>
    public Node? AdjointOf { get; set; }

    /// <summary>Set when this node is the tangent ṅ of the primal node n (named <c>tN</c> after it).</summary>
    public Node? TangentOf { get; set; }

    /// <summary>For a <see cref="TangentOf"/> node of vector forward mode, the direction (lane) it is the tangent along; -1 otherwise.</summary>
    public int Lane { get; set; } = -1;

    /// <summary>For call nodes: the partial derivative nodes, indexed by callee parameter ordinal.</summary>
    public Node?[]? Partials { get; set; }

    /// <summary>Leaves are printed by name or value and never need a local of their own.</summary>
    public bool IsLeaf => Op is Op.Const or Op.Param or Op.Local or Op.Phi;

    public bool IsConst(double value) => Op == Op.Const && Value.Equals(value);

    public override string ToString() => $"%{Id} = {Op}({string.Join(", ", Args.Select(a => "%" + a.Id))})";
}

/// <summary>A statement of a region, in order.</summary>
internal abstract record Item;

/// <summary>The point where a node is defined (a local is declared here if the node needs one).</summary>
internal sealed record NodeItem(Node Node) : Item;

/// <summary>A branch; each phi takes its arm's value at the end of that arm.</summary>
internal sealed record IfItem(Node Condition, Region Then, Region Else, List<PhiAssignment> Phis) : Item;

/// <summary><c>Phi = Then</c> at the end of the then-arm, <c>Phi = Else</c> at the end of the else-arm.</summary>
internal sealed record PhiAssignment(Node Phi, Node Then, Node Else);

/// <summary><c>Target = Value</c> (declaring it), or <c>Target += Value</c>.</summary>
internal sealed record AssignItem(Node Target, Node Value, bool Accumulate) : Item;

/// <summary>
/// Hash-consing key: structurally equal nodes in one region are the same node. The arguments are their ids: the first
/// three in fields (almost every node has at most three), any further ones joined in <see cref="Rest"/>.
/// </summary>
internal readonly record struct NodeKey(Op Op, ScalarKind Type, double Value, int Call, int Arity, int First, int Second, int Third, string? Rest)
{
    public static NodeKey Of(Op op, ScalarKind type, double value, int call, Node[] args) => new(
        op, type, value, call, args.Length,
        args.Length > 0 ? args[0].Id : -1,
        args.Length > 1 ? args[1].Id : -1,
        args.Length > 2 ? args[2].Id : -1,
        args.Length > 3 ? string.Join(",", args.Skip(3).Select(a => a.Id)) : null);
}
