namespace SymDiff.CodeFixes;

/// <summary>
/// SD0007 (call to a method without a derivative): marks the callee [Differentiable], so SymDiff generates its
/// derivatives and the caller's call uses them. Offered when the callee is an ordinary method with a body declared in
/// the same project (in any of its files); a library method cannot be marked, and gets a [DerivativeOf] stub instead
/// (<see cref="AddDerivativeOfStub"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDifferentiableToCallee)), Shared]
internal sealed class AddDifferentiableToCallee : SiteFixProvider<FixSite>
{
    public AddDifferentiableToCallee()
        : base(DiagnosticDescriptors.NonDifferentiableCall, "Mark the called methods [Differentiable]")
    {
    }

    protected override FixSite? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        if (DiagnosedCall.At(root, model, span, cancellationToken) is not { Callee: { MethodKind: MethodKind.Ordinary } callee })
        {
            return null;
        }

        // A partial method's body is in its implementing declaration.
        foreach (var reference in (callee.PartialImplementationPart ?? callee).DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null }
                && document.Project.GetDocument(reference.SyntaxTree) is { } declaring)
            {
                return new FixSite(declaring, reference.Span, FixSite.NodeKey(declaring, reference.Span), $"Mark '{callee.Name}' [Differentiable]");
            }
        }

        return null;
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<FixSite> sites, CancellationToken cancellationToken)
    {
        var endOfLine = SyntaxEdits.EndOfLine(root);
        return SyntaxEdits.ReplaceAt<MethodDeclarationSyntax>(root, sites.Select(s => s.Span), m =>
            SyntaxEdits.WithAttribute(m, SyntaxEdits.SymDiffAttribute("Differentiable"), endOfLine));
    }
}
