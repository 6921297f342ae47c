using System.Diagnostics;
using SymDiff.Checkpoints;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// Real MPI jobs: this test assembly started on two ranks (<see cref="Ranks"/>) by OpenMPI's <c>mpirun</c> and by
/// MPICH's <c>mpiexec.hydra</c>, one binary interface each. Each is skipped, saying why, where that MPI is not installed
/// (<c>.ci/run</c> installs OpenMPI's). No job may hang: each is killed after two minutes and the test fails.
/// </summary>
[Collection(nameof(CommunicatorTests))]
public sealed class MpiJobTests
{
    private static readonly Lazy<Dictionary<string, string>> Launchers = new(FindLaunchers);

    [SkippableTheory]
    [InlineData("openmpi")]
    [InlineData("mpich")]
    public void EveryCollectiveGivesWhatItMustOnEveryRank(string mpi)
    {
        var (code, output) = Job(mpi, "collectives");
        Assert.True(code == 0, output);
        foreach (var rank in new[] { 0, 1 })
        {
            Assert.Contains($"rank {rank}: rank {rank} of 2, ", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: sum floats ok, sum doubles ok", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: broadcast from 1 ok", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: agree ok", output, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData("openmpi")]
    [InlineData("mpich")]
    public void RanksThatDisagreeBothSayOnWhat(string mpi)
    {
        var (code, output) = Job(mpi, "disagree");
        Assert.NotEqual(0, code);
        Assert.Contains("rank 0: The ranks disagree on the model's width: rank 0 has 10, and the ranks' values range from 10 to 11.", output, StringComparison.Ordinal);
        Assert.Contains("rank 1: The ranks disagree on the model's width: rank 1 has 11,", output, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("openmpi")]
    [InlineData("mpich")]
    public void ACollectiveARankNeverJoinsTimesOutAndEndsTheJob(string mpi)
    {
        var clock = Stopwatch.StartNew();
        var (code, output) = Job(mpi, "timeout", environment: ("SYMDIFF_MPI_TIMEOUT", "2"));
        Assert.NotEqual(0, code);
        Assert.Contains("rank 0: Rank 0 of 2 waited 2 s for", output, StringComparison.Ordinal);
        Assert.Contains("aborting every rank of the job", output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"the job took {clock.Elapsed} (rank 1 sleeps 60 s: the abort must end it)");
    }

    [SkippableTheory]
    [InlineData("openmpi")]
    [InlineData("mpich")]
    public void TwoRanksTrainLikeOneProcessAndOnlyRankZeroWritesCheckpoints(string mpi)
    {
        var folder = Directory.CreateTempSubdirectory("symdiff-mpi-");
        try
        {
            var parameters = Path.Combine(folder.FullName, "two-ranks.bin");
            var checkpoint = Path.Combine(folder.FullName, "checkpoint-{rank}.bin");
            var (code, output) = Job(mpi, "train", arguments: [parameters, checkpoint]);
            Assert.True(code == 0, output);
            var together = Ranks.Read(parameters);
            var alone = TinyModel.Train(group: null);
            Assert.Equal(alone.Steps, together.Steps);
            for (var i = 0; i < alone.Parameters.Length; i++)
            {
                Assert.True(Math.Abs(alone.Parameters[i] - together.Parameters[i]) <= 2e-5f * (1 + Math.Abs(alone.Parameters[i])),
                    $"parameter element {i}: {alone.Parameters[i]:R} alone, {together.Parameters[i]:R} on two ranks");
            }

            Assert.True(File.Exists(Path.Combine(folder.FullName, "checkpoint-0.bin")));
            Assert.False(File.Exists(Path.Combine(folder.FullName, "checkpoint-1.bin")), "rank 1 wrote a checkpoint");
            using var model = TinyModel.Model(seed: 99);
            Checkpoint.Load(Path.Combine(folder.FullName, "checkpoint-0.bin"), model.Parameters);
            Assert.Equal(together.Parameters, model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData("openmpi", "no OpenMPI library could be loaded (tried /nonexistent/libmpi.so)")]
    [InlineData("mpich", "no MPICH library could be loaded (tried /nonexistent/libmpi.so)")]
    public void UnderALauncherAMissingLibraryIsAClearError(string mpi, string message)
    {
        var (code, output) = Job(mpi, "collectives", environment: ("SYMDIFF_MPI_LIBRARY", "/nonexistent/libmpi.so"));
        Assert.NotEqual(0, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void TheDigitsSampleTrainsOnTwoRanksAndRankZeroReportsForBoth()
    {
        var folder = Directory.CreateTempSubdirectory("symdiff-digits-");
        try
        {
            var (code, output) = Job("openmpi", program: DigitsSample(), arguments: ["--distributed", "--plain", "--epochs", "1", "--out", folder.FullName]);
            Assert.True(code == 0, output);
            Assert.Contains("Data-parallel on 2 ranks (rank 0 of 2, ", output, StringComparison.Ordinal);
            Assert.Contains("data-parallel on 2 ranks, gradients summed in 1 bucket(s) per step:", output, StringComparison.Ordinal);
            Assert.Contains("rank 0: 3000 images in ", output, StringComparison.Ordinal);
            Assert.Contains("rank 1: 3000 images in ", output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n'), line => line.StartsWith("held-out accuracy", StringComparison.Ordinal));
            Assert.Single(Directory.GetFiles(folder.FullName, "*.svg"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The digits sample's program, built with this test project (same configuration).</summary>
    private static string DigitsSample()
    {
        var metadata = typeof(MpiJobTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["SymDiffRepoRoot"]!, "samples", "SymDiff.Samples.Digits", "bin", metadata["SymDiffConfiguration"]!, "net10.0", "SymDiff.Samples.Digits.dll");
    }

    /// <summary>Runs a scenario (or another program) on two ranks of <paramref name="mpi"/>; returns the exit code and everything the job printed.</summary>
    private static (int Code, string Output) Job(string mpi, string? scenario = null, string[]? arguments = null, (string Name, string Value)? environment = null, string? program = null)
    {
        Skip.IfNot(Launchers.Value.TryGetValue(mpi, out var launcher), mpi == "openmpi"
            ? "No OpenMPI: neither mpirun.openmpi nor an Open MPI mpirun is on PATH. Install it (apt-get install openmpi-bin) to run these jobs; .ci/run installs it."
            : "No MPICH: mpiexec.hydra is not on PATH. Install it (apt-get install mpich) to run these jobs with MPICH's binary interface.");
        var openMpi = mpi == "openmpi";
        var start = new ProcessStartInfo(launcher!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (openMpi)
        {
            start.ArgumentList.Add("--oversubscribe");
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
            start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        }

        start.ArgumentList.Add(openMpi ? "-np" : "-n");
        start.ArgumentList.Add("2");
        if (environment is { } variable)
        {
            start.Environment[variable.Name] = variable.Value;
            if (openMpi)
            {
                start.ArgumentList.Add("-x");
                start.ArgumentList.Add(variable.Name);
            }
        }

        start.Environment["TERM"] = "dumb";
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(program ?? typeof(Ranks).Assembly.Location);
        if (scenario is not null)
        {
            start.ArgumentList.Add(scenario);
        }

        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mpirun {scenario} did not end in two minutes (a hang):\n{stdout.Result}\n{stderr.Result}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The launchers on PATH: "openmpi" (mpirun.openmpi, or an mpirun that says Open MPI) and "mpich" (mpiexec.hydra).</summary>
    private static Dictionary<string, string> FindLaunchers()
    {
        string? Find(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
        var found = new Dictionary<string, string>();
        if ((Find("mpirun.openmpi") ?? (Find("mpirun") is { } mpirun && SaysOpenMpi(mpirun) ? mpirun : null)) is { } openMpi)
        {
            found["openmpi"] = openMpi;
        }

        if (Find("mpiexec.hydra") is { } hydra)
        {
            found["mpich"] = hydra;
        }

        return found;
    }

    private static bool SaysOpenMpi(string launcher)
    {
        var version = new ProcessStartInfo(launcher, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(version)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return text.Contains("Open MPI", StringComparison.OrdinalIgnoreCase) || text.Contains("OpenRTE", StringComparison.OrdinalIgnoreCase);
    }
}
