using System.Globalization;

namespace SymDiff.AdBench.IO;

/// <summary>
/// Reads the line-structured ADBench text formats: every record is one line of whitespace-separated values.
/// Blank lines are skipped; every error names the file and the 1-based line number.
/// </summary>
internal sealed class AdBenchLineReader
{
    private static readonly char[] Separators = [' ', '\t', '\r'];

    private readonly TextReader _reader;
    private readonly string _fileName;
    private int _lineNumber;

    public AdBenchLineReader(TextReader reader, string fileName)
    {
        _reader = reader;
        _fileName = fileName;
    }

    /// <summary>The 1-based number of the line read last (0 before the first).</summary>
    public int LineNumber => _lineNumber;

    /// <summary>Reads the next non-blank line and splits it; throws if the file ends first.</summary>
    public string[] ReadTokens(string expected) =>
        TryReadTokens() ?? throw Error(_lineNumber + 1, $"unexpected end of file; expected {expected}");

    /// <summary>Reads the next non-blank line and splits it; <see langword="null"/> at the end of the file.</summary>
    public string[]? TryReadTokens()
    {
        while (_reader.ReadLine() is { } line)
        {
            _lineNumber++;
            string[] tokens = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0)
            {
                return tokens;
            }
        }

        return null;
    }

    /// <summary>Reads a line of exactly <paramref name="count"/> finite numbers into <paramref name="destination"/>.</summary>
    public void ReadDoubles(Span<double> destination, int count, string what)
    {
        string[] tokens = ReadTokens($"{what} ({count} numbers)");
        CheckCount(tokens, count, what);
        for (int i = 0; i < count; i++)
        {
            destination[i] = ParseDouble(tokens[i], what, i);
        }
    }

    /// <summary>Reads a line of exactly <paramref name="count"/> integers.</summary>
    public int[] ReadInts(int count, string what)
    {
        string[] tokens = ReadTokens($"{what} ({count} integers)");
        CheckCount(tokens, count, what);
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ParseInt(tokens[i], what, i);
        }

        return values;
    }

    /// <summary>Parses one token of the current line as a finite double.</summary>
    public double ParseDouble(string token, string what, int index)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            throw Error(_lineNumber, $"value {index + 1} of {what} is '{token}'; expected a finite number");
        }

        return value;
    }

    /// <summary>Parses one token of the current line as an integer.</summary>
    public int ParseInt(string token, string what, int index)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw Error(_lineNumber, $"value {index + 1} of {what} is '{token}'; expected an integer");
        }

        return value;
    }

    /// <summary>Throws if anything but blank lines follows.</summary>
    public void ExpectEnd(string after)
    {
        while (_reader.ReadLine() is { } line)
        {
            _lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                throw Error(_lineNumber, $"unexpected data after {after}; expected the end of the file");
            }
        }
    }

    public AdBenchFormatException Error(int lineNumber, string problem) => new(_fileName, lineNumber, problem);

    /// <summary>Describes a wrong number of values, e.g. "mean 1 has only 1 value; expected 2".</summary>
    public static string CountProblem(string what, int found, int expected) =>
        $"{what} has {(found < expected ? "only " : "")}{found} {(found == 1 ? "value" : "values")}; expected {expected}";

    private void CheckCount(string[] tokens, int count, string what)
    {
        if (tokens.Length != count)
        {
            throw Error(_lineNumber, CountProblem(what, tokens.Length, count));
        }
    }
}
