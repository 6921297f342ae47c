namespace SymDiff.Distributed.Tests;

/// <summary>
/// The communicator set up from an environment (no MPI needed): alone, a group of one whose collectives leave the
/// values as they are; started by a launcher whose library is missing or unknown, an error that says what to install.
/// </summary>
[Collection(nameof(CommunicatorTests))]
public sealed class CommunicatorTests
{
    [Fact]
    public void WithoutALauncherItIsAGroupOfOne()
    {
        using var world = MpiCommunicator.Create(_ => null, timeout: null);
        Assert.Equal((0, 1, false), (world.Rank, world.Size, world.IsMpi));
        Assert.Equal(TimeSpan.FromMinutes(10), world.Timeout);
        var values = new[] { 1f, 2f };
        world.AllReduceSum(values);
        world.Broadcast(values, root: 0);
        world.Agree("anything", 3);
        world.Barrier();
        Assert.True(((SymDiff.Training.ICollectives)world).StartSum(values).Test());
        Assert.Equal(new[] { 1f, 2f }, values);
        var wrongRoot = Assert.Throws<ArgumentOutOfRangeException>(() => world.Broadcast(values, root: 1));
        Assert.Contains("0 to 0", wrongRoot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimeoutComesFromTheEnvironment()
    {
        using var world = MpiCommunicator.Create(name => name == "SYMDIFF_MPI_TIMEOUT" ? "2.5" : null, timeout: null);
        Assert.Equal(TimeSpan.FromSeconds(2.5), world.Timeout);
    }

    [Fact]
    public void ALauncherWithoutItsLibrarySaysWhatToInstall()
    {
        var environment = new Dictionary<string, string>
        {
            ["OMPI_COMM_WORLD_SIZE"] = "2",
            ["OMPI_COMM_WORLD_RANK"] = "0",
            ["SYMDIFF_MPI_LIBRARY"] = "/nonexistent/libmpi.so.40",
        };
        var error = Assert.Throws<DistributedException>(() => MpiCommunicator.Create(environment.GetValueOrDefault, timeout: null));
        Assert.Contains("started by OpenMPI's mpirun (OMPI_COMM_WORLD_SIZE=2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/libmpi.so.40", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install openmpi-bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APmiLauncherLooksForMpich()
    {
        var environment = new Dictionary<string, string> { ["PMI_SIZE"] = "2", ["SYMDIFF_MPI_LIBRARY"] = "/nonexistent/libmpich.so.12" };
        var error = Assert.Throws<DistributedException>(() => MpiCommunicator.Create(environment.GetValueOrDefault, timeout: null));
        Assert.Contains("no MPICH library could be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install mpich", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownBinaryInterfaceIsNamed()
    {
        var environment = new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2", ["SYMDIFF_MPI_ABI"] = "lam" };
        var error = Assert.Throws<DistributedException>(() => MpiCommunicator.Create(environment.GetValueOrDefault, timeout: null));
        Assert.Contains("SYMDIFF_MPI_ABI is 'lam'", error.Message, StringComparison.Ordinal);
    }
}
