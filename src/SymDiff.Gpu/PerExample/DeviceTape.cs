using System.ComponentModel;
using ILGPU;

namespace SymDiff.Gpu;

/// <summary>
/// The tape of one thread of a per-example kernel: its fixed slice of a device buffer, with the same members as
/// <see cref="Tape"/> has for the C# derivatives, so the kernels' bodies are the same derivative programs printed with
/// device types. Saved values stack up from the slice's start; scratch buffers (<see cref="Zeros"/>) are taken from its
/// end. The slice cannot grow inside a kernel: a thread that needs more keeps counting without writing past its slice,
/// and <see cref="Report"/> raises the launch's high-water mark, from which the launcher sizes the slices and runs again.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct DeviceTape
{
    private readonly ArrayView<double> _slice;
    private readonly int _capacity;
    private int _count;
    private int _scratch;
    private int _needed;

    /// <summary>A tape over <paramref name="slice"/> (at least one element).</summary>
    /// <param name="slice">This thread's part of the launch's tape buffer.</param>
    public DeviceTape(ArrayView<double> slice)
    {
        _slice = slice;
        _capacity = (int)slice.Length;
        _count = 0;
        _scratch = 0;
        _needed = 0;
    }

    /// <summary>Values on the stack; generated loops that push through <see cref="Values"/> store their height back here.</summary>
    public int Count
    {
        readonly get => _count;
        set
        {
            _count = value;
            Track(0);
        }
    }

    /// <summary>The stack's storage, for loops that push and pop through a local height.</summary>
    public readonly DeviceSpan<double> Values => new(_slice, _capacity);

    /// <summary>The stack's storage, after making sure <paramref name="count"/> more values fit (or recording that they do not).</summary>
    /// <param name="count">How many values the caller will push at most.</param>
    /// <returns>The storage.</returns>
    public DeviceSpan<double> Reserve(long count)
    {
        Track(count);
        return new(_slice, _capacity);
    }

    /// <summary>The stack height and the scratch taken, to restore with <see cref="Release"/>.</summary>
    /// <returns>The mark.</returns>
    public readonly DeviceTapeMark Mark() => new(_count, _scratch);

    /// <summary>Drops everything pushed or taken since <paramref name="mark"/>.</summary>
    /// <param name="mark">A mark of this tape.</param>
    public void Release(DeviceTapeMark mark)
    {
        _count = mark.Count;
        _scratch = mark.Scratch;
    }

    /// <summary>Saves a value (ints and bools as doubles).</summary>
    /// <param name="value">The value.</param>
    public void Push(double value)
    {
        if (_count < _capacity - _scratch)
        {
            _slice[_count] = value;
        }

        _count++;
        Track(0);
    }

    /// <summary>Takes back the value saved last (zero on a tape that ran out, whose results are discarded).</summary>
    /// <returns>The value.</returns>
    public double Pop()
    {
        _count--;
        return _count >= 0 && _count < _capacity - _scratch ? _slice[_count] : 0.0;
    }

    /// <summary>Saves a whole buffer (a <c>[Checkpoint]</c> snapshot).</summary>
    /// <param name="values">The buffer.</param>
    public void Save(DeviceSpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Push(values[i]);
        }
    }

    /// <summary>Saves a whole buffer of floats.</summary>
    /// <param name="values">The buffer.</param>
    public void Save(DeviceSpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Push(values[i]);
        }
    }

    /// <summary>Saves a whole buffer of ints.</summary>
    /// <param name="values">The buffer.</param>
    public void Save(DeviceSpan<int> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Push(values[i]);
        }
    }

    /// <summary>Takes back a buffer saved last (same length).</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(DeviceSpan<double> values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            values[i] = Pop();
        }
    }

    /// <summary>Takes back a buffer of floats saved last.</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(DeviceSpan<float> values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            values[i] = (float)Pop();
        }
    }

    /// <summary>Takes back a buffer of ints saved last.</summary>
    /// <param name="values">The buffer to fill.</param>
    public void Restore(DeviceSpan<int> values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            values[i] = (int)Pop();
        }
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> doubles from the slice's end, until the enclosing mark is released.</summary>
    /// <param name="length">The number of elements.</param>
    /// <returns>The buffer.</returns>
    public DeviceSpan<double> Zeros(int length)
    {
        var span = new DeviceSpan<double>(Take(length), length);
        span.Clear();
        return span;
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> floats (two to a slot).</summary>
    /// <param name="length">The number of elements.</param>
    /// <returns>The buffer.</returns>
    public DeviceSpan<float> ZerosSingle(int length)
    {
        var span = new DeviceSpan<float>(Take((length + 1) / 2).Cast<float>(), length);
        span.Clear();
        return span;
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> ints (two to a slot).</summary>
    /// <param name="length">The number of elements.</param>
    /// <returns>The buffer.</returns>
    public DeviceSpan<int> ZerosInt32(int length)
    {
        var span = new DeviceSpan<int>(Take((length + 1) / 2).Cast<int>(), length);
        span.Clear();
        return span;
    }

    /// <summary>Raises <paramref name="needed"/>[0] to the most this thread's tape held at once, in doubles.</summary>
    /// <param name="needed">The launch's high-water mark.</param>
    public readonly void Report(ArrayView<int> needed)
    {
        if (_needed > _capacity)
        {
            Atomic.Max(ref needed[0], _needed);
        }
    }

    /// <summary><paramref name="length"/> slots from the end of the slice, or the whole slice (garbage, but inside it) when they do not fit.</summary>
    private ArrayView<double> Take(int length)
    {
        _scratch += length;
        Track(0);
        return _count + _scratch <= _capacity ? _slice.SubView(_capacity - _scratch, length) : _slice;
    }

    private void Track(long more)
    {
        var held = _count + _scratch + more;
        if (held > _needed)
        {
            _needed = (int)Math.Min(held, int.MaxValue);
        }
    }
}

/// <summary>A position on a <see cref="DeviceTape"/>.</summary>
/// <param name="Count">The stack height.</param>
/// <param name="Scratch">The slots of scratch taken.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct DeviceTapeMark(int Count, int Scratch);
