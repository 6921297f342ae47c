using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff;

/// <summary>
/// Two-dimensional arrays as the derivatives see them. A <c>[Differentiable]</c> method may take a <c>double[,]</c>
/// (or <c>float[,]</c>, <c>int[,]</c>, <c>bool[,]</c>) input; its generated members take the same array, and its
/// adjoint and tangent as spans of all its elements in row-major order (element <c>[i, j]</c> at <c>i * columns + j</c>,
/// the order in which C# stores the array). <see cref="AsSpan{T}(T[,])"/> gives such a span over an array of the same
/// shape, so the gradient lands in a <c>double[,]</c>:
/// <code>
/// var dW = new double[w.GetLength(0), w.GetLength(1)];
/// double loss = Model.LossGradient(w, x, Matrices.AsSpan(dW));   // dW[i, j] = ∂loss/∂w[i, j]
/// </code>
/// </summary>
public static class Matrices
{
    /// <summary>
    /// A span over every element of <paramref name="matrix"/> in row-major order (writes land in the array). The array
    /// must be zero-based (every array C# creates with <c>new T[rows, columns]</c> is).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has a lower bound other than zero.</exception>
    public static Span<T> AsSpan<T>(T[,] matrix)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return Elements(matrix, nameof(matrix));
    }

    /// <summary>The row-major span of <paramref name="matrix"/>, checked to be zero-based; <paramref name="name"/> names it in errors.</summary>
    internal static Span<T> Elements<T>(T[,] matrix, string name)
        where T : unmanaged
    {
        if (matrix.GetLowerBound(0) != 0 || matrix.GetLowerBound(1) != 0)
        {
            throw new ArgumentException(
                $"'{name}' has lower bounds {matrix.GetLowerBound(0)} and {matrix.GetLowerBound(1)}; derivatives read two-dimensional arrays that start at index 0 (new T[rows, columns]).", name);
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);
    }
}
