using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// <c>{F}JacobianForward</c>: the dense Jacobian <see cref="Lanes"/> columns at a time, each group one call of the
/// generated <c>PushforwardN</c> along unit tangents (direction j has input element c + j set to 1), its output
/// tangents scattered into columns c to c + <see cref="Lanes"/> − 1 (<see cref="JacobianPass.ByPushforwards"/>; this is
/// the member around it). Cheaper than a reverse sweep per row when there are fewer inputs than outputs (a tall Jacobian).
/// </summary>
internal sealed partial class MemberEmitter
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
        using (JacobianMember(Names.JacobianForward(_m.Name), element))
        {
            using (_w.Block($"if ({_columns} == 0)"))
            {
                // No column to push forward; the outputs still receive the values.
                _w.Line($"{Own(_m.Name)}({string.Join(", ", _m.Parameters.Select(p => p.Name))});");
                _w.Line("return;");
            }

            InsideTapeMark(() => Print(JacobianPass.ByPushforwards(_m, JacobianNames, Own(Names.PushforwardN(_m.Name)), Lanes)));
        }
    }
}
