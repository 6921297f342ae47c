using System.Diagnostics;
using SymDiff.Checkpoints;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// Real MPI jobs: this test assembly started on two ranks by <c>mpirun</c> (<see cref="Ranks"/>). Skipped, saying why,
/// where no MPI runtime is installed (<c>.ci/run</c> installs OpenMPI's). No job may hang: each is killed after two
/// minutes and the test fails.
/// </summary>
[Collection(nameof(CommunicatorTests))]
public sealed class MpiJobTests
{
    private static readonly Lazy<(string? Path, bool OpenMpi)> Launcher = new(FindLauncher);

    [SkippableFact]
    public void EveryCollectiveGivesWhatItMustOnEveryRank()
    {
        var (code, output) = Job("collectives");
        Assert.True(code == 0, output);
        foreach (var rank in new[] { 0, 1 })
        {
            Assert.Contains($"rank {rank}: rank {rank} of 2, ", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: sum floats ok, sum doubles ok", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: broadcast from 1 ok", output, StringComparison.Ordinal);
            Assert.Contains($"rank {rank}: agree ok", output, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void RanksThatDisagreeBothSayOnWhat()
    {
        var (code, output) = Job("disagree");
        Assert.NotEqual(0, code);
        Assert.Contains("rank 0: The ranks disagree on the model's width: rank 0 has 10, and the ranks' values range from 10 to 11.", output, StringComparison.Ordinal);
        Assert.Contains("rank 1: The ranks disagree on the model's width: rank 1 has 11,", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ACollectiveARankNeverJoinsTimesOutAndEndsTheJob()
    {
        var clock = Stopwatch.StartNew();
        var (code, output) = Job("timeout", environment: ("SYMDIFF_MPI_TIMEOUT", "2"));
        Assert.NotEqual(0, code);
        Assert.Contains("rank 0: Rank 0 of 2 waited 2 s for", output, StringComparison.Ordinal);
        Assert.Contains("aborting every rank of the job", output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"the job took {clock.Elapsed} (rank 1 sleeps 60 s: the abort must end it)");
    }

    [SkippableFact]
    public void TwoRanksTrainLikeOneProcessAndOnlyRankZeroWritesCheckpoints()
    {
        var folder = Directory.CreateTempSubdirectory("symdiff-mpi-");
        try
        {
            var parameters = Path.Combine(folder.FullName, "two-ranks.bin");
            var checkpoint = Path.Combine(folder.FullName, "checkpoint-{rank}.bin");
            var (code, output) = Job("train", arguments: [parameters, checkpoint]);
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

    [SkippableFact]
    public void UnderALauncherAMissingLibraryIsAClearError()
    {
        var (code, output) = Job("collectives", environment: ("SYMDIFF_MPI_LIBRARY", "/nonexistent/libmpi.so.40"));
        Assert.NotEqual(0, code);
        Assert.Contains("no OpenMPI library could be loaded (tried /nonexistent/libmpi.so.40)", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void TheDigitsSampleTrainsOnTwoRanksAndRankZeroReportsForBoth()
    {
        var folder = Directory.CreateTempSubdirectory("symdiff-digits-");
        try
        {
            var (code, output) = Job(program: DigitsSample(), arguments: ["--distributed", "--plain", "--epochs", "1", "--out", folder.FullName]);
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

    /// <summary>Runs a scenario (or another program) on two ranks; returns the exit code and everything the job printed.</summary>
    private static (int Code, string Output) Job(string? scenario = null, string[]? arguments = null, (string Name, string Value)? environment = null, string? program = null)
    {
        var (launcher, openMpi) = Launcher.Value;
        Skip.If(launcher is null, "No MPI runtime: mpirun is not on PATH. Install OpenMPI (apt-get install openmpi-bin) to run the MPI jobs; .ci/run installs it.");
        var start = new ProcessStartInfo(launcher!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (openMpi)
        {
            start.ArgumentList.Add("--oversubscribe");
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
            start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
            start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        }

        start.ArgumentList.Add("-np");
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

    private static (string? Path, bool OpenMpi) FindLauncher()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "mpirun")).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return (null, false);
        }

        var version = new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(version)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (path, text.Contains("Open MPI", StringComparison.OrdinalIgnoreCase) || text.Contains("OpenRTE", StringComparison.OrdinalIgnoreCase));
    }
}
