namespace SymDiff.Distributed;

/// <summary>A failure of data-parallel training's process group: MPI missing or failing, ranks that disagree, a timeout.</summary>
public class DistributedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DistributedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public DistributedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public DistributedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A collective operation did not complete within <see cref="MpiCommunicator.Timeout"/>: some rank never joined it.</summary>
public sealed class CollectiveTimeoutException : DistributedException
{
    /// <summary>Creates the exception.</summary>
    public CollectiveTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What timed out, where.</param>
    public CollectiveTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What timed out, where.</param>
    /// <param name="innerException">The cause.</param>
    public CollectiveTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The ranks passed different values where they must agree (shapes, counts, settings); thrown on every rank.</summary>
public sealed class RankDisagreementException : DistributedException
{
    /// <summary>Creates the exception.</summary>
    public RankDisagreementException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What the ranks disagree on, and the values.</param>
    public RankDisagreementException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What the ranks disagree on, and the values.</param>
    /// <param name="innerException">The cause.</param>
    public RankDisagreementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
