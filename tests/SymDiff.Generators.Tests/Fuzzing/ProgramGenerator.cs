namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// A seeded random program in the README's supported language: 5–10 methods in one partial class (several per
/// compilation, so a budget covers many methods), later ones calling earlier ones. Deterministic for a seed.
/// </summary>
internal static class ProgramGenerator
{
    public static FuzzProgram Generate(int seed, FuzzProfile profile)
    {
        var random = new Random(seed);
        var isFloat = profile.Floats && random.NextDouble() < 0.25;
        var methods = new List<MethodSpec>();
        var expressions = new ExpressionGenerator(random, profile, methods);
        var scalars = new ScalarMethodGenerator(expressions, new Random(seed * 7_919 + 5));
        var loops = new LoopMethodGenerator(expressions, new Random(seed * 7_919 + 6), isFloat);
        var count = random.Next(5, 11);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(10);
            if (profile.CustomDerivatives && roll == 0)
            {
                methods.Add(CustomDerivatives.Generate($"Cu{i}", random));
            }
            else if (profile.Loops && profile.VectorFunctions && roll == 1)
            {
                methods.Add(loops.GenerateVector($"V{i}"));
            }
            else if (profile.Loops && roll >= 6)
            {
                // One loop method in five, by position (so the choices of the programs without one stay as they were),
                // also writes a span output beside its result.
                var mixed = profile.MixedFunctions && (seed + i) % 5 == 0;
                methods.Add(mixed ? loops.Generate($"M{i}", mixed: true) : loops.Generate($"L{i}"));
            }
            else
            {
                methods.Add(scalars.Generate($"S{i}"));
            }
        }

        // One program in three gets a method without loops over fixed elements (one island), drawn from a random of its
        // own, so the methods of every seed are otherwise what they were. It may call the earlier methods over scalars
        // alone (the island makes such a call with its partial derivatives). Half of those with a real result (by
        // seed) write span outputs beside it.
        if (profile.Loops && seed % 3 == 0)
        {
            var own = new Random(seed * 104_729 + 11);
            var scalarCallees = methods.Where(m => m.Params.All(p => !p.IsSpan)).ToList();
            var islands = new LoopMethodGenerator(new ExpressionGenerator(own, profile, scalarCallees));
            var kind = profile.VectorFunctions && own.Next(2) == 0 ? MethodKind.Vector
                : profile.MixedFunctions && seed / 3 % 2 == 1 ? MethodKind.Mixed : MethodKind.Loop;
            methods.Add(islands.GenerateFixed($"F{count}", kind));
        }

        return new FuzzProgram(seed, isFloat, methods.Select((m, i) => (seed + i) % 2 == 0 ? WithPerElementData(m) : m).ToList());
    }

    /// <summary>
    /// A method with loops whose first <c>[NoDerivative]</c> scalar or span becomes per-example data
    /// (<c>[NoDerivative(PerElement = true)]</c>), so that its per-example GPU kernels are generated and checked too;
    /// decided by position, not drawn, so the programs of every seed are otherwise what they were.
    /// </summary>
    private static MethodSpec WithPerElementData(MethodSpec m)
    {
        var index = m.Kind == MethodKind.Loop ? m.Params.ToList().FindIndex(p => p.Kind is ParamKind.RealConstant or ParamKind.SpanConstant) : -1;
        if (index < 0)
        {
            return m;
        }

        var old = m.Params[index];
        var perElement = old with { PerElement = true };
        var at = m.Text.IndexOf(old.Declaration, StringComparison.Ordinal);
        var text = m.Text[..at] + perElement.Declaration + m.Text[(at + old.Declaration.Length)..];
        return m with { Params = m.Params.Select((p, i) => i == index ? perElement : p).ToList(), Text = text };
    }
}

/// <summary>
/// Custom derivatives: a plain method SymDiff cannot see into (it is not <c>[Differentiable]</c>) with a hand-written
/// <c>[DerivativeOf]</c> pullback or pushforward, as the README's contract spells them.
/// </summary>
internal static class CustomDerivatives
{
    /// <summary>A function of one or two reals, and its partial derivatives in terms of the parameters.</summary>
    private sealed record Formula(string[] Parameters, string Value, string[] Partials);

    /// <summary>
    /// The formulas. softplus′ = σ(x) is written 0.5 + 0.5·tanh(x/2), not 1/(1 + e⁻ˣ): second derivatives differentiate
    /// the partial, and (1/(1 + e⁻ˣ))′ = e⁻ˣ/(1 + e⁻ˣ)² is ∞/∞ = NaN below x ≈ −709 in any AD (the partial, and the
    /// primal, are finite there), a hand-written formula's overflow rather than a wrong derivative (seed 1031154: an
    /// argument of −10⁸).
    /// </summary>
    private static readonly Formula[] Formulas =
    {
        new(new[] { "x" }, "𝕄.Log(1ʳ + 𝕄.Exp(x))", new[] { "0.5ʳ + 0.5ʳ * 𝕄.Tanh(0.5ʳ * x)" }),
        new(new[] { "x", "y" }, "𝕄.Sqrt(x * x + y * y + 1ʳ)", new[] { "x / 𝕄.Sqrt(x * x + y * y + 1ʳ)", "y / 𝕄.Sqrt(x * x + y * y + 1ʳ)" }),
        new(new[] { "x", "y" }, "𝕄.Sin(x) * y", new[] { "𝕄.Cos(x) * y", "𝕄.Sin(x)" }),
        new(new[] { "x" }, "x * x + x", new[] { "2ʳ * x + 1ʳ" }),
    };

    public static MethodSpec Generate(string name, Random random)
    {
        var formula = Formulas[random.Next(Formulas.Length)];
        var parameters = formula.Parameters.Select(p => new Param(p, ParamKind.Real)).ToList();
        var list = string.Join(", ", parameters.Select(p => p.Declaration));
        var arguments = string.Join(", ", formula.Parameters);
        var text = $"    public static ℝ {name}({list}) => {formula.Value};\n";
        string companion;
        if (random.Next(2) == 0)
        {
            var adjoints = string.Join(", ", formula.Parameters.Select(p => $"ref ℝ d{char.ToUpperInvariant(p[0])}"));
            var body = string.Concat(formula.Parameters.Select((p, i) => $"        d{char.ToUpperInvariant(p[0])} += seed * ({formula.Partials[i]});\n"));
            companion = $"\n    [DerivativeOf(nameof({name}))]\n    public static ℝ {name}Pullback({list}, ℝ seed, {adjoints})\n    {{\n{body}        return {name}({arguments});\n    }}\n";
        }
        else
        {
            var tangents = string.Join(", ", formula.Parameters.Select(p => $"ℝ t{char.ToUpperInvariant(p[0])}"));
            var sum = string.Join(" + ", formula.Parameters.Select((p, i) => $"({formula.Partials[i]}) * t{char.ToUpperInvariant(p[0])}"));
            companion = $"\n    [DerivativeOf(nameof({name}))]\n    public static (ℝ Value, ℝ Tangent) {name}Pushforward({list}, {tangents}) => ({name}({arguments}), {sum});\n";
        }

        return new MethodSpec(name, MethodKind.CustomTarget, parameters, "", text) { Companion = companion };
    }
}
