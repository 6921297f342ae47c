using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.CodeFixes;

/// <summary>
/// SD0002 (method is not static): makes the method static. Offered only when that changes nothing it computes: its
/// body reads no instance state (no <c>this</c> or <c>base</c>, written or implied), and it overrides, implements or
/// is overridable by nothing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStatic)), Shared]
internal sealed class MakeMethodStatic : SiteFixProvider<FixSite>
{
    public MakeMethodStatic()
        : base(DiagnosticDescriptors.MethodNotStatic, "Make [Differentiable] methods that use no instance state static")
    {
    }

    protected override FixSite? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        if (root.FindNode(span) is not MethodDeclarationSyntax method
            || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol { IsStatic: false } symbol
            || !CanBeStatic(symbol)
            || UsesInstance(model, method, cancellationToken))
        {
            return null;
        }

        return new FixSite(document, method.Span, FixSite.NodeKey(document, method.Span), $"Make '{symbol.Name}' static");
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<FixSite> sites, CancellationToken cancellationToken) =>
        SyntaxEdits.ReplaceAt<MethodDeclarationSyntax>(root, sites.Select(s => s.Span), SyntaxEdits.WithStatic);

    /// <summary>False for a method whose static form would mean something else or not compile: virtual, an override, an implementation.</summary>
    private static bool CanBeStatic(IMethodSymbol method) =>
        !method.IsVirtual && !method.IsOverride && !method.IsAbstract && !method.IsExtern && !method.IsReadOnly
        && method.ExplicitInterfaceImplementations.IsEmpty
        && !method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(member =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method));

    /// <summary>True when the body (or attribute arguments, or defaults) refers to the instance, written or implied.</summary>
    private static bool UsesInstance(SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
        if (body is null)
        {
            return true;
        }

        return model.GetOperation(body, cancellationToken) is not { } operation
            || operation.DescendantsAndSelf().OfType<IInstanceReferenceOperation>().Any(r => r.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance);
    }
}
