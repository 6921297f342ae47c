using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.CodeFixes;

/// <summary>
/// SD0001 (containing type is not partial): makes the type partial, with every type around it and every type between
/// it and the [Differentiable] methods inside it, each at all its declarations in the document.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeContainingTypesPartial)), Shared]
internal sealed class MakeContainingTypesPartial : SiteFixProvider<MakeContainingTypesPartial.Site>
{
    public MakeContainingTypesPartial()
        : base(DiagnosticDescriptors.ContainingTypeNotPartial, "Make the types of [Differentiable] methods partial")
    {
    }

    protected override Site? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        if (root.FindNode(span) is not TypeDeclarationSyntax declaration)
        {
            return null;
        }

        var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        AddWithContainers(types, model.GetDeclaredSymbol(declaration, cancellationToken));
        foreach (var method in declaration.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(method, cancellationToken) is { } symbol && KnownSymbols.HasAttribute(symbol, KnownSymbols.DifferentiableAttribute))
            {
                AddWithContainers(types, symbol.ContainingType);
            }
        }

        var declarations = root.DescendantNodesAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword) && model.GetDeclaredSymbol(d, cancellationToken) is { } type && types.Contains(type))
            .ToList();
        if (declarations.Count == 0)
        {
            return null;
        }

        var names = declarations.Select(d => $"'{d.Identifier.ValueText}'").Distinct();
        var title = $"Make {string.Join(" and ", names)} partial";
        return new Site(document, declaration.Span, declarations.Select(d => d.Span).ToImmutableArray(), title);
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<Site> sites, CancellationToken cancellationToken) =>
        SyntaxEdits.ReplaceAt<TypeDeclarationSyntax>(root, sites.SelectMany(s => s.Declarations), SyntaxEdits.WithPartial);

    private static void AddWithContainers(HashSet<INamedTypeSymbol> types, INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            types.Add(type);
        }
    }

    /// <summary>The diagnosed declaration and the declarations (in its document) that the fix makes partial.</summary>
    internal sealed class Site : FixSite
    {
        public Site(Document document, TextSpan span, ImmutableArray<TextSpan> declarations, string title)
            : base(document, span, NodeKey(document, span), title)
        {
            Declarations = declarations;
        }

        public ImmutableArray<TextSpan> Declarations { get; }
    }
}
