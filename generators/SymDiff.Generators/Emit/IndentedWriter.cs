using System.Text;

namespace SymDiff.Generators.Emit;

/// <summary>A minimal indented text writer for generated source (LF line endings, four-space indents).</summary>
internal sealed class IndentedWriter
{
    /// <summary>
    /// Blocks nested deeper than this are not indented further: with an indent per level, code nested n deep (n
    /// conditionals inside each other) would take n² characters of spaces.
    /// </summary>
    private const int MaxIndent = 16;

    private readonly StringBuilder _builder = new();
    private int _indent;

    public IndentedWriter()
    {
    }

    /// <summary>A writer whose lines start <paramref name="indent"/> levels in (text to be pasted into another writer at that level).</summary>
    public IndentedWriter(int indent) => _indent = indent;

    /// <summary>The current nesting level.</summary>
    public int Indent => _indent;

    /// <summary>The number of characters written so far.</summary>
    public int Length => _builder.Length;

    /// <summary>
    /// Private methods a member's printer moved stretches of its body into (<see cref="OutlinedParts"/>), written after the
    /// members of the declaration by its owner; a writer a statement is printed into before it is placed shares its
    /// member's, so the parts of a program embedded in the statement are kept.
    /// </summary>
    public OutlinedParts Outlined { get; init; } = new();

    /// <summary>Appends <paramref name="text"/> as it is (lines another writer indented for this one's current level).</summary>
    public IndentedWriter Raw(string text)
    {
        _builder.Append(text);
        return this;
    }

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', Math.Min(_indent, MaxIndent) * 4);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
    }

    /// <summary>A bare <c>{ … }</c> scope.</summary>
    public IDisposable Scope()
    {
        Line("{");
        _indent++;
        return new Closer(this);
    }

    /// <summary>A block closed by <c>}</c> + <paramref name="footer"/> (e.g. <c>} while (c);</c>).</summary>
    public IDisposable Block(string header, string footer)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Closer(this, footer);
    }

    public override string ToString() => _builder.ToString();

    /// <summary>The text written from position <paramref name="start"/> to <paramref name="end"/>.</summary>
    public string Text(int start, int end) => _builder.ToString(start, end - start);

    /// <summary>Drops what was written after the first <paramref name="length"/> characters (to write it again differently).</summary>
    public void Truncate(int length) => _builder.Length = length;

    private sealed class Closer : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _footer;

        public Closer(IndentedWriter writer, string footer = "")
        {
            _writer = writer;
            _footer = footer;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}" + _footer);
        }
    }
}
