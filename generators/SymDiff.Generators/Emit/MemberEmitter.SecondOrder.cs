using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Second derivatives of a body of scalars that calls nothing (<c>[Differentiable(Hessian = true)]</c>): its island built
/// with one lane of tangents, differentiated again by one reverse sweep of ∇f·t (<see cref="IslandPass.ReverseOverForward"/>),
/// so H·t and <c>{F}PushforwardPullback</c> are one fused sweep each; the dense <c>{F}Hessian</c> is n of them written out.
/// </summary>
internal sealed partial class MemberEmitter
{
    private void SecondOrderOfBody()
    {
        HessianVectorProductOfBody();
        _w.Line();
        WrittenOutHessian(_w, _input, _m, NamesOf(_m), Names.HessianVectorProduct(_m.Name));
        _w.Line();
        PushforwardPullbackOfBody();
    }

    /// <summary>H·t: the reverse sweep of ∇f·t from a seed of 1, each input's product stored.</summary>
    private void HessianVectorProductOfBody()
    {
        var taken = NamesOf(_m);
        var inputs = Differentiable.ToList();
        var products = inputs.Select(p => GeneratedNames.Free(taken, "hvp" + Names.Pascal(p.Name))).ToList();
        var names = IslandNames with { Inputs = inputs.Select((p, k) => new IslandPass.Input(VarOf(p), products[k])).ToList() };
        var program = IslandPass.ReverseOverForward(ProgramIsland.OfBody(_m, lanes: 1), _p, names, _m.ReturnKind);

        _w.Line("/// <summary>");
        OneSweepHessianVectorProductSummary(_w, _m, spans: false);
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in inputs)
        {
            DocComments.TangentComponent(_w, p.Tangent, p);
        }

        for (var k = 0; k < inputs.Count; k++)
        {
            DocComments.HessianVectorProductOutput(_w, products[k], _m, inputs[k]);
        }

