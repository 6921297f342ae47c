using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using SymDiff.Distributed.Mpi;
using SymDiff.Training;

namespace SymDiff.Distributed;

/// <summary>
/// The processes of one MPI job (MPI_COMM_WORLD), set up from the launcher's environment: started by <c>mpirun</c> or
/// <c>mpiexec</c>, it binds the machine's MPI library and joins the job; started alone, it is a group of one that needs
/// no MPI, so the same program runs both ways. Collectives are in place and every one of them times out
/// (<see cref="Timeout"/>) instead of hanging when a rank never joins it. It is the <see cref="ICollectives"/> the
/// <see cref="Trainer"/> takes in <see cref="TrainerOptions.DataParallel"/>.
/// <para>
/// Why its own binding rather than MPI.NET: MPI.NET 1.4 is built for Microsoft MPI (Windows): on OpenMPI it crashes,
/// on MPICH it works only with its <c>msmpi.dll</c> import redirected. SymDiff needs a dozen functions; it binds them at
/// run time for both binary interfaces MPI libraries use (OpenMPI's, and MPICH's, which Intel MPI, MVAPICH and Cray
/// MPICH share), and ships nothing native.
/// </para>
/// </summary>
public sealed unsafe class MpiCommunicator : ICollectives, IDisposable
{
    private static readonly Lock Gate = new();
    private static MpiCommunicator? s_current;
    private static bool s_finalized;
    private readonly MpiLibrary? _mpi;
    private string? _broken;
    private bool _disposed;

    private MpiCommunicator(MpiLibrary? mpi, int rank, int size, TimeSpan timeout, string description)
    {
        _mpi = mpi;
        Rank = rank;
        Size = size;
        Timeout = timeout;
        Description = description;
    }

    /// <summary>This process's rank, 0 to <see cref="Size"/> − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the job (1 when started without an MPI launcher).</summary>
    public int Size { get; }

    /// <summary>Whether this process is part of an MPI job (false: a group of one, without MPI).</summary>
    public bool IsMpi => _mpi is not null;

    /// <summary>How long a collective waits for every rank before it throws <see cref="CollectiveTimeoutException"/> (SYMDIFF_MPI_TIMEOUT seconds; 10 minutes by default).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>"rank 0 of 2, Open MPI v4.1.4 (libmpi.so.40)", or "a single process (no MPI launcher)".</summary>
    public string Description { get; }

    /// <summary>
    /// The job this process belongs to: MPI when an MPI launcher started it (OpenMPI's <c>mpirun</c>, MPICH's
    /// <c>mpiexec</c>, Slurm's <c>srun</c>), else a group of one. Once per process (MPI cannot start twice): later calls
    /// return the same communicator until it is disposed.
    /// </summary>
    /// <param name="timeout">How long collectives wait; default SYMDIFF_MPI_TIMEOUT seconds, else 10 minutes.</param>
    /// <exception cref="DistributedException">An MPI launcher started the process but its MPI library cannot be loaded or started.</exception>
    public static MpiCommunicator FromEnvironment(TimeSpan? timeout = null) => Create(Environment.GetEnvironmentVariable, timeout);

    /// <summary><see cref="FromEnvironment"/> reading the given environment.</summary>
    internal static MpiCommunicator Create(Func<string, string?> environment, TimeSpan? timeout)
    {
        lock (Gate)
        {
            if (s_current is { _disposed: false } current)
            {
                return current;
            }

            var wait = timeout ?? TimeoutFrom(environment("SYMDIFF_MPI_TIMEOUT"));
            if (MpiLauncher.Detect(environment) is not { } launched)
            {
                return s_current = new MpiCommunicator(null, 0, 1, wait, "a single process (no MPI launcher)");
            }

            if (s_finalized)
            {
                throw new DistributedException("MPI was already finalized in this process (a communicator was disposed); MPI cannot start twice: create the communicator once and dispose it at the end.");
            }

            var mpi = MpiLauncher.Load(launched.Abi, launched.Launcher, environment);
            Check(mpi, mpi.Initialized(out var initialized), "MPI_Initialized");
            if (!initialized)
            {
                Check(mpi, mpi.InitThread(), "MPI_Init_thread");
            }

            Check(mpi, mpi.ReturnErrors(), "MPI_Comm_set_errhandler");
            Check(mpi, mpi.WorldRank(out var rank), "MPI_Comm_rank");
            Check(mpi, mpi.WorldSize(out var size), "MPI_Comm_size");
            if (launched.Size is { } expected && expected != size)
            {
                throw new DistributedException($"{launched.Launcher} started {expected} processes, but MPI_COMM_WORLD has {size}: the launcher and the library '{mpi.Path}' belong to different MPI installations (use the mpirun of the MPI SymDiff loaded, or set SYMDIFF_MPI_LIBRARY).");
            }

            var communicator = new MpiCommunicator(mpi, rank, size, wait, $"rank {rank} of {size}, {mpi.Version()} ({mpi.Path})");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => communicator.Dispose();
            return s_current = communicator;
        }
    }

