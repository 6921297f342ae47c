using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Forward mode: the member around the derivative program of <see cref="TangentPass"/>, printed by <see cref="DerivativePrinter"/>.</summary>
internal sealed partial class MemberEmitter
{
    /// <summary>The tangents of <c>{F}Pushforward</c>: the active variables' and the span outputs' (parameters of the member).</summary>
    private IReadOnlyDictionary<int, string> OneLane()
    {
        var lane = new Dictionary<int, string>(_tangents);
        foreach (var o in Outputs)
        {
            lane[VarOf(o)] = o.Tangent;
        }

        return lane;
    }

    /// <summary>
    /// Rejects an output tangent span (<paramref name="written"/>, with its element kind) that overlaps an input's tangent
    /// span of the same element type: the sweep reads the input tangents while it writes (and first clears) the outputs',
    /// so one buffer for both would give a wrong result, not an error. With <paramref name="scalarsToo"/>, scalar inputs'
    /// tangents are spans too (<c>PushforwardN</c>).
    /// </summary>
    private void TangentsApart(IEnumerable<(string Name, ScalarKind Kind)> written, bool scalarsToo = false)
    {
        foreach (var (name, kind) in written)
        {
            foreach (var p in Differentiable.Where(p => (p.IsArray || scalarsToo) && p.Kind == kind))
            {
                NoOverlap(name, p.Tangent, kind, _m);
            }
        }
    }

    /// <summary>
    /// The pushforward's body as one island (<see cref="IslandPass.Pushforward"/>): every differentiable input's and
    /// output's tangent is the member's parameter (an input the analysis finds inactive may still be a leaf of the island).
    /// </summary>
    private DerivativeProgram IslandPushforward(ProgramIsland island) => IslandPass.Pushforward(
        island, _p, IslandNames, new[] { Differentiable.Concat(Outputs).ToDictionary(p => VarOf(p), p => p.Tangent) });

    private void Pushforward()
    {
        var tangents = Differentiable.Select(p => p.IsArray
                ? new MemberParameter($"global::System.ReadOnlySpan<{ElementType(p)}>", p.Tangent)
                : new MemberParameter(ElementType(p), p.Tangent))
            .Concat(Outputs.Select(o => new MemberParameter($"global::System.Span<{ElementType(o)}>", o.Tangent)));
        var island = PrintedIsland(IslandPushforward, _w.Indent + 1, lanes: 1);
        PushforwardSummary(PushforwardFormulas(island?.Program));
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Tangent}\">The tangent (direction) of {p.Name}{(p.IsMatrix ? DocComments.SameLength(p) : string.Empty)}.</param>");
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

        if (island is null)
        {
            FullyOptimized();
        }

        Declarations.MemberAttributes(_w, _m);
        using (Member(_m.Accessibility, returns, Names.Pushforward(_m.Name), tangents))
        {
            Checks(p => p.Tangent);
            InputsApart(Outputs.Select(o => (o.Tangent, o.Kind!.Value)));
            TangentsApart(Outputs.Select(o => (o.Tangent, o.Kind!.Value)));
            DistinctOutputs(Outputs.Select(o => o.Tangent));
            if (island is { } printed)
            {
                _w.Raw(printed.Text);
                return;
            }

            InsideTapeMark(() =>
            {
                var names = new TangentPass.PassNames(_names, new[] { OneLane() }, _scratch, _heapArrays, IsUsed);
                DerivativePrinter.Print(_w, TangentPass.Run(_input, Analysis, names), _input, _taken, _tape, _outline, apart: _apart, simd: _simd);
            });
        }
    }
}
