using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The derivative formulas in the generated doc comments and <c>[DerivativeFormula]</c>, as a reader sees them: in
/// the user's own names, simplified, conditionals readable, every compiler temporary inlined or defined in a
/// <c>where</c> clause.
/// </summary>
public sealed partial class FormulaTests
{
    [Theory]
    [InlineData("Math.Pow(x * x + 1, 3)", "∂F/∂x = 6·(x² + 1)²·x")]
    [InlineData("x * x * x", "∂F/∂x = 3·x²")]
    [InlineData("Math.Log(7 * x)", "∂F/∂x = 1/x")]
    [InlineData("Math.Sin(x) * Math.Sin(x)", "∂F/∂x = 2·sin(x)·cos(x)")]
    [InlineData("(1 - x) / (1 - x * x)", "∂F/∂x = (2·F·x − 1)/(1 − x²)")]

    // The value is computed as written, −((x − 1)/(1 − x²)) (−(x − 1) is not 1 − x to the bit: −0 against +0), so the
    // quotient inside is not F.
    [InlineData("-(x - 1) / (1 - x * x)", "∂F/∂x = −2·(x − 1)·x/(1 − x²)² − 1/(1 − x²)")]
    public void ProductsCollectPowersAndConstantsGoToTheFront(string body, string formula) =>
        Assert.Equal(new[] { formula }, GradientFormulas(Method("F", "double x", body)));

    [Fact]
    public void TemporariesOfTheCodeAreInlinedWhereSmallOrReadOnce()
    {
        var lines = GradientFormulas(Method("Tanh", "double z", "(Math.Exp(z) - Math.Exp(-z)) / (Math.Exp(z) + Math.Exp(-z))"));
        Assert.Equal(new[] { "∂Tanh/∂z = ((1 − Tanh)·exp(z) + (Tanh + 1)·exp(−z))/(exp(z) + exp(−z))" }, lines);
    }

    [Fact]
    public void TemporariesReadInSeveralPlacesAreDefinedInAWhereClause()
    {
        var lines = GradientFormulas(Method("F", "double x", "Math.Sin(x * x + 3 * x + Math.Exp(x)) * Math.Cos(x * x + 3 * x + Math.Exp(x))"));
        Assert.Equal(new[] { "∂F/∂x = (exp(x) + 3 + 2·x)·(cos(u)² − sin(u)²), where u = x² + 3·x + exp(x)" }, lines);
    }

    [Fact]
    public void ConditionalsReadAsCasesWithTheirConditionInline()
    {
        Assert.Equal(new[] { "∂LeakyRelu/∂z = (1 if z ≥ k·z, else k)" }, GradientFormulas(Method("LeakyRelu", "double z, [NoDerivative] double k", "Math.Max(z, k * z)")));
        Assert.Equal(new[] { "∂Relu/∂z = (1 if z ≥ 0, else 0)" }, GradientFormulas(Method("Relu", "double z", "Math.Max(0, z)")));
        Assert.Equal(new[] { "∂Relu/∂z = (1 if z ≥ 0, else 0)" }, GradientFormulas(Method("Relu", "double z", "z >= 0 ? z : 0")));
    }

    [Fact]
    public void BranchesOfTheBodyGiveOneFormulaWithCases()
    {
        var source = Class("""
            [Differentiable]
            public static double HardTanh(double z)
            {
                if (z < -1) { return -1; }
                if (z > 1) { return 1; }
                return z;
            }
            """);
        Assert.Equal(new[] { "∂HardTanh/∂z = (1 if z ≥ −1 ∧ z ≤ 1, else 0)" }, GradientFormulas(source));
    }

    [Fact]
    public void AdjointsOfTheUsersVariablesKeepTheirLines()
    {
        var source = Class("""
            [Differentiable]
            public static double Loss(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
            {
                var z = w * x + b;
                var s = 1 / (1 + Math.Exp(-z));
                return -(y * Math.Log(s) + (1 - y) * Math.Log(1 - s));
            }
            """);
        Assert.Equal(
            new[]
            {
                "∂Loss/∂z = ((1 − y)/(1 − s) − y/s)·s·exp(−z)/(1 + exp(−z))",
                "∂Loss/∂w = ∂Loss/∂z·x",
                "∂Loss/∂b = ∂Loss/∂z",
            },
            GradientFormulas(source));
    }

    [Fact]
    public void AccumulatedAdjointsAreDefinedBeforeTheyAreUsed()
    {
        var source = Class("""
            [Differentiable]
            public static float Mix(float x, float y, int n)
            {
                var m = MathF.Max(x, y);
                float acc = 0.5f * m;
                acc += MathF.Sqrt(x * x + 1f);
                return n > 2 ? acc * MathF.Tanh(y) : acc;
            }
            """);
        var lines = GradientFormulas(source);
        Assert.Equal("∂Mix/∂acc = (tanh(y) if n > 2, else 1)", lines[0]);
        Assert.All(lines, line => Assert.DoesNotMatch(@"∂Mix/∂y = .*∂Mix/∂y", line));
        Assert.Contains(lines, line => line.StartsWith("∂Mix/∂y = ", StringComparison.Ordinal) && line.Contains("(1 − tanh(y)²)", StringComparison.Ordinal));
        AssertEveryNameIsKnown(lines, "x", "y", "n", "m", "acc", "Mix");
    }

