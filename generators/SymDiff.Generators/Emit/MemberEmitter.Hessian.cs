using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Second derivatives of a program (<c>[Differentiable(Hessian = true)]</c> on a method with loops or spans, or on a body
/// of scalars that calls others): reverse mode over its tangent program (<see cref="TangentProgram"/>), the same passes and
/// printer as every first derivative. A body of scalars that calls nothing is <c>MemberEmitter.SecondOrder.cs</c>'s.
/// <c>{F}HessianVectorProduct</c> is the tangent program's gradient over the inputs, one sweep when the tangent program
/// is one island, else its pullback (a private member) seeded with 1; <c>{F}PushforwardPullback</c> is its pullback over
/// inputs and tangents (what callers' second derivatives call); the dense <c>{F}Hessian</c> takes one H·t per
/// differentiable input (a scalar is one input, a span one per element) and is symmetrized, written out when the inputs
/// are scalars alone.
/// </summary>
internal sealed partial class MemberEmitter
{
    /// <summary><c>{F}HessianVectorProduct</c>, <c>{F}Hessian</c> and <c>{F}PushforwardPullback</c> of <paramref name="input"/>'s method.</summary>
    public static void EmitHessian(IndentedWriter w, EmitInput input, bool simd = true)
    {
        if (input.Method.Scalar is not null)
        {
            new MemberEmitter(w, input, simd: simd).SecondOrderOfBody();
            return;
        }

        // H·t gets a reverse sweep of its own over the inputs alone: differentiating the tangents too costs it about a
        // sixth more (LoopHessianBenchmarks).
        var m = input.Method;
        var inputsOnly = new MemberEmitter(w, TangentProgram.Of(input, NamesOf(m), overTangents: false), m, simd: simd);
        var oneSweep = inputsOnly.HessianVectorProduct();
        w.Line();
        inputsOnly.DenseHessian();
        if (!oneSweep)
        {
            w.Line();
            inputsOnly.Pullback();
        }

        w.Line();
        new MemberEmitter(w, TangentProgram.Of(input, NamesOf(m), overTangents: true), m, overTangents: true, simd: simd).Pullback();
    }

    /// <summary>In a tangent program: each differentiable primal parameter with its tangent parameter.</summary>
    private IEnumerable<(ParamModel Primal, ParamModel Tangent)> TangentPairs => _primal is null
        ? Enumerable.Empty<(ParamModel, ParamModel)>()
        : _primal.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).Zip(_m.Parameters.Skip(_primal.Parameters.Length), (p, t) => (p, t));

    /// <summary>
    /// H·t: when the tangent program is one island, its gradient over the inputs (one fused sweep: the value, ∇f·t beside
    /// it, the reverse sweep from a seed of 1 into the products); else it clears the products and runs the tangent
    /// program's pullback over the inputs with seed 1 into them. True when it is one sweep (no pullback member needed).
    /// </summary>
    private bool HessianVectorProduct()
    {
        var primal = _primal!;
        var taken = NamesOf(primal);
        var pairs = TangentPairs.ToList();
        var products = pairs.Select(pair => GeneratedNames.Free(taken, "hvp" + Names.Pascal(pair.Primal.Name))).ToList();
        var inputs = pairs.Select((pair, k) => new IslandPass.Input(VarOf(pair.Primal), products[k])).ToList();
        // A parameter of another precision than the result: its product is a row of the Hessian, of the result's type, which
        // the tangent program's pullback (adding in the parameter's type) fills through a local.
        var converted = pairs.Any(pair => pair.Primal.Kind != primal.ReturnKind);
        var island = converted ? null : PrintedIsland(i => IslandPass.Gradient(i, _p, IslandNames with { Inputs = inputs }, _m.ReturnKind), _w.Indent + 1, lanes: 0, reserved: products);
        _w.Line("/// <summary>");
        if (island is not null)
        {
            OneSweepHessianVectorProductSummary(_w, primal, spans: pairs.Any(pair => pair.Primal.IsArray));
        }
        else
        {
            _w.Line($"/// The Hessian of <see cref=\"{primal.PrimalCref}\"/> times a vector, H·t, by reverse mode over forward mode: one reverse sweep");
            _w.Line($"/// over the body with ∇{primal.Name}·t computed beside every assignment. Returns the value. Span tangents and span outputs");
            _w.Line("/// have their parameter's length; the outputs are overwritten.");
        }

        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, primal);
        foreach (var (p, t) in pairs)
        {
            DocComments.TangentComponent(_w, t.Name, p);
        }

        for (var k = 0; k < pairs.Count; k++)
        {
            DocComments.HessianVectorProductOutput(_w, products[k], primal, pairs[k].Primal);
        }

        _w.Line($"/// <returns>The value of {primal.Name}.</returns>");
        Declarations.MemberAttributes(_w, primal);
        string ProductType(ParamModel p) => p.Kind == primal.ReturnKind ? ElementType(p) : _type;
        var outputs = pairs.Select((pair, k) => pair.Primal.IsArray ? $"global::System.Span<{ProductType(pair.Primal)}> {products[k]}" : $"out {ProductType(pair.Primal)} {products[k]}");
        var signature = primal.Parameters.Select(p => $"{p.TypeName} {p.Name}").Concat(pairs.Select(pair => $"{pair.Tangent.TypeName} {pair.Tangent.Name}")).Concat(outputs);
        using (_w.Block(Declarations.Header(primal, primal.Accessibility, _type, Names.HessianVectorProduct(primal.Name), signature)))
        {
            MatrixSpans();
            // The tangent program's parameters are the primal's and the tangents, under the same names.
            InputsApart(pairs.Select((pair, k) => (products[k], pair.Primal)).Where(h => h.Primal.IsArray).Select(h => (h.Item1, primal.ReturnKind)));
            OutputChecks.Write(_w, primal, primal.Parameters.Where(p => p.IsOutput).Select(p => p.Name).Concat(products.Where((_, k) => pairs[k].Primal.IsArray)).ToList());
            if (island is { } printed)
            {
                // What the pullback would check: each span tangent and product against its parameter.
                TangentChecks();
                foreach (var (pair, k) in pairs.Select((pair, k) => (pair, k)).Where(h => h.pair.Primal.IsArray))
                {
                    SameLength(products[k], pair.Primal.Name, primal);
                }

                _w.Raw(printed.Text);
                return true;
            }

            // The tangent program's pullback over the inputs, seeded with 1, adds H·t into the products.
            var arguments = _m.Parameters.Select(MemberStorage.Of).ToList();
            var adjoints = pairs.Select((pair, k) => new ReversePass.Accumulated(
                new MemberStorage(products[k], primal.ReturnKind, pair.Primal.IsArray), pair.Primal.Kind!.Value, pair.Primal.Name)).ToList();
            var body = ReversePass.Gradient(arguments, adjoints, _m.ReturnKind, Own(PullbackName));
            var scratch = adjoints.Where(a => a.Product.IsArray && a.Type != a.Product.Type).ToList();
            if (scratch.Count == 0)
            {
                DerivativePrinter.Print(_w, body, _input, _taken, _tape);
                return false;
            }

            // A span product of another type than the pullback's adjoint: the pullback, which checks the spans it is
            // given, adds into a buffer of the tape's instead.
            foreach (var a in scratch)
            {
                SameLength(a.Product.Name, a.Parameter!, primal);
            }

            InsideTapeMark(() => DerivativePrinter.Print(_w, body, _input, _taken, _tape));
            return false;
        }
    }

    /// <summary>In the members of a tangent program: every span tangent has its parameter's length.</summary>
    private void TangentChecks()
    {
        foreach (var (p, t) in TangentPairs.Where(pair => pair.Primal.IsArray))
        {
            SameLength(t.Name, p.Name, _m);
        }
    }

    /// <summary>
    /// <c>{F}Hessian</c>: row r from H·e_r (the Hessian is symmetric, so H·e_r is row r as well as column r) written in
    /// place into the matrix, span inputs counting one per element, then the mean of each pair of mirrored entries.
    /// </summary>
    private void DenseHessian()
    {
        var primal = _primal!;
        var inputs = TangentPairs.Select(pair => pair.Primal).ToList();
        // The member's own locals are named against its parameters only (the tangent program's names are not in scope).
        var taken = new HashSet<string>(primal.Parameters.Select(p => Names.Unescaped(p.Name)).Append(primal.Name).Concat(MatrixVars.Select(v => _names[v.Id])), StringComparer.Ordinal);
        // Written out when every input is a scalar of the matrix's type (H·t's products are then its entries).
        if (inputs.Count > 0 && inputs.All(p => !p.IsArray && p.Kind == primal.ReturnKind) && !primal.Parameters.Any(p => p.IsOutput))
        {
            WrittenOutHessian(_w, _input, primal, taken, Own(Names.HessianVectorProduct(primal.Name)));
            return;
        }

        var matrix = GeneratedNames.Free(taken, "hessian", "second");
        var n = GeneratedNames.Free(taken, "n", "count");
        var value = GeneratedNames.Free(taken, "value", "result");
        var mirrored = GeneratedNames.Free(taken, "mean", "average");
        var (row, column, tape, mark) = (GeneratedNames.Free(taken, "row"), GeneratedNames.Free(taken, "column"), GeneratedNames.Free(taken, "tape"), GeneratedNames.Free(taken, "mark"));
        var order = string.Join(", ", inputs.Select(p => p.Name));

        // n: the scalar inputs, then the spans' lengths.
        var (constant, lengths) = (inputs.Count(p => !p.IsArray), inputs.Where(p => p.IsArray).Select(p => p.Name + ".Length").ToList());
        var size = Sum(constant, lengths);
        _w.Line("/// <summary>");
        _w.Line($"/// The dense Hessian of <see cref=\"{primal.PrimalCref}\"/> over its differentiable inputs ({DocComments.Escape(order)}; a span counts one input per");
        _w.Line($"/// element, in order), row-major, n×n with n = {DocComments.Escape(size)}: entry (i, j) is ∂²{primal.Name}/∂pᵢ∂pⱼ. Takes n Hessian-vector");
        _w.Line("/// products (one per input) and is symmetric (each pair of mirrored entries is replaced by its mean). Returns the value.");
        _w.Line("/// </summary>");
        DenseHessianParameters(_w, primal, matrix, "n×n", "n²");
        FullyOptimized();
        Declarations.MemberAttributes(_w, primal);
        var signature = primal.Parameters.Select(p => $"{p.TypeName} {p.Name}").Append($"global::System.Span<{_type}> {matrix}");
        using (_w.Block(Declarations.Header(primal, primal.Accessibility, _type, Names.Hessian(primal.Name), signature)))
        {
            MatrixSpans();
            _w.Line($"int {n} = {size};");
            using (_w.Block($"if ({matrix}.Length != {n} * {n})"))
            {
                _w.Line($"throw new global::System.ArgumentException($\"{Names.Hessian(primal.Name)}: {matrix} has {{{matrix}.Length}} elements but the Hessian over ({order}) has {{{n}}}×{{{n}}} = {{{n} * {n}}}.\", {Literals.NameOf(matrix, primal)});");
            }

            InputsApart(new[] { (matrix, _m.ReturnKind) }, primal);
            var primalArguments = string.Join(", ", primal.Parameters.Select(p => p.Name));
            using (_w.Block($"if ({n} == 0)"))
            {
                _w.Line($"return {primal.ContainingTypeFullName}.{primal.Name}({primalArguments});");
            }

            _w.Line($"var {tape} = global::SymDiff.Tape.Current;");
            _w.Line($"var {mark} = {tape}.Mark();");
            using (_w.Block("try"))
            {
                var tangents = inputs.Where(p => p.IsArray).ToDictionary(p => p.Name, p => GeneratedNames.Free(taken, p.Tangent));
                var names = new HessianPass.HessianNames(matrix, n, value, mirrored, row, column, tangents);
                DerivativePrinter.Print(_w, HessianPass.Dense(primal, names, Own(Names.HessianVectorProduct(primal.Name))), _input, taken, tape);
            }

            using (_w.Block("finally"))
            {
                _w.Line($"{tape}.Release({mark});");
            }
        }
    }

    private static string Sum(int constant, IReadOnlyList<string> lengths) =>
        string.Join(" + ", (constant == 0 ? Enumerable.Empty<string>() : new[] { constant.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Concat(lengths))
        is { Length: > 0 } sum ? sum : "0";
}
