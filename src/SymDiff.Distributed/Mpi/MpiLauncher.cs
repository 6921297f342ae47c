using System.Runtime.InteropServices;

namespace SymDiff.Distributed.Mpi;

/// <summary>
/// What the MPI launcher told this process through its environment, and which library to bind. OpenMPI's
/// <c>mpirun</c> sets <c>OMPI_COMM_WORLD_SIZE</c>/<c>OMPI_COMM_WORLD_RANK</c>; MPICH's Hydra (<c>mpiexec</c>) and Slurm's
/// PMI set <c>PMI_SIZE</c>/<c>PMI_RANK</c>; PMIx launchers set <c>PMIX_RANK</c>. <c>SYMDIFF_MPI_LIBRARY</c> names the
/// library file and <c>SYMDIFF_MPI_ABI</c> (<c>openmpi</c> or <c>mpich</c>) its binary interface where the defaults
/// do not fit.
/// </summary>
internal static class MpiLauncher
{
    private static readonly string[] OpenMpiNames = ["libmpi.so.40", "libmpi.so"];
    private static readonly string[] MpichNames = ["libmpich.so.12", "libmpi.so.12", "libmpich.so"];

    /// <summary>The launcher's name and its world size, or null when no MPI launcher started this process.</summary>
    public static (string Launcher, int? Size, string Abi)? Detect(Func<string, string?> environment)
    {
        if (environment("OMPI_COMM_WORLD_SIZE") is { } ompi)
        {
            return ("OpenMPI's mpirun (OMPI_COMM_WORLD_SIZE=" + ompi + ")", ParseSize(ompi), "openmpi");
        }

        if (environment("PMI_SIZE") is { } pmi)
        {
            return ("a PMI launcher such as MPICH's mpiexec or srun (PMI_SIZE=" + pmi + ")", ParseSize(pmi), "mpich");
        }

        if (environment("PMIX_RANK") is { } pmix)
        {
            return ("a PMIx launcher (PMIX_RANK=" + pmix + ")", null, "openmpi");
        }

        return null;
    }

    /// <summary>Loads the library for <paramref name="abi"/> (or the one SYMDIFF_MPI_* name), or throws naming what was tried.</summary>
    public static MpiLibrary Load(string abi, string launcher, Func<string, string?> environment)
    {
        abi = environment("SYMDIFF_MPI_ABI")?.Trim().ToLowerInvariant() is { Length: > 0 } chosen ? chosen : abi;
        if (abi is not ("openmpi" or "mpich"))
        {
            throw new DistributedException($"SYMDIFF_MPI_ABI is '{abi}'; SymDiff binds 'openmpi' (OpenMPI) or 'mpich' (MPICH, Intel MPI, MVAPICH, Cray MPICH).");
        }

        string[] names = environment("SYMDIFF_MPI_LIBRARY") is { Length: > 0 } file ? [file] : abi == "openmpi" ? OpenMpiNames : MpichNames;
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, typeof(MpiLauncher).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.System32, out var handle)
                || NativeLibrary.TryLoad(name, out handle))
            {
                return abi == "openmpi" ? new OpenMpiLibrary(handle, name) : new MpichLibrary(handle, name);
            }
        }

        var install = abi == "openmpi"
            ? "Install OpenMPI's runtime on every machine (Debian/Ubuntu: apt-get install openmpi-bin; Fedora: dnf install openmpi)"
            : "Install MPICH's runtime on every machine (Debian/Ubuntu: apt-get install mpich)";
        throw new DistributedException(
            $"This process was started by {launcher}, but no {(abi == "openmpi" ? "OpenMPI" : "MPICH")} library could be loaded (tried {string.Join(", ", names)}). " +
            $"{install}, or set SYMDIFF_MPI_LIBRARY to the library file (and SYMDIFF_MPI_ABI to openmpi or mpich).");
    }

    private static int? ParseSize(string text) => int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
