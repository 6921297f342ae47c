using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.CodeFixes;

/// <summary>
/// SD0025 (a value that carries a derivative is passed to a callee's [NoDerivative] parameter): marks the caller's
/// parameters that reach those arguments [NoDerivative], so they are data in the caller too. Offered only when that
/// removes every derivative flowing into the call's [NoDerivative] arguments and nothing else: each such argument is
/// computed from the caller's parameters alone (no local, which may carry any derivative), and each of those
/// parameters is used nowhere but in [NoDerivative] arguments. Otherwise the derivative is wanted, and the fix for
/// that is in the callee (remove its [NoDerivative]).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkParameterNoDerivative)), Shared]
internal sealed class MarkParameterNoDerivative : SiteFixProvider<MarkParameterNoDerivative.Site>
{
    public MarkParameterNoDerivative()
        : base(DiagnosticDescriptors.DerivativeDropped, "Mark parameters used only as [NoDerivative] arguments [NoDerivative]")
    {
    }

    protected override Site? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var call = DiagnosedCall.At(root, model, span, cancellationToken);
        var body = (SyntaxNode?)call?.Caller.Body ?? call?.Caller.ExpressionBody;
        if (call is null || body is null || model.GetOperation(body, cancellationToken) is not { } bodyOperation)
        {
            return null;
        }

        var marked = new List<IParameterSymbol>();
        foreach (var argument in call.Invocation.Arguments.Where(IsNoDerivativeArgument))
        {
            var reads = argument.Value.DescendantsAndSelf().ToList();
            if (reads.OfType<ILocalReferenceOperation>().Any(local => KnownSymbols.IsReal(KnownSymbols.ShapeOf(local.Type).Kind)))
            {
                return null;
            }

            marked.AddRange(reads.OfType<IParameterReferenceOperation>().Select(r => r.Parameter).Where(KnownSymbols.IsDifferentiable));
        }

        var parameters = marked.Distinct<IParameterSymbol>(SymbolEqualityComparer.Default).ToList();
        if (parameters.Count == 0 || !parameters.All(p => OnlyInNoDerivativeArguments(p, bodyOperation)))
        {
            return null;
        }

        var spans = parameters.SelectMany(p => p.DeclaringSyntaxReferences).Where(r => r.SyntaxTree == root.SyntaxTree).Select(r => r.Span).ToImmutableArray();
        var names = string.Join(" and ", parameters.Select(p => $"'{p.Name}'"));
        return new Site(document, call.Syntax.Span, spans, $"Mark {names} [NoDerivative]");
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<Site> sites, CancellationToken cancellationToken) =>
        SyntaxEdits.ReplaceAt<ParameterSyntax>(root, sites.SelectMany(s => s.Parameters), p => SyntaxEdits.WithAttribute(p, SyntaxEdits.SymDiffAttribute("NoDerivative")));

    private static bool IsNoDerivativeArgument(IArgumentOperation argument) =>
        argument.Parameter is { } parameter && KnownSymbols.HasAttribute(parameter, KnownSymbols.NoDerivativeAttribute);

    /// <summary>True when every use of <paramref name="parameter"/> in the body is inside an argument to a [NoDerivative] parameter.</summary>
    private static bool OnlyInNoDerivativeArguments(IParameterSymbol parameter, IOperation body) =>
        body.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
            .Where(r => SymbolEqualityComparer.Default.Equals(r.Parameter, parameter))
            .All(r => Ancestors(r).OfType<IArgumentOperation>().Any(IsNoDerivativeArgument));

    private static IEnumerable<IOperation> Ancestors(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            yield return parent;
        }
    }

    /// <summary>The diagnosed call and the caller's parameters the fix marks.</summary>
    internal sealed class Site : FixSite
    {
        public Site(Document document, TextSpan call, ImmutableArray<TextSpan> parameters, string title)
            : base(document, call, string.Join(";", parameters.OrderBy(s => s.Start).Select(s => NodeKey(document, s))), title)
        {
            Parameters = parameters;
        }

        public ImmutableArray<TextSpan> Parameters { get; }
    }
}
