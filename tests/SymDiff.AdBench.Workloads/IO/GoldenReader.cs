using System.Globalization;

namespace SymDiff.AdBench.IO;

/// <summary>Reads ADBench golden output files: whitespace-separated numbers, usually one per line.</summary>
public static class GoldenReader
{
    /// <summary>Reads every number of a golden file.</summary>
    /// <exception cref="AdBenchFormatException">A token is not a finite number, or the file has no numbers.</exception>
    public static double[] Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads a golden file that must hold exactly <paramref name="expectedCount"/> numbers.</summary>
    /// <exception cref="AdBenchFormatException">The file is malformed or has another number of values.</exception>
    public static double[] Read(string path, int expectedCount)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path, expectedCount);
    }

    /// <summary>Reads golden text; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="AdBenchFormatException">A token is not a finite number, or the text has no numbers.</exception>
    public static double[] Parse(TextReader text, string fileName) => Parse(text, fileName, -1);

    /// <summary>Reads golden text that must hold exactly <paramref name="expectedCount"/> numbers (any count if negative).</summary>
    /// <exception cref="AdBenchFormatException">The text is malformed or has another number of values.</exception>
    public static double[] Parse(TextReader text, string fileName, int expectedCount)
    {
        var lines = new AdBenchLineReader(text, fileName);
        var values = new List<double>();
        while (lines.TryReadTokens() is { } tokens)
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                if (expectedCount >= 0 && values.Count == expectedCount)
                {
                    throw lines.Error(lines.LineNumber, $"more values than expected; expected {expectedCount}");
                }

                values.Add(lines.ParseDouble(tokens[i], "this line", i));
            }
        }

        if (expectedCount >= 0 ? values.Count != expectedCount : values.Count == 0)
        {
            string expected = expectedCount >= 0 ? expectedCount.ToString(CultureInfo.InvariantCulture) : "at least one";
            throw lines.Error(lines.LineNumber + 1, $"unexpected end of file after {values.Count} values; expected {expected}");
        }

        return [.. values];
    }
}
