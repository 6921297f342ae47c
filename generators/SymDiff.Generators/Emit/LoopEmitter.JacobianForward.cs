using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>{F}JacobianForward</c>: the dense Jacobian a column at a time, each column one call of the generated
/// <c>Pushforward</c> along a unit tangent (input element c set to 1), its output tangents scattered into column c.
/// Cheaper than a reverse sweep per row when there are fewer inputs than outputs (a tall Jacobian).
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
        _w.Line($"/// with respect to differentiable input element c, from one pushforward along that element. Same layout as");
        _w.Line($"/// <c>{Names.Jacobian(_m.Name)}</c> (row-major, rows: {string.Join(", ", output.Select(o => o.Name))}; columns: {string.Join(", ", Differentiable.Select(p => p.Name))}). The outputs receive the function's values.");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        _w.Line($"/// <param name=\"{_jacobian}\">Receives the dense rows × columns matrix (length must be exactly that).</param>");
        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block($"{_m.Accessibility} static void {Names.JacobianForward(_m.Name)}({Signature(new[] { $"global::System.Span<{element}> {_jacobian}" })})"))
        {
            _w.Line($"int {_rows} = {JacobianRows()};");
            _w.Line($"int {_columns} = {JacobianColumns()};");
            _w.Line($"global::SymDiff.GeneratedChecks.JacobianSize({_jacobian}.Length, {_rows}, {_columns}, {Literals.NameOf(_jacobian, _m)});");
            DistinctOutputs(new[] { _jacobian });
            using (_w.Block($"if ({_columns} == 0)"))
            {
                // No column to push forward; the outputs still receive the values.
                _w.Line($"{Own(_m.Name)}({string.Join(", ", _m.Parameters.Select(p => p.Name))});");
                _w.Line("return;");
            }

            _w.Line($"var {_tape} = global::SymDiff.Tape.Current;");
            _w.Line($"var {_mark} = {_tape}.Mark();");
            using (_w.Block("try"))
            {
                Columns(output, kind);
            }

            using (_w.Block("finally"))
            {
                _w.Line($"{_tape}.Release({_mark});");
            }
        }
    }

    private void Columns(List<ParamModel> output, ScalarKind kind)
    {
        // Every column runs the body again from the outputs' incoming contents (a body may read them before writing).
        var starts = output.ToDictionary(o => o.Name, o => Fresh(o.Name + "Start"));
        foreach (var o in output)
        {
            _w.Line($"var {starts[o.Name]} = {Zeros(o.Kind!.Value, o.Name + ".Length")};");
            _w.Line($"{o.Name}.CopyTo({starts[o.Name]});");
        }

        var tangents = Differentiable.ToDictionary(p => p.Name, p => Fresh(p.Tangent));
        foreach (var p in Differentiable)
        {
            _w.Line(p.IsArray
                ? $"var {tangents[p.Name]} = {Zeros(p.Kind!.Value, p.Name + ".Length")};"
                : $"{ElementType(p)} {tangents[p.Name]} = {Literals.Constant(0, p.Kind!.Value)};");
        }

        var outputTangents = output.ToDictionary(o => o.Name, o => Fresh(o.Tangent));
        foreach (var o in output)
        {
            _w.Line($"var {outputTangents[o.Name]} = {Zeros(o.Kind!.Value, o.Name + ".Length")};");
        }

        var column = Fresh("column");
        var k = Fresh("k");
        var i = Fresh("i");
        _w.Line($"int {column} = 0;");
        var pushforward = $"{Own(Names.Pushforward(_m.Name))}({string.Join(", ", _m.Parameters.Select(p => p.Name).Concat(Differentiable.Select(p => tangents[p.Name])).Concat(output.Select(o => outputTangents[o.Name])))});";
        void Run()
        {
            foreach (var o in output)
            {
                _w.Line($"{starts[o.Name]}.CopyTo({o.Name});");
            }

            _w.Line(pushforward);
            var offset = "0";
            foreach (var o in output)
            {
                var cast = o.Kind == kind ? string.Empty : $"({Literals.TypeKeyword(kind)})";
                using (_w.Block($"for (int {i} = 0; {i} < {o.Name}.Length; {i}++)"))
                {
                    _w.Line($"{_jacobian}[(({offset}) + {i}) * {_columns} + {column}] = {cast}{outputTangents[o.Name]}[{i}];");
                }

                offset += $" + {o.Name}.Length";
            }

            _w.Line($"{column}++;");
        }

        foreach (var p in Differentiable)
        {
            var (one, zero) = (Literals.Constant(1, p.Kind!.Value), Literals.Constant(0, p.Kind!.Value));
            if (p.IsArray)
            {
                using (_w.Block($"for (int {k} = 0; {k} < {p.Name}.Length; {k}++)"))
                {
                    _w.Line($"{tangents[p.Name]}[{k}] = {one};");
                    Run();
                    _w.Line($"{tangents[p.Name]}[{k}] = {zero};");
                }
            }
            else
            {
                _w.Line($"{tangents[p.Name]} = {one};");
                Run();
                _w.Line($"{tangents[p.Name]} = {zero};");
            }
        }
    }
}
