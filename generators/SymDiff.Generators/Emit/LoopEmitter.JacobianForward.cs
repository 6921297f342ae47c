using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>{F}JacobianForward</c>: the dense Jacobian <see cref="Lanes"/> columns at a time, each group one call of the
/// generated <c>PushforwardN</c> along unit tangents (direction j has input element c + j set to 1), its output
/// tangents scattered into columns c to c + <see cref="Lanes"/> − 1. Cheaper than a reverse sweep per row when there
/// are fewer inputs than outputs (a tall Jacobian).
/// </summary>
internal sealed partial class LoopEmitter
{
    private void JacobianForward()
    {
        var output = Outputs.ToList();
        var kind = JacobianKind();
        var element = Literals.TypeKeyword(kind);
        _w.Line("/// <summary>");
        _w.Line($"/// The Jacobian of <see cref=\"{_m.PrimalCref}\"/> by forward mode: column c holds the derivatives of every output element");
        _w.Line($"/// with respect to differentiable input element c, from a pushforward along that element ({Lanes} columns per sweep of");
        _w.Line($"/// <c>{Names.PushforwardN(_m.Name)}</c>). Same layout as");
        _w.Line($"/// <c>{Names.Jacobian(_m.Name)}</c> (row-major, rows: {string.Join(", ", output.Select(o => o.Name))}; columns: {string.Join(", ", Differentiable.Select(p => p.Name))}). The outputs receive the function's values.");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{_jacobian}\">Receives the dense rows × columns matrix (length must be exactly that).</param>");
        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (Member($"{_m.Accessibility} static void {Names.JacobianForward(_m.Name)}({Signature(Names.JacobianForward(_m.Name), new[] { new MemberParameter($"global::System.Span<{element}>", _jacobian) })})"))
        {
            _w.Line($"int {_rows} = {JacobianRows()};");
            _w.Line($"int {_columns} = {JacobianColumns()};");
            _w.Line($"global::SymDiff.GeneratedChecks.JacobianSize({_jacobian}.Length, {_rows}, {_columns}, {Literals.NameOf(_jacobian, _m)});");
            InputsApart(new[] { (_jacobian, JacobianKind()) });
            DistinctOutputs(new[] { _jacobian });
            using (_w.Block($"if ({_columns} == 0)"))
            {
                // No column to push forward; the outputs still receive the values.
                _w.Line($"{Own(_m.Name)}({string.Join(", ", _m.Parameters.Select(p => p.Name))});");
                _w.Line("return;");
            }

            InsideTapeMark(() => Columns(output, kind));
        }
    }

    private void Columns(List<ParamModel> output, ScalarKind kind)
    {
        // Every group of columns runs the body again from the outputs' incoming contents.
        var restore = SavedOutputs(output);

        string Length(ParamModel p) => p.IsArray ? $"{p.Name}.Length" : "1";
        var seeds = Differentiable.ToDictionary(p => p.Name, p => Fresh(p.Tangent));
        foreach (var p in Differentiable)
        {
            _w.Line($"var {seeds[p.Name]} = {Zeros(p.Kind!.Value, $"{Lanes} * {Length(p)}")};");
        }

        var outputTangents = output.ToDictionary(o => o.Name, o => Fresh(o.Tangent));
        foreach (var o in output)
        {
            _w.Line($"var {outputTangents[o.Name]} = {Zeros(o.Kind!.Value, $"{Lanes} * {o.Name}.Length")};");
        }

        var (column, count, j, c, i) = (Fresh("column"), Fresh("count"), Fresh("j"), Fresh("c"), Fresh("i"));
        using (_w.Block($"for (int {column} = 0; {column} < {_columns}; {column} += {Lanes})"))
        {
            _w.Line($"int {count} = global::System.Math.Min({Lanes}, {_columns} - {column});");
            foreach (var p in Differentiable)
            {
                _w.Line($"{seeds[p.Name]}.Clear();");
            }

            using (_w.Block($"for (int {j} = 0; {j} < {count}; {j}++)"))
            {
                // Direction j is the unit tangent of input element column + j: find its parameter.
                _w.Line($"int {c} = {column} + {j};");
                foreach (var p in Differentiable)
                {
                    var one = Literals.Constant(1, p.Kind!.Value);
                    _w.Line(p.IsArray
                        ? $"if ((uint){c} < (uint){p.Name}.Length) {seeds[p.Name]}[{j} * {p.Name}.Length + {c}] = {one};"
                        : $"if ({c} == 0) {seeds[p.Name]}[{j}] = {one};");
                    _w.Line($"{c} -= {Length(p)};");
                }
            }

            restore();
            var args = _m.Parameters.Select(p => p.Name).Append(count)
                .Concat(Differentiable.Select(p => $"{seeds[p.Name]}.Slice(0, {count} * {Length(p)})"))
                .Concat(output.Select(o => $"{outputTangents[o.Name]}.Slice(0, {count} * {o.Name}.Length)"));
            _w.Line($"{Own(Names.PushforwardN(_m.Name))}({string.Join(", ", args)});");
            using (_w.Block($"for (int {j} = 0; {j} < {count}; {j}++)"))
            {
                var offset = "0";
                foreach (var o in output)
                {
                    var cast = o.Kind == kind ? string.Empty : $"({Literals.TypeKeyword(kind)})";
                    using (_w.Block($"for (int {i} = 0; {i} < {o.Name}.Length; {i}++)"))
                    {
                        _w.Line($"{_jacobian}[(({offset}) + {i}) * {_columns} + {column} + {j}] = {cast}{outputTangents[o.Name]}[{j} * {o.Name}.Length + {i}];");
                    }

                    offset += $" + {o.Name}.Length";
                }
            }
        }
    }
}
