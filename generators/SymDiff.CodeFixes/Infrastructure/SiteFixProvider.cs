using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace SymDiff.CodeFixes.Infrastructure;

/// <summary>
/// A SymDiff quick fix in two steps: find what a diagnostic asks to change (<see cref="FindSite"/>, null when the fix
/// does not apply there), then rewrite each document for all the sites in it at once (<see cref="Rewrite"/>). The
/// single fix and Fix All (<see cref="SiteFixAllProvider{TSite}"/>) share both, so Fix All merges nothing textually:
/// sites with the same key are one edit, and a document is rewritten once.
/// </summary>
internal abstract class SiteFixProvider<TSite> : CodeFixProvider
    where TSite : FixSite
{
    protected SiteFixProvider(DiagnosticDescriptor fixes, string fixAllTitle)
    {
        FixableDiagnosticIds = ImmutableArray.Create(fixes.Id);
        FixAllTitle = fixAllTitle;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <summary>The title Fix All shows.</summary>
    public string FixAllTitle { get; }

    /// <summary>The code action's equivalence key: the same for every diagnostic, so Fix All gathers them.</summary>
    private string EquivalenceKey => GetType().Name;

    public sealed override FixAllProvider GetFixAllProvider() => new SiteFixAllProvider<TSite>(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FindSiteAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } site)
            {
                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(site.Title, ct => ApplyAsync(solution, new[] { site }, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>What <paramref name="diagnostic"/> of <paramref name="document"/> asks to change, or null when this fix does not apply.</summary>
    public async Task<TSite?> FindSiteAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || model is null ? null : FindSite(document, root, model, diagnostic.Location.SourceSpan, cancellationToken);
    }

    /// <summary>What the diagnostic at <paramref name="span"/> asks to change, or null when this fix does not apply.</summary>
    protected abstract TSite? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken);

    /// <summary>The new root of <paramref name="document"/> with every one of <paramref name="sites"/> (all in it, distinct keys) fixed.</summary>
    protected abstract SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<TSite> sites, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="sites"/>, found in <paramref name="solution"/>, once per key, one rewrite per document.</summary>
    public async Task<Solution> ApplyAsync(Solution solution, IEnumerable<TSite> sites, CancellationToken cancellationToken)
    {
        var distinct = sites.GroupBy(s => s.Key, StringComparer.Ordinal).Select(g => g.First());
        foreach (var inDocument in distinct.GroupBy(s => s.Document.Id))
        {
            var document = inDocument.First().Document;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var rewritten = Rewrite(document, root, inDocument.ToList(), cancellationToken);
            var changed = solution.WithDocumentSyntaxRoot(document.Id, rewritten).GetDocument(document.Id)!;

            // Names the rewrite wrote in full (global::SymDiff.NoDerivativeAttribute) get their using here; the code
            // action's cleanup then shortens them ([NoDerivative]).
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = changed.Project.Solution;
        }

        return solution;
    }
}
