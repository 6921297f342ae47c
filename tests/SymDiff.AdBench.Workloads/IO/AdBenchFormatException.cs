namespace SymDiff.AdBench.IO;

/// <summary>
/// Thrown when an ADBench input or golden file does not have the expected layout: a missing value, a token that
/// is not a (finite) number, a line with the wrong number of values, or data after the expected end.
/// The message names the file, the 1-based line number and what was expected there.
/// </summary>
public sealed class AdBenchFormatException : Exception
{
    /// <summary>Creates the exception for a problem at a given line of a file.</summary>
    /// <param name="filePath">The file (or the name given to the reader for in-memory text).</param>
    /// <param name="lineNumber">The 1-based line number of the problem.</param>
    /// <param name="problem">What was expected and what was found.</param>
    public AdBenchFormatException(string filePath, int lineNumber, string problem)
        : base($"{filePath}, line {lineNumber}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file (or the name given to the reader for in-memory text).</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number of the problem.</summary>
    public int LineNumber { get; }

    /// <summary>What was expected and what was found, without the file and line prefix.</summary>
    public string Problem { get; }
}
