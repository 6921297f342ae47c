using SymDiff.Generators.Model;
using static SymDiff.Generators.Model.IndexArithmetic;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Reverse mode of a program that is one island (<see cref="ProgramIsland"/>: no loops or buffers, calls of scalars,
/// elements at constant indices or, for inputs, indices computed from parameters) as a pass: the gradient, the pullback
/// and the reverse-mode Jacobian are one sweep over its graph each (<see cref="DSweep"/>), as a body of scalars is, with
/// no tape and nothing saved or restored. The program's storage keeps its ids in the derivative program, named as the member names it.
/// </summary>
internal static class IslandPass
{
    /// <summary>A span output of the method (its variable) and the member's seed span for it.</summary>
    public sealed record Output(int Var, string Seed);

    /// <summary>A differentiable input of the method (its variable) and its adjoint parameter.</summary>
    public sealed record Input(int Var, string Adjoint);

    /// <summary>
    /// How the member names the program's storage (<see cref="Primal"/>, by variable), the result's seed, and the
    /// outputs and inputs in the order of the Jacobian's rows and columns.
    /// </summary>
    public sealed record IslandNames(IReadOnlyList<string> Primal, string Seed, IReadOnlyList<Output> Outputs, IReadOnlyList<Input> Inputs);

    /// <summary>
    /// The pullback's body: the value, one reverse sweep seeded by the result (or, for a vector function, by the outputs'
    /// seeds), the adjoints added in, then the outputs stored and the value returned.
    /// </summary>
    public static DerivativeProgram Pullback(ProgramIsland island, LoopProgram program, IslandNames names, ScalarKind returnKind) =>
        Reverse(island, program, names, returnKind, gradient: false);

    /// <summary>
    /// The gradient's body (a scalar result): the adjoints cleared, then the pullback's sweep with a seed of 1, folded
    /// into the sweep as a constant (no call of the pullback, no multiplication by the seed), as in a body of scalars.
    /// </summary>
    public static DerivativeProgram Gradient(ProgramIsland island, LoopProgram program, IslandNames names, ScalarKind returnKind) =>
        Reverse(island, program, names, returnKind, gradient: true);

    private static DerivativeProgram Reverse(ProgramIsland island, LoopProgram program, IslandNames names, ScalarKind returnKind, bool gradient)
    {
        var d = Program(program, names);
        var g = island.Graph;
        var inputs = island.Leaves.ToList();
        var seeds = new List<(Node Result, Node Seed)>();
        if (gradient)
        {
            // A span's adjoint is cleared and its elements' adjoints added in (two leaves may name one element); a
            // scalar's is stored once, after the sweep.
            foreach (var input in names.Inputs.Where(i => program.Vars[i.Var].IsArray))
            {
                var v = program.Vars[input.Var];
                d.Body.Add(new DClear(d.Named(input.Adjoint, v.Type, v.IsArray)));
            }
        }

        if (island.Result is { } result)
        {
            var seed = gradient ? g.Const(1, returnKind) : g.Local(returnKind, names.Seed);
            seeds.Add((result, seed));
            if (!gradient)
            {
                inputs.Add((seed, new LRead(returnKind, d.Named(names.Seed, returnKind, isArray: false))));
            }

            NameValue(island.Returned!);
        }

        // With a scalar result only the result is seeded (the member has no seeds for its outputs).
        foreach (var (element, value) in program.Result >= 0 ? new() : island.Outputs)
        {
            if (names.Outputs.FirstOrDefault(o => o.Var == element.Var) is { } output)
            {
                var seed = g.Local(element.Type, null);
                seeds.Add((value, seed));
                inputs.Add((seed, new LElement(element.Type, d.Named(output.Seed, element.Type, isArray: true), element.Index)));
            }
        }

        var (reverse, adjointOf) = ReverseSweep.Run(g, seeds);
        var stores = new List<(DStore Store, Region From)>();
        var leavesOf = island.Leaves.ToLookup(l => l.Source switch { LRead r => r.Var, LElement e => e.Var, _ => -1 });
        foreach (var input in names.Inputs)
        {
            // In the order of the parameters, as a body of scalars stores them.
            var leaves = leavesOf[input.Var].ToList();
            if (gradient && !program.Vars[input.Var].IsArray)
            {
                var v = program.Vars[input.Var];
                var adjoint = leaves.FirstOrDefault(l => l.Leaf.Active).Leaf is { } leaf ? adjointOf(leaf) : g.Zero(v.Type);
                stores.Add((new DStore(new LRead(v.Type, d.Named(input.Adjoint, v.Type, isArray: false)), adjoint, Accumulate: false), reverse));
                continue;
            }

            foreach (var (leaf, source) in leaves.Where(l => l.Leaf.Active))
            {
                var adjoint = adjointOf(leaf);
                if (!adjoint.IsConst(0))
                {
                    stores.Add((new DStore(AdjointOf(d, names, source), adjoint, Accumulate: true, island.MayBeOutOfRange(leaf)), reverse));
                }
            }
        }

        stores.AddRange(OutputStores(island));
        d.Body.Add(DSweep.Of(new[] { g.Root, reverse }, inputs, stores, island.Returned is { } returned ? new[] { returned } : Array.Empty<Node>()));
        return d;
    }

    /// <summary>
    /// The pushforward's body, one forward sweep (the island built with one lane of tangents per entry of
    /// <paramref name="lanes"/>): each active input's tangent in each lane read from the lane's storage (the member's
    /// name for each variable's tangent: a scalar's, or the span of a span input or output, read or written at the
    /// element's index), the lanes' output tangents cleared, then the values and every lane's tangents computed once
    /// (the lanes share the partial derivatives), the written elements' tangents stored, the outputs stored; the value
    /// returned with its tangent, or for vector forward mode (<paramref name="chunk"/>) stored with the lanes' tangents.
    /// </summary>
    public static DerivativeProgram Pushforward(
        ProgramIsland island, LoopProgram program, IslandNames names, IReadOnlyList<IReadOnlyDictionary<int, string>> lanes, TangentPass.Chunk? chunk = null)
    {
        var d = Program(program, names);
        var g = island.Graph;
        LExpr Tangent(int lane, int var, LExpr? index)
        {
            var v = program.Vars[var];
            var storage = d.Named(lanes[lane][var], v.Type, v.IsArray);
            return index is null ? new LRead(v.Type, storage) : new LElement(v.Type, storage, index);
        }

        var inputs = island.Leaves.Concat(island.TangentLeaves.Select(t => (t.Tangent, t.Source switch
        {
            LRead r => Tangent(t.Lane, r.Var, null),
            LElement e => Tangent(t.Lane, e.Var, e.Index),
            _ => throw new InvalidOperationException($"{t.Source} has no tangent"),
        })));
        var stores = new List<(DStore Store, Region From)>();
        for (var lane = 0; lane < lanes.Count; lane++)
        {
            foreach (var output in names.Outputs)
            {
                d.Body.Add(new DClear(d.Named(lanes[lane][output.Var], program.Vars[output.Var].Type, isArray: true)));
            }

            stores.AddRange(island.Outputs.Where(o => lanes[lane].ContainsKey(o.Element.Var))
                .Select(o => (new DStore(Tangent(lane, o.Element.Var, o.Element.Index), island.TangentOf(o.Value, lane), Accumulate: false), g.Root)));
        }

        stores.AddRange(OutputStores(island));
        Node[] returned = [];
        if (island.Returned is { } result && chunk is null)
        {
            returned = [result, island.TangentOf(result)];
        }
        else if (island.Returned is { } value)
        {
            // Vector forward mode: lane k's tangent into element direction + k, the value into the member's local.
            var tangents = d.Named(chunk!.Tangents, value.Type, isArray: true);
            var direction = new LRead(ScalarKind.Int, d.Named(chunk.Direction, ScalarKind.Int, isArray: false));
            for (var lane = 0; lane < lanes.Count; lane++)
            {
                stores.Add((new DStore(new LElement(value.Type, tangents, Add(direction, Int(lane))), island.TangentOf(value, lane), Accumulate: false), g.Root));
            }

            stores.Add((new DStore(new LRead(value.Type, d.Named(chunk.Value, value.Type, isArray: false)), value, Accumulate: false), g.Root));
        }

        d.Body.Add(DSweep.Of(new[] { g.Root }, inputs, stores, returned));
        return d;
    }

    /// <summary>
    /// The reverse-mode Jacobian's body: the matrix (named <paramref name="jacobian"/>, <paramref name="columns"/> wide,
    /// of <paramref name="kind"/>) cleared, the values once, then one reverse sweep per output element the program writes
    /// (its row; the rows of elements it leaves alone are zero), each adjoint stored in its column; the outputs last.
    /// </summary>
    public static DerivativeProgram Jacobian(ProgramIsland island, LoopProgram program, IslandNames names, string jacobian, string columns, ScalarKind kind)
    {
        var d = Program(program, names);
        var g = island.Graph;
        var matrix = d.Named(jacobian, kind, isArray: true);
        var width = new LRead(ScalarKind.Int, d.Named(columns, ScalarKind.Int, isArray: false));
        d.Body.Add(new DClear(matrix));
        var regions = new List<Region> { g.Root };
        var stores = new List<(DStore Store, Region From)>();
        var rows = names.Outputs.Select(o => o.Var).ToList();
        var columnsOf = names.Inputs.Select(i => i.Var).ToList();

        // Inputs read at indices that are not constants may name one element twice (points[3 * j + 1] and points[1]):
        // their entries are added into the cleared matrix, not stored.
        var add = island.Leaves.Any(l => l.Leaf.Active && l.Source is LElement { Index: not LConst });
        foreach (var (element, value) in island.Outputs.Where(o => rows.Contains(o.Element.Var)))
        {
            var (reverse, adjointOf) = ReverseSweep.Run(g, value, g.One(element.Type));
            regions.Add(reverse);
            var row = Add(OffsetOf(program, rows, element.Var), element.Index);
            foreach (var (leaf, source) in island.Leaves.Where(l => l.Leaf.Active))
            {
                var adjoint = adjointOf(leaf);
                if (!adjoint.IsConst(0))
                {
                    var column = source is LElement e ? Add(OffsetOf(program, columnsOf, e.Var), e.Index) : OffsetOf(program, columnsOf, ((LRead)source).Var);
                    var index = Add(Mul(row, width), column);
                    stores.Add((new DStore(new LElement(kind, matrix, index), adjoint, Accumulate: add, island.MayBeOutOfRange(leaf)), reverse));
                }
            }
        }

        stores.AddRange(OutputStores(island));
        d.Body.Add(DSweep.Of(regions, island.Leaves, stores, Array.Empty<Node>()));
        return d;
    }

    /// <summary>
    /// Reverse mode over forward mode of a body of scalars' island, built with one lane of tangents named as the member's
    /// tangent parameters (active when they get adjoints): the values and ∇f·t beside them, then the reverse sweep of ∇f·t.
    /// H·t (no <paramref name="tangentAdjoints"/>): seeded with 1, each input's (H·t) stored into the adjoint
    /// <see cref="IslandNames.Inputs"/> gives it (its product); <c>PushforwardPullback</c>: seeded with the member's seed,
    /// each input's adjoint and then its tangent's added in. The value is returned.
    /// </summary>
    public static DerivativeProgram ReverseOverForward(ProgramIsland island, LoopProgram program, IslandNames names, ScalarKind returnKind, IReadOnlyList<Input>? tangentAdjoints = null)
    {
        var d = Program(program, names);
        var g = island.Graph;
        var inputs = island.Leaves.Concat(island.TangentLeaves.Select(t => (t.Tangent, (LExpr)new LRead(t.Tangent.Type, d.Named(t.Tangent.BaseName!, t.Tangent.Type, isArray: false))))).ToList();
        var result = island.Result!;
        var gradient = tangentAdjoints is null;
        var seed = gradient ? g.Const(1, returnKind) : g.Local(returnKind, names.Seed);
        if (!gradient)
        {
            inputs.Add((seed, new LRead(returnKind, d.Named(names.Seed, returnKind, isArray: false))));
        }

        var (reverse, adjointOf) = ReverseSweep.Run(g, island.TangentOf(result), seed);
        NameValue(result);
        Node AdjointOfLeaf(IEnumerable<Node> leaves, ScalarKind type) => leaves.FirstOrDefault(l => l.Active) is { } leaf ? adjointOf(leaf) : g.Zero(type);
        var stores = new List<(DStore Store, Region From)>();
        DStore Store(string target, Node value, bool accumulate) => new(new LRead(value.Type, d.Named(target, value.Type, isArray: false)), value, accumulate);
        var leavesOf = island.Leaves.ToLookup(l => l.Source is LRead r ? r.Var : -1, l => l.Leaf);
        var tangentLeavesOf = island.TangentLeaves.ToLookup(t => t.Source is LRead r ? r.Var : -1, t => t.Tangent);
        for (var k = 0; k < names.Inputs.Count; k++)
        {
            var input = names.Inputs[k];
            var type = program.Vars[input.Var].Type;
            var adjoint = AdjointOfLeaf(leavesOf[input.Var], type);
            if (gradient)
            {
                // H·t's products are rows of the Hessian, of the result's type whatever the parameter's.
                stores.Add((Store(input.Adjoint, g.Convert(adjoint, returnKind), accumulate: false), reverse));
                continue;
            }

            var tangentAdjoint = AdjointOfLeaf(tangentLeavesOf[input.Var], type);
            stores.AddRange(new[] { (input.Adjoint, adjoint), (tangentAdjoints![k].Adjoint, tangentAdjoint) }
                .Where(s => !s.Item2.IsConst(0)).Select(s => (Store(s.Item1, s.Item2, accumulate: true), reverse)));
        }

        d.Body.Add(DSweep.Of(new[] { g.Root, reverse }, inputs, stores, new[] { result }));
        return d;
    }

    /// <summary>
    /// The batched kernels' loop body, one element, of a body of scalars: the island's value alone (no
    /// <paramref name="seed"/>), or the value and one reverse sweep seeded by the leaf named <paramref name="seed"/> (the
    /// element's upstream adjoint), returning each differentiable parameter's adjoint in the order of the parameters. Its
    /// inputs are the parameters' leaves in order, then the seed's, read by name; it stores nothing: the kernel's
    /// printers (SIMD loops, ILGPU kernels) write what it returns into the kernel's outputs, per element or summed.
    /// </summary>
    public static DSweep Element(MethodModel method, string? seed)
    {
        var island = ProgramIsland.OfBody(method);
        var g = island.Graph;
        var d = new DerivativeProgram();
        var inputs = new List<(Node Node, LExpr Value)>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (method.Parameters[i].Kind is { } kind)
            {
                inputs.Add((ProgramIsland.ParameterNode(g, method, i), new LRead(kind, d.Named(method.Parameters[i].Name, kind, isArray: false))));
            }
        }

        var result = island.Result!;
        if (seed is null)
        {
            return DSweep.Of(new[] { g.Root }, inputs, Array.Empty<(DStore, Region)>(), new[] { result });
        }

        var seedNode = g.Local(method.ReturnKind, seed);
        var (reverse, adjointOf) = ReverseSweep.Run(g, result, seedNode);
        var adjoints = Enumerable.Range(0, method.Parameters.Length).Where(i => method.Parameters[i].IsDifferentiable)
            .Select(i => adjointOf(ProgramIsland.ParameterNode(g, method, i))).ToArray();
        inputs.Add((seedNode, new LRead(method.ReturnKind, d.Named(seed, method.ReturnKind, isArray: false))));
        return DSweep.Of(new[] { g.Root, reverse }, inputs, Array.Empty<(DStore, Region)>(), adjoints);
    }

    /// <summary>A returned value computed by an operation is named <c>value</c> where it gets a local.</summary>
    public static void NameValue(Node result)
    {
        if (result.BaseName is null && !result.IsLeaf)
        {
            result.BaseName = "value";
        }
    }

    /// <summary>The derivative program of an island member: the method's storage named as the member names it (ids as the program's).</summary>
    private static DerivativeProgram Program(LoopProgram program, IslandNames names)
    {
        var d = new DerivativeProgram();
        foreach (var v in program.Vars)
        {
            d.Named(names.Primal[v.Id], v.Type, v.IsArray);
        }

        return d;
    }

    /// <summary>
    /// Each output element written, stored from its value, last: the sweeps and the derivatives stored before may read
    /// the seeds and the outputs' incoming values (<see cref="ProgramIsland.Outputs"/> are in an order where no store
    /// reads what an earlier one wrote).
    /// </summary>
    private static List<(DStore Store, Region From)> OutputStores(ProgramIsland island) =>
        island.Outputs.Select(o => (new DStore(o.Element, o.Value, Accumulate: false), island.Graph.Root)).ToList();

    /// <summary>Where a leaf's adjoint is added: its parameter's adjoint, or the element of its span's adjoint.</summary>
    private static LExpr AdjointOf(DerivativeProgram d, IslandNames names, LExpr source)
    {
        string Adjoint(int var) => names.Inputs.First(i => i.Var == var).Adjoint;
        return source switch
        {
            LRead r => new LRead(r.Type, d.Named(Adjoint(r.Var), r.Type, isArray: false)),
            LElement e => new LElement(e.Type, d.Named(Adjoint(e.Var), e.Type, isArray: true), e.Index),
            _ => throw new InvalidOperationException($"{source} has no adjoint"),
        };
    }

    /// <summary>The first index of <paramref name="var"/>'s block in a row or column laid out over <paramref name="vars"/> in order.</summary>
    private static LExpr OffsetOf(LoopProgram program, IReadOnlyList<int> vars, int var)
    {
        LExpr offset = Int(0);
        foreach (var id in vars)
        {
            if (id == var)
            {
                return offset;
            }

            offset = Add(offset, program.Vars[id].IsArray ? new LLength(id) : Int(1));
        }

        throw new InvalidOperationException($"{program.Vars[var].Name} is not among {string.Join(", ", vars.Select(v => program.Vars[v].Name))}");
    }
}
