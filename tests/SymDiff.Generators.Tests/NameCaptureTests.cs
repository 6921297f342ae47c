using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Name capture, found by the generated code itself rather than by a list of the names its writers thought of: every
/// name the generated members declare (parameters, locals, loop counters, pattern variables) for a program is given in
/// turn to a parameter and to a local of the user's method, which must still compile without a warning: the generated
/// names must step aside, and no generated name may hide or capture the user's.
/// </summary>
public sealed class NameCaptureTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    /// <summary>Programs with a parameter named <c>x</c> and a local named <c>s</c>, whose names are replaced.</summary>
    public static TheoryData<string, string> Programs() => new()
    {
        { "scalar", "[Differentiable(Batch = true, Hessian = true, PushforwardN = true)] public static double F(double x, [Broadcast] double y) { double s = x * Math.Sin(y); return s * s + Math.Exp(x); }" },
        { "loops", "[Differentiable(Hessian = true, PushforwardN = true)] public static double F(ReadOnlySpan<double> x, double b) { double s = b; for (int i = 0; i < x.Length; i++) { s += Math.Tanh(x[i] * s); } return s * s; }" },
        { "vector", "[Differentiable] public static void F(ReadOnlySpan<double> x, double a, Span<double> y) { double s = a * a; for (int i = 0; i < y.Length; i++) { y[i] = s * x[i]; } }" },
        { "island", "[Differentiable(Hessian = true, PushforwardN = true)] public static double F(ReadOnlySpan<double> x, double b) { double s = x[0] * x[1] * b; return s > 0.2 ? Math.Sin(s) : s * s + x[2]; }" },
        { "buffers", "[Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> h = stackalloc double[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { h[i] = Math.Exp(x[i]); s += h[i] * x[i]; } for (int i = 0; i < x.Length; i++) { s += h[i]; } return s; }" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void EveryGeneratedNameCanBeAUsersParameterOrLocal(string kind, string method)
    {
        var failures = new List<string>();
        foreach (var name in DeclaredNames(method))
        {
            foreach (var (what, renamed) in new[] { ("parameter x", Regex.Replace(method, @"\bx\b", name)), ("local s", Regex.Replace(method, @"\bs\b", name)) })
            {
                var run = Run(renamed);
                var problem = run.CompilationDiagnostics.Concat(run.Diagnostics).FirstOrDefault();
                if (problem is not null)
                {
                    failures.Add($"{kind}: the {what} named {name}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>The names the generated code for <paramref name="method"/> declares, other than the ones the user's code gave it.</summary>
    private static List<string> DeclaredNames(string method)
    {
        var run = Run(method);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in run.Output.SyntaxTrees.Skip(run.Input.SyntaxTrees.Count()))
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var token = node switch
                {
                    ParameterSyntax p => p.Identifier,
                    VariableDeclaratorSyntax v => v.Identifier,
                    SingleVariableDesignationSyntax d => d.Identifier,
                    ForEachStatementSyntax f => f.Identifier,
                    _ => default,
                };
                if (token.IsKind(SyntaxKind.IdentifierToken) && !token.Text.StartsWith('@'))
                {
                    names.Add(token.Text);
                }
            }
        }

        names.ExceptWith(new[] { "x", "s", "y", "a", "b", "h", "i", "F" });
        Assert.NotEmpty(names);
        return names.ToList();
    }

    private static GeneratorRun Run(string method) =>
        GeneratorHarness.Run(GeneratorHarness.CreateUntrackedDriver(TestOptions.AllKernels), GeneratorHarness.Compile(Usings + "public static partial class P { " + method + " }"));
}