        _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        var signature = PrimalSignature(_m)
            .Concat(inputs.Select(p => $"{ElementType(p)} {p.Tangent}"))
            .Concat(inputs.Select((p, k) => $"out {_type} {products[k]}")); // rows of the Hessian, which has the result's type
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block(Declarations.Header(_m, _m.Accessibility, _type, Names.HessianVectorProduct(_m.Name), signature)))
        {
            PrintSweep(_w, _input, program, products.Concat(inputs.Select(p => p.Tangent)));
        }
    }

    /// <summary>
    /// <c>{F}PushforwardPullback</c>: the reverse sweep of ∇f·t over inputs and tangents, seeded, which a caller's second
    /// derivatives call through this method (the same signature as a program's).
    /// </summary>
    private void PushforwardPullbackOfBody()
    {
        var taken = NamesOf(_m);
        var seed = GeneratedNames.Free(taken, "seed");
        var inputs = Differentiable.ToList();
        var tangentAdjoints = inputs.Select(p => GeneratedNames.Free(taken, Names.Adjoint(p.Tangent))).ToList();
        var names = IslandNames with { Seed = seed };
        var program = IslandPass.ReverseOverForward(
            ProgramIsland.OfBody(_m, lanes: 1, activeTangents: true), _p, names, _m.ReturnKind, inputs.Select((p, k) => new IslandPass.Input(VarOf(p), tangentAdjoints[k])).ToList());

        DocComments.PushforwardPullbackSummary(_w, _m);
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in inputs)
        {
            DocComments.TangentComponent(_w, p.Tangent, p);
        }

        _w.Line($"/// <param name=\"{seed}\">The adjoint of ∇{_m.Name}·t.</param>");
        foreach (var p in inputs)
        {
            _w.Line($"/// <param name=\"{p.Adjoint}\">Accumulates the seed times (H·t) along {p.Name}.</param>");
        }

        for (var k = 0; k < inputs.Count; k++)
        {
            _w.Line($"/// <param name=\"{tangentAdjoints[k]}\">Accumulates the seed times ∂{_m.Name}/∂{inputs[k].Name}.</param>");
        }

        _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        var signature = PrimalSignature(_m)
            .Concat(inputs.Select(p => $"{ElementType(p)} {p.Tangent}"))
            .Append($"{_type} {seed}")
            .Concat(inputs.Select(p => $"ref {ElementType(p)} {p.Adjoint}"))
            .Concat(inputs.Select((p, k) => $"ref {ElementType(p)} {tangentAdjoints[k]}"));
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block(Declarations.Header(_m, _m.Accessibility, _type, Names.PushforwardPullback(_m.Name), signature)))
        {
            PrintSweep(_w, _input, program, tangentAdjoints.Concat(inputs.SelectMany(p => new[] { p.Tangent, p.Adjoint })).Append(seed));
        }
    }

    /// <summary>
    /// <c>{F}Hessian</c> of <paramref name="m"/> over scalar inputs alone, whose order n is known (<see cref="HessianPass.Unrolled"/>):
    /// the n calls of <paramref name="hessianVectorProduct"/> (H·eⱼ) and the mirrored pairs written out, with no loop and no
    /// tape; its locals are named against <paramref name="taken"/>. A method with loops whose inputs are scalars gets the same.
    /// </summary>
    private static void WrittenOutHessian(IndentedWriter w, EmitInput input, MethodModel m, HashSet<string> taken, string hessianVectorProduct)
    {
        var type = Literals.TypeKeyword(m.ReturnKind);
        var differentiable = Enumerable.Range(0, m.Parameters.Length).Where(i => m.Parameters[i].IsDifferentiable && !m.Parameters[i].IsOutput).ToList();
        var n = differentiable.Count;
        var matrix = GeneratedNames.Free(taken, "hessian", "second");
        var value = GeneratedNames.Free(taken, "value", "result");
        var mirrored = GeneratedNames.Free(taken, "mean", "average");
        var order = string.Join(", ", differentiable.Select(i => m.Parameters[i].Name));

        w.Line("/// <summary>");
        w.Line($"/// The dense Hessian of <see cref=\"{m.PrimalCref}\"/> over its differentiable parameters ({DocComments.Escape(order)}), row-major,");
        w.Line($"/// {n}×{n}: entry (i, j) is ∂²{m.Name}/∂pᵢ∂pⱼ. Takes {n} Hessian-vector products (one per parameter) and is symmetric");
        w.Line("/// (each pair of mirrored entries is replaced by its mean). Returns the value.");
        w.Line("/// </summary>");
        DenseHessianParameters(w, m, matrix, $"{n}×{n}", (n * n).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var signature = PrimalSignature(m).Append($"global::System.Span<{type}> {matrix}");
        Declarations.MemberAttributes(w, m);
        using (w.Block(Declarations.Header(m, m.Accessibility, type, Model.Names.Hessian(m.Name), signature)))
        {
            using (w.Block($"if ({matrix}.Length != {n * n})"))
            {
                w.Line($"throw new global::System.ArgumentException($\"{Model.Names.Hessian(m.Name)}: {matrix} has {{{matrix}.Length}} elements but the Hessian over ({order}) has {n}×{n} = {n * n}.\", {Literals.NameOf(matrix, m)});");
            }

            DerivativePrinter.Print(w, HessianPass.Unrolled(m, matrix, value, mirrored, hessianVectorProduct), input, taken, tape: string.Empty);
        }
    }

    /// <summary>
    /// The param, returns and exception tags of a dense Hessian <paramref name="matrix"/> of <paramref name="shape"/>
    /// (<c>3×3</c>, <c>n×n</c>) that must have <paramref name="elements"/> entries.
    /// </summary>
    private static void DenseHessianParameters(IndentedWriter w, MethodModel m, string matrix, string shape, string elements)
    {
        DocComments.PrimalParameters(w, m);
        w.Line($"/// <param name=\"{matrix}\">Receives the {shape} Hessian, row-major (overwritten).</param>");
        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{matrix}\"/> does not have {elements} elements.</exception>");
    }

    /// <summary>The summary's text of an H·t that is one sweep (a body of scalars', or an island program's).</summary>
    private static void OneSweepHessianVectorProductSummary(IndentedWriter w, MethodModel primal, bool spans)
    {
        w.Line($"/// The Hessian of <see cref=\"{primal.PrimalCref}\"/> times a vector, H·t, in one sweep: reverse mode over forward mode (the reverse");
        w.Line("/// sweep of its forward mode); returns the value." + (spans ? " Span tangents and products have their parameter's length." : string.Empty));
    }

    /// <summary>The names the method's own parameters, adjoints and tangents and the method itself already use.</summary>
    private static HashSet<string> NamesOf(MethodModel m) => new(
        m.Parameters.SelectMany(p => new[] { Names.Unescaped(p.Name), p.Adjoint, p.Tangent }).Append(m.Name),
        StringComparer.Ordinal);

    /// <summary>The method's own parameter list, which every generated member starts with.</summary>
    private static IEnumerable<string> PrimalSignature(MethodModel m) => m.Parameters.Select(p => $"{p.TypeName} {p.Name}");

    /// <summary>
    /// Prints a body differentiated whole (one <see cref="DSweep"/>) as the body of a member whose parameters, and the
    /// names in <paramref name="reserved"/> (its other parameters), are taken. Such a body has no tape.
    /// </summary>
    private static void PrintSweep(IndentedWriter w, EmitInput input, DerivativeProgram program, IEnumerable<string> reserved) =>
        DerivativePrinter.Print(w, program, input, new HashSet<string>(input.Method.Parameters.Select(p => p.Name).Concat(reserved), StringComparer.Ordinal), tape: string.Empty);
}
