using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A body of scalars (<see cref="ScalarBody"/>: a program without loops or arrays) differentiated whole for the batched
/// kernels, as one island of the hash-consed <see cref="Graph"/>: <see cref="ProgramIsland.OfBody"/> builds the value,
/// as it builds any program without loops, and <see cref="ReverseSweep"/> the adjoints, so branches stay phis and every
/// derivative shares the primal's temporaries (the members print the same island through <see cref="IslandPass"/>).
/// The kernel picks what it stores, and <see cref="Program"/> makes that the derivative IR (one <see cref="DSweep"/>).
/// </summary>
internal sealed class BodySweep
{
    private readonly ProgramIsland _island;
    private Func<Node, Node>? _adjointOf;

    private BodySweep(MethodModel method)
    {
        Method = method;
        _island = ProgramIsland.OfBody(method);
        Graph = _island.Graph;
        Parameters = Enumerable.Range(0, method.Parameters.Length)
            .Select(i => method.Parameters[i].Kind is null ? null : ProgramIsland.ParameterNode(Graph, method, i)).ToArray();
        Differentiable = Enumerable.Range(0, method.Parameters.Length).Where(i => method.Parameters[i].IsDifferentiable).ToList();
        Result = _island.Result!;
    }

    public MethodModel Method { get; }

    public Graph Graph { get; }

    /// <summary>The leaf of each parameter, by ordinal (null for a parameter without a scalar type).</summary>
    public Node?[] Parameters { get; }

    /// <summary>The ordinals of the differentiable parameters.</summary>
    public IReadOnlyList<int> Differentiable { get; }

    /// <summary>The value of the body.</summary>
    public Node Result { get; }

    /// <summary>The region of the reverse sweep; null for the value and for forward mode.</summary>
    public Region? Reverse { get; private set; }

    /// <summary>The adjoint the reverse sweep starts from: the constant 1, or a leaf the member names.</summary>
    public Node? Seed { get; private set; }

    /// <summary>The regions to print, in order: the forward sweep, then the reverse sweep if there is one.</summary>
    public IReadOnlyList<Region> Regions => Reverse is null ? new[] { Graph.Root } : new[] { Graph.Root, Reverse };

    /// <summary>The adjoint of parameter <paramref name="ordinal"/> after the reverse sweep.</summary>
    public Node Adjoint(int ordinal) => Adjoint(Parameters[ordinal]!);

    /// <summary>The adjoint of <paramref name="leaf"/> after the reverse sweep.</summary>
    public Node Adjoint(Node leaf) => (_adjointOf ?? throw new InvalidOperationException("the sweep has no reverse mode"))(leaf);

    /// <summary>The value alone (the batched kernel of the primal).</summary>
    public static BodySweep Value(MethodModel method) => new(method);

    /// <summary>
    /// Reverse mode: the value, then every adjoint from the seed, a leaf named <paramref name="seed"/> (a pullback's
    /// parameter), or 1 when it is null (the gradient). When the member <paramref name="returnsValue"/>, the value is
    /// named <c>value</c> where it gets a local.
    /// </summary>
    public static BodySweep Backward(MethodModel method, string? seed, bool returnsValue = true)
    {
        var sweep = Value(method);
        sweep.Run(sweep.Result, seed);
        if (returnsValue)
        {
            NameValue(sweep.Result);
        }

        return sweep;
    }

    /// <summary>
    /// The derivative IR of the sweep: its regions, then <paramref name="stores"/> (an accumulated constant 0 is left
    /// out), then <paramref name="returned"/>. <paramref name="named"/> gives the leaves the member names (its
    /// parameters are named by it already).
    /// </summary>
    public DerivativeProgram Program(IEnumerable<(Node Node, string Name)> named, IEnumerable<(string Target, Node Value, bool Accumulate)> stores, params Node[] returned)
    {
        var program = new DerivativeProgram();
        LExpr Var(string name, ScalarKind type) => new LRead(type, program.Named(name, type, isArray: false));
        var inputs = Enumerable.Range(0, Parameters.Length).Where(i => Parameters[i] is not null)
            .Select(i => (Parameters[i]!, Method.Parameters[i].Name))
            .Concat(named)
            .Select(n => (n.Item1, Var(n.Item2, n.Item1.Type)))
            .ToArray();
        var kept = stores.Where(s => !(s.Accumulate && s.Value.IsConst(0)))
            .Select(s => (new DStore(Var(s.Target, s.Value.Type), s.Value, s.Accumulate), Regions[Regions.Count - 1])).ToList();
        program.Body.Add(DSweep.Of(Regions, inputs, kept, returned));
        return program;
    }

    private void Run(Node result, string? seed)
    {
        Seed = seed is null ? Graph.One(Method.ReturnKind) : Graph.Local(Method.ReturnKind, seed);
        (Reverse, _adjointOf) = ReverseSweep.Run(Graph, result, Seed);
    }

    /// <summary>A returned value computed by an operation is named <c>value</c> where it gets a local.</summary>
    public static void NameValue(Node result)
    {
        if (result.BaseName is null && !result.IsLeaf)
        {
            result.BaseName = "value";
        }
    }
}
