namespace SymDiff.Distributed.Mpi;

/// <summary>
/// MPICH's binary interface, shared by Intel MPI, MVAPICH and Cray MPICH: handles are 32-bit integers with fixed values
/// (<c>MPI_COMM_WORLD</c> 0x44000000, <c>MPI_FLOAT</c> 0x4c00040a, …), <c>MPI_Request</c> is an integer,
/// <c>MPI_IN_PLACE</c> is −1 and <c>MPI_STATUS_IGNORE</c> is 1.
/// </summary>
internal sealed unsafe class MpichLibrary : MpiLibrary
{
    private const int World = 0x44000000;
    private const int FloatType = 0x4c00040a;
    private const int DoubleType = 0x4c00080b;
    private const int Int64Type = 0x4c000809;
    private const int SumOp = 0x58000003;
    private const int MaxOp = 0x58000001;
    private const int ErrorsReturn = 0x54000001;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, int> _finalized;
    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<int, int*, int> _commRank;
    private readonly delegate* unmanaged<int, int*, int> _commSize;
    private readonly delegate* unmanaged<int, int, int> _setErrhandler;
    private readonly delegate* unmanaged<int, int*, int> _ibarrier;
    private readonly delegate* unmanaged<void*, int, int, int, int, int*, int> _ibcast;
    private readonly delegate* unmanaged<void*, void*, int, int, int, int, int*, int> _iallreduce;
    private readonly delegate* unmanaged<int*, int*, void*, int> _test;
    private readonly delegate* unmanaged<int, int, int> _abort;
    private readonly delegate* unmanaged<byte*, int*, int> _version;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;

    public MpichLibrary(nint handle, string path)
        : base(handle, path)
    {
        _initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        _finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export("MPI_Init_thread");
        _finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        _commRank = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_size");
        _setErrhandler = (delegate* unmanaged<int, int, int>)Export("MPI_Comm_set_errhandler");
        _ibarrier = (delegate* unmanaged<int, int*, int>)Export("MPI_Ibarrier");
        _ibcast = (delegate* unmanaged<void*, int, int, int, int, int*, int>)Export("MPI_Ibcast");
        _iallreduce = (delegate* unmanaged<void*, void*, int, int, int, int, int*, int>)Export("MPI_Iallreduce");
        _test = (delegate* unmanaged<int*, int*, void*, int>)Export("MPI_Test");
        _abort = (delegate* unmanaged<int, int, int>)Export("MPI_Abort");
        _version = (delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_library_version");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
    }

    public override string Family => "MPICH";

    public override int Finalize() => _finalize();

    public override int ReturnErrors() => _setErrhandler(World, ErrorsReturn);

    protected override int RawInitialized(int* flag) => _initialized(flag);

    protected override int RawFinalized(int* flag) => _finalized(flag);

    protected override int RawInitThread(int required, int* provided) => _initThread(null, null, required, provided);

    protected override int RawRank(int* rank) => _commRank(World, rank);

    protected override int RawSize(int* size) => _commSize(World, size);

    protected override int RawIbarrier(nint* request)
    {
        int r;
        var code = _ibarrier(World, &r);
        *request = r;
        return code;
    }

    protected override int RawIbcast(void* buffer, int count, MpiType type, int root, nint* request)
    {
        int r;
        var code = _ibcast(buffer, count, Type(type), root, World, &r);
        *request = r;
        return code;
    }

    protected override int RawIallreduceInPlace(void* buffer, int count, MpiType type, MpiOp op, nint* request)
    {
        int r;
        var code = _iallreduce((void*)-1, buffer, count, Type(type), op == MpiOp.Sum ? SumOp : MaxOp, World, &r);
        *request = r;
        return code;
    }

    protected override int RawTest(nint* request, int* flag)
    {
        var r = (int)*request;
        var code = _test(&r, flag, (void*)1);
        *request = r;
        return code;
    }

    public override int Abort(int code) => _abort(World, code);

    protected override int GetLibraryVersion(byte* buffer, int* length) => _version(buffer, length);

    protected override int ErrorString(int code, byte* buffer, int* length) => _errorString(code, buffer, length);

    private static int Type(MpiType type) => type switch
    {
        MpiType.Float => FloatType,
        MpiType.Double => DoubleType,
        _ => Int64Type,
    };
}
