using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>{F}Jacobian</c> for vector functions: the dense matrix, a row per output element. The members around the
/// programs of <see cref="JacobianPass"/>: when the reverse sweep neither calls a pullback (every call it goes through is
/// recorded: <see cref="RecordedCalls"/>) nor re-records a checkpointed loop, it only reads the recording, so the body
/// runs once (<see cref="JacobianPass.FromOneRecording"/>); otherwise each row is one full pullback
/// (<see cref="JacobianPass.ByPullbacks"/>); a body without loops over fixed elements is one island (<see cref="IslandJacobian"/>).
/// </summary>
internal sealed partial class MemberEmitter
{
    /// <summary>
    /// <c>{F}Jacobian</c> picks the cheaper mode for the lengths it is called with: forward (a pushforward per input
    /// element, <see cref="JacobianForward"/>) when there are fewer columns than rows, reverse (a reverse sweep per output
    /// element, <see cref="JacobianReverse"/>) otherwise. Both are generated, so a caller can force either.
    /// </summary>
    /// <summary>
    /// One Jacobian mode's member <paramref name="name"/>, after its summary: the parameters' documentation, the member
    /// opened over a matrix of <paramref name="element"/>, and at its start the matrix's size and its apartness from the
    /// inputs and the outputs checked. Disposing it closes the member.
    /// </summary>
    private IDisposable JacobianMember(string name, string element)
    {
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{_jacobian}\">Receives the dense rows × columns matrix (length must be exactly that).</param>");
        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        var member = Member(_m.Accessibility, "void", name, new[] { new MemberParameter($"global::System.Span<{element}>", _jacobian) });
        _w.Line($"int {_rows} = {JacobianRows()};");
        _w.Line($"int {_columns} = {JacobianColumns()};");
        _w.Line($"global::SymDiff.GeneratedChecks.JacobianSize({_jacobian}.Length, {_rows}, {_columns}, {Literals.NameOf(_jacobian, _m)});");
        InputsApart(new[] { (_jacobian, JacobianKind()) });
        DistinctOutputs(new[] { _jacobian });
        return member;
    }

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
        using (Member(_m.Accessibility, "void", Names.Jacobian(_m.Name), new[] { new MemberParameter($"global::System.Span<{element}>", _jacobian) }))
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

    /// <summary>The matrix's element type (<see cref="JacobianPass.Kind"/>).</summary>
    private ScalarKind JacobianKind() => JacobianPass.Kind(_m);

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
        var oneRecording = _p.Body.Descendants().OfType<LCall>().Where(Analysis.IsActive).All(Analysis.IsRecorded) && !HasCheckpointedWork(_p.Body);
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
        using (JacobianMember(Names.JacobianReverse(_m.Name), element))
        {
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
                    JacobianFromOneRecording();
                }
                else
                {
                    Print(JacobianPass.ByPullbacks(_m, JacobianNames, Own(Names.Pullback(_m.Name))));
                }
            });
        }
    }

    /// <summary>The rows from one recording (<see cref="JacobianPass.FromOneRecording"/>).</summary>
    private void JacobianFromOneRecording()
    {
        MemberStorage Storage(int id) => new(_names[id], _p.Vars[id].Type, _p.Vars[id].IsArray);
        var scalars = _p.Vars.Where(v => !v.IsArray && (v.Origin == VarOrigin.Local ? IsUsed(v.Id) : Assigned(v.Id)));
        var buffers = _p.Vars.Where(v => v.IsArray && (v.Origin == VarOrigin.Local || v.IsOutput));
        var reset = Analysis.Active.Where(id => _adjoints.ContainsKey(id) && (!IsParameterAdjoint(id) || _p.Vars[id].IsOutput)).OrderBy(id => id)
            .Select(id => new MemberStorage(_adjoints[id], _p.Vars[id].Type, _p.Vars[id].IsArray));
        var outputAdjoints = Outputs.ToDictionary(o => o.Name, o => Analysis.Active.Contains(VarOf(o)) ? _adjoints[VarOf(o)] : null, StringComparer.Ordinal);
        var recording = new JacobianPass.Recording(
            Locals(), TapingProgram(), RestoringProgram(), scalars.Concat(buffers).Select(v => Storage(v.Id)).ToList(), reset.ToList(), outputAdjoints, ScalarAdjointLocals());
        DerivativePrinter.Print(_w, JacobianPass.FromOneRecording(_m, JacobianNames, recording), _input, _taken, _tape, _device ? null : _outline, _device, _atomic, apart: _apart, simd: _simd, splitBody: false);
    }

    /// <summary>The names this member gave the matrix, its row and column counts, a row's counter and its span.</summary>
    private JacobianPass.JacobianNames JacobianNames => new(_jacobian, _rows, _columns, _row, _line);

    /// <summary>A derivative program of this member's own (no outlining, no SIMD plans: a driver of other members).</summary>
    private void Print(DerivativeProgram program) => DerivativePrinter.Print(_w, program, _input, _taken, _tape, device: _device);

    private bool HasCheckpointedWork(EquatableArray<LStmt> body) =>
        body.Descendants(enter: s => s is not LLoop).OfType<LLoop>().Any(l => Analysis.IsCheckpointed(l) && Analysis.HasNestedReverseWork(l));
}
