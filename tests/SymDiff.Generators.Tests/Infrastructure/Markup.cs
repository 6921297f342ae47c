using Microsoft.CodeAnalysis.Text;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>Source with one <c>[|span|]</c> marking where a diagnostic is expected.</summary>
internal static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new ArgumentException("markup needs one [|span|]", nameof(markup));
        }

        var source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
