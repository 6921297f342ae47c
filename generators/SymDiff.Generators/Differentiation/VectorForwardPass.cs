using SymDiff.Generators.Model;
using static SymDiff.Generators.Model.IndexArithmetic;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Vector forward mode's member body (<c>{F}PushforwardN</c>) as a derivative program: the directions a sweep of
/// <c>lanes</c> at a time (<see cref="TangentPass"/> with lanes: the primal runs once per sweep and the lanes share its
/// partial derivatives), then one at a time through <c>{F}Pushforward</c>. Every sweep runs the body from the outputs'
/// incoming contents (a body may read them before writing). The member around it names what the sweep's program reads
/// (each lane's tangents, the value and the direction) before that program is built; this declares and sets them.
/// </summary>
internal static class VectorForwardPass
{
    /// <summary>
    /// A parameter whose tangents the member takes, one direction after another (<see cref="Tangents"/>, a span), and the
    /// name of each lane's tangent (its slice for a span, its element for a scalar).
    /// </summary>
    public sealed record Tangent(MemberStorage Primal, string Tangents, IReadOnlyList<string> Lanes);

    /// <summary>
    /// What the sweeps read and write: the method's parameters, its differentiable inputs' and span outputs' tangents,
    /// the saved outputs' copies (by output name), the number of directions, the scalar result's value and tangents
    /// (null for a vector function), the direction counter and the sweep's tape mark.
    /// </summary>
    /// <remarks>
    /// <see cref="Copies"/> names, for each scalar parameter the body assigns, the copy a sweep's program assigns instead:
    /// every sweep starts from the parameter's value on entry (the first would leave the next its last value).
    /// </remarks>
    public sealed record SweepNames(
        IReadOnlyList<MemberStorage> Parameters, IReadOnlyList<Tangent> Inputs, IReadOnlyList<Tangent> Outputs, IReadOnlyDictionary<string, string> Starts,
        string Directions, (string Value, string Tangents)? Result, string Direction, string SweepMark)
    {
        public IReadOnlyList<(MemberStorage Parameter, string Copy)> Copies { get; init; } = Array.Empty<(MemberStorage, string)>();
    }

    /// <summary>
    /// The sweeps: <paramref name="sweep"/> (the vector tangent program over the names of <paramref name="names"/>) per
    /// <paramref name="lanes"/> directions, <paramref name="pushforward"/> per direction left, <paramref name="primal"/>
    /// alone when there is none (the members as the caller spells them).
    /// </summary>
    public static DerivativeProgram Sweeps(SweepNames names, int lanes, DerivativeProgram sweep, string primal, string pushforward, ScalarKind returnKind)
    {
        var d = new DerivativeProgram();
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        int Var(string name, ScalarKind type, bool isArray) => named.TryGetValue(name, out var id) ? id : named[name] = d.Named(name, type, isArray);
        LExpr Read(string name, ScalarKind type = ScalarKind.Int) => new LRead(type, Var(name, type, isArray: false));
        LExpr Length(MemberStorage p) => new LLength(Var(p.Name, p.Type, p.IsArray));

        // The outputs' incoming contents, which every sweep starts from.
        var restore = MemberLocals.SaveOutputs(d, names.Outputs.Select(t => t.Primal)
            .Select(o => (Var(o.Name, o.Type, isArray: true), Var(names.Starts[o.Name], o.Type, isArray: true), o.Type)).ToList());

        var value = names.Result is { } result ? Read(result.Value, returnKind) : null;
        if (value is not null)
        {
            d.Body.Add(new DDeclare(((LRead)value).Var, DeclareForm.Typed, new LConst(returnKind, 0)));
        }

        // No direction to push forward: the value (and the outputs) still come from the primal.
        var arguments = names.Parameters.Select(p => new DArg(new LRead(p.Type, Var(p.Name, p.Type, p.IsArray)))).ToList();
        var directions = Read(names.Directions);
        var none = new DCall(value is null ? EquatableArray<LExpr>.Empty : new[] { value }.ToEquatableArray(), primal, arguments.ToEquatableArray());
        d.Body.Add(new DIf(LApply.Of(Op.Eq, ScalarKind.Bool, directions, Int(0)), new DStmt[] { none }.ToEquatableArray(), EquatableArray<DStmt>.Empty));

        var direction = Read(names.Direction);
        var counter = ((LRead)direction).Var;
        d.Body.Add(new DDeclare(counter, DeclareForm.Typed, Int(0)));

        // Full sweeps: each lane's tangents are its direction's slice (or element) of the member's.
        var mark = Var(names.SweepMark, ScalarKind.Int, isArray: false);
        var full = new List<DStmt>(restore) { new DDeclare(mark, DeclareForm.Inferred, new LTapeMark()) };
        foreach (var (parameter, copy) in names.Copies)
        {
            full.Add(new DDeclare(Var(copy, parameter.Type, isArray: false), DeclareForm.Typed, new LRead(parameter.Type, Var(parameter.Name, parameter.Type, isArray: false))));
        }

        for (var k = 0; k < lanes; k++)
        {
            var laneDirection = Add(direction, Int(k));
            foreach (var t in names.Inputs.Concat(names.Outputs))
            {
                var p = t.Primal;
                var lane = Var(t.Lanes[k], p.Type, p.IsArray);
                var tangents = Var(t.Tangents, p.Type, isArray: true);
                full.Add(p.IsArray
                    ? new DDeclare(lane, DeclareForm.Inferred, new LSlice(p.Type, tangents, LApply.Of(Op.Mul, ScalarKind.Int, laneDirection, Length(p)), Length(p)))
                    : new DDeclare(lane, DeclareForm.Typed, new LElement(p.Type, tangents, laneDirection)));
            }
        }

        full.Add(new DEmbedded(sweep, Outlined: true));
        full.Add(new DRelease(mark));
        d.Body.Add(new DLoop(
            LApply.Of(Op.Le, ScalarKind.Bool, Add(direction, Int(lanes)), directions), full.ToEquatableArray(), TestFirst: true,
            Step: new DAccumulate(direction, Int(lanes))));

        // The directions left, one pushforward each.
        var single = new List<DStmt>(restore);
        var args = arguments
            .Concat(names.Inputs.Select(t => new DArg(Of(t.Primal, Var(t.Tangents, t.Primal.Type, isArray: true)))))
            .Concat(names.Outputs.Select(t => new DArg(Of(t.Primal, Var(t.Tangents, t.Primal.Type, isArray: true)))));
        var targets = value is null ? EquatableArray<LExpr>.Empty
            : new[] { value, new LElement(returnKind, Var(names.Result!.Value.Tangents, returnKind, isArray: true), direction) }.ToEquatableArray();
        single.Add(new DCall(targets, pushforward, args.ToEquatableArray()));
        d.Body.Add(new DLoop(LApply.Of(Op.Lt, ScalarKind.Bool, direction, directions), single.ToEquatableArray(), TestFirst: true, Step: new DIncrement(counter, 1)));
        if (value is not null)
        {
            d.Body.Add(new DReturn(new[] { value }.ToEquatableArray()));
        }

        return d;

        // Direction d's tangent of a parameter: its slice of a span's tangents, its element of a scalar's.
        LExpr Of(MemberStorage p, int tangents) => p.IsArray
            ? new LSlice(p.Type, tangents, LApply.Of(Op.Mul, ScalarKind.Int, direction, Length(p)), Length(p))
            : new LElement(p.Type, tangents, direction);
    }
}
