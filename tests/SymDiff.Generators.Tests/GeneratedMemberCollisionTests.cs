using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Every member the generator adds to a user's type, found in what it actually generated (not in a list kept beside the
/// emitters), is one a user's member can collide with: a field of the same name, or a method of the same name and
/// parameter types, gets SD0021 on the user's member and the program still compiles, instead of generated code that
/// does not (CS0102, CS0111); one the type inherits is hidden and declared <c>new</c>. Every member is documented, and
/// compiles on C# 9 and under every option. One program per kind of method: scalar (with batched kernels, H·t,
/// PushforwardN), loops, a vector function (the Jacobians), a two-dimensional array, calls, arrays, mixed float and
/// double, scalar kinds, islands (scalar result and vector), ILGPU kernels and per-example kernels.
/// </summary>
public sealed class GeneratedMemberCollisionTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    private const string Sum = "{ double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; }";

    public static TheoryData<string, string> Programs() => new()
    {
        { "scalar", "[Differentiable(Batch = true, Hessian = true, PushforwardN = true)] public static double F(double x, double y) => x * Math.Sin(y);" },
        { "loops", $"[Differentiable(Hessian = true, PushforwardN = true)] public static double F(ReadOnlySpan<double> v) {Sum}" },
        { "vector", "[Differentiable] public static void F(ReadOnlySpan<double> x, double y, Span<double> z) { for (int i = 0; i < z.Length; i++) { z[i] = x[i] * y; } }" },
        { "matrix", "[Differentiable(Hessian = true)] public static double F(double[,] a) { double s = 0; for (int i = 0; i < a.GetLength(0); i++) { s += a[i, 0] * a[i, 0]; } return s; }" },
        { "calls", "[Differentiable(Hessian = true)] public static double G(double x) => x * x; [Differentiable(Hessian = true)] public static double F(double x) => G(x) * Math.Exp(x);" },
        { "arrays", "[Differentiable(Hessian = true, PushforwardN = true)] public static float F(float[] w, ReadOnlySpan<float> v, [NoDerivative] int n, float b) { float s = b; for (int i = 0; i < n; i++) { s += w[i] * v[i]; } return s * s; }" },
        { "mixed-vector", "[Differentiable] public static void F(ReadOnlySpan<float> x, double a, Span<float> y, Span<double> z) { for (int i = 0; i < y.Length; i++) { y[i] = x[i] * (float)a; z[i] = a * x[i]; } }" },
        { "scalar-kinds", "[Differentiable(Batch = true, Hessian = true)] public static float F(float x, [NoDerivative] int n, [NoDerivative] bool flip, [Broadcast] float b) => flip ? n * x + b : x * b;" },
        { "island", "[Differentiable(Hessian = true, PushforwardN = true)] public static double F(ReadOnlySpan<double> x, double k) { double s = x[0] * x[1] * k; return s > 0.2 ? Math.Sin(s) : s * s + x[2]; }" },
        { "island-vector", "[Differentiable] public static void F(ReadOnlySpan<double> r, double k, Span<double> e) { e[0] = Math.Cos(r[0]) * k; e[1] = Math.Sin(r[1]) * k + e[0]; }" },
        { "gpu", "[Differentiable(Batch = true)] public static float F(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z;" },
        { "gpu-double", "[Differentiable(Batch = true)] public static double F(double z, [NoDerivative(PerElement = true)] double y, [NoDerivative] double c) => Math.Log(1 + Math.Exp(-y * z)) * c;" },
        { "per-example", "[Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double z = 0; for (int j = 0; j < x.Length; j++) { z += w[j] * x[j]; } return Math.Log(1 + Math.Exp(-z)); }" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void AUserFieldNamedLikeAnyGeneratedMemberIsRejected(string kind, string members)
    {
        var failures = Generated(kind, members).Select(m => m.Name).Distinct(StringComparer.Ordinal)
            .Select(member => Rejection(kind, members, $"public static int [|{member}|];", member)).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void AUserMethodWithAnyGeneratedMethodsSignatureIsRejected(string kind, string members)
    {
        var failures = Generated(kind, members).Where(m => m.Parameters is not null)
            .Select(m => Rejection(kind, members, $"public static void [|{m.Name}|]({m.Parameters}) {{ }}", m.Name + "(" + m.Parameters + ")")).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// A generated member that hides a member the type inherits (a base class's field of its name, or method of its
    /// signature, passing modes included) is declared <c>new</c>: no CS0108 in the generated code, which a project with
    /// warnings as errors could not build; and no member is declared <c>new</c> that hides nothing (CS0109).
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void AGeneratedMemberThatHidesAnInheritedOneIsDeclaredNew(string kind, string members)
    {
        var failures = new List<string>();
        foreach (var (name, _, exact) in Generated(kind, members))
        {
            foreach (var inherited in new[] { $"public static int {name};", exact is null ? null : $"protected static void {name}({exact}) => throw null!;" }.OfType<string>())
            {
                var run = Run(kind, Usings + "public class B { " + inherited + " } public partial class P : B { " + members + " }");
                if (run.CompilationDiagnostics.Concat(run.Diagnostics).FirstOrDefault() is { } problem)
                {
                    failures.Add($"{kind}: inheriting {inherited}: {problem}");
                }
                else if (!run.Sources.Values.Any(source => System.Text.RegularExpressions.Regex.IsMatch(source, $@"\bnew static [^\n]*\b{name}\(")))
                {
                    failures.Add($"{kind}: inheriting {inherited}: {name} is not declared new");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A base member the type cannot see (private) and a base method of another signature are not hidden: no <c>new</c>, no CS0109.</summary>
    [Fact]
    public void AMemberThatHidesNothingIsNotDeclaredNew()
    {
        const string Base = "public class B { private static int FGradient = 1; public static double FPullback(double x) => x; public static double FPushforward(double x, ref double t) => x; public static int Use() => FGradient; } ";
        var run = Run("scalar", Usings + Base + "public partial class P : B { [Differentiable] public static double F(double x) => x * x; }");
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Sources.Values, source => source.Contains("new static", StringComparison.Ordinal));
    }

    /// <summary>
    /// In a project that builds its XML documentation, every member generated for the program is documented, every
    /// parameter of it has its tag and every tag a parameter, and the comments are well-formed (no CS1570–CS1591 in
    /// generated code).
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void EveryGeneratedMemberIsDocumented(string kind, string members)
    {
        var options = GeneratorHarness.DocumentationOptions;
        var compilation = GeneratorHarness.Compile(options, allowUnsafe: false, Usings + "public static partial class P { " + members + " }").AddReferences(References(kind));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options, new TestOptions(), trackSteps: false), compilation);
        Assert.Empty(run.Diagnostics);
        var generated = run.CompilationDiagnostics.Where(d => d.Location.SourceTree is { } tree && !run.Input.SyntaxTrees.Contains(tree)).ToList();
        Assert.True(generated.Count == 0, $"{kind}: {string.Join("\n", generated.Take(10))}");
    }

    /// <summary>
    /// Every kind of method compiles without a warning on C# 9 with nullable annotations off, and under the options that
    /// change what is printed (no formula docs, no SIMD loops, every scalar method with batched kernels, file names by
    /// signature): no printer writes syntax newer than the oldest language SymDiff supports.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void EveryKindOfMethodCompilesOnCSharp9AndUnderEveryOption(string kind, string members)
    {
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(LanguageVersion.CSharp9);
        var options = new TestOptions(new Dictionary<string, string>
        {
            ["build_property.SymDiffDocFormulas"] = "false",
            ["build_property.SymDiffSimdLoops"] = "false",
            ["build_property.SymDiffBatchKernels"] = "all",
            ["build_property.SymDiffFileNames"] = "signature",
        });
        foreach (var (parseOptions, analyzerOptions) in new[] { (parse, new TestOptions()), (new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(LanguageVersion.Latest), options) })
        {
            var compilation = GeneratorHarness.Compile(parseOptions, allowUnsafe: true, Usings + "namespace Demo { public static partial class P { " + members + " } }").AddReferences(References(kind));
            compilation = compilation.WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Disable));
            var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(parseOptions, analyzerOptions, trackSteps: false), compilation);
            Assert.Empty(run.Diagnostics);
            Assert.NotEmpty(run.Sources);
            Assert.True(run.CompilationDiagnostics.Count == 0, $"{kind}, {parseOptions.LanguageVersion}: {string.Join("\n", run.CompilationDiagnostics.Take(5))}");
        }
    }

    /// <summary>A user's overload of a generated launcher with other parameters (a wrapper taking arrays) is kept: only the same signature collides.</summary>
    [Fact]
    public void AUserOverloadOfAGpuLauncherIsKept()
    {
        const string Members = "[Differentiable(Batch = true)] public static float F(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z; "
            + "public static void FGpuForward(ILGPU.Runtime.Accelerator accelerator, float[] z, float slope) { } public static int FGpuForward(int x) => x;";
        var run = Run("gpu", Usings + "public static partial class P { " + Members + " }");
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains(run.Sources.Values, s => s.Contains("static void FGpuForward(global::ILGPU.Runtime.Accelerator", StringComparison.Ordinal));
    }

    /// <summary>
    /// The members generated into type <c>P</c> for <paramref name="members"/>: each method with its parameter list as a
    /// user's own method would repeat it (<c>out</c> as <c>ref</c>, which C# cannot overload on), each other member
    /// with none (nor a method that takes a type of the generated code's own). Names that end in a hash of the signature are left out (<see cref="Hashed"/>).
    /// </summary>
    private static List<(string Name, string? Parameters, string? Exact)> Generated(string kind, string members)
    {
        var run = Run(kind, Usings + "public static partial class P { " + members + " }");
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var found = new List<(string, string?, string?)>();
        foreach (var tree in run.Output.SyntaxTrees.Skip(run.Input.SyntaxTrees.Count()))
        {
            foreach (var type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => t.Identifier.Text == "P"))
            {
                foreach (var member in type.Members)
                {
                    switch (member)
                    {
                        case MethodDeclarationSyntax method when !Hashed(method.Identifier.Text):
                            var parameters = string.Join(", ", method.ParameterList.Parameters.Select(p =>
                                (p.Modifiers.Any(SyntaxKind.OutKeyword) || p.Modifiers.Any(SyntaxKind.RefKeyword) ? "ref " : string.Empty) + p.Type + " " + p.Identifier.Text));
                            var exact = string.Join(", ", method.ParameterList.Parameters.Select(p => (p.Modifiers.Count > 0 ? p.Modifiers + " " : string.Empty) + p.Type + " " + p.Identifier.Text));

                            // A parameter of a type the generated code declares is no signature a user's method can repeat.
                            var spelled = !method.ParameterList.Parameters.Any(p => Hashed(p.Type!.ToString()));
                            found.Add((method.Identifier.Text, spelled ? parameters : null, spelled ? exact : null));
                            break;
                        case BaseTypeDeclarationSyntax nested when !Hashed(nested.Identifier.Text):
                            found.Add((nested.Identifier.Text, null, null));
                            break;
                        case FieldDeclarationSyntax field:
                            found.AddRange(field.Declaration.Variables.Select(v => (v.Identifier.Text, (string?)null, (string?)null)));
                            break;
                        case PropertyDeclarationSyntax property:
                            found.Add((property.Identifier.Text, null, null));
                            break;
                    }
                }
            }
        }

        Assert.NotEmpty(found);
        return found;
    }

    /// <summary>A private part of a long body or a kernel's argument type: its name ends in a hash of the signature, which no user's name does.</summary>
    private static bool Hashed(string name) => Regex.IsMatch(name, "[0-9a-f]{8}$");

    /// <summary>What is wrong when the user's type also declares <paramref name="user"/>; null when it is rejected as it should be.</summary>
    private static string? Rejection(string kind, string members, string user, string what)
    {
        var (source, span) = Markup.Parse(Usings + "public static partial class P { " + members + " " + user + " }");
        var run = Run(kind, source);
        var errors = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count > 0 ? $"{kind}: a user's {what} breaks the generated code: {errors[0]}"
            : !run.Diagnostics.Any(d => d.Id == "SD0021" && d.Location.SourceSpan == span)
            ? $"{kind}: a user's {what} is not rejected with SD0021 on it: {string.Join("; ", run.Diagnostics.Select(d => d.Id))}"
            : null;
    }

    private static GeneratorRun Run(string kind, string source) =>
        GeneratorHarness.Run(GeneratorHarness.CreateUntrackedDriver(new TestOptions()), GeneratorHarness.CompileWith(References(kind), source));

    /// <summary>What the program's project references besides the framework: ILGPU for the GPU kinds.</summary>
    private static MetadataReference[] References(string kind) => kind switch
    {
        "gpu" or "gpu-double" => GeneratorHarness.IlgpuWithAlgorithms,
        "per-example" => GeneratorHarness.IlgpuWithRuntime,
        _ => Array.Empty<MetadataReference>(),
    };
}
