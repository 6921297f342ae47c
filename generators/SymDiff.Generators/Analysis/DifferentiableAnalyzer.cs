using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Analysis;

/// <summary>
/// Reports SymDiff's rejections as an analyzer, so editors and language servers show them as you type: they ask the
/// compilation's analyzers for diagnostics, and never see what a source generator reports. It runs the generator's own
/// checks (<see cref="MethodModelBuilder"/>, <see cref="CustomDerivativeBuilder"/>), not a copy, and the generator no
/// longer reports these, so a command-line build shows each diagnostic once. What needs every method at once
/// (colliding generated members, callers of rejected methods, cycles) stays with the generator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<SyntaxKind> TypeDeclarationKinds = ImmutableArray.Create(
        SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration, SyntaxKind.InterfaceDeclaration);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownSymbols.DifferentiableAttribute) is null)
            {
                // The project does not reference SymDiff: nothing to check.
                return;
            }

            var registry = new Lazy<EquatableArray<CustomDerivativeModel>>(() => CustomDerivativeIndex.Build(start.Compilation, start.CancellationToken));
            var trees = new ConcurrentDictionary<string, SyntaxTree>(StringComparer.Ordinal);
            foreach (var tree in start.Compilation.SyntaxTrees)
            {
                trees.TryAdd(tree.FilePath, tree);
            }

            start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, registry, trees), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(node => AnalyzeType(node, trees), TypeDeclarationKinds);
        });
    }

    /// <summary>
    /// The rejections that sit on a type's name (SD0001 not partial, SD0020 file-local) for the [Differentiable] methods
    /// inside it. They are reported from the type's own action, not the method's: an editor asks for the diagnostics
    /// an action reports inside the node it analyzes, and shows the others only after a build.
    /// </summary>
    private static void AnalyzeType(SyntaxNodeAnalysisContext context, ConcurrentDictionary<string, SyntaxTree> trees)
    {
        var type = (TypeDeclarationSyntax)context.Node;
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword) && !type.Modifiers.Any(SyntaxKind.FileKeyword))
        {
            return;
        }

        foreach (var syntax in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (syntax.AttributeLists.Count > 0
                && context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is { } method
                && KnownSymbols.HasAttribute(method, KnownSymbols.DifferentiableAttribute))
            {
                var lowered = MethodModelBuilder.Build(method, syntax, context.SemanticModel, context.CancellationToken);
                Report(context, lowered.Diagnostics.Where(d => IsOn(d, type)), trees);
            }
        }
    }

    /// <summary>True when <paramref name="diagnostic"/> sits on the name of <paramref name="type"/>.</summary>
    private static bool IsOn(DiagnosticInfo diagnostic, TypeDeclarationSyntax type) =>
        diagnostic.Location is { } location && location.FilePath == type.SyntaxTree.FilePath && location.Span == type.Identifier.Span;

    /// <summary>True when <paramref name="diagnostic"/> sits on the name of a type around <paramref name="method"/> (<see cref="AnalyzeType"/> reports it).</summary>
    private static bool IsOnEnclosingType(DiagnosticInfo diagnostic, MethodDeclarationSyntax method) =>
        method.Ancestors().OfType<TypeDeclarationSyntax>().Any(type => IsOn(diagnostic, type));

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, Lazy<EquatableArray<CustomDerivativeModel>> registry, ConcurrentDictionary<string, SyntaxTree> trees)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0 || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case KnownSymbols.DifferentiableAttribute:
                    var lowered = MethodModelBuilder.Build(method, syntax, context.SemanticModel, context.CancellationToken);
                    Report(context, lowered.Diagnostics.Where(d => !IsOnEnclosingType(d, syntax)), trees);
                    if (lowered.Sites is { } sites)
                    {
                        Report(context, UnresolvedCalls(method, lowered.Calls, sites, registry.Value), trees);
                    }

                    break;
                case KnownSymbols.DerivativeOfAttribute:
                    Report(context, CustomDerivativeBuilder.Build(method, syntax, attribute, context.SemanticModel, context.CancellationToken).Diagnostics, trees);
                    break;
            }
        }
    }

    /// <summary>
    /// SD0007 for each active call with neither generated nor user-supplied derivatives, in an accepted method or, with
    /// its other problems, a rejected one.
    /// </summary>
    private static IEnumerable<DiagnosticInfo> UnresolvedCalls(
        IMethodSymbol method, EquatableArray<CallModel> calls, MethodSites sites, EquatableArray<CustomDerivativeModel> registry) =>
        calls.Select((call, index) => (Call: call, Site: sites.Calls[index]))
            .Where(c => !c.Call.IsPassive && !c.Call.IsDifferentiable && CallGraph.CustomFor(c.Call, registry) is null)
            .GroupBy(c => c.Site).Select(atOneNode => atOneNode.First())
            .Select(c => MissingDerivative.Create(c.Call, c.Site, method.Name, KnownSymbols.FullName(method.ContainingType)));

    private static void Report(SyntaxNodeAnalysisContext context, IEnumerable<DiagnosticInfo> diagnostics, ConcurrentDictionary<string, SyntaxTree> trees)
    {
        foreach (var diagnostic in diagnostics)
        {
            // An analyzer may only report in the compilation's own trees: map the plain-data location back to one.
            var location = diagnostic.Location is { } info && trees.TryGetValue(info.FilePath, out var tree)
                ? Location.Create(tree, info.Span)
                : Location.None;
            context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, location, diagnostic.Arguments.Select(a => (object?)a).ToArray()));
        }
    }
}
