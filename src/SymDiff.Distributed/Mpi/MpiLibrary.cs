using System.Runtime.InteropServices;

namespace SymDiff.Distributed.Mpi;

/// <summary>The element types and reductions the communicator uses.</summary>
internal enum MpiType
{
    Float,
    Double,
    Int64,
}

/// <summary>The reductions the communicator uses.</summary>
internal enum MpiOp
{
    Sum,
    Max,
}

/// <summary>
/// The few MPI calls SymDiff makes, bound at run time to the machine's MPI library. MPI fixes the C API but not the
/// binary one: OpenMPI's handles are addresses of exported globals (<c>&amp;ompi_mpi_comm_world</c>), MPICH's (and
/// Intel MPI's, Cray MPICH's) are integer constants; <see cref="OpenMpiLibrary"/> and <see cref="MpichLibrary"/> are
/// the two bindings. Only non-blocking collectives are used, so every wait can time out (MPI's blocking ones cannot).
/// Every call returns MPI's error code; communicators are set to return errors rather than abort.
/// </summary>
internal abstract unsafe class MpiLibrary
{
    public const int Success = 0;

    protected MpiLibrary(nint handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    /// <summary>The loaded library.</summary>
    public nint Handle { get; }

    /// <summary>The file it was loaded from (the name given to the loader).</summary>
    public string Path { get; }

    /// <summary>"OpenMPI" or "MPICH".</summary>
    public abstract string Family { get; }

    public int Initialized(out bool flag)
    {
        int f;
        var code = RawInitialized(&f);
        flag = f != 0;
        return code;
    }

    public int Finalized(out bool flag)
    {
        int f;
        var code = RawFinalized(&f);
        flag = f != 0;
        return code;
    }

    /// <summary>MPI_Init_thread with MPI_THREAD_SERIALIZED (calls from any thread, one at a time).</summary>
    public int InitThread()
    {
        int provided;
        return RawInitThread(2, &provided);
    }

    public abstract int Finalize();

    public int WorldRank(out int rank)
    {
        int r;
        var code = RawRank(&r);
        rank = r;
        return code;
    }

    public int WorldSize(out int size)
    {
        int s;
        var code = RawSize(&s);
        size = s;
        return code;
    }

    /// <summary>MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN).</summary>
    public abstract int ReturnErrors();

    public int Ibarrier(out nint request)
    {
        nint r;
        var code = RawIbarrier(&r);
        request = r;
        return code;
    }

    public int Ibcast(void* buffer, int count, MpiType type, int root, out nint request)
    {
        nint r;
        var code = RawIbcast(buffer, count, type, root, &r);
        request = r;
        return code;
    }

    /// <summary>MPI_Iallreduce(MPI_IN_PLACE, buffer, …).</summary>
    public int IallreduceInPlace(void* buffer, int count, MpiType type, MpiOp op, out nint request)
    {
        nint r;
        var code = RawIallreduceInPlace(buffer, count, type, op, &r);
        request = r;
        return code;
    }

    public int Test(ref nint request, out bool done)
    {
        int flag;
        var r = request;
        var code = RawTest(&r, &flag);
        request = r;
        done = flag != 0;
        return code;
    }

    public abstract int Abort(int code);

    /// <summary>The library's own version text (MPI_Get_library_version), first line.</summary>
    public string Version()
    {
        var buffer = stackalloc byte[8192];
        int length;
        if (GetLibraryVersion(buffer, &length) != Success)
        {
            return Family;
        }

        var text = Marshal.PtrToStringUTF8((nint)buffer, Math.Clamp(length, 0, 8191)) ?? Family;
        // "Open MPI v4.1.4, package: …" and "MPICH Version:\t4.0.2" become "Open MPI v4.1.4" and "MPICH 4.0.2".
        var line = string.Join(' ', text.Split('\n')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Where(w => w != "Version:"));
        var comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 ? line[..comma] : line;
    }

    /// <summary>MPI's text for an error code.</summary>
    public string ErrorText(int code)
    {
        var buffer = stackalloc byte[1024];
        int length;
        return ErrorString(code, buffer, &length) == Success
            ? Marshal.PtrToStringUTF8((nint)buffer, Math.Clamp(length, 0, 1023)) ?? $"MPI error {code}"
            : $"MPI error {code}";
    }

    protected abstract int RawInitialized(int* flag);

    protected abstract int RawFinalized(int* flag);

    protected abstract int RawInitThread(int required, int* provided);

    protected abstract int RawRank(int* rank);

    protected abstract int RawSize(int* size);

    protected abstract int RawIbarrier(nint* request);

    protected abstract int RawIbcast(void* buffer, int count, MpiType type, int root, nint* request);

    protected abstract int RawIallreduceInPlace(void* buffer, int count, MpiType type, MpiOp op, nint* request);

    protected abstract int RawTest(nint* request, int* flag);

    protected abstract int GetLibraryVersion(byte* buffer, int* length);

    protected abstract int ErrorString(int code, byte* buffer, int* length);

    /// <summary>An exported function or variable of the library, or a clear error naming it.</summary>
    protected nint Export(string name) => NativeLibrary.TryGetExport(Handle, name, out var address)
        ? address
        : throw new DistributedException($"The MPI library '{Path}' has no '{name}': it is not the {Family} library SymDiff expected (set SYMDIFF_MPI_LIBRARY to the right file, SYMDIFF_MPI_ABI to openmpi or mpich).");
}
