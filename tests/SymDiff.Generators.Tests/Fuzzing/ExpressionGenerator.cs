namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>What an expression may read at one point of a body.</summary>
internal sealed class Scope
{
    /// <summary>Real-valued readable expressions: parameters, locals, span elements (<c>x[i]</c>).</summary>
    public List<string> Reals { get; } = new();

    public List<string> Ints { get; } = new();

    public List<string> Bools { get; } = new();

    /// <summary>Span-valued names (parameters and local buffers) with how they may be passed.</summary>
    public List<(string Name, SpanType Type)> Spans { get; } = new();

    /// <summary>Names of <c>[NoDerivative]</c> parameters: values that carry no derivative.</summary>
    public HashSet<string> Constants { get; } = new(StringComparer.Ordinal);

    /// <summary>True inside an <c>if</c> branch or a <c>?:</c> arm (calls there are a feature of their own).</summary>
    public bool InBranch { get; set; }

    public Scope Clone()
    {
        var copy = new Scope { InBranch = InBranch };
        copy.Constants.UnionWith(Constants);
        copy.Reals.AddRange(Reals);
        copy.Ints.AddRange(Ints);
        copy.Bools.AddRange(Bools);
        copy.Spans.AddRange(Spans);
        return copy;
    }
}

/// <summary>
/// Random real expressions in template form. Every function is applied with its domain guarded (<c>Log(1 + e·e)</c>,
/// <c>Exp(Sin(e))</c>, divisions by <c>1.5 + e·e</c>) so values stay finite and moderate at any point.
/// </summary>
internal sealed class ExpressionGenerator(Random random, FuzzProfile profile, IReadOnlyList<MethodSpec> callees)
{
    // With a decimal point: `Math.Round(1)` would be ambiguous between decimal and double (CS0121).
    private static readonly string[] Literals = { "0.5ʳ", "1.5ʳ", "2.0ʳ", "0.25ʳ", "3.0ʳ", "1.0ʳ", "0.75ʳ" };

    public Random Random => random;

    /// <summary>The methods generated before this one, which it may call.</summary>
    public IReadOnlyList<MethodSpec> Callees => callees;

    public FuzzProfile Profile => profile;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public bool Chance(double p) => random.NextDouble() < p;

    public string Literal() => Chance(0.2) ? "(-" + Pick(Literals) + ")" : Pick(Literals);

    private string Leaf(Scope scope) => scope.Reals.Count > 0 && Chance(0.85) ? Pick(scope.Reals) : Literal();

