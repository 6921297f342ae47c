using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Simplification;

namespace SymDiff.CodeFixes;

/// <summary>
/// SD0004 on the type of a list parameter (<c>List&lt;double&gt;</c>, <c>IList</c>, <c>IReadOnlyList</c>,
/// <c>IEnumerable</c>, <c>IReadOnlyCollection</c>, <c>ICollection</c>, of <c>double</c> or <c>float</c>): SymDiff reads
/// numbers from spans and arrays, so the fix makes the parameter a <c>ReadOnlySpan</c> of its element type and renames
/// <c>.Count</c> to <c>.Length</c>. Offered only when the body does nothing else with it: reads <c>p[i]</c>,
/// <c>p.Count</c> or <c>p.Length</c>, and <c>foreach</c> over it, none of them in a lambda or local function (a span
/// cannot be captured). Callers that pass a list then pass <c>CollectionsMarshal.AsSpan(list)</c> or an array.
/// A use of such a parameter is never SD0006 of its own (the fence reports the parameter once, as SD0004); an SD0006
/// on an expression that reads one is that expression's problem, so the fix is not offered there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceWithReadOnlySpan)), Shared]
internal sealed class ReplaceWithReadOnlySpan : SiteFixProvider<ReplaceWithReadOnlySpan.Site>
{
    private static readonly string[] Collections = { "List", "IList", "IReadOnlyList", "IEnumerable", "IReadOnlyCollection", "ICollection" };

    public ReplaceWithReadOnlySpan()
        : base(DiagnosticDescriptors.UnsupportedParameter, "Make list parameters ReadOnlySpan parameters")
    {
    }

    protected override Site? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<ParameterSyntax>() is not { Type: { } type, Parent.Parent: MethodDeclarationSyntax method } declaration
            || !type.Span.Contains(node.Span)
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } parameter
            || ElementType(parameter.Type) is not { } element)
        {
            return null;
        }

        var uses = method.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(name => name.Identifier.ValueText == parameter.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, parameter))
            .ToList();
        if (!uses.All(IsSpanUse))
        {
            return null;
        }

        var counts = uses.Select(u => u.Parent).OfType<MemberAccessExpressionSyntax>().Where(a => a.Name.Identifier.ValueText == "Count").Select(a => a.Name.Span);
        return new Site(document, type.Span, $"Make '{parameter.Name}' a ReadOnlySpan<{element}>", counts.ToImmutableArray(), element);
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<Site> sites, CancellationToken cancellationToken)
    {
        var types = sites.ToDictionary(s => s.Span, s => s.Element);
        var counts = new HashSet<TextSpan>(sites.SelectMany(s => s.Counts));
        var nodes = root.DescendantNodes().Where(n => n is TypeSyntax && types.ContainsKey(n.Span) || n is IdentifierNameSyntax && counts.Contains(n.Span));
        return root.ReplaceNodes(nodes, (original, rewritten) => types.TryGetValue(original.Span, out var element)
            ? SyntaxFactory.ParseTypeName($"global::System.ReadOnlySpan<{element}>").WithTriviaFrom(rewritten)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
            : SyntaxFactory.IdentifierName("Length").WithTriviaFrom(rewritten));
    }

    /// <summary><c>double</c> or <c>float</c> for a list of them, else null.</summary>
    private static string? ElementType(ITypeSymbol type)
    {
        var element = type is INamedTypeSymbol { TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic" && Collections.Contains(named.Name)
            ? named.TypeArguments[0]
            : null;
        return KnownSymbols.IsReal(KnownSymbols.KindOf(element)) ? element!.ToDisplayString() : null;
    }

    /// <summary>True for a use a ReadOnlySpan supports the same way: an element read, its count, a foreach over it; not captured.</summary>
    private static bool IsSpanUse(IdentifierNameSyntax use)
    {
        if (use.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            return false;
        }

        return use.Parent switch
        {
            ElementAccessExpressionSyntax access when access.Expression == use => !IsWritten(access),
            MemberAccessExpressionSyntax access when access.Expression == use =>
                access.Name.Identifier.ValueText is "Count" or "Length" && !(access.Parent is InvocationExpressionSyntax call && call.Expression == access),
            CommonForEachStatementSyntax loop => loop.Expression == use,
            _ => false,
        };
    }

    /// <summary>True when the element access is assigned, incremented or passed by reference.</summary>
    private static bool IsWritten(ExpressionSyntax access) => access.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == access,
        PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => access.Parent.Kind()
            is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
        RefExpressionSyntax => true,
        _ => false,
    };

    /// <summary>The parameter's type, the <c>.Count</c> names to rename, and the element type of the span.</summary>
    internal sealed class Site : FixSite
    {
        public Site(Document document, TextSpan type, string title, ImmutableArray<TextSpan> counts, string element)
            : base(document, type, NodeKey(document, type), title)
        {
            Counts = counts;
            Element = element;
        }

        public ImmutableArray<TextSpan> Counts { get; }

        public string Element { get; }
    }
}
