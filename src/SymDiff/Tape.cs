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
    public double[] Reserve(long count)
    {
        var needed = _count + Math.Max(count, 0);
        if (needed > _values.Length)
        {
            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException($"The tape would need {needed} values, more than an array holds; use [Checkpoint] on the long loop or split the work.");
            }

            Array.Resize(ref _values, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _values.Length)));
        }

        return _values;
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
        span.Clear();
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
        span.Clear();
        return span;
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
