using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Forward mode: the member around the derivative program of <see cref="TangentPass"/>, printed by <see cref="DerivativePrinter"/>.</summary>
internal sealed partial class LoopEmitter
{
    private void Pushforward()
    {
        var tangents = Differentiable.Select(p => p.IsArray
                ? $"global::System.ReadOnlySpan<{ElementType(p)}> {p.Tangent}"
                : $"{ElementType(p)} {p.Tangent}")
            .Concat(Outputs.Select(o => $"global::System.Span<{ElementType(o)}> {o.Tangent}"));
        _w.Line("/// <summary>");
        _w.Line($"/// Forward mode (Jacobian-vector product) of <see cref=\"{_m.PrimalCref}\"/>: the value and its directional derivative along the");
        _w.Line("/// tangents (one per differentiable parameter; span tangents have their parameter's length).");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Tangent}\">The tangent (direction) of {p.Name}.</param>");
        }

        foreach (var o in Outputs)
        {
            _w.Line($"/// <param name=\"{o.Tangent}\">Receives the tangent of the output {o.Name} (same length).</param>");
        }

        var returns = _scalarResult ? $"({_type} Value, {_type} Tangent)" : "void";
        if (_scalarResult)
        {
            _w.Line($"/// <returns>The value of {_m.Name} and its tangent.</returns>");
        }

        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block($"{_m.Accessibility} static {returns} {Names.Pushforward(_m.Name)}({Signature(tangents)})"))
        {
            Checks(p => p.Tangent);
            DistinctOutputs(Outputs.Select(o => o.Tangent));
            _w.Line($"var {_tape} = global::SymDiff.Tape.Current;");
            _w.Line($"var {_mark} = {_tape}.Mark();");
            using (_w.Block("try"))
            {
                var names = new TangentPass.PassNames(_names, _tangents, _scratch, _heapArrays, IsUsed);
                DerivativePrinter.Print(_w, TangentPass.Run(_input, _a, names), _input, _taken, _tape);
            }

            using (_w.Block("finally"))
            {
                _w.Line($"{_tape}.Release({_mark});");
            }
        }
    }
}
