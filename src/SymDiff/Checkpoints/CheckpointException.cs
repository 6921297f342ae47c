namespace SymDiff.Checkpoints;

/// <summary>
/// A checkpoint file that cannot be loaded: corrupt, truncated, of an unknown format or version, or not
/// matching the model or optimizer. The message names the file and the problem; nothing was modified.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The checkpoint file.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CheckpointException(string filePath, string problem, Exception? innerException = null)
        : base($"Checkpoint '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
