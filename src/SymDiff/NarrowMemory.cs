using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymDiff;

/// <summary>
/// Clearing and copying with 128-bit stores at most, for the tape: memory operations that leave the processor's wide
/// vector state clean for the math calls that follow them.
/// </summary>
/// <remarks>
/// <para><c>Span.Clear</c> and <c>Span.CopyTo</c> (once tiered up) clear and copy with 512-bit (or 256-bit) stores and
/// return without <c>vzeroupper</c>. The C library functions behind <c>Math.Tanh</c> and others use legacy SSE
/// instructions, and each of them run while the upper halves of the vector registers are dirty pays an AVX–SSE
/// transition penalty. Measured here (x64, .NET 10): a gated recurrence's gradient took 0.22 ms until the runtime
/// recompiled <c>SpanHelpers.ClearWithoutReferences</c> at tier 1 and 2.1 ms after, because the generated pullback
/// takes its scratch buffers from <see cref="Tape.Zeros"/> before its loops of <c>Math.Tanh</c>; with
/// <c>DOTNET_EnableAVX=0</c> it stayed at 0.22 ms. A method that calls native code clears the state on entry, not after
/// the calls it makes, so the tape, which generated code calls between math calls, must not dirty it.</para>
/// <para>VEX-encoded 128-bit instructions zero the upper halves of the registers they write, so these loops leave the
/// state as clean as they found it, and move 16 bytes per store (the buffers they serve are small).</para>
/// </remarks>
internal static class NarrowMemory
{
    /// <summary>Sets every element of <paramref name="span"/> to zero.</summary>
    public static void Clear(Span<double> span) => Clear(MemoryMarshal.AsBytes(span));

    /// <summary>Sets every element of <paramref name="span"/> to zero.</summary>
    public static void Clear(Span<float> span) => Clear(MemoryMarshal.AsBytes(span));

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/> (which must not overlap it).</summary>
    public static void Copy(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (source.Length > destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values, fewer than the {source.Length} to copy.", nameof(destination));
        }

        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<double>.Count <= source.Length; i += Vector128<double>.Count)
            {
                Vector128.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }

    private static void Clear(Span<byte> bytes)
    {
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= bytes.Length; i += Vector128<byte>.Count)
            {
                Vector128<byte>.Zero.StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < bytes.Length; i++)
        {
            Unsafe.Add(ref start, i) = 0;
        }
    }
}
