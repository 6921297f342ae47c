using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff;

/// <summary>Argument checks the generated derivative code calls; each message names both spans and their lengths.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedChecks
{
    /// <summary>Throws unless <paramref name="span"/> has the length of <paramref name="other"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int spanLength, string span, int otherLength, string other)
    {
        if (spanLength != otherLength)
        {
            Fail.SameLength(spanLength, span, otherLength, other);
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap(bool overlaps, string output, string input)
    {
        if (overlaps)
        {
            Fail.Overlap(output, input);
        }
    }

    /// <summary>
    /// Throws when two spans a derivative writes share memory (each would overwrite what the other received). The spans may
    /// have different element types; only their bytes are compared, so the check allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DistinctOutputs<TFirst, TSecond>(Span<TFirst> first, string firstName, Span<TSecond> second, string secondName)
        where TFirst : unmanaged
        where TSecond : unmanaged
    {
        if (MemoryMarshal.AsBytes(first).Overlaps(MemoryMarshal.AsBytes(second)))
        {
            Fail.OutputsOverlap(firstName, secondName);
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
            Fail.ShiftedOverlap(outputName, inputName);
        }
    }

    /// <summary>Throws when a vector pushforward is asked for a negative number of directions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Directions(int directions, string name)
    {
        if (directions < 0)
        {
            Fail.Directions(directions, name);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="span"/> holds <paramref name="directions"/> tangents of <paramref name="of"/>, one after
    /// another: <paramref name="directions"/> × <paramref name="perDirection"/> elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DirectionsLength(int spanLength, string span, int directions, int perDirection, string of)
    {
        if (spanLength != (long)directions * perDirection)
        {
            Fail.DirectionsLength(spanLength, span, directions, perDirection, of);
        }
    }

    /// <summary>Throws unless the Jacobian span has room for rows × columns entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void JacobianSize(int length, int rows, int columns, string jacobian)
    {
        if (length != rows * columns)
        {
            Fail.JacobianSize(length, rows, columns, jacobian);
        }
    }

    /// <summary>
    /// The throws, kept out of the checks: a method that builds a message and throws is never inlined, so a check that
    /// throws itself is a call on every generated call's entry; the checks above inline to a compare and a branch.
    /// </summary>
    private static class Fail
    {
        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void SameLength(int spanLength, string span, int otherLength, string other) =>
            throw new ArgumentException($"'{span}' has length {spanLength} but '{other}' has length {otherLength}; they must have the same length.", span);

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Overlap(string output, string input) =>
            throw new ArgumentException($"The output '{output}' overlaps the input '{input}'; pass separate buffers.", output);

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void OutputsOverlap(string firstName, string secondName) =>
            throw new ArgumentException($"The outputs '{firstName}' and '{secondName}' overlap; each output needs a buffer of its own.", secondName);

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ShiftedOverlap(string outputName, string inputName) =>
            throw new ArgumentException(
                $"The output '{outputName}' overlaps the input '{inputName}' without being the same span; an output may be an input's own span (elementwise in place), otherwise pass separate buffers.",
                outputName);

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Directions(int directions, string name) =>
            throw new ArgumentOutOfRangeException(name, directions, $"'{name}' is {directions}; the number of tangent directions cannot be negative.");

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void DirectionsLength(int spanLength, string span, int directions, int perDirection, string of) =>
            throw new ArgumentException(
                $"'{span}' has length {spanLength} but {directions} directions of '{of}' ({perDirection} each, one direction after another) need {(long)directions * perDirection}.", span);

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void JacobianSize(int length, int rows, int columns, string jacobian) =>
            throw new ArgumentException($"'{jacobian}' has length {length} but the Jacobian is {rows}×{columns} = {rows * columns} (rows: outputs, columns: differentiable inputs).", jacobian);
    }
}
