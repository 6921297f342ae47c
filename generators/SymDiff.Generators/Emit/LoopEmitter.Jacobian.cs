using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>{F}Jacobian</c> for vector functions: the dense matrix, a row per output element. When the reverse sweep neither
/// calls a pullback (every call it goes through is recorded: <see cref="RecordedCalls"/>) nor re-records a
/// checkpointed loop, it only reads the recording, so the body runs once: the
/// forward sweep records, the state it ends in is kept, and each row restores that state (and the tape's height) and
/// runs one reverse sweep. Otherwise each row is one full pullback.
/// </summary>
internal sealed partial class LoopEmitter
{
    /// <summary>
    /// <c>{F}Jacobian</c> picks the cheaper mode for the lengths it is called with: forward (a pushforward per input
    /// element, <see cref="JacobianForward"/>) when there are fewer columns than rows, reverse (a reverse sweep per output
    /// element, <see cref="JacobianReverse"/>) otherwise. Both are generated, so a caller can force either.
    /// </summary>
    private void Jacobian()
    {
        var element = Literals.TypeKeyword(JacobianKind());
        _w.Line("/// <summary>");
        _w.Line($"/// The Jacobian of <see cref=\"{_m.PrimalCref}\"/>, row-major: row r holds the derivatives of output element r (the outputs' elements");
        _w.Line($"/// in order: {string.Join(", ", Outputs.Select(o => o.Name))}) with respect to the differentiable inputs' elements in order");
        _w.Line($"/// ({string.Join(", ", Differentiable.Select(p => p.Name))}). The outputs receive the function's values. In the cheaper mode for");
        _w.Line($"/// these lengths: <c>{Names.JacobianForward(_m.Name)}</c> (one pushforward per column) when there are fewer columns than rows,");
        _w.Line($"/// <c>{Names.JacobianReverse(_m.Name)}</c> (one reverse sweep per row) otherwise; both give the same matrix to rounding.");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{_jacobian}\">Receives the dense rows × columns matrix (length must be exactly that).</param>");
        Declarations.MemberAttributes(_w, _m);
        using (Member($"{_m.Accessibility} static void {Names.Jacobian(_m.Name)}({Signature(Names.Jacobian(_m.Name), new[] { new MemberParameter($"global::System.Span<{element}>", _jacobian) })})"))
        {
            var args = string.Join(", ", _m.Parameters.Select(p => p.Name).Append(_jacobian));
            using (_w.Block($"if ({JacobianColumns()} < {JacobianRows()})"))
            {
                _w.Line($"{Own(Names.JacobianForward(_m.Name))}({args});");
            }

            using (_w.Block("else"))
            {
                _w.Line($"{Own(Names.JacobianReverse(_m.Name))}({args});");
            }
        }

