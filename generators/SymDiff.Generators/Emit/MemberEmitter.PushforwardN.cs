using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Vector forward mode, <c>{F}PushforwardN</c>: the pushforwards of any number of tangent directions, laid out one
/// direction after another in each tangent span, <see cref="Lanes"/> directions per sweep. A sweep runs the primal once
/// and computes every lane's tangent from the partial derivatives it shares (the <see cref="TangentPass"/> with lanes);
/// the directions left over after the last full sweep go through <c>{F}Pushforward</c> one at a time.
/// </summary>
internal sealed partial class MemberEmitter
{
    /// <summary>Tangent directions carried by one sweep of <c>{F}PushforwardN</c>.</summary>
    public const int Lanes = 4;

    private void PushforwardN()
    {
        var directions = Fresh("directions");
        var tangents = _scalarResult ? Fresh("tangents") : null;
        var parameters = new List<MemberParameter> { new("int", directions) };
        parameters.AddRange(Differentiable.Select(p => new MemberParameter($"global::System.ReadOnlySpan<{ElementType(p)}>", p.Tangent)));
        parameters.AddRange(Outputs.Select(o => new MemberParameter($"global::System.Span<{ElementType(o)}>", o.Tangent)));
        if (tangents is not null)
        {
            parameters.Add(new($"global::System.Span<{_type}>", tangents));
        }

        _w.Line("/// <summary>");
        _w.Line($"/// Vector forward mode of <see cref=\"{_m.PrimalCref}\"/>: its directional derivatives along <paramref name=\"{directions}\"/> tangent");
        _w.Line($"/// directions at once, {Lanes} per sweep (the primal runs once per sweep and the lanes share its partial derivatives). Every");
        _w.Line("/// tangent span holds one direction after another: direction d of a span parameter of length n is elements d·n to d·n + n − 1,");
        _w.Line($"/// of a scalar element d. Equal, direction by direction, to <c>{Names.Pushforward(_m.Name)}</c>.");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{directions}\">How many tangent directions (0 or more).</param>");
        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Tangent}\">The directions of {p.Name}, one after another ({(p.IsArray ? $"{directions} × {p.Name}.Length" : directions)} elements).</param>");
        }

        foreach (var o in Outputs)
        {
            _w.Line($"/// <param name=\"{o.Tangent}\">Receives the tangents of the output {o.Name}, one direction after another ({directions} × {o.Name}.Length elements).</param>");
        }

        if (tangents is not null)
        {
            _w.Line($"/// <param name=\"{tangents}\">Receives the tangent of the value along each direction ({directions} elements).</param>");
            _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        }

        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        var returns = _scalarResult ? _type : "void";
        using (Member(_m.Accessibility, returns, Names.PushforwardN(_m.Name), parameters))
        {
            _w.Line($"global::SymDiff.GeneratedChecks.Directions({directions}, {Literals.NameOf(directions, _m)});");
            foreach (var p in Differentiable.Concat(Outputs))
            {
                var perDirection = p.IsArray ? $"{p.Name}.Length" : "1";
                _w.Line($"global::SymDiff.GeneratedChecks.DirectionsLength({p.Tangent}.Length, {Literals.NameOf(p.Tangent, _m)}, {directions}, {perDirection}, {Literals.NameOf(p.Name, _m)});");
            }

            if (tangents is not null)
            {
                _w.Line($"global::SymDiff.GeneratedChecks.DirectionsLength({tangents}.Length, {Literals.NameOf(tangents, _m)}, {directions}, 1, \"{_m.Name}\");");
            }

            Checks(_ => null);
            var written = Outputs.Select(o => (o.Tangent, o.Kind!.Value)).Concat(tangents is null ? Array.Empty<(string, ScalarKind)>() : new[] { (tangents, _m.ReturnKind) }).ToList();
            InputsApart(written);
            // Scalar inputs' tangents are spans here too.
            TangentsApart(written, scalarsToo: true);
            DistinctOutputs(Outputs.Select(o => o.Tangent).Concat(tangents is null ? Array.Empty<string>() : new[] { tangents }));
            InsideTapeMark(() => Sweeps(directions, tangents));
        }
    }

    /// <summary>
    /// The sweeps (<see cref="VectorForwardPass"/>): <see cref="Lanes"/> directions at a time, then one at a time. The
    /// names the sweep's program reads are taken here, before it is built.
    /// </summary>
    private void Sweeps(string directions, string? tangents)
    {
        var starts = Outputs.ToDictionary(o => o.Name, o => Fresh(o.Name + "Start"), StringComparer.Ordinal);
        var value = tangents is null ? null : Fresh("value");
        var d = Fresh("d");
        var sweepMark = Fresh("sweepMark");
        var lanes = LaneNames(d);
        VectorForwardPass.Tangent Tangents(ParamModel p) => new(MemberStorage.Of(p), p.Tangent, lanes.Select(lane => lane[VarOf(p)]).ToList());
        var names = new VectorForwardPass.SweepNames(
            _m.Parameters.Select(MemberStorage.Of).ToList(), Differentiable.Select(Tangents).ToList(), Outputs.Select(Tangents).ToList(), starts,
            directions, value is null ? null : (value, tangents!), d, sweepMark);
        var chunk = value is null ? null : new TangentPass.Chunk(value, tangents!, d);

        // A program that is one island sweeps its lanes over one graph (values and partials computed once, no tape),
        // unless it prints too long for one method (IslandProgram measures it). An island assigns no parameter: what the
        // body assigns to one is a node.
        var sweep = IslandProgram(island => IslandPass.Pushforward(island, _p, IslandNames, lanes, chunk), _w.Indent + 2, Lanes);
        var taken = _taken;
        if (sweep is not null)
        {
            // The locals' names and their tangents' are free: the island declares none of them (every value is a node).
            taken = TakenByIsland();
            foreach (var lane in lanes)
            {
                taken.ExceptWith(lane.Where(t => _p.Vars[t.Key].Origin == VarOrigin.Local).Select(t => t.Value));
            }
        }
        else
        {
            // A scalar parameter the body assigns is a copy in each sweep, which starts from the parameter's value on entry
            // (assigned in place, the second sweep and the directions left would start from the first sweep's last value).
            var sweepNames = (string[])_names.Clone();
            var copies = _p.Vars.Where(v => v.Origin == VarOrigin.Parameter && !v.IsArray && Assigned(v.Id)).ToList();
            foreach (var v in copies)
            {
                sweepNames[v.Id] = Fresh(Names.Unescaped(v.Name) + "Sweep");
            }

            names = names with { Copies = copies.Select(v => (new MemberStorage(_names[v.Id], v.Type, false), sweepNames[v.Id])).ToList() };
            sweep = TangentPass.Run(_input, Analysis, new TangentPass.PassNames(sweepNames, lanes, _scratch, _heapArrays, IsUsed, chunk));
        }

        var program = VectorForwardPass.Sweeps(names, Lanes, sweep, Own(_m.Name), Own(Names.Pushforward(_m.Name)), _m.ReturnKind);
        DerivativePrinter.Print(_w, program, _input, taken, _tape, _outline, apart: _apart, simd: _simd, splitBody: false);
    }

    /// <summary>
    /// Each lane's tangent storage: named here for the parameters (the lane's slice of a span tangent, its element of a
    /// scalar one, the lane's slice of an output's tangents; <see cref="VectorForwardPass"/> declares them) and for the
    /// locals (the tangent pass declares them).
    /// </summary>
    private List<IReadOnlyDictionary<int, string>> LaneNames(string d)
    {
        var lanes = new List<IReadOnlyDictionary<int, string>>();
        for (var k = 0; k < Lanes; k++)
        {
            var lane = new Dictionary<int, string>();
            foreach (var p in Differentiable.Concat(Outputs))
            {
                lane[VarOf(p)] = Fresh(p.Tangent + k);
            }

            // A body of scalars is its island, which names its locals' tangents itself (MemberEmitter's constructor names none).
            foreach (var id in _m.Scalar is not null ? Enumerable.Empty<int>() : Analysis.Active.Where(id => _p.Vars[id].Origin == VarOrigin.Local))
            {
                lane[id] = Fresh(_tangents[id] + k);
            }

            lanes.Add(lane);
        }

        return lanes;
    }
}
