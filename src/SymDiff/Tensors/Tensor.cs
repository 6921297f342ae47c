using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymDiff.Tensors;

/// <summary>
/// A dense, row-major rank-1 or rank-2 tensor of <see cref="float"/> or <see cref="double"/> whose storage is
/// rented from <see cref="ArrayPool{T}.Shared"/>. Dispose it to return the storage; any access after
/// disposal throws <see cref="ObjectDisposedException"/>. New tensors are zero-filled.
/// </summary>
/// <typeparam name="T">The element type (<see cref="float"/> for the network runtime).</typeparam>
public sealed class Tensor<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _data;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    /// <param name="shape">The shape.</param>
    public Tensor(TensorShape shape)
    {
        Shape = shape;
        _data = ArrayPool<T>.Shared.Rent(Math.Max(shape.Length, 1));
        Array.Clear(_data, 0, shape.Length);
    }

    /// <summary>Creates a zero-filled vector.</summary>
    /// <param name="length">The number of elements.</param>
    public Tensor(int length)
        : this(TensorShape.Vector(length))
    {
    }

    /// <summary>Creates a zero-filled row-major matrix.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    public Tensor(int rows, int columns)
        : this(TensorShape.Matrix(rows, columns))
    {
    }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; private set; }

    /// <summary>1 or 2.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of rows (a vector's length).</summary>
    public int Rows => Shape.Rows;

    /// <summary>Number of columns (1 for a vector).</summary>
    public int Columns => Shape.Columns;

    /// <summary>Total number of elements.</summary>
    public int Length => Shape.Length;

    /// <summary>The elements in row-major order.</summary>
    public Span<T> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Data, 0, Shape.Length);
    }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _data is null;

    private T[] Data
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _data ?? ThrowDisposed();
    }

    /// <summary>Gets or sets the element at a flat (row-major) index.</summary>
    /// <param name="index">The flat index.</param>
    public T this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }

    /// <summary>Gets or sets the element at a row and column.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    public T this[int row, int column]
    {
        get => Span[CheckedIndex(row, column)];
        set => Span[CheckedIndex(row, column)] = value;
    }

    /// <summary>Creates a vector holding a copy of <paramref name="values"/>.</summary>
    /// <param name="values">The elements.</param>
    public static Tensor<T> FromVector(ReadOnlySpan<T> values)
    {
        var t = new Tensor<T>(values.Length);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>Creates a rows×columns matrix holding a copy of <paramref name="values"/> (row-major).</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="values">Exactly rows·columns elements in row-major order.</param>
    public static Tensor<T> FromMatrix(int rows, int columns, ReadOnlySpan<T> values)
    {
        var shape = TensorShape.Matrix(rows, columns);
        if (values.Length != shape.Length)
        {
            throw new ShapeMismatchException("Tensor.FromMatrix data", shape, TensorShape.Vector(values.Length));
        }

        var t = new Tensor<T>(shape);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>Creates a matrix holding a copy of a two-dimensional array.</summary>
    /// <param name="values">The elements.</param>
    public static Tensor<T> FromMatrix(T[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = new Tensor<T>(values.GetLength(0), values.GetLength(1));
        var span = t.Span;
        var i = 0;
        foreach (var v in values)
        {
            span[i++] = v;
        }

        return t;
    }

    /// <summary>One row of a matrix (for a vector: the single element at that index).</summary>
    /// <param name="row">The row index.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Shape.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index out of range for shape {Shape}.");
        }

        return new Span<T>(Data, row * Shape.Columns, Shape.Columns);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public void Fill(T value) => Span.Fill(value);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Copies another tensor of exactly the same shape into this one.</summary>
    /// <param name="source">The source tensor.</param>
    public void CopyFrom(Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        TensorShape.ThrowIfDifferent(Shape, source.Shape, "Tensor.CopyFrom");
        source.Span.CopyTo(Span);
    }

    /// <summary>A new tensor with the same shape and a copy of the elements.</summary>
    public Tensor<T> Clone()
    {
        var t = new Tensor<T>(Shape);
        Span.CopyTo(t.Span);
        return t;
    }

    /// <summary>A new array holding a copy of the elements in row-major order.</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>Whether every element is finite (neither NaN nor ±∞).</summary>
    public bool IsAllFinite() => TensorMath.AllFinite<T>(Span);

    /// <summary>Returns the storage to the pool. Further access throws.</summary>
    public void Dispose()
    {
        var data = _data;
        _data = null;
        if (data is not null)
        {
            ArrayPool<T>.Shared.Return(data);
        }
    }

    /// <summary>Formats the shape, for diagnostics.</summary>
    public override string ToString() => $"Tensor<{typeof(T).Name}>{Shape}";

    /// <summary>
    /// Changes the shape in place when the rented storage is large enough (returns false otherwise).
    /// Used by layers to reuse their buffers when the batch size changes; contents become unspecified.
    /// </summary>
    internal bool TryReshape(TensorShape shape)
    {
        if (shape.Length > Data.Length)
        {
            return false;
        }

        Shape = shape;
        return true;
    }

    private int CheckedIndex(int row, int column)
    {
        if ((uint)row >= (uint)Shape.Rows || (uint)column >= (uint)Shape.Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Index ({row}, {column}) is out of range for shape {Shape}.");
        }

        return row * Shape.Columns + column;
    }

    private static T[] ThrowDisposed() => throw new ObjectDisposedException(nameof(Tensor<T>));
}
