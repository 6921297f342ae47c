using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Reverse mode's member body as a derivative program, around its two sweeps: the outputs' seeds copied into their
/// adjoints, the forward sweep that records (<see cref="TapingPass"/>), the values the reverse sweep would roll back kept
/// (output elements it restores, a result it overwrites), the result's seed, the reverse sweep (<see cref="AdjointPass"/>),
/// the kept values put back, and each scalar input's adjoint added into its parameter. What becomes of the value (a
/// <c>return</c>, a store in a per-example kernel) is the member's: <see cref="Body.Result"/> holds it.
/// </summary>
internal static class ReversePass
{
    /// <summary>
    /// A span output: itself, the member's seed span for it and the adjoint that takes the seed (null when it has none:
    /// a passive output, or a method with a scalar result, which is the seed), and whether the reverse sweep restores its
    /// elements (so its values are kept and put back).
    /// </summary>
    public sealed record Output(MemberStorage Span, (string Span, string Adjoint)? Seed, bool Restored);

    /// <summary>
    /// A scalar result: the seed parameter, the result's adjoint (null when the result is passive), the variable that
    /// holds it, and whether the reverse sweep overwrites that variable (so its value is kept first).
    /// </summary>
    public sealed record ScalarResult(string Seed, string? Adjoint, MemberStorage Value, bool Overwritten);

    /// <summary>
    /// The sweeps and what the body does around them: the locals it declares first (<see cref="MemberLocals"/>), the span outputs, the scalar result (null for a vector function),
    /// and the scalar inputs whose adjoint the sweeps add into a local (parameter adjoint, local).
    /// </summary>
    public sealed record Sweeps(
        IReadOnlyList<MemberLocals.Local> Locals, DerivativeProgram Taping, DerivativeProgram Restoring, IReadOnlyList<Output> Outputs, ScalarResult? Result,
        IReadOnlyList<(MemberStorage Parameter, MemberStorage Local)> ScalarAdjoints);

    /// <summary>The program, and the variable holding the value to hand back (-1 without a scalar result).</summary>
    public sealed record Body(DerivativeProgram Program, int Result);

    /// <summary>The body of a pullback over <paramref name="sweeps"/>.</summary>
    public static Body Pullback(Sweeps sweeps)
    {
        var d = new DerivativeProgram();
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        int Var(MemberStorage s) => named.TryGetValue(s.Name, out var id) ? id : named[s.Name] = d.Named(s.Name, s.Type, s.IsArray);
        LExpr Read(MemberStorage s) => new LRead(s.Type, Var(s));
        d.Body.AddRange(MemberLocals.Declare(d, sweeps.Locals));

        foreach (var (o, (seed, adjoint)) in sweeps.Outputs.Where(o => o.Seed is not null).Select(o => (o, o.Seed!.Value)))
        {
            d.Body.Add(new DCopy(Var(o.Span with { Name = seed }), Var(o.Span with { Name = adjoint })));
        }

        d.Body.Add(new DEmbedded(sweeps.Taping, Outlined: true));

        // The reverse sweep restores overwritten output elements; keep the function's values to hand back.
        var kept = new List<(int Output, int Copy)>();
        foreach (var o in sweeps.Outputs.Where(o => o.Restored))
        {
            var copy = d.Fresh(o.Span.Name + "Values", o.Span.Type, isArray: true);
            d.Body.Add(new DDeclare(copy, DeclareForm.Inferred, new LZeros(o.Span.Type, new LLength(Var(o.Span)))));
            d.Body.Add(new DCopy(Var(o.Span), copy));
            kept.Add((Var(o.Span), copy));
        }

        var result = -1;
        if (sweeps.Result is { } scalar)
        {
            if (scalar.Adjoint is { } adjoint)
            {
                d.Body.Add(new DAssign(Read(scalar.Value with { Name = adjoint }), Read(scalar.Value with { Name = scalar.Seed })));
            }

            // The reverse sweep may roll the result back (a restored overwrite, a re-run checkpoint segment): keep the
            // value the forward sweep computed.
            result = Var(scalar.Value);
            if (scalar.Overwritten)
            {
                var computed = d.Fresh(scalar.Value.Name + "Computed", scalar.Value.Type);
                d.Body.Add(new DDeclare(computed, DeclareForm.Inferred, Read(scalar.Value)));
                result = computed;
            }
        }

        d.Body.Add(new DEmbedded(sweeps.Restoring, Outlined: true, ReorderSums: true));
        d.Body.AddRange(kept.Select(k => new DCopy(k.Copy, k.Output)));
        d.Body.AddRange(sweeps.ScalarAdjoints.Select(a => new DAccumulate(Read(a.Parameter), Read(a.Local))));
        return new Body(d, result);
    }

