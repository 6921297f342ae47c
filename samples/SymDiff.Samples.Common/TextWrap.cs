namespace SymDiff.Samples.Common;

/// <summary>Breaks text into lines no wider than a terminal, at spaces where it can.</summary>
public static class TextWrap
{
    /// <summary>How much further than its first line a wrapped line's continuation is indented.</summary>
    public const int HangingIndent = 2;

    /// <summary>
    /// The lines of <paramref name="text"/> (split at its own line breaks), each broken at the last space that fits in
    /// <paramref name="width"/> columns; continuations are indented <see cref="HangingIndent"/> further than the line's
    /// own indentation, and a word longer than a whole line is cut.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="width">The most columns a line may take (at least 1).</param>
    public static IReadOnlyList<string> Lines(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            Wrap(line.TrimEnd('\r'), width, lines);
        }

        return lines;
    }

    private static void Wrap(string line, int width, List<string> lines)
    {
        if (line.Length <= width)
        {
            lines.Add(line);
            return;
        }

        var own = line.Length - line.TrimStart(' ').Length;
        var continuation = new string(' ', Math.Min(own + HangingIndent, width / 2));
        var prefix = new string(' ', Math.Min(own, width / 2));
        var rest = line.TrimStart(' ');
        while (prefix.Length + rest.Length > width)
        {
            var room = width - prefix.Length;
            var cut = rest.LastIndexOf(' ', room);
            var (head, tail) = cut > 0 ? (rest[..cut], rest[(cut + 1)..]) : (rest[..room], rest[room..]);
            lines.Add(prefix + head.TrimEnd(' '));
            rest = tail.TrimStart(' ');
            prefix = continuation;
        }

        if (rest.Length > 0)
        {
            lines.Add(prefix + rest);
        }
    }
}
