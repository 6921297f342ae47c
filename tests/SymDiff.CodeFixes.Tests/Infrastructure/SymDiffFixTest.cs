using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SymDiff.Generators.Analysis;

namespace SymDiff.CodeFixes.Tests.Infrastructure;

/// <summary>
/// A code-fix test of one SymDiff fix against SymDiff's analyzer, compiled for .NET 10 with the SymDiff runtime
/// referenced, as a user's project is. The framework applies the fix diagnostic by diagnostic and through Fix All in
/// document, project and solution, and checks that the fixed code compiles with no diagnostic left but those expected.
/// </summary>
public sealed class SymDiffFixTest<TCodeFix> : CSharpCodeFixTest<DifferentiableAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public SymDiffFixTest()
    {
        // The framework's built-in sets download their reference packages when a test runs; these come from a package
        // this project restores, so the tests run offline.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
    }

    /// <summary>Runs the test with <paramref name="source"/> before and <paramref name="fixedSource"/> after every fix.</summary>
    public static Task RunAsync(string source, string fixedSource, Action<SymDiffFixTest<TCodeFix>>? configure = null)
    {
        var test = new SymDiffFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource };
        configure?.Invoke(test);
        return test.RunAsync();
    }
}
