using Microsoft.CodeAnalysis.CodeActions;

namespace SymDiff.CodeFixes.Infrastructure;

/// <summary>
/// Fix All for a <see cref="SiteFixProvider{TSite}"/>: finds the site of every diagnostic in the scope and applies
/// them together, so an edit that several diagnostics ask for (the same type made partial, the same parameter marked,
/// one derivative stub per callee) is made once, and edits in other documents (a callee's attribute) are made too.
/// </summary>
internal sealed class SiteFixAllProvider<TSite> : FixAllProvider
    where TSite : FixSite
{
    private readonly SiteFixProvider<TSite> _provider;

    public SiteFixAllProvider(SiteFixProvider<TSite> provider)
    {
        _provider = provider;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var sites = new List<TSite>();
        foreach (var document in Documents(fixAllContext))
        {
            foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
            {
                if (await _provider.FindSiteAsync(document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false) is { } site)
                {
                    sites.Add(site);
                }
            }
        }

        if (sites.Count == 0)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        return CodeAction.Create(_provider.FixAllTitle, ct => _provider.ApplyAsync(solution, sites, ct), fixAllContext.CodeActionEquivalenceKey);
    }

    private static IEnumerable<Document> Documents(FixAllContext context) => context.Scope switch
    {
        FixAllScope.Document when context.Document is not null => new[] { context.Document },
        FixAllScope.Project => context.Project.Documents,
        FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
        _ => Enumerable.Empty<Document>(),
    };
}