    /// <summary>
    /// The body of a gradient (or of H·t, the gradient of the tangent program): each adjoint in <paramref name="adjoints"/>
    /// set to 0 (a span's cleared), then the value of <paramref name="pullback"/> (the member as the caller spells it)
    /// called with <paramref name="arguments"/>, a seed of 1 and the adjoints, returned.
    /// </summary>
    public static DerivativeProgram Gradient(IEnumerable<MemberStorage> arguments, IEnumerable<MemberStorage> adjoints, ScalarKind returnKind, string pullback) =>
        Gradient(arguments, adjoints.Select(a => new Accumulated(a, a.Type, Parameter: null)), returnKind, pullback);

    /// <summary>
    /// An adjoint the member hands back as <see cref="Product"/> and the pullback adds into in <see cref="Type"/>. Where the
    /// two types differ (H·t of a <c>double</c> method's <c>float</c> parameter: the products are rows of the Hessian, of the
    /// result's type, as a body of scalars gives them, where the tangent program's pullback adds in the parameter's), the
    /// pullback adds into a local of its own type (a zeroed tape span as long as span <see cref="Parameter"/>), which is then
    /// converted into the product.
    /// </summary>
    public sealed record Accumulated(MemberStorage Product, ScalarKind Type, string? Parameter);

    /// <summary>
    /// <see cref="Gradient(IEnumerable{MemberStorage}, IEnumerable{MemberStorage}, ScalarKind, string)"/> with adjoints the
    /// pullback may take in another type (<see cref="Accumulated"/>): their locals declared and zero, the pullback's value
    /// kept, each local converted into its product, the value returned. Span locals come from the tape: the member runs
    /// this inside its mark.
    /// </summary>
    public static DerivativeProgram Gradient(IEnumerable<MemberStorage> arguments, IEnumerable<Accumulated> adjoints, ScalarKind returnKind, string pullback)
    {
        var d = new DerivativeProgram();
        var storage = arguments.ToList();
        var parameters = storage.ToDictionary(a => a.Name, a => d.Named(a.Name, a.Type, a.IsArray), StringComparer.Ordinal);
        var args = storage.Select(a => new DArg(new LRead(a.Type, parameters[a.Name]))).ToList();
        args.Add(new DArg(new LConst(returnKind, 1)));
        var conversions = new List<DStmt>();
        foreach (var (product, type, parameter) in adjoints)
        {
            var target = d.Named(product.Name, product.Type, product.IsArray);
            var adjoint = target;
            if (type != product.Type)
            {
                adjoint = d.Fresh(product.Name + Names.Pascal(Names.TypeKeyword(type)), type, product.IsArray);
                conversions.Add(product.IsArray ? Converted(d, adjoint, target, product.Type, type) : new DAssign(new LRead(product.Type, target), LApply.Of(Op.Convert, product.Type, new LRead(type, adjoint))));
                d.Body.Add(product.IsArray
                    ? new DDeclare(adjoint, DeclareForm.Inferred, new LZeros(type, new LLength(parameters[parameter!])))
                    : new DDeclare(adjoint, DeclareForm.Typed, new LConst(type, 0)));
            }
            else
            {
                d.Body.Add(product.IsArray ? new DClear(adjoint) : new DAssign(new LRead(type, adjoint), new LConst(type, 0)));
            }

            args.Add(new DArg(new LRead(type, adjoint), ByRef: !product.IsArray));
        }

        var call = new LInvoke(returnKind, pullback, args.ToEquatableArray());
        if (conversions.Count == 0)
        {
            d.Body.Add(new DReturn(new LExpr[] { call }.ToEquatableArray()));
            return d;
        }

        var value = d.Fresh("value", returnKind);
        d.Body.Add(new DDeclare(value, DeclareForm.Typed, call));
        d.Body.AddRange(conversions);
        d.Body.Add(new DReturn(new LExpr[] { new LRead(returnKind, value) }.ToEquatableArray()));
        return d;
    }

    /// <summary><c>for (int i = 0; i &lt; from.Length; i++) to[i] = (T)from[i];</c></summary>
    private static DLoop Converted(DerivativeProgram d, int from, int to, ScalarKind toType, ScalarKind fromType)
    {
        var i = d.Fresh("i", ScalarKind.Int);
        var index = new LRead(ScalarKind.Int, i);
        var element = new DAssign(new LElement(toType, to, index), LApply.Of(Op.Convert, toType, new LElement(fromType, from, index)));
        return DLoop.Counted(i, new LConst(ScalarKind.Int, 0), new LLength(from), new DStmt[] { element });
    }
}
