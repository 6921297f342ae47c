using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Reverse mode: the taping forward sweep and the restoring, accumulating reverse sweep.</summary>
internal sealed partial class LoopEmitter
{
    private void Pullback()
    {
        var seeds = _scalarResult
            ? new[] { new MemberParameter(_type, _seed) }
            : Outputs.Select(o => new MemberParameter($"global::System.ReadOnlySpan<{ElementType(o)}>", SeedName(o))).ToArray();
        var adjoints = Differentiable.Select(p => p.IsArray
            ? new MemberParameter($"global::System.Span<{ElementType(p)}>", p.Adjoint)
            : MemberParameter.Ref(ElementType(p), p.Adjoint));
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
            _w.Line("/// <summary>");
            _w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{_m.PrimalCref}\"/>: adds the seed times the derivative into");
            _w.Line("/// each differentiable parameter's adjoint. The forward sweep saves on the thread's tape only the values it overwrites that");
            _w.Line("/// the reverse sweep reads, plus loop trip counts and branch decisions; the tape is reused, so steady-state calls allocate nothing.");
            _w.Line("/// </summary>");
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
            _w.Line($"/// <param name=\"{p.Adjoint}\">Accumulates the seed times {derivative}{DocComments.SameLength(p)}.</param>");
        }

        if (_scalarResult)
        {
            _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        }

        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        var accessibility = _primal is not null && !_overTangents ? "private" : _m.Accessibility;
        using (Member($"{accessibility} static {(_scalarResult ? _type : "void")} {PullbackName}({Signature(PullbackName, seeds.Concat(adjoints))})"))
        {
            Checks(p => !p.IsOutput ? p.Adjoint : _scalarResult ? null : SeedName(p));
            TangentChecks();
            InputsApart(WrittenAdjoints);
            DistinctOutputs(SpanAdjoints, accumulating: true);
            if (IslandBody(IslandPullback, _w.Indent) is { } island)
            {
                _w.Raw(island);
            }
            else
            {
                InsideTapeMark(() => PullbackBody(result => _w.Line($"return {result};")));
            }
        }
    }

    /// <summary>
    /// The body of a pullback, after its checks and inside its tape mark: locals, the taping forward sweep, the seed, the
    /// restoring reverse sweep; <paramref name="returnValue"/> prints what becomes of the value for a scalar result (a
    /// <c>return</c> in the C# member, a store in a per-example kernel).
    /// </summary>
    private void PullbackBody(Action<string> returnValue)
    {
        DeclareLocals();
        foreach (var o in _scalarResult ? Enumerable.Empty<ParamModel>() : Outputs)
        {
            var id = VarOf(o);
            if (_a.Active.Contains(id))
            {
                _w.Line($"{SeedName(o)}.CopyTo({_adjoints[id]});");
            }
        }

        Taping(_p.Body);

        // The reverse sweep restores overwritten output elements; keep the function's values to hand back.
        var restored = Outputs.Where(o => _a.Saves(VarOf(o)) || _a.WrittenInCheckpoint(VarOf(o))).Select(o => (Output: o.Name, Copy: Fresh(o.Name + "Values"))).ToList();
        foreach (var (output, copy) in restored)
        {
            _w.Line($"var {copy} = {Zeros(_m.ReturnKind, output + ".Length")};");
            _w.Line($"{output}.CopyTo({copy});");
        }

        if (_scalarResult && _a.Active.Contains(_p.Result))
        {
            _w.Line($"{_adjoints[_p.Result]} = {_seed};");
        }

        // The reverse sweep may roll the result back (a restored overwrite, a re-run checkpoint segment):
        // keep the value the forward sweep computed.
        var result = _scalarResult ? _names[_p.Returned] : null;
        if (_scalarResult && (_a.Saves(_p.Returned) || _a.WrittenInCheckpoint(_p.Returned)))
        {
            result = Fresh(_names[_p.Returned] + "Computed");
            _w.Line($"var {result} = {_names[_p.Returned]};");
        }

        Restoring(_p.Body);
        foreach (var (output, copy) in restored)
        {
            _w.Line($"{copy}.CopyTo({output});");
        }

        foreach (var p in Differentiable.Where(p => !p.IsArray))
        {
            var id = VarOf(p);
            if (_a.Active.Contains(id) && _adjoints[id] != p.Adjoint)
            {
                _w.Line($"{p.Adjoint} += {_adjoints[id]};");
            }
        }

        if (_scalarResult)
        {
            returnValue(result!);
        }
    }

    /// <summary>The forward sweep of reverse mode over <paramref name="body"/> (<see cref="TapingPass"/>), from the variables as they are named now.</summary>
    private void Taping(IEnumerable<LStmt> body) =>
        DerivativePrinter.Print(_w, TapingPass.Run(_input, _a, _names, _heapArrays, _adjoints, body), _input, _taken, _tape, _device ? null : _outline, _device, _atomic, apart: _apart, simd: _simd);

    /// <summary>The reverse sweep of <paramref name="body"/> (<see cref="AdjointPass"/>): restoring saved values and accumulating adjoints.</summary>
    private void Restoring(EquatableArray<LStmt> body)
    {
        var names = new AdjointPass.PassNames(_names, _adjoints, _g, _scratch, _heapArrays);
        DerivativePrinter.Print(_w, AdjointPass.Run(_input, _a, names, body), _input, _taken, _tape, _device ? null : _outline, _device, _atomic, reorderSums: true, apart: _apart, simd: _simd);
    }
}
