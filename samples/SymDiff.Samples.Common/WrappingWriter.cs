using System.Text;

namespace SymDiff.Samples.Common;

/// <summary>
/// A writer that passes each line on to another, wrapped to a width (<see cref="TextWrap"/>), so that what the
/// samples print never runs past the edge of the terminal. A line is passed on when it ends; an unfinished one when
/// the writer is disposed.
/// </summary>
public sealed class WrappingWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly int _width;
    private readonly StringBuilder _line = new();

    /// <summary>Wraps what is written to <paramref name="inner"/> at <paramref name="width"/> columns.</summary>
    /// <param name="inner">Where the wrapped lines go.</param>
    /// <param name="width">The most columns a line may take.</param>
    public WrappingWriter(TextWriter inner, int width)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        _inner = inner;
        _width = width;
    }

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        if (value == '\n')
        {
            foreach (var line in TextWrap.Lines(_line.ToString(), _width))
            {
                _inner.WriteLine(line);
            }

            _line.Clear();
        }
        else if (value != '\r')
        {
            _line.Append(value);
        }
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _line.Length > 0)
        {
            var lines = TextWrap.Lines(_line.ToString(), _width);
            for (var i = 0; i < lines.Count; i++)
            {
                _inner.Write(i < lines.Count - 1 ? lines[i] + _inner.NewLine : lines[i]);
            }

            _line.Clear();
            _inner.Flush();
        }

        base.Dispose(disposing);
    }
}
