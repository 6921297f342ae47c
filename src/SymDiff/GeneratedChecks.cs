using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff;

/// <summary>Argument checks the generated derivative code calls; each message names both spans and their lengths.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedChecks
{
    /// <summary>Throws unless <paramref name="span"/> has the length of <paramref name="other"/>.</summary>
    public static void SameLength(int spanLength, string span, int otherLength, string other)
    {
        if (spanLength != otherLength)
        {
            throw new ArgumentException($"'{span}' has length {spanLength} but '{other}' has length {otherLength}; they must have the same length.", span);
        }
    }

    /// <summary>
    /// The elements of two-dimensional array input <paramref name="matrix"/> in row-major order, as the derivatives read
    /// them; throws when it is null or not zero-based.
    /// </summary>
    public static ReadOnlySpan<T> RowMajor<T>(T[,] matrix, string name)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        return Matrices.Elements(matrix, name);
    }

    /// <summary>Throws when an output span overlaps an input span (the derivative would read values it overwrote).</summary>
    public static void NoOverlap(bool overlaps, string output, string input)
    {
        if (overlaps)
        {
            throw new ArgumentException($"The output '{output}' overlaps the input '{input}'; pass separate buffers.", output);
        }
    }

    /// <summary>
    /// Throws when two spans a derivative writes share memory (each would overwrite what the other received). The spans may
    /// have different element types; only their bytes are compared, so the check allocates nothing.
    /// </summary>
    public static void DistinctOutputs<TFirst, TSecond>(Span<TFirst> first, string firstName, Span<TSecond> second, string secondName)
        where TFirst : unmanaged
        where TSecond : unmanaged
    {
        if (MemoryMarshal.AsBytes(first).Overlaps(MemoryMarshal.AsBytes(second)))
        {
            throw new ArgumentException($"The outputs '{firstName}' and '{secondName}' overlap; each output needs a buffer of its own.", secondName);
        }
    }

    /// <summary>
    /// Throws when a batched kernel's output overlaps one of its input spans other than by being exactly that span. An
    /// element's outputs may replace its inputs (every input of an element is read before its outputs are written), but
    /// an output shifted against an input would overwrite inputs of elements not computed yet.
    /// </summary>
    public static void SameOrApart<TOutput, TInput>(Span<TOutput> output, string outputName, ReadOnlySpan<TInput> input, string inputName)
        where TOutput : unmanaged
        where TInput : unmanaged
    {
        var written = MemoryMarshal.AsBytes(output);
        var read = MemoryMarshal.AsBytes(input);
        if (written.Overlaps(read, out var offset) && (offset != 0 || written.Length != read.Length || Unsafe.SizeOf<TOutput>() != Unsafe.SizeOf<TInput>()))
        {
            throw new ArgumentException(
                $"The output '{outputName}' overlaps the input '{inputName}' without being the same span; an output may be an input's own span (elementwise in place), otherwise pass separate buffers.",
                outputName);
        }
    }

    /// <summary>Throws when a vector pushforward is asked for a negative number of directions.</summary>
    public static void Directions(int directions, string name)
    {
        if (directions < 0)
        {
            throw new ArgumentOutOfRangeException(name, directions, $"'{name}' is {directions}; the number of tangent directions cannot be negative.");
        }
    }

    /// <summary>
    /// Throws unless <paramref name="span"/> holds <paramref name="directions"/> tangents of <paramref name="of"/>, one after
    /// another: <paramref name="directions"/> × <paramref name="perDirection"/> elements.
    /// </summary>
    public static void DirectionsLength(int spanLength, string span, int directions, int perDirection, string of)
    {
        if (spanLength != (long)directions * perDirection)
        {
            throw new ArgumentException(
                $"'{span}' has length {spanLength} but {directions} directions of '{of}' ({perDirection} each, one direction after another) need {(long)directions * perDirection}.", span);
        }
    }

    /// <summary>Throws unless the Jacobian span has room for rows × columns entries.</summary>
    public static void JacobianSize(int length, int rows, int columns, string jacobian)
    {
        if (length != rows * columns)
        {
            throw new ArgumentException($"'{jacobian}' has length {length} but the Jacobian is {rows}×{columns} = {rows * columns} (rows: outputs, columns: differentiable inputs).", jacobian);
        }
    }
}