    [Fact]
    public void ValuesOfAReassignedNameArePrimedInTheOrderTheCodeComputesThem()
    {
        Assert.Equal(
            new[] { "∂Acc/∂acc′ = 2·acc′", "∂Acc/∂acc = (1 + cos(acc))·∂Acc/∂acc′", "∂Acc/∂x = 1 + ∂Acc/∂acc·y", "∂Acc/∂y = ∂Acc/∂acc·x" },
            GradientFormulas(Class("[Differentiable] public static double Acc(double x, double y) { double acc = x * y; acc += Math.Sin(acc); return acc * acc + x; }")));

        // A parameter assigned to keeps its name for the value passed in.
        var lines = GradientFormulas(Class("[Differentiable] public static double F(double x) { var t = x * x; x = x * Math.Exp(t); return x * x; }"));
        Assert.Equal("∂F/∂x′ = 2·x′", lines[0]);
        Assert.StartsWith("∂F/∂x = ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void PushforwardFormulasUseTheSameRules()
    {
        var lines = PushforwardFormulas(Method("LeakyRelu", "double z, [NoDerivative] double k", "Math.Max(z, k * z)"));
        Assert.Equal(new[] { "dLeakyRelu = (dz if z ≥ k·z, else k·dz)" }, lines);
    }

    [Fact]
    public void DeepChainsAreDefinedOnceAndElidedPastAFewDefinitions()
    {
        var lines = GradientFormulas(Method("F", "double x", string.Concat(Enumerable.Repeat("Math.Sin(", 60)) + "x" + new string(')', 60)));
        var line = Assert.Single(lines);
        Assert.Contains(", where u = ", line, StringComparison.Ordinal);
        Assert.Contains("cos(…)", line, StringComparison.Ordinal);
        AssertEveryNameIsKnown(lines, "x", "F");
    }

    [Fact]
    public void GeneratedCodeIsTheSameWithOrWithoutFormulas()
    {
        var source = Class("""
            [Differentiable]
            public static double Tanh(double z) => (Math.Exp(z) - Math.Exp(-z)) / (Math.Exp(z) + Math.Exp(-z));

            [Differentiable]
            public static float Mix(float x, float y, int n)
            {
                var m = MathF.Max(x, y);
                var r = MathF.Abs(x - y);
                float acc = 0.5f * m;
                acc += MathF.Pow(r, n) + MathF.Sqrt(x * x + 1f);
                return n > 2 ? acc * MathF.Tanh(y) : acc;
            }
            """);
        var with = GeneratorHarness.Run(source).Sources;
        var without = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffDocFormulas", "false"), source).Sources;
        foreach (var (hint, text) in with)
        {
            Assert.Equal(Code(text), Code(without[hint]));
        }
    }

    /// <summary>Every name in the formulas is the user's, a function's, a ∂-label, or defined in a where clause.</summary>
    private static void AssertEveryNameIsKnown(IReadOnlyList<string> lines, params string[] userNames)
    {
        var known = new HashSet<string>(userNames.Concat(Functions), StringComparer.Ordinal);
        foreach (var line in lines)
        {
            foreach (Match definition in WhereDefinition().Matches(line))
            {
                known.Add(definition.Groups[1].Value);
            }

            var withoutLabels = DerivativeLabel().Replace(line, string.Empty);
            foreach (Match name in Identifier().Matches(withoutLabels))
            {
                Assert.True(known.Contains(name.Value), $"'{name.Value}' is not defined in: {line}");
            }
        }
    }

    private static readonly string[] Functions = { "exp", "ln", "sin", "cos", "tanh", "if", "else", "where" };

    internal static string Method(string name, string parameters, string body) =>
        Class($"[Differentiable] public static double {name}({parameters}) => {body};");

    internal static string Class(string members) => $$"""
        using System;
        using SymDiff;

        public static partial class P
        {
        {{members}}
        }
        """;

    /// <summary>The lines of <c>[DerivativeFormula]</c> on the first generated <c>…Gradient</c> method.</summary>
    internal static List<string> GradientFormulas(string source, string method = "")
    {
        var gradient = GeneratedMethods(source).First(m => m.Identifier.Text.EndsWith(method + "Gradient", StringComparison.Ordinal));
        var attribute = gradient.AttributeLists.SelectMany(l => l.Attributes).Single(a => a.Name.ToString().Contains("DerivativeFormula", StringComparison.Ordinal));
        return attribute.ArgumentList?.Arguments.Select(a => ((LiteralExpressionSyntax)a.Expression).Token.ValueText).ToList() ?? new List<string>();
    }

    /// <summary>The <c>&lt;para&gt;</c> lines of the first generated <c>…Pushforward</c> method's remarks.</summary>
    internal static List<string> PushforwardFormulas(string source, string method = "")
    {
        var pushforward = GeneratedMethods(source).First(m => m.Identifier.Text.EndsWith(method + "Pushforward", StringComparison.Ordinal));
        var comment = pushforward.GetLeadingTrivia().ToFullString();
        return Paragraph().Matches(comment).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
    }

    private static IEnumerable<MethodDeclarationSyntax> GeneratedMethods(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        return run.Sources.Where(s => !s.Key.EndsWith(".Batch.g.cs", StringComparison.Ordinal))
            .SelectMany(s => CSharpSyntaxTree.ParseText(s.Value).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>());
    }

    /// <summary>The generated source without its doc comments and formula attributes: the code itself.</summary>
    private static string Code(string source) => string.Join("\n", source.Split('\n')
        .Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal) && !l.Contains("DerivativeFormula", StringComparison.Ordinal)));

    [GeneratedRegex(@"(?:where |, )(\p{L}[\p{L}\p{Nd}₀-₉]*) = ")]
    private static partial Regex WhereDefinition();

    [GeneratedRegex(@"∂\p{L}[\p{L}\p{N}]*/∂\p{L}[\p{L}\p{N}]*")]
    private static partial Regex DerivativeLabel();

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}])\p{L}[\p{L}\p{Nd}₀-₉]*")]
    private static partial Regex Identifier();

    [GeneratedRegex("<para>(.*)</para>")]
    private static partial Regex Paragraph();
}
