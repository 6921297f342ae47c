namespace SymDiff.Distributed.Mpi;

/// <summary>
/// OpenMPI's binary interface: <c>MPI_Comm</c>, <c>MPI_Datatype</c>, <c>MPI_Op</c> and <c>MPI_Errhandler</c> are pointers,
/// the predefined ones the addresses of exported globals; <c>MPI_Request</c> is a pointer; <c>MPI_IN_PLACE</c> is 1;
/// <c>MPI_STATUS_IGNORE</c> is null.
/// </summary>
internal sealed unsafe class OpenMpiLibrary : MpiLibrary
{
    private readonly nint _world;
    private readonly nint _float;
    private readonly nint _double;
    private readonly nint _int64;
    private readonly nint _sum;
    private readonly nint _max;
    private readonly nint _errorsReturn;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, int> _finalized;
    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<nint, nint, int> _setErrhandler;
    private readonly delegate* unmanaged<nint, nint*, int> _ibarrier;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, nint*, int> _ibcast;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int> _iallreduce;
    private readonly delegate* unmanaged<nint*, int*, void*, int> _test;
    private readonly delegate* unmanaged<nint, int, int> _abort;
    private readonly delegate* unmanaged<byte*, int*, int> _version;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;

    public OpenMpiLibrary(nint handle, string path)
        : base(handle, path)
    {
        _world = Export("ompi_mpi_comm_world");
        _float = Export("ompi_mpi_float");
        _double = Export("ompi_mpi_double");
        _int64 = Export("ompi_mpi_long_long_int");
        _sum = Export("ompi_mpi_op_sum");
        _max = Export("ompi_mpi_op_max");
        _errorsReturn = Export("ompi_mpi_errors_return");
        _initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        _finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export("MPI_Init_thread");
        _finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        _setErrhandler = (delegate* unmanaged<nint, nint, int>)Export("MPI_Comm_set_errhandler");
        _ibarrier = (delegate* unmanaged<nint, nint*, int>)Export("MPI_Ibarrier");
        _ibcast = (delegate* unmanaged<void*, int, nint, int, nint, nint*, int>)Export("MPI_Ibcast");
        _iallreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int>)Export("MPI_Iallreduce");
        _test = (delegate* unmanaged<nint*, int*, void*, int>)Export("MPI_Test");
        _abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
        _version = (delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_library_version");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
    }

    public override string Family => "OpenMPI";

    public override int Finalize() => _finalize();

    public override int ReturnErrors() => _setErrhandler(_world, _errorsReturn);

    protected override int RawInitialized(int* flag) => _initialized(flag);

    protected override int RawFinalized(int* flag) => _finalized(flag);

    protected override int RawInitThread(int required, int* provided) => _initThread(null, null, required, provided);

    protected override int RawRank(int* rank) => _commRank(_world, rank);

    protected override int RawSize(int* size) => _commSize(_world, size);

    protected override int RawIbarrier(nint* request) => _ibarrier(_world, request);

    protected override int RawIbcast(void* buffer, int count, MpiType type, int root, nint* request) =>
        _ibcast(buffer, count, Type(type), root, _world, request);

    protected override int RawIallreduceInPlace(void* buffer, int count, MpiType type, MpiOp op, nint* request) =>
        _iallreduce((void*)1, buffer, count, Type(type), op == MpiOp.Sum ? _sum : _max, _world, request);

    protected override int RawTest(nint* request, int* flag) => _test(request, flag, null);

    public override int Abort(int code) => _abort(_world, code);

    protected override int GetLibraryVersion(byte* buffer, int* length) => _version(buffer, length);

    protected override int ErrorString(int code, byte* buffer, int* length) => _errorString(code, buffer, length);

    private nint Type(MpiType type) => type switch
    {
        MpiType.Float => _float,
        MpiType.Double => _double,
        _ => _int64,
    };
}
