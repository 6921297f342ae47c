using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Second derivatives of a scalar method, for <c>[Differentiable(Hessian = true)]</c>: <c>{F}HessianVectorProduct</c>,
/// H·t by forward over reverse — the tangent program (the same graph <c>Pushforward</c> prints, value and
/// ṫ = ∇f·t) differentiated by the reverse sweep, so ∂ṫ/∂x = H·t in one fused sweep — and <c>{F}Hessian</c>, the dense
/// n×n matrix from n of them (column i is H·eᵢ), symmetrized. Same graph, same rules, same printer as the first
/// derivatives: the reverse sweep simply runs on a different result.
/// </summary>
internal static class HessianEmitter
{
    public static void Emit(IndentedWriter w, EmitInput input)
    {
        HessianVectorProduct(w, input);
        w.Line();
        Dense(w, input);
        w.Line();
        PushforwardPullback(w, input);
    }

    private static void HessianVectorProduct(IndentedWriter w, EmitInput input)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var sweep = BodySweep.BackwardOverForward(m, seed: null);
        var differentiable = sweep.Differentiable;
        var taken = MethodEmitter.Taken(m);
        var hvp = differentiable.Select(i => GeneratedNames.Free(taken, "hvp" + Model.Names.Pascal(m.Parameters[i].Name))).ToList();
        var program = sweep.Program(
            differentiable.Select(i => (sweep.Tangent(i), m.Parameters[i].Tangent)),
            differentiable.Select((i, k) => (hvp[k], sweep.Adjoint(i), false)),
            sweep.Result);

        w.Line("/// <summary>");
        w.Line($"/// The Hessian of <see cref=\"{m.PrimalCref}\"/> times a vector, H·t, in one sweep: reverse mode over forward mode (the reverse");
        w.Line("/// sweep of its forward mode); returns the value.");
        w.Line("/// </summary>");
        DocComments.PrimalParameters(w, m);
        foreach (var i in differentiable)
        {
            DocComments.TangentComponent(w, m.Parameters[i].Tangent, m.Parameters[i]);
        }

        for (var k = 0; k < differentiable.Count; k++)
        {
            DocComments.HessianVectorProductOutput(w, hvp[k], m, m.Parameters[differentiable[k]]);
        }

        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        var signature = MethodEmitter.Parameters(m)
            .Concat(differentiable.Select(i => $"{Literals.TypeKeyword(m.Parameters[i].Kind!.Value)} {m.Parameters[i].Tangent}"))
            .Concat(hvp.Select(h => $"out {type} {h}"));
        Declarations.MemberAttributes(w, m);
        using (w.Block(Declarations.Header(m, m.Accessibility, type, Model.Names.HessianVectorProduct(m.Name), signature)))
        {
            MethodEmitter.Print(w, input, program, hvp.Concat(differentiable.Select(i => m.Parameters[i].Tangent)));
        }
    }

    /// <summary>The dense Hessian (<see cref="HessianPass.Unrolled"/>): column i from H·eᵢ, then the mean of each pair of mirrored entries.</summary>
    private static void Dense(IndentedWriter w, EmitInput input) =>
        WrittenOut(w, input, input.Method, MethodEmitter.Taken(input.Method), Model.Names.HessianVectorProduct(input.Method.Name));

    /// <summary>
    /// <c>{F}Hessian</c> of <paramref name="m"/> over scalar inputs alone, whose order n is known (<see cref="HessianPass.Unrolled"/>):
    /// the n calls of <paramref name="hessianVectorProduct"/> (H·eⱼ) and the mirrored pairs written out, with no loop and no
    /// tape; its locals are named against <paramref name="taken"/>. A method with loops whose inputs are scalars gets the same.
    /// </summary>
    public static void WrittenOut(IndentedWriter w, EmitInput input, MethodModel m, HashSet<string> taken, string hessianVectorProduct)
    {
        var type = Literals.TypeKeyword(m.ReturnKind);
        var differentiable = MethodEmitter.Differentiable(m).Where(i => !m.Parameters[i].IsOutput).ToList();
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
        DocComments.PrimalParameters(w, m);
        w.Line($"/// <param name=\"{matrix}\">Receives the {n}×{n} Hessian, row-major (overwritten).</param>");
        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{matrix}\"/> does not have {n * n} elements.</exception>");
        var signature = MethodEmitter.Parameters(m).Append($"global::System.Span<{type}> {matrix}");
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
    /// <c>{F}PushforwardPullback</c>: the reverse sweep of the forward mode over inputs and tangents, which a caller's
    /// second derivatives call through this method (the same signature as a loop method's).
    /// </summary>
    private static void PushforwardPullback(IndentedWriter w, EmitInput input)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var taken = MethodEmitter.Taken(m);
        var seed = GeneratedNames.Free(taken, "seed");
        var sweep = BodySweep.BackwardOverForward(m, seed);
        var differentiable = sweep.Differentiable;
        var tangentAdjoints = differentiable.Select(i => GeneratedNames.Free(taken, Model.Names.Adjoint(m.Parameters[i].Tangent))).ToList();
        var program = sweep.Program(
            differentiable.Select(i => (sweep.Tangent(i), m.Parameters[i].Tangent)).Append((sweep.Seed!, seed)),
            differentiable.SelectMany((i, k) => new[] { (m.Parameters[i].Adjoint, sweep.Adjoint(i), true), (tangentAdjoints[k], sweep.Adjoint(sweep.Tangent(i)), true) }),
            sweep.Result);
        DocComments.PushforwardPullbackSummary(w, m);
        DocComments.PrimalParameters(w, m);
        foreach (var i in differentiable)
        {
            DocComments.TangentComponent(w, m.Parameters[i].Tangent, m.Parameters[i]);
        }

        w.Line($"/// <param name=\"{seed}\">The adjoint of ∇{m.Name}·t.</param>");
        foreach (var i in differentiable)
        {
            w.Line($"/// <param name=\"{m.Parameters[i].Adjoint}\">Accumulates the seed times (H·t) along {m.Parameters[i].Name}.</param>");
        }

        for (var k = 0; k < differentiable.Count; k++)
        {
            w.Line($"/// <param name=\"{tangentAdjoints[k]}\">Accumulates the seed times ∂{m.Name}/∂{m.Parameters[differentiable[k]].Name}.</param>");
        }

        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        var signature = MethodEmitter.Parameters(m)
            .Concat(differentiable.Select(i => $"{Literals.TypeKeyword(m.Parameters[i].Kind!.Value)} {m.Parameters[i].Tangent}"))
            .Append($"{type} {seed}")
            .Concat(differentiable.Select(i => $"ref {Literals.TypeKeyword(m.Parameters[i].Kind!.Value)} {m.Parameters[i].Adjoint}"))
            .Concat(differentiable.Select((i, k) => $"ref {Literals.TypeKeyword(m.Parameters[i].Kind!.Value)} {tangentAdjoints[k]}"));
        Declarations.MemberAttributes(w, m);
        using (w.Block(Declarations.Header(m, m.Accessibility, type, Model.Names.PushforwardPullback(m.Name), signature)))
        {
            MethodEmitter.Print(w, input, program, tangentAdjoints.Concat(differentiable.SelectMany(i => new[] { m.Parameters[i].Tangent, m.Parameters[i].Adjoint })).Append(seed));
        }
    }
}
