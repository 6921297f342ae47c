namespace SymDiff.Tensors;

/// <summary>Thrown when an operation receives a tensor whose shape does not match the one it requires.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception; the message names both shapes.</summary>
    /// <param name="context">What was being checked (for example "Dense 'dense0' input").</param>
    /// <param name="expected">The shape the operation requires.</param>
    /// <param name="actual">The shape it was given.</param>
    public ShapeMismatchException(string context, TensorShape expected, TensorShape actual)
        : base($"Shape mismatch in {context}: expected {expected}, got {actual}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The shape the operation requires.</summary>
    public TensorShape Expected { get; }

    /// <summary>The shape it was given.</summary>
    public TensorShape Actual { get; }
}
