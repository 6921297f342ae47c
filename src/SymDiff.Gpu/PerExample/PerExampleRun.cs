using System.ComponentModel;
using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// The device memory of one method's per-example kernels on one accelerator, for its generated launchers: the threads'
/// tapes (one fixed slice of <see cref="TapeLength"/> doubles per example), the launch's high-water mark, and one slab
/// per shared parameter holding every example's adjoint, which <see cref="SumExamples(ArrayView{double}, int, ArrayView{double}, bool)"/>
/// adds up in a fixed order. Allocated on first use and grown when a launch needs more; a launcher holds the instance's
/// lock while it launches, so concurrent callers never share a slab.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PerExampleRun : IDisposable
{
    /// <summary>Doubles per example's tape before any launch said how many it needs.</summary>
    public const int InitialTapeLength = 256;

    /// <summary>Examples a first-pass thread of <see cref="SumExamples(ArrayView{double}, int, ArrayView{double}, bool)"/> adds.</summary>
    public const int ExamplesPerChunk = 64;

    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _needed;
    private readonly int[] _neededOnHost = new int[1];
    private readonly List<MemoryBuffer?> _slabs = new();
    private readonly List<MemoryBuffer?> _statics = new();
    private MemoryBuffer1D<double, Stride1D.Dense>? _tape;
    private MemoryBuffer1D<double, Stride1D.Dense>? _partialDoubles;
    private MemoryBuffer1D<float, Stride1D.Dense>? _partialFloats;
    private Action<Index1D, ArrayView<double>, ArrayView<double>, int, int, int, int>? _sumDoubles;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>? _sumFloats;

    /// <summary>Memory for <paramref name="accelerator"/>'s launches.</summary>
    /// <param name="accelerator">The accelerator.</param>
    public PerExampleRun(Accelerator accelerator)
    {
        _accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        _needed = accelerator.Allocate1D<int>(1);
    }

    /// <summary>Doubles in each example's tape slice: grown to what a launch reported it needed.</summary>
    public int TapeLength { get; private set; } = InitialTapeLength;

    /// <summary>How many launches ran again because a tape slice was too short (for tests and diagnostics).</summary>
    public int Reruns { get; private set; }

    /// <summary>
    /// The tape buffer for <paramref name="examples"/> examples and the high-water mark, zeroed for a launch.
    /// </summary>
    /// <param name="examples">Examples in the launch.</param>
    /// <param name="method">The method, for the error message.</param>
    /// <returns>The tape (<see cref="TapeLength"/> doubles per example) and the mark.</returns>
    public (ArrayView<double> Tape, ArrayView<int> Needed) Launch(int examples, string method)
    {
        var length = (long)examples * TapeLength;
        if (_tape is null || _tape.Length < length)
        {
            _accelerator.Synchronize();
            _tape?.Dispose();
            _tape = null;
            try
            {
                _tape = _accelerator.Allocate1D<double>(length);
            }
            catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
            {
                throw new InvalidOperationException(
                    $"{method}: {examples} examples need {TapeLength} tape values each ({length * sizeof(double) / (1 << 20)} MiB), more than {_accelerator.Name} could allocate; pass a smaller examplesPerLaunch, or put [Checkpoint] on the method's long loop.", e);
            }
        }

        _needed.View.MemSetToZero();
        return (_tape.View.SubView(0, length), _needed.View);
    }

    /// <summary>Bytes of device memory a launch's tapes and slabs may take by default: 1 GiB, or a quarter of the accelerator's memory when that is less.</summary>
    public long DefaultBytesPerLaunch => Math.Min(1L << 30, Math.Max(1, _accelerator.MemorySize / 4));

    /// <summary>
    /// How many examples one launch takes: <paramref name="requested"/> when positive, otherwise as many as fit
    /// <see cref="DefaultBytesPerLaunch"/> with tapes of <see cref="TapeLength"/> doubles and
    /// <paramref name="slabBytesPerExample"/> bytes of slabs each; at least one, at most <paramref name="examples"/>.
    /// </summary>
    /// <param name="examples">Examples in the call.</param>
    /// <param name="slabBytesPerExample">Bytes of per-example adjoints (0 for the forward kernel and atomic adds).</param>
    /// <param name="requested">The caller's choice, or 0.</param>
    /// <returns>Examples per launch.</returns>
    public int ExamplesPerLaunch(int examples, long slabBytesPerExample, int requested)
    {
        if (requested > 0)
        {
            return Math.Min(requested, Math.Max(examples, 1));
        }

        var perExample = ((long)TapeLength * sizeof(double)) + slabBytesPerExample;
        return (int)Math.Clamp(DefaultBytesPerLaunch / Math.Max(perExample, 1), 1, Math.Max(examples, 1));
    }

    /// <summary>
    /// Waits for the launch and reads its high-water mark: true when every tape fit; otherwise the slices grow to what
    /// the longest needed and the caller launches again (its results are garbage).
    /// </summary>
    /// <returns>Whether the launch's results stand.</returns>
    public bool Fitted()
    {
        _needed.View.CopyToCPU(_neededOnHost);
        var needed = _neededOnHost[0];
        if (needed <= TapeLength)
        {
            return true;
        }

        TapeLength = (int)Math.Min(int.MaxValue, (needed + 31L) / 32 * 32);
        Reruns++;
        return false;
    }

    /// <summary>
    /// A device copy of the static array <paramref name="values"/> (data the method reads), refreshed at every launch
    /// since its elements may have changed; the buffer of slot <paramref name="slot"/> is kept between launches.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="slot">Which static array.</param>
    /// <param name="values">Its elements.</param>
    /// <param name="name">Its field, for the error message.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="InvalidOperationException">The field holds no array.</exception>
    public ArrayView<T> Upload<T>(int slot, T[]? values, string name)
        where T : unmanaged
    {
        if (values is null)
        {
            throw new InvalidOperationException($"The static field {name}, which the kernel reads, holds no array (null).");
        }

        var view = Slot<T>(_statics, slot, values.Length, name, "a device copy of the static array", "make the array shorter");
        view.CopyFromCPU(values);
        return view;
    }

    /// <summary>Slab <paramref name="slot"/>: <paramref name="length"/> elements, kept between launches.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="slot">Which shared parameter's adjoints it holds.</param>
    /// <param name="length">Examples times the parameter's length.</param>
    /// <param name="method">The launcher, for the error message.</param>
    /// <returns>The view.</returns>
    /// <exception cref="InvalidOperationException">The accelerator cannot hold it; the message says what to do instead.</exception>
    public ArrayView<T> Slab<T>(int slot, long length, string method)
        where T : unmanaged
    {
        return Slot<T>(_slabs, slot, length, method, "the per-example adjoints of a shared parameter",
            "pass deterministic: false (adjoints added atomically, no per-example copies) or fewer examplesPerLaunch");
    }

    /// <summary>
    /// The first <paramref name="length"/> elements of buffer <paramref name="slot"/> of <paramref name="buffers"/>,
    /// which is allocated, or replaced by a longer one, when it holds fewer (after the accelerator finished with it). An
    /// allocation that fails says for <paramref name="owner"/> what needed the memory and <paramref name="advice"/>.
    /// </summary>
    private ArrayView<T> Slot<T>(List<MemoryBuffer?> buffers, int slot, long length, string owner, string what, string advice)
        where T : unmanaged
    {
        while (buffers.Count <= slot)
        {
            buffers.Add(null);
        }

        if (buffers[slot] is not MemoryBuffer1D<T, Stride1D.Dense> buffer || buffer.Length < Math.Max(length, 1))
        {
            _accelerator.Synchronize();
            buffers[slot]?.Dispose();
            buffers[slot] = null;
            try
            {
                buffer = _accelerator.Allocate1D<T>(Math.Max(length, 1));
            }
            catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
            {
                throw new InvalidOperationException(
                    $"{owner}: {what} needs {length} values ({length * Interop.SizeOf<T>() / (1 << 20)} MiB), more than {_accelerator.Name} could allocate; {advice}.", e);
            }

            buffers[slot] = buffer;
        }

        return buffer.View.SubView(0, length);
    }

    /// <summary>
    /// target[j] = Σₑ slab[e·n + j] over the <paramref name="examples"/> examples (n = target's length), added in the
    /// same order on every launch: chunks of <see cref="ExamplesPerChunk"/> examples per thread, then one thread per
    /// element adds its chunks.
    /// </summary>
    /// <param name="slab">Every example's adjoint, example after example.</param>
    /// <param name="examples">How many examples.</param>
    /// <param name="target">Receives the sum.</param>
    /// <param name="accumulate">Add the sum to what <paramref name="target"/> holds (a later chunk of a launch's examples) instead of writing it.</param>
    public void SumExamples(ArrayView<double> slab, int examples, ArrayView<double> target, bool accumulate = false)
    {
        _sumDoubles ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int, int, int, int>(SumChunks);
        Sum(_sumDoubles, ref _partialDoubles, slab, examples, target, accumulate);
    }

    /// <inheritdoc cref="SumExamples(ArrayView{double}, int, ArrayView{double}, bool)"/>
    public void SumExamples(ArrayView<float> slab, int examples, ArrayView<float> target, bool accumulate = false)
    {
        _sumFloats ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>(SumChunks);
        Sum(_sumFloats, ref _partialFloats, slab, examples, target, accumulate);
    }

    /// <summary>Whether two views share an element: their byte ranges in one buffer intersect (generic, so no view is boxed).</summary>
    /// <typeparam name="TFirst">The first view's type.</typeparam>
    /// <typeparam name="TSecond">The second view's type.</typeparam>
    /// <param name="first">A view.</param>
    /// <param name="second">Another view.</param>
    /// <returns>True when they overlap.</returns>
    public static bool Overlap<TFirst, TSecond>(TFirst first, TSecond second)
        where TFirst : struct, IContiguousArrayView
        where TSecond : struct, IContiguousArrayView =>
        first.LengthInBytes > 0 && second.LengthInBytes > 0 && ReferenceEquals(first.Buffer, second.Buffer)
        && first.IndexInBytes < second.IndexInBytes + second.LengthInBytes && second.IndexInBytes < first.IndexInBytes + first.LengthInBytes;

    /// <inheritdoc/>
    public void Dispose()
    {
        _tape?.Dispose();
        _needed.Dispose();
        _partialDoubles?.Dispose();
        _partialFloats?.Dispose();
        foreach (var buffer in _slabs.Concat(_statics))
        {
            buffer?.Dispose();
        }
    }

    /// <summary>The two passes of <see cref="SumExamples(ArrayView{double}, int, ArrayView{double}, bool)"/> with <paramref name="kernel"/>, partial sums in <paramref name="partials"/>.</summary>
    private void Sum<T>(Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int> kernel, ref MemoryBuffer1D<T, Stride1D.Dense>? partials, ArrayView<T> slab, int examples, ArrayView<T> target, bool accumulate)
        where T : unmanaged
    {
        var n = (int)target.Length;
        if (n == 0)
        {
            return;
        }

        if (examples <= ExamplesPerChunk)
        {
            kernel(n, slab, target, examples, n, examples, accumulate ? 1 : 0);
            return;
        }

        var chunks = (examples + ExamplesPerChunk - 1) / ExamplesPerChunk;
        if (partials is null || partials.Length < (long)chunks * n)
        {
            _accelerator.Synchronize();
            partials?.Dispose();
            partials = _accelerator.Allocate1D<T>((long)chunks * n);
        }

        var partial = partials.View.SubView(0, (long)chunks * n);
        kernel(chunks * n, slab, partial, examples, n, ExamplesPerChunk, 0);
        kernel(n, partial, target, chunks, n, chunks, accumulate ? 1 : 0);
    }

    /// <summary>
    /// Thread t = c·n + j adds rows c·chunk … c·chunk + chunk − 1 of column j of the examples × n slab, in order, into
    /// sums[t] (added to it when <paramref name="accumulate"/> is not 0); a launch over n threads with chunk = examples is
    /// the whole sum.
    /// </summary>
    internal static void SumChunks(Index1D t, ArrayView<double> slab, ArrayView<double> sums, int examples, int n, int chunk, int accumulate)
    {
        var j = t.X % n;
        var first = t.X / n * chunk;
        var last = Math.Min(examples, first + chunk);
        var sum = 0.0;
        for (var e = first; e < last; e++)
        {
            sum += slab[((long)e * n) + j];
        }

        sums[t] = accumulate != 0 ? sums[t] + sum : sum;
    }

    internal static void SumChunks(Index1D t, ArrayView<float> slab, ArrayView<float> sums, int examples, int n, int chunk, int accumulate)
    {
        var j = t.X % n;
        var first = t.X / n * chunk;
        var last = Math.Min(examples, first + chunk);
        var sum = 0f;
        for (var e = first; e < last; e++)
        {
            sum += slab[((long)e * n) + j];
        }

        sums[t] = accumulate != 0 ? sums[t] + sum : sum;
    }
}