        _w.Line();
        JacobianForward();
        _w.Line();
        JacobianReverse();
    }

    /// <summary>The matrix's element type: the outputs' (double when they mix, so no row is rounded).</summary>
    private ScalarKind JacobianKind() => Outputs.Any(o => o.Kind == ScalarKind.Double) ? ScalarKind.Double : ScalarKind.Float;

    private string JacobianRows() => string.Join(" + ", Outputs.Select(o => $"{o.Name}.Length"));

    private string JacobianColumns() => Differentiable.Any() ? string.Join(" + ", Differentiable.Select(p => p.IsArray ? $"{p.Name}.Length" : "1")) : "0";

    private void JacobianReverse()
    {
        var output = Outputs.ToList();

        // The matrix holds the outputs' element type (double when they mix, so no row is rounded). An input span of the
        // other type is pulled back into a buffer of its own type and its block of columns converted: float columns
        // widen exactly into a double matrix, double columns are rounded into a float one.
        var kind = JacobianKind();
        var element = Literals.TypeKeyword(kind);
        var island = JacobianAsIsland() ? IslandBody(IslandJacobian, _w.Indent + 1) : null;
        var oneRecording = _p.Body.Descendants().OfType<LCall>().Where(_a.IsActive).All(_a.IsRecorded) && !HasCheckpointedWork(_p.Body);
        _w.Line("/// <summary>");
        _w.Line($"/// The Jacobian of <see cref=\"{_m.PrimalCref}\"/> by reverse mode: row r holds the derivatives of output element r (the outputs' elements in");
        _w.Line($"/// order: {string.Join(", ", output.Select(o => o.Name))}) with respect to the differentiable inputs' elements in order");
        _w.Line($"/// ({string.Join(", ", Differentiable.Select(p => p.Name))}), row-major. The outputs receive the function's values.");
        _w.Line(island is not null
            ? "/// The body runs once, with no tape; each row is one reverse sweep over its values."
            : oneRecording
            ? "/// The body runs once, recorded; each row is one reverse sweep over that recording."
            : "/// Each row is one pullback (the body calls pullbacks or re-records checkpointed loops, so a recording cannot be replayed).");
        if (Differentiable.Any(p => p.Kind != kind))
        {
            _w.Line($"/// The matrix is {element}, the outputs' type; derivatives with respect to {(kind == ScalarKind.Double ? "float inputs are widened" : "double inputs are rounded")} to it.");
        }

        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{_jacobian}\">Receives the dense rows × columns matrix (length must be exactly that).</param>");
        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (Member($"{_m.Accessibility} static void {Names.JacobianReverse(_m.Name)}({Signature(Names.JacobianReverse(_m.Name), new[] { new MemberParameter($"global::System.Span<{element}>", _jacobian) })})"))
        {
            _w.Line($"int {_rows} = {JacobianRows()};");
            _w.Line($"int {_columns} = {JacobianColumns()};");
            _w.Line($"global::SymDiff.GeneratedChecks.JacobianSize({_jacobian}.Length, {_rows}, {_columns}, {Literals.NameOf(_jacobian, _m)});");
            InputsApart(new[] { (_jacobian, JacobianKind()) });
            DistinctOutputs(new[] { _jacobian });
            if (oneRecording)
            {
                Checks(_ => null);
            }

            if (island is not null)
            {
                _w.Raw(island);
                return;
            }

            InsideTapeMark(() =>
            {
                if (oneRecording)
                {
                    JacobianFromOneRecording(output, kind);
                }
                else
                {
                    JacobianByPullbacks(output, kind);
                }
            });
        }
    }

    private void JacobianFromOneRecording(List<ParamModel> output, ScalarKind kind)
    {
        DeclareLocals();
        foreach (var p in Differentiable)
        {
            var type = ElementType(p);
            _w.Line(!p.IsArray ? $"{type} {p.Adjoint} = 0;"
                : p.Kind == kind ? $"global::System.Span<{type}> {p.Adjoint} = default;"
                : $"var {p.Adjoint} = {Zeros(p.Kind!.Value, p.Name + ".Length")};");
        }

        Taping(_p.Body);

        // The state the forward sweep ends in: every row's reverse sweep starts from it.
        var recorded = Fresh("recorded");
        _w.Line($"int {recorded} = {_tape}.Count;");
        var scalars = _p.Vars.Where(v => !v.IsArray && (v.Origin == VarOrigin.Local ? IsUsed(v.Id) : Assigned(v.Id))).ToList();
        var buffers = _p.Vars.Where(v => v.IsArray && (v.Origin == VarOrigin.Local || v.IsOutput)).ToList();
        var ends = new Dictionary<int, string>();
        foreach (var v in scalars.Concat(buffers))
        {
            ends[v.Id] = Fresh(_names[v.Id] + "End");
            if (v.IsArray)
            {
                _w.Line($"var {ends[v.Id]} = {Zeros(v.Type, _names[v.Id] + ".Length")};");
                _w.Line($"{_names[v.Id]}.CopyTo({ends[v.Id]});");
            }
            else
            {
                _w.Line($"var {ends[v.Id]} = {_names[v.Id]};");
            }
        }

        var resettable = _a.Active.Where(id => !IsParameterAdjoint(id) || _p.Vars[id].IsOutput).OrderBy(id => id).ToList();
        using (_w.Block($"for (int {_row} = 0; {_row} < {_rows}; {_row}++)"))
        {
            using (_w.Block($"if ({_row} > 0)"))
            {
                _w.Line($"{_tape}.Count = {recorded};");
                foreach (var v in scalars.Concat(buffers))
                {
                    _w.Line(v.IsArray ? $"{ends[v.Id]}.CopyTo({_names[v.Id]});" : $"{_names[v.Id]} = {ends[v.Id]};");
                }

                foreach (var id in resettable)
                {
                    _w.Line(_p.Vars[id].IsArray ? $"{_adjoints[id]}.Clear();" : $"{_adjoints[id]} = {Literals.Constant(0, _p.Vars[id].Type)};");
                }
            }

            _w.Line($"var {_line} = {_jacobian}.Slice({_row} * {_columns}, {_columns});");
            _w.Line($"{_line}.Clear();");
            SeedRow(output, o => _a.Active.Contains(VarOf(o)) ? _adjoints[VarOf(o)] : null);
            var column = "0";
            foreach (var p in Differentiable)
            {
                _w.Line(!p.IsArray ? $"{p.Adjoint} = 0;"
                    : p.Kind == kind ? $"{p.Adjoint} = {_line}.Slice({column}, {p.Name}.Length);"
                    : $"{p.Adjoint}.Clear();");
                column += p.IsArray ? $" + {p.Name}.Length" : " + 1";
            }

            Restoring(_p.Body);
            foreach (var p in Differentiable.Where(p => !p.IsArray))
            {
                var id = VarOf(p);
                if (_a.Active.Contains(id) && _adjoints[id] != p.Adjoint)
                {
                    _w.Line($"{p.Adjoint} += {_adjoints[id]};");
                }
            }

            StoreRow(kind);
        }

        foreach (var o in output)
        {
            _w.Line($"{ends[VarOf(o)]}.CopyTo({o.Name});");
        }
    }

    private void JacobianByPullbacks(List<ParamModel> output, ScalarKind kind)
    {
        foreach (var o in output)
        {
            _w.Line($"var {SeedName(o)} = {Zeros(o.Kind!.Value, o.Name + ".Length")};");
        }

        // Every row runs the body again from the outputs' incoming contents.
        var restore = SavedOutputs(output);

        foreach (var p in Differentiable.Where(p => p.IsArray && p.Kind != kind))
        {
            _w.Line($"var {p.Adjoint} = {Zeros(p.Kind!.Value, p.Name + ".Length")};");
        }

        using (_w.Block($"for (int {_row} = 0; {_row} < {_rows}; {_row}++)"))
        {
            restore();
            _w.Line($"var {_line} = {_jacobian}.Slice({_row} * {_columns}, {_columns});");
            _w.Line($"{_line}.Clear();");
            SeedRow(output, SeedName);
            var column = "0";
            var args = new List<string>();
            foreach (var p in Differentiable)
            {
                if (p.IsArray && p.Kind == kind)
                {
                    args.Add($"{_line}.Slice({column}, {p.Name}.Length)");
                }
                else if (p.IsArray)
                {
                    _w.Line($"{p.Adjoint}.Clear();");
                    args.Add(p.Adjoint);
                }
                else
                {
                    _w.Line($"{ElementType(p)} {p.Adjoint} = 0;");
                    args.Add($"ref {p.Adjoint}");
                }

                column += p.IsArray ? $" + {p.Name}.Length" : " + 1";
            }

            _w.Line($"{Own(Names.Pullback(_m.Name))}({string.Join(", ", _m.Parameters.Select(p => p.Name).Concat(output.Select(SeedName)).Concat(args))});");
            StoreRow(kind);
            foreach (var o in output)
            {
                _w.Line($"{SeedName(o)}.Clear();");
            }
        }
    }

    /// <summary>Sets the seed of this row's output element to 1 (in the output's seed span <paramref name="seedOf"/>, when it has one).</summary>
    private void SeedRow(List<ParamModel> output, Func<ParamModel, string?> seedOf)
    {
        var offset = "0";
        foreach (var o in output)
        {
            if (seedOf(o) is { } seed)
            {
                using (_w.Block($"if ({_row} - ({offset}) >= 0 && {_row} - ({offset}) < {o.Name}.Length)"))
                {
                    _w.Line($"{seed}[{_row} - ({offset})] = 1;");
                }
            }

            offset += $" + {o.Name}.Length";
        }
    }

    /// <summary>Moves the scalar adjoints, and span adjoints of the other element type, into this row's columns.</summary>
    private void StoreRow(ScalarKind kind)
    {
        var element = Literals.TypeKeyword(kind);
        var k = Differentiable.Any(p => p.IsArray && p.Kind != kind) ? Fresh("k") : null;
        var column = "0";
        foreach (var p in Differentiable)
        {
            var cast = p.Kind == kind ? string.Empty : $"({element})";
            if (!p.IsArray)
            {
                _w.Line($"{_line}[{column}] = {cast}{p.Adjoint};");
            }
            else if (p.Kind != kind)
            {
                using (_w.Block($"for (int {k} = 0; {k} < {p.Name}.Length; {k}++)"))
                {
                    _w.Line($"{_line}[{column} + {k}] = {cast}{p.Adjoint}[{k}];");
                }
            }

            column += p.IsArray ? $" + {p.Name}.Length" : " + 1";
        }

        if (k is not null)
        {
            _taken.Remove(k);
        }
    }

    private bool HasCheckpointedWork(EquatableArray<LStmt> body) =>
        body.Descendants(enter: s => s is not LLoop).OfType<LLoop>().Any(l => _a.IsCheckpointed(l) && _a.HasNestedReverseWork(l));
}
