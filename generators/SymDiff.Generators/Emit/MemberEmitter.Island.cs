using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The members of a program that is one island (<see cref="ProgramIsland"/>) around the programs of
/// <see cref="IslandPass"/>: the pullback, the reverse-mode Jacobian and the pushforwards, one sweep each, with no tape.
/// </summary>
internal sealed partial class MemberEmitter
{
    /// <summary>
    /// The program as one island, when it is one and the member is C# (a per-example kernel prints the pullback's two
    /// sweeps, the body one stretch of them: its value is stored, not returned), for a method's own derivatives or its
    /// tangent program's (H·t and <c>PushforwardPullback</c>: the tangent program of an island is an island too). Each
    /// member builds its own: its reverse sweeps grow the graph.
    /// </summary>
    /// <remarks>A body of scalars is always one island, the one every member of it sweeps (<see cref="ProgramIsland.OfBody"/>).</remarks>
    private ProgramIsland? Island(int lanes = 0) =>
        _m.Scalar is not null ? ProgramIsland.OfBody(_m, lanes)
        : !_device && !MatrixVars.Any() ? ProgramIsland.Build(_p, lanes, _m.Calls) : null;

    /// <summary>
    /// The body of a member as one island (<paramref name="build"/> makes its derivative program; built with
    /// <paramref name="lanes"/> of tangents for forward mode), printed at
    /// <paramref name="indent"/>; null when the program is not one, or when the body prints longer than a body the
    /// printer would split into parts (<see cref="DerivativePrinter.SplitsAbove"/>): an island is one method, so a long
    /// program keeps the per-statement sweeps, whose bodies are split where the JIT would give up. A body of scalars is
    /// always its island.
    /// </summary>
    private string? IslandBody(Func<ProgramIsland, DerivativeProgram> build, int indent, int lanes = 0) =>
        PrintedIsland(build, indent, lanes)?.Text;

    /// <summary>
    /// The derivative program of <see cref="IslandBody"/> itself, for a member that embeds it in a program of its own
    /// (it is built once: printing reads it and changes nothing).
    /// </summary>
    private DerivativeProgram? IslandProgram(Func<ProgramIsland, DerivativeProgram> build, int indent, int lanes = 0) =>
        PrintedIsland(build, indent, lanes)?.Program;

    /// <param name="reserved">Names the member's parameters take beyond the program's storage (H·t's products).</param>
    private (DerivativeProgram Program, string Text)? PrintedIsland(Func<ProgramIsland, DerivativeProgram> build, int indent, int lanes, IEnumerable<string>? reserved = null)
    {
        if (Island(lanes) is not { } island)
        {
            return null;
        }

        var body = new IndentedWriter(indent);
        var program = build(island);
        var taken = TakenByIsland();
        taken.UnionWith(reserved ?? Enumerable.Empty<string>());
        DerivativePrinter.Print(body, program, _input, taken, _tape);
        // A body of scalars is always its one sweep, however long (a sweep is never split).
        return body.Length <= DerivativePrinter.SplitsAbove || _m.Scalar is not null ? (program, body.ToString()) : null;
    }

    /// <summary>
    /// The names a member printing an island has taken: the method's locals are not declared (every value is a node), so
    /// their names, and their adjoints' and tangents', are free for the island's temporaries.
    /// </summary>
    private HashSet<string> TakenByIsland()
    {
        var locals = _p.Vars.Where(v => v.Origin == VarOrigin.Local)
            .SelectMany(v => new[] { _names[v.Id], _adjoints.TryGetValue(v.Id, out var a) ? a : null, _tangents.TryGetValue(v.Id, out var t) ? t : null });

        // A parameter the program assigns has an adjoint of its own beside the member's (dX2 next to dX): an island has no use for it either.
        var assignedParameters = _p.Vars.Where(v => v.Origin == VarOrigin.Parameter && _adjoints.TryGetValue(v.Id, out var a) && a != ParamOf(v).Adjoint)
            .Select(v => _adjoints[v.Id]);
        var taken = new HashSet<string>(_taken, StringComparer.Ordinal);
        taken.ExceptWith(locals.OfType<string>());
        taken.ExceptWith(_islandAdjoints);
        taken.ExceptWith(assignedParameters);
        return taken;
    }

    /// <summary>How this member names what an island's pass reads (<see cref="IslandPass.IslandNames"/>).</summary>
    private IslandPass.IslandNames IslandNames => new(
        _names, _seed, Outputs.Select(o => new IslandPass.Output(VarOf(o), SeedName(o))).ToList(),
        Differentiable.Select(p => new IslandPass.Input(VarOf(p), p.Adjoint)).ToList());

    /// <summary>The pullback's body as one island (<see cref="IslandPass.Pullback"/>).</summary>
    private DerivativeProgram IslandPullback(ProgramIsland island) => IslandPass.Pullback(island, _p, IslandNames, _m.ReturnKind);

    /// <summary>The gradient's body as one island (<see cref="IslandPass.Gradient"/>).</summary>
    private DerivativeProgram IslandGradient(ProgramIsland island) => IslandPass.Gradient(island, _p, IslandNames, _m.ReturnKind);

    /// <summary>The reverse-mode Jacobian's body as one island (<see cref="IslandPass.Jacobian"/>).</summary>
    private DerivativeProgram IslandJacobian(ProgramIsland island) => IslandPass.Jacobian(island, _p, IslandNames, _jacobian, _columns, JacobianKind());

    /// <summary>True when the reverse-mode Jacobian can be one island: every differentiable input and output has the matrix's type.</summary>
    private bool JacobianAsIsland() =>
        Differentiable.Concat(Outputs).All(p => p.Kind == JacobianKind());
}