    /// <summary>A real expression of at most <paramref name="depth"/> levels.</summary>
    public string Real(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.25))
        {
            return Leaf(scope);
        }

        var d = depth - 1;
        switch (random.Next(22))
        {
            case 0: case 1: case 2: return $"({Real(scope, d)} + {Real(scope, d)})";
            case 3: case 4: return $"({Real(scope, d)} - {Real(scope, d)})";
            case 5: case 6: case 7: return $"({Real(scope, d)} * {Real(scope, d)})";
            case 8: return $"({Real(scope, d)} / ({Pick(Literals)} + {Square(scope, d)}))";
            case 9: return $"(-{Real(scope, d)})";
            case 10: return $"𝕄.{Pick(new[] { "Sin", "Cos", "Tanh", "Atan" })}({Real(scope, d)})";
            case 11: return Chance(0.5) ? $"𝕄.Exp(𝕄.Sin({Real(scope, d)}))" : $"𝕄.Exp(-{Square(scope, d)})";
            case 12: return $"𝕄.Log(1ʳ + {Square(scope, d)})";
            case 13: return $"𝕄.Sqrt(1ʳ + {Square(scope, d)})";
            case 14: return Chance(0.5)
                ? $"𝕄.Pow(1ʳ + {Square(scope, d)}, {Pick(new[] { "0.5ʳ", "1.5ʳ", "2ʳ", "3ʳ", "(-0.5ʳ)" })})"
                : $"𝕄.Pow(2ʳ + 𝕄.Sin({Real(scope, d)}), 𝕄.Tanh({Real(scope, d)}))";
            case 15:
            {
                // Cbrt's argument stays away from 0, where its derivative is unbounded: there ∛ turns a tiny argument's
                // rounding error (log(1 + e) of an e below 1e-13 is a staircase in floating point) into a derivative error
                // that finite differences of the primal see and the exact derivative does not (fuzzer seed 1050209).
                var function = Pick(new[] { "Abs", "Sinh", "Cbrt" });
                var argument = Chance(0.5) ? "1ʳ + " + Square(scope, d) : "𝕄.Tanh(" + Real(scope, d) + ")" + (function == "Cbrt" ? " - 1.5ʳ" : "");
                return $"𝕄.{function}({argument})";
            }

            case 16:
            {
                var (a, b) = (Real(scope, d), Real(scope, d));
                return $"𝕄.{Pick(new[] { "Max", "Min" })}({a}, {(a == b && !profile.MinMaxOfEqualArguments ? Literal() : b)})";
            }

            case 17: return random.Next(6) switch
            {
                5 => random.Next(5) switch
                {
                    0 => $"ℝ.ExpM1(𝕄.Tanh({Real(scope, d)}))",
                    1 => $"ℝ.LogP1({Square(scope, d)})",
                    2 => $"ℝ.Exp2(𝕄.Tanh({Real(scope, d)}))",
                    3 => $"ℝ.Hypot({Real(scope, d)}, 1ʳ + {Square(scope, d)})",
                    _ => profile.ZeroDerivativeFunctions ? $"𝕄.IEEERemainder({Real(scope, d)}, 1.5ʳ)" : $"ℝ.Hypot({Real(scope, d)}, 0.5ʳ)",
                },
                3 => random.Next(3) switch
                {
                    0 => $"𝕄.Asinh({Real(scope, d)})",
                    1 => $"𝕄.Acosh(1.5ʳ + {Square(scope, d)})",
                    _ => $"𝕄.Atanh(0.5ʳ * 𝕄.Tanh({Real(scope, d)}))",
                },
                0 => $"Math.Clamp({Real(scope, d)}, -1ʳ, 1ʳ)", // MathF has no Clamp; Math.Clamp has a float overload
                1 => $"𝕄.Atan2({Real(scope, d)}, 1ʳ + {Square(scope, d)})",
                2 => $"𝕄.FusedMultiplyAdd({Real(scope, d)}, {Real(scope, d)}, {Real(scope, d)})",
                _ => $"𝕄.Asin(0.5ʳ * 𝕄.Tanh({Real(scope, d)}))",
            };
            case 18: return profile.ZeroDerivativeFunctions && Chance(0.5)
                ? $"𝕄.{Pick(new[] { "Floor", "Round", "Ceiling", "Truncate" })}({Real(scope, d)})"
                : $"({Real(scope, d)} * {Literal()})";
            case 19: return scope.Ints.Count > 0 ? $"({Real(scope, d)} * {Pick(scope.Ints)})" : Real(scope, d);
            case 20: return profile.Branches ? Conditional(scope, d) : Real(scope, d);
            default: return Call(scope, d) ?? Real(scope, d);
        }
    }

    private string Square(Scope scope, int depth)
    {
        var e = Real(scope, depth);
        return $"{e} * {e}";
    }

    private string Conditional(Scope scope, int depth)
    {
        var arms = scope.Clone();
        arms.InBranch = true;
        return $"({Condition(scope, depth)} ? {Real(arms, depth)} : {Real(arms, depth)})";
    }

    /// <summary>A condition on differentiable values (never a comparison of an expression with itself: CS1718).</summary>
    public string Condition(Scope scope, int depth)
    {
        if (scope.Bools.Count > 0 && Chance(0.2))
        {
            return Chance(0.5) ? Pick(scope.Bools) : "!" + Pick(scope.Bools);
        }

        if (scope.Ints.Count > 0 && Chance(0.15))
        {
            return $"{Pick(scope.Ints)} > 1";
        }

        var left = Real(scope, Math.Min(depth, 1));
        left = Naming.ReadsVariable(left, scope) ? left : Pick(scope.Reals); // a constant condition: CS0162 in the user's code
        var right = Real(scope, Math.Min(depth, 1));
        while (right == left)
        {
            right = Literal();
        }

        var comparison = $"{left} {Pick(new[] { ">", "<", ">=", "<=" })} {right}";
        return Chance(0.15) ? $"{comparison} && {Leaf(scope)} > {Literal()}" : comparison;
    }

    /// <summary>A call to an earlier scalar-returning method without span outputs whose parameters this scope can supply; null if none.</summary>
    public string? Call(Scope scope, int depth)
    {
        if (!profile.Calls || (scope.InBranch && !profile.CallsInBranches))
        {
            return null;
        }

        var candidates = callees.Where(c => c.Kind is not (MethodKind.Vector or MethodKind.Mixed) && c.Params.All(p => CanSupply(scope, p))).ToList();
        if (candidates.Count == 0 || (!profile.CustomDerivatives && candidates.All(c => c.Kind == MethodKind.CustomTarget)))
        {
            return null;
        }

        var callee = Pick(candidates);
        if (callee.Kind == MethodKind.CustomTarget && !profile.CustomDerivatives)
        {
            return null;
        }

        var arguments = callee.Params.Select(p => p.Kind switch
        {
            ParamKind.Real => p.Other ? $"(𝔽)({Real(scope, Math.Min(depth, 1))})" : Real(scope, Math.Min(depth, 1)),
            ParamKind.RealConstant => profile.ActiveArgumentsToNoDerivative ? Real(scope, Math.Min(depth, 1)) : Literal(),
            ParamKind.Int => scope.Ints.Count > 0 && Chance(0.5) ? Pick(scope.Ints) : random.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ParamKind.Bool => scope.Bools.Count > 0 && Chance(0.5) ? Pick(scope.Bools) : (Chance(0.5) ? "true" : "false"),
            _ => Pick(scope.Spans.Where(s => Compatible(s.Type, p.SpanType) && (p.Kind != ParamKind.SpanConstant || profile.ActiveArgumentsToNoDerivative || scope.Constants.Contains(s.Name))).ToList()).Name,
        });
        return $"{callee.Name}({string.Join(", ", arguments)})";
    }

    private bool CanSupply(Scope scope, Param p) =>
        !p.IsSpan || !p.IsMatrix && !p.Other && scope.Spans.Any(s => Compatible(s.Type, p.SpanType) && (p.Kind != ParamKind.SpanConstant || profile.ActiveArgumentsToNoDerivative || scope.Constants.Contains(s.Name)));

    /// <summary>Whether a span of type <paramref name="have"/> converts implicitly to parameter type <paramref name="want"/>.</summary>
    private static bool Compatible(SpanType have, SpanType want) => want switch
    {
        SpanType.ReadOnlySpan => true,
        SpanType.Span => have != SpanType.ReadOnlySpan,
        _ => have == SpanType.Array,
    };
}
