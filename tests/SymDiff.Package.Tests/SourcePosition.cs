namespace SymDiff.Package.Tests;

/// <summary>Where a piece of a test's source text is, to compare with where a diagnostic is reported.</summary>
internal static class SourcePosition
{
    /// <summary>The 0-based line and character of <paramref name="target"/> inside the first <paramref name="context"/>.</summary>
    public static (int Line, int Character) Of(string source, string context, string target)
    {
        var contextOffset = source.IndexOf(context, StringComparison.Ordinal);
        var targetOffset = context.IndexOf(target, StringComparison.Ordinal);
        if (contextOffset < 0 || targetOffset < 0)
        {
            throw new ArgumentException($"'{target}' inside '{context}' is not in the source.");
        }

        var before = source[..(contextOffset + targetOffset)];
        var lineStart = before.LastIndexOf('\n') + 1;
        return (before.Count(c => c == '\n'), before.Length - lineStart);
    }
}
