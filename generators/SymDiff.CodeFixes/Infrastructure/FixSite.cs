namespace SymDiff.CodeFixes.Infrastructure;

/// <summary>
/// What one diagnostic's fix edits: a node of a document (found in the solution the diagnostic was reported in) and a
/// key. Sites with equal keys are the same edit, so Fix All makes it once however many diagnostics lead to it (two
/// diagnostics asking for the same type to be partial, two calls to the same callee asking for its derivative).
/// </summary>
internal class FixSite
{
    public FixSite(Document document, TextSpan span, string key, string title)
    {
        Document = document;
        Span = span;
        Key = key;
        Title = title;
    }

    /// <summary>The document the edit is in, which need not be the diagnostic's (a callee declared in another file).</summary>
    public Document Document { get; }

    /// <summary>The span of the node the fix rewrites, in <see cref="Document"/> as it was.</summary>
    public TextSpan Span { get; }

    public string Key { get; }

    /// <summary>The title of the code action that fixes this site alone ("Make 'Model' partial").</summary>
    public string Title { get; }

    /// <summary>A key naming the node at <paramref name="span"/> of <paramref name="document"/>.</summary>
    public static string NodeKey(Document document, TextSpan span) => $"{document.Id.Id:N}:{span.Start}:{span.Length}";
}
