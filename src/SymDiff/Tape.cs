using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SymDiff;

/// <summary>
/// The per-thread stack that generated reverse-mode code for loops uses: the forward sweep pushes the values it
/// overwrites (and loop trip counts and branch decisions), the reverse sweep pops them back in reverse order.
/// It also hands out zeroed scratch buffers (local buffers and their adjoints) from an arena. Both grow on demand and
/// are reused, so a steady-state call allocates nothing. Generated code takes a <see cref="Mark"/> on entry and
/// <see cref="Release"/>s it on exit (also on exceptions), so nested generated calls share one tape safely.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Tape
{
    [ThreadStatic]
    private static Tape? s_current;

    private double[] _values = new double[256];
    private int _count;
    private double[] _doubles = new double[256];
    private int _doublesUsed;
    private float[] _floats = new float[256];
    private int _floatsUsed;

    private Tape()
    {
    }

    /// <summary>This thread's tape.</summary>
    public static Tape Current => s_current ??= new Tape();

    /// <summary>
    /// Values on the stack. Generated loops that push or pop through <see cref="Values"/> directly (keeping the
    /// height in a register) store the height back here after the loop.
    /// </summary>
    public int Count
    {
        get => _count;

        // Inlined with no checks: generated code sets it after its loops, and a call there would make the JIT spill the
        // loops' registers. The value always comes from the same tape's height moved by pushes and pops.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            Debug.Assert((uint)value <= (uint)_values.Length, "tape height out of range");
            _count = value;
        }
    }

    /// <summary>The stack's storage: entries below <see cref="Count"/> are the saved values.</summary>
    public double[] Values => _values;

    /// <summary>
    /// Makes room for <paramref name="count"/> more values (none when it is negative) and returns the stack's
    /// storage, so a generated loop with a known trip count can write <c>values[top++]</c> without a capacity check
    /// that calls out of the loop.
    /// </summary>
    /// <param name="count">How many values the caller will push at most.</param>
    /// <returns>The storage, with at least <paramref name="count"/> free entries from <see cref="Count"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double[] Reserve(long count)
    {
        var values = _values;
        return _count + count <= values.Length ? values : Grow(_count + count);
    }

    /// <summary>The current stack height and arena positions, to restore with <see cref="Release"/>.</summary>
    public TapeMark Mark() => new(_count, _doublesUsed, _floatsUsed);

    /// <summary>Drops everything pushed or handed out since <paramref name="mark"/>.</summary>
    public void Release(TapeMark mark)
    {
        _count = mark.Count;
        _doublesUsed = mark.Doubles;
        _floatsUsed = mark.Floats;
    }

    /// <summary>Saves a value (ints and bools are stored exactly as doubles).</summary>
    /// <param name="value">The value to save.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        var values = _values;
        var count = _count;
        if ((uint)count < (uint)values.Length)
        {
            values[count] = value;
            _count = count + 1;
            return;
        }

        PushSlow(value);
    }

    /// <summary>Takes back the value saved last.</summary>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Pop() => _values[--_count];

    /// <summary>The default <c>[Checkpoint]</c> segment length for a loop of <paramref name="trips"/> iterations: ⌈√trips⌉, at least 1.</summary>
    /// <param name="trips">The loop's trip count (or an upper bound).</param>
    /// <returns>Iterations per segment.</returns>
    public static int SegmentLength(long trips) => (int)Math.Max(1, Math.Min(int.MaxValue, Math.Ceiling(Math.Sqrt(Math.Max(trips, 0)))));

    /// <summary>Saves a whole buffer (a <c>[Checkpoint]</c> snapshot); <see cref="Restore(Span{double})"/> takes it back.</summary>
    /// <param name="values">The buffer.</param>
    public void Save(ReadOnlySpan<double> values)
    {
        Reserve(values.Length);
        NarrowMemory.Copy(values, _values.AsSpan(_count));
        _count += values.Length;
    }

    /// <summary>Saves a whole buffer of floats (stored exactly as doubles).</summary>
    /// <param name="values">The buffer.</param>
    public void Save(ReadOnlySpan<float> values)
    {
        var target = Reserve(values.Length).AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = values[i];
        }

        _count += values.Length;
    }

    /// <summary>Saves a whole buffer of ints (stored exactly as doubles).</summary>
    /// <param name="values">The buffer.</param>
    public void Save(ReadOnlySpan<int> values)
    {
        var target = Reserve(values.Length).AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = values[i];
        }

        _count += values.Length;
    }

    /// <summary>Saves a whole buffer of bools (as 1 and 0).</summary>
    /// <param name="values">The buffer.</param>
    public void Save(ReadOnlySpan<bool> values)
    {
        var target = Reserve(values.Length).AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = values[i] ? 1.0 : 0.0;
        }

        _count += values.Length;
    }

    /// <summary>Takes back a buffer saved last with <see cref="Save(ReadOnlySpan{double})"/> (same length).</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(Span<double> values)
    {
        _count -= values.Length;
        NarrowMemory.Copy(_values.AsSpan(_count, values.Length), values);
    }

    /// <summary>Takes back a buffer of floats saved last.</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(Span<float> values)
    {
        _count -= values.Length;
        var source = _values.AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)source[i];
        }
    }

    /// <summary>Takes back a buffer of ints saved last.</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(Span<int> values)
    {
        _count -= values.Length;
        var source = _values.AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (int)source[i];
        }
    }

    /// <summary>Takes back a buffer of bools saved last.</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(Span<bool> values)
    {
        _count -= values.Length;
        var source = _values.AsSpan(_count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = source[i] != 0;
        }
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> doubles, valid until the enclosing mark is released.</summary>
    public Span<double> Zeros(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_doublesUsed + length > _doubles.Length)
        {
            // Spans already handed out keep the old array alive; new ones come from the larger one.
            _doubles = new double[Math.Max(_doubles.Length * 2, _doublesUsed + length)];
        }

        var span = _doubles.AsSpan(_doublesUsed, length);
        _doublesUsed += length;
        NarrowMemory.Clear(span); // not span.Clear(): see NarrowMemory
        return span;
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> floats, valid until the enclosing mark is released.</summary>
    public Span<float> ZerosSingle(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_floatsUsed + length > _floats.Length)
        {
            _floats = new float[Math.Max(_floats.Length * 2, _floatsUsed + length)];
        }

        var span = _floats.AsSpan(_floatsUsed, length);
        _floatsUsed += length;
        NarrowMemory.Clear(span); // not span.Clear(): see NarrowMemory
        return span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double[] Grow(long needed)
    {
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"The tape would need {needed} values, more than an array holds; use [Checkpoint] on the long loop or split the work.");
        }

        Array.Resize(ref _values, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _values.Length)));
        return _values;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(double value)
    {
        Array.Resize(ref _values, _values.Length * 2);
        _values[_count++] = value;
    }
}

/// <summary>A position on a <see cref="Tape"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct TapeMark(int Count, int Doubles, int Floats);
