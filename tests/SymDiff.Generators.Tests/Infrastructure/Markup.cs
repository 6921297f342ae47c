using Microsoft.CodeAnalysis.Text;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>Source with <c>[|span|]</c> markers, each marking where a diagnostic is expected.</summary>
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

    /// <summary>Removes every <c>[|span|]</c> marker (markers do not nest) and returns the spans in source order.</summary>
    public static (string Source, IReadOnlyList<TextSpan> Spans) ParseAll(string markup)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var spans = new List<TextSpan>();
        var position = 0;
        while (markup.IndexOf("[|", position, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = markup.IndexOf("|]", start, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new ArgumentException("a [| marker has no |]", nameof(markup));
            }

            source.Append(markup, position, start - position);
            var spanStart = source.Length;
            source.Append(markup, start + 2, end - start - 2);
            spans.Add(TextSpan.FromBounds(spanStart, source.Length));
            position = end + 2;
        }

        source.Append(markup, position, markup.Length - position);
        return (source.ToString(), spans);
    }
}
