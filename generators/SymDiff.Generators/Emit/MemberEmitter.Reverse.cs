using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Reverse mode: the taping forward sweep and the restoring, accumulating reverse sweep.</summary>
internal sealed partial class MemberEmitter
{
    private void Pullback()
    {
        var seeds = _scalarResult
            ? new[] { new MemberParameter(_type, _seed) }
            : Outputs.Select(o => new MemberParameter($"global::System.ReadOnlySpan<{ElementType(o)}>", SeedName(o))).ToArray();
        var adjoints = Differentiable.Select(p => p.IsArray
            ? new MemberParameter($"global::System.Span<{ElementType(p)}>", p.Adjoint)
            : MemberParameter.Ref(ElementType(p), p.Adjoint));
        var island = IslandBody(IslandPullback, _w.Indent + 1);
        if (_primal is not null)
        {
            if (_overTangents)
            {
                DocComments.PushforwardPullbackSummary(_w, _m);
            }
            else
            {
                _w.Line("/// <summary>");
                _w.Line($"/// The body of {Names.HessianVectorProduct(_m.Name)}: reverse mode of <see cref=\"{_m.PrimalCref}\"/>'s pushforward over its inputs, the");
                _w.Line("/// tangents t held fixed: adds the seed times ∂(∇" + _m.Name + "·t)/∂p = (H·t)ₚ into each input's adjoint.");
                _w.Line("/// </summary>");
            }

            DocComments.PrimalParameters(_w, _primal);
            foreach (var (p, t) in TangentPairs)
            {
                DocComments.TangentComponent(_w, t.Name, p, sameLength: true);
            }
        }
        else
        {
            PullbackSummary(island is not null);
            DocComments.PrimalParameters(_w, _m);
        }

        if (_scalarResult)
        {
            _w.Line(_primal is null
                ? $"/// <param name=\"{_seed}\">The adjoint of the result (∂objective/∂{_m.Name}).</param>"
                : $"/// <param name=\"{_seed}\">The adjoint of ∇{_m.Name}·t.</param>");
        }

        foreach (var o in _scalarResult ? Enumerable.Empty<ParamModel>() : Outputs)
        {
            _w.Line($"/// <param name=\"{SeedName(o)}\">The adjoint of the output {o.Name} (same length).</param>");
        }

        var tangentOf = TangentPairs.ToDictionary(pair => pair.Tangent.Name, pair => pair.Primal.Name);
        foreach (var p in Differentiable)
        {
            var derivative = _primal is null ? $"∂{_m.Name}/∂{p.Name}"
                : tangentOf.TryGetValue(p.Name, out var primal) ? $"∂{_m.Name}/∂{primal}"
                : $"(H·t) along {p.Name}";
            var times = _primal is null && _scalarResult ? $"{_seed}·" : "the seed times ";
            _w.Line($"/// <param name=\"{p.Adjoint}\">Accumulates {times}{derivative}{DocComments.SameLength(p)}.</param>");
        }

        if (_scalarResult)
        {
            _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        }

        if (island is null)
        {
            FullyOptimized();
        }

        Declarations.MemberAttributes(_w, _m);
        var accessibility = _primal is not null && !_overTangents ? "private" : _m.Accessibility;
        using (Member(accessibility, _scalarResult ? _type : "void", PullbackName, seeds.Concat(adjoints)))
        {
            Checks(p => !p.IsOutput ? p.Adjoint : _scalarResult ? null : SeedName(p));
            TangentChecks();
            InputsApart(WrittenAdjoints);
            DistinctOutputs(SpanAdjoints, accumulating: true);
            if (island is not null)
            {
                _w.Raw(island);
            }
            else
            {
                InsideTapeMark(() => PullbackBody((_, result) => new DReturn(new[] { result }.ToEquatableArray())));
            }
        }
    }

    /// <summary>
    /// The body of a pullback, after its checks and inside its tape mark: the program of <see cref="ReversePass"/> over
    /// the two sweeps; <paramref name="returnValue"/> is what becomes of the value for a
    /// scalar result (a <c>return</c> in the C# member, a store in a per-example kernel), appended to it.
    /// </summary>
    private void PullbackBody(Func<DerivativeProgram, LExpr, DStmt> returnValue)
    {
        MemberStorage Storage(int id) => new(_names[id], _p.Vars[id].Type, _p.Vars[id].IsArray);
        // A scalar result is the seed; span outputs are seeded only without one.
        var outputs = Outputs.Select(o => VarOf(o)).Select(id => new ReversePass.Output(
            Storage(id), !_scalarResult && Analysis.Active.Contains(id) ? (SeedName(ParamOf(_p.Vars[id])), _adjoints[id]) : null, Analysis.Saves(id) || Analysis.WrittenInCheckpoint(id))).ToList();
        var result = !_scalarResult ? null : new ReversePass.ScalarResult(
            _seed, Analysis.Active.Contains(_p.Result) ? _adjoints[_p.Result] : null, Storage(_p.Returned), Analysis.Saves(_p.Returned) || Analysis.WrittenInCheckpoint(_p.Returned));
        var body = ReversePass.Pullback(new ReversePass.Sweeps(Locals(), TapingProgram(), RestoringProgram(), outputs, result, ScalarAdjointLocals()));
        if (body.Result >= 0)
        {
            body.Program.Body.Add(returnValue(body.Program, new LRead(_m.ReturnKind, body.Result)));
        }

        DerivativePrinter.Print(_w, body.Program, _input, _taken, _tape, _device ? null : _outline, _device, _atomic, apart: _apart, simd: _simd, splitBody: false);
    }

    /// <summary>
    /// The scalar inputs whose adjoint the sweeps add into a local of their own (the body assigns the parameter), each
    /// with its parameter adjoint: the local is added into the parameter's after the reverse sweep.
    /// </summary>
    private List<(MemberStorage Parameter, MemberStorage Local)> ScalarAdjointLocals() =>
        Differentiable.Where(p => !p.IsArray && Analysis.Active.Contains(VarOf(p)) && _adjoints[VarOf(p)] != p.Adjoint)
            .Select(p => (new MemberStorage(p.Adjoint, p.Kind!.Value, false), new MemberStorage(_adjoints[VarOf(p)], p.Kind!.Value, false))).ToList();

    /// <summary>The forward sweep of reverse mode over the body (<see cref="TapingPass"/>), from the variables as they are named now.</summary>
    private DerivativeProgram TapingProgram() => TapingPass.Run(_input, Analysis, _names, _heapArrays, _adjoints, _p.Body, _reductions);

    /// <summary>The reverse sweep of the body (<see cref="AdjointPass"/>): restoring saved values and accumulating adjoints.</summary>
    private DerivativeProgram RestoringProgram() => AdjointPass.Run(_input, Analysis, new AdjointPass.PassNames(_names, _adjoints, _g, _scratch, _heapArrays, _reductions), _p.Body);
}