    /// <summary>Waits until every rank has called it.</summary>
    public void Barrier()
    {
        if (Solo())
        {
            return;
        }

        Check(_mpi!.Ibarrier(out var request), "MPI_Ibarrier");
        Complete(ref request, "a barrier", Stopwatch.GetTimestamp());
    }

    /// <summary>Overwrites <paramref name="values"/> on every rank with <paramref name="root"/>'s (after checking the lengths agree).</summary>
    /// <param name="values">The buffer.</param>
    /// <param name="root">The rank that sends.</param>
    public void Broadcast(Span<float> values, int root) => Blocking(values, MpiType.Float, root);

    /// <summary>Overwrites <paramref name="values"/> on every rank with <paramref name="root"/>'s (after checking the lengths agree).</summary>
    /// <param name="values">The buffer.</param>
    /// <param name="root">The rank that sends.</param>
    public void Broadcast(Span<double> values, int root) => Blocking(values, MpiType.Double, root);

    /// <summary>Replaces <paramref name="values"/> on every rank with the element-wise sum over the ranks (after checking the lengths agree).</summary>
    /// <param name="values">The buffer, summed in place.</param>
    public void AllReduceSum(Span<float> values) => Blocking(values, MpiType.Float, root: -1);

    /// <summary>Replaces <paramref name="values"/> on every rank with the element-wise sum over the ranks (after checking the lengths agree).</summary>
    /// <param name="values">The buffer, summed in place.</param>
    public void AllReduceSum(Span<double> values) => Blocking(values, MpiType.Double, root: -1);

    /// <inheritdoc/>
    public void Agree(string what, long value)
    {
        if (Solo())
        {
            return;
        }

        var range = stackalloc long[2] { value, -value };
        Check(_mpi!.IallreduceInPlace(range, 2, MpiType.Int64, MpiOp.Max, out var request), "MPI_Iallreduce");
        Complete(ref request, $"agreeing on {what}", Stopwatch.GetTimestamp());
        if (range[0] != -range[1])
        {
            throw new RankDisagreementException(
                $"The ranks disagree on {what}: rank {Rank} has {value.ToString(CultureInfo.InvariantCulture)}, and the ranks' values range from " +
                $"{(-range[1]).ToString(CultureInfo.InvariantCulture)} to {range[0].ToString(CultureInfo.InvariantCulture)}. Every rank must run the same model on the same data with the same settings.");
        }
    }

    /// <inheritdoc/>
    void ICollectives.Broadcast(Memory<float> values, int root) => Broadcast(values.Span, root);

    /// <summary>
    /// Starts an in-place sum over the ranks of <paramref name="values"/> (pinned until it completes) without checking
    /// the lengths agree (the caller agreed on them once: <see cref="Agree"/>).
    /// </summary>
    /// <param name="values">The buffer; not to be touched until the operation completes.</param>
    public IPendingCollective StartSum(Memory<float> values)
    {
        if (Solo())
        {
            return Completed.Instance;
        }

        var pin = values.Pin();
        var code = _mpi!.IallreduceInPlace(pin.Pointer, values.Length, MpiType.Float, MpiOp.Sum, out var request);
        if (code != MpiLibrary.Success)
        {
            pin.Dispose();
            Check(code, "MPI_Iallreduce");
        }

        return new Pending(this, request, pin, $"an all-reduce of {values.Length} floats");
    }

    /// <summary>
    /// Finalizes MPI (once every rank has done so), or, after a collective failed or timed out, aborts every rank of
    /// the job (MPI_Abort): waiting for the ranks that never came would hang.
    /// </summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_mpi is null)
            {
                return;
            }

            if (_broken is not null)
            {
                Console.Error.WriteLine($"SymDiff.Distributed: aborting every rank of the job after: {_broken}");
                Console.Error.Flush();
                _mpi.Abort(1);
                return;
            }

