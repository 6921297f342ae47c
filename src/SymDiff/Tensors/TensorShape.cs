namespace SymDiff.Tensors;

/// <summary>
/// The shape of a dense tensor: rank 1 (a vector of <see cref="Length"/> elements) or rank 2
/// (a row-major matrix of <see cref="Rows"/>×<see cref="Columns"/> elements). In row-indexed operations
/// (mini-batches, where rows are examples) a rank-1 shape of length n behaves as an n×1 column.
/// </summary>
public readonly record struct TensorShape
{
    private TensorShape(int rank, int rows, int columns)
    {
        Rank = rank;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>1 for a vector, 2 for a matrix.</summary>
    public int Rank { get; }

    /// <summary>Number of rows (for a vector: its length).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (for a vector: 1).</summary>
    public int Columns { get; }

    /// <summary>Total number of elements.</summary>
    public int Length => checked(Rows * Columns);

    /// <summary>A rank-1 shape.</summary>
    /// <param name="length">The number of elements (zero or more).</param>
    public static TensorShape Vector(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new TensorShape(1, length, 1);
    }

    /// <summary>A rank-2 shape.</summary>
    /// <param name="rows">The number of rows (zero or more).</param>
    /// <param name="columns">The number of columns (zero or more).</param>
    public static TensorShape Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        _ = checked(rows * columns);
        return new TensorShape(2, rows, columns);
    }

    /// <summary>Formats the shape as <c>[n]</c> or <c>[rows×columns]</c>.</summary>
    public override string ToString() => Rank == 1 ? $"[{Rows}]" : $"[{Rows}×{Columns}]";

    /// <summary>Throws a <see cref="ShapeMismatchException"/> naming both shapes unless they are equal.</summary>
    /// <param name="expected">The shape the operation requires.</param>
    /// <param name="actual">The shape it was given.</param>
    /// <param name="context">What was being checked, for the message (for example "Dense 'dense0' input").</param>
    public static void ThrowIfDifferent(TensorShape expected, TensorShape actual, string context)
    {
        if (expected != actual)
        {
            throw new ShapeMismatchException(context, expected, actual);
        }
    }
}
