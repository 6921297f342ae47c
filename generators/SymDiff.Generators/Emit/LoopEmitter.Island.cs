using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;
using static SymDiff.Generators.Model.IndexArithmetic;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Reverse mode of a program that is one island (<see cref="ProgramIsland"/>: no loops, calls or buffers, elements at
/// constant indices or, for inputs, indices computed from parameters): the pullback and the reverse-mode Jacobian print one sweep over its graph, as a body of
/// scalars is printed (<see cref="DSweep"/>), with no tape and nothing saved or restored.
/// </summary>
internal sealed partial class LoopEmitter
{
    /// <summary>
    /// The program as one island, when it is one and the member is a method's own first derivative in C# (a tangent
    /// program and a kernel keep the per-statement sweeps). Each member builds its own: its reverse sweeps grow the graph.
    /// </summary>
    private ProgramIsland? Island() =>
        _primal is null && !_device && !MatrixVars.Any() ? ProgramIsland.Build(_p) : null;

    /// <summary>
    /// The body of a member as one island (<paramref name="build"/> makes its derivative program), printed at
    /// <paramref name="indent"/>; null when the program is not one, or when the body prints longer than a body the
    /// printer would split into parts (<see cref="DerivativePrinter.SplitsAbove"/>): an island is one method, so a long
    /// program keeps the per-statement sweeps, whose bodies are split where the JIT would give up.
    /// </summary>
    private string? IslandBody(Func<ProgramIsland, DerivativeProgram> build, int indent)
    {
        if (Island() is not { } island)
        {
            return null;
        }

        // The method's locals are not declared (every value is a node), so their names are free for the island's temporaries.
        var locals = _p.Vars.Where(v => v.Origin == VarOrigin.Local)
            .SelectMany(v => new[] { _names[v.Id], _adjoints.TryGetValue(v.Id, out var a) ? a : null, _tangents.TryGetValue(v.Id, out var t) ? t : null });
        var taken = new HashSet<string>(_taken.Except(locals.OfType<string>()), StringComparer.Ordinal);
        var body = new IndentedWriter(indent);
        DerivativePrinter.Print(body, build(island), _input, taken, _tape);
        return body.Length <= DerivativePrinter.SplitsAbove ? body.ToString() : null;
    }

    /// <summary>The pullback's body as one island: the value, the seeds' reverse sweep, the outputs, the adjoints added in.</summary>
    private DerivativeProgram IslandPullback(ProgramIsland island)
    {
        var d = IslandProgram();
        var g = island.Graph;
        var inputs = island.Leaves.ToList();
        var seeds = new List<(Node Result, Node Seed)>();
        if (island.Result is { } result)
        {
            var seed = g.Local(_m.ReturnKind, _seed);
            seeds.Add((result, seed));
            inputs.Add((seed, Scalar(d, _seed, _m.ReturnKind)));
            BodySweep.NameValue(result);
        }

        // With a scalar result only the result is seeded (the member has no seeds for its outputs).
        foreach (var (element, value) in _scalarResult ? new() : island.Outputs)
        {
            if (Outputs.FirstOrDefault(o => VarOf(o) == element.Var) is { } output)
            {
                var seed = g.Local(element.Type, null);
                seeds.Add((value, seed));
                inputs.Add((seed, new LElement(element.Type, d.Named(SeedName(output), element.Type, isArray: true), element.Index)));
            }
        }

        var (reverse, adjointOf) = ReverseSweep.Run(g, seeds);
        var stores = new List<(DStore Store, Region From)>();
        foreach (var (leaf, source) in island.Leaves.Where(l => l.Leaf.Active))
        {
            var adjoint = adjointOf(leaf);
            if (!adjoint.IsConst(0))
            {
                stores.Add((new DStore(AdjointOf(d, source), adjoint, Accumulate: true, island.MayBeOutOfRange(leaf)), reverse));
            }
        }

        stores.AddRange(OutputStores(island));
        d.Body.Add(DSweep.Of(new[] { g.Root, reverse }, inputs, stores, island.Result is { } returned ? new[] { returned } : Array.Empty<Node>()));
        return d;
    }

    /// <summary>
    /// The reverse-mode Jacobian as one island: the values once, then one reverse sweep per output element the program
    /// writes (its row; the rows of elements it leaves alone are zero), each adjoint stored in its column.
    /// </summary>
    private DerivativeProgram IslandJacobian(ProgramIsland island)
    {
        var d = IslandProgram();
        var g = island.Graph;
        var kind = JacobianKind();
        var jacobian = d.Named(_jacobian, kind, isArray: true);
        var columns = Scalar(d, _columns, ScalarKind.Int);
        d.Body.Add(new DClear(jacobian));
        var regions = new List<Region> { g.Root };
        var stores = new List<(DStore Store, Region From)>();

        // Inputs read at indices that are not constants may name one element twice (points[3 * j + 1] and points[1]):
        // their entries are added into the cleared matrix, not stored.
        var add = island.Leaves.Any(l => l.Leaf.Active && l.Source is LElement { Index: not LConst });
        foreach (var (element, value) in island.Outputs.Where(o => Outputs.Any(p => VarOf(p) == o.Element.Var)))
        {
            var (reverse, adjointOf) = ReverseSweep.Run(g, value, g.One(element.Type));
            regions.Add(reverse);
            var row = Add(OffsetOf(Outputs, element.Var), element.Index);
            foreach (var (leaf, source) in island.Leaves.Where(l => l.Leaf.Active))
            {
                var adjoint = adjointOf(leaf);
                if (!adjoint.IsConst(0))
                {
                    var column = source is LElement e ? Add(OffsetOf(Differentiable, e.Var), e.Index) : OffsetOf(Differentiable, ((LRead)source).Var);
                    var index = Add(Mul(row, columns), column);
                    stores.Add((new DStore(new LElement(kind, jacobian, index), adjoint, Accumulate: add, island.MayBeOutOfRange(leaf)), reverse));
                }
            }
        }

        stores.AddRange(OutputStores(island));
        d.Body.Add(DSweep.Of(regions, island.Leaves, stores, Array.Empty<Node>()));
        return d;
    }

    /// <summary>True when the reverse-mode Jacobian can be one island: every differentiable input and output has the matrix's type.</summary>
    private bool JacobianAsIsland() =>
        Differentiable.Concat(Outputs).All(p => p.Kind == JacobianKind());

    /// <summary>The derivative program of an island member: the method's storage named as the member names it (ids as the program's).</summary>
    private DerivativeProgram IslandProgram()
    {
        var d = new DerivativeProgram();
        foreach (var v in _p.Vars)
        {
            d.Named(_names[v.Id], v.Type, v.IsArray);
        }

        return d;
    }

    private static LExpr Scalar(DerivativeProgram d, string name, ScalarKind type) => new LRead(type, d.Named(name, type, isArray: false));

    /// <summary>
    /// Each output element written, stored from its value, last: the sweeps and the derivatives stored before may read
    /// the seeds and the outputs' incoming values (<see cref="ProgramIsland.Outputs"/> are in an order where no store
    /// reads what an earlier one wrote).
    /// </summary>
    private static List<(DStore Store, Region From)> OutputStores(ProgramIsland island) =>
        island.Outputs.Select(o => (new DStore(o.Element, o.Value, Accumulate: false), island.Graph.Root)).ToList();

    /// <summary>Where a leaf's adjoint is added: its parameter's adjoint, or the element of its span's adjoint.</summary>
    private LExpr AdjointOf(DerivativeProgram d, LExpr source) => source switch
    {
        LRead r => Scalar(d, ParamOf(_p.Vars[r.Var]).Adjoint, r.Type),
        LElement e => new LElement(e.Type, d.Named(ParamOf(_p.Vars[e.Var]).Adjoint, e.Type, isArray: true), e.Index),
        _ => throw new InvalidOperationException($"{source} has no adjoint"),
    };

    /// <summary>The first index of <paramref name="var"/>'s block in a row or column laid out over <paramref name="parameters"/> in order.</summary>
    private LExpr OffsetOf(IEnumerable<ParamModel> parameters, int var)
    {
        LExpr offset = new LConst(ScalarKind.Int, 0);
        foreach (var p in parameters)
        {
            var id = VarOf(p);
            if (id == var)
            {
                return offset;
            }

            offset = Add(offset, p.IsArray ? new LLength(id) : new LConst(ScalarKind.Int, 1));
        }

        throw new InvalidOperationException($"{_p.Vars[var].Name} is not among {string.Join(", ", parameters.Select(p => p.Name))}");
    }
}