            if (_mpi.Finalized(out var finalized) == MpiLibrary.Success && !finalized)
            {
                _mpi.Finalize();
            }

            s_finalized = true;
        }
    }

    private static TimeSpan TimeoutFrom(string? seconds) =>
        double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromMinutes(10);

    private static void Check(MpiLibrary mpi, int code, string call)
    {
        if (code != MpiLibrary.Success)
        {
            throw new DistributedException($"{call} failed in {mpi.Family} ({mpi.Path}): {mpi.ErrorText(code)} (error {code}).");
        }
    }

    private void Check(int code, string call)
    {
        if (code != MpiLibrary.Success)
        {
            _broken = $"{call} failed on rank {Rank}: {_mpi!.ErrorText(code)} (error {code})";
            throw new DistributedException(_broken + ".");
        }
    }

    /// <summary>True where there is nothing to exchange (a group of one); throws where the communicator cannot be used.</summary>
    private bool Solo(int root = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken is not null)
        {
            throw new DistributedException($"This communicator failed earlier ({_broken}); no collective can run on it. Dispose it to end the job.");
        }

        if (root < 0 || root >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"The root must be a rank, 0 to {Size - 1}.");
        }

        return _mpi is null;
    }

    /// <summary>
    /// A broadcast from <paramref name="root"/>, or (root −1) an in-place sum, of <paramref name="values"/>, after the
    /// ranks agree on its length, waited for (nothing to do in a group of one).
    /// </summary>
    private void Blocking<T>(Span<T> values, MpiType type, int root)
        where T : unmanaged
    {
        if (Solo(Math.Max(root, 0)))
        {
            return;
        }

        var what = type == MpiType.Float ? "floats" : "doubles";
        var operation = root >= 0 ? $"a broadcast of {values.Length} {what} from rank {root}" : $"an all-reduce of {values.Length} {what}";
        Agree(root >= 0 ? "the broadcast's length" : "the all-reduce's length", values.Length);
        fixed (T* buffer = values)
        {
            nint request;
            if (root >= 0)
            {
                Check(_mpi!.Ibcast(buffer, values.Length, type, root, out request), "MPI_Ibcast");
            }
            else
            {
                Check(_mpi!.IallreduceInPlace(buffer, values.Length, type, MpiOp.Sum, out request), "MPI_Iallreduce");
            }

            Complete(ref request, operation, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Polls a request until it completes or the timeout passes (spinning first: collectives are short).</summary>
    private void Complete(ref nint request, string operation, long started)
    {
        for (var polls = 0; ; polls++)
        {
            if (Poll(ref request, operation))
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                _broken = $"rank {Rank} of {Size} waited {Timeout.TotalSeconds:F0} s for {operation}";
                throw new CollectiveTimeoutException(
                    $"Rank {Rank} of {Size} waited {Timeout.TotalSeconds:F0} s for {operation}, and not every rank joined it: a rank failed or stopped, " +
                    "is slower than the timeout (SYMDIFF_MPI_TIMEOUT sets it, in seconds), or calls the collectives in another order. " +
                    "The communicator cannot be used again; disposing it aborts every rank of the job.");
            }

            if (polls < 4096)
            {
                Thread.SpinWait(16);
            }
            else if (polls < 65536)
            {
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    private bool Poll(ref nint request, string operation)
    {
        var code = _mpi!.Test(ref request, out var done);
        if (code != MpiLibrary.Success)
        {
            Check(code, $"MPI_Test ({operation})");
        }

        return done;
    }

    /// <summary>A sum in flight: its request, the pin on its buffer, and when it started.</summary>
    private sealed class Pending(MpiCommunicator owner, nint request, MemoryHandle pin, string operation) : IPendingCollective
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private nint _request = request;
        private MemoryHandle _pin = pin;
        private bool _done;

        public bool Test()
        {
            if (!_done && owner.Poll(ref _request, operation))
            {
                Finish();
            }

            return _done;
        }

        public void Wait()
        {
            if (_done)
            {
                return;
            }

            owner.Complete(ref _request, operation, _started);
            Finish();
        }

        private void Finish()
        {
            _done = true;
            _pin.Dispose();
        }
    }

    private sealed class Completed : IPendingCollective
    {
        public static readonly Completed Instance = new();

        public bool Test() => true;

        public void Wait()
        {
        }
    }
}
