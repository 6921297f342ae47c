using System.Diagnostics;
using System.Text;

namespace SymDiff.Package.Tests;

/// <summary>The result of one <c>dotnet</c> command: its exit code and everything it printed.</summary>
public sealed record DotNetResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"$ dotnet {Command}\n(exit code {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI that runs these tests, with the environment of a user's shell.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. MSBuild's own
    /// variables (set for the <c>dotnet test</c> that started this process) are removed so that the child is a plain
    /// command-line build; <paramref name="environment"/> is added.
    /// </summary>
    public static DotNetResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = UserStartInfo(Executable, workingDirectory, environment, arguments);
        var output = new StringBuilder();
        var gate = new object();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (gate)
            {
                output.AppendLine($"[killed after {Timeout.TotalMinutes} minutes]");
            }
        }

        process.WaitForExit();
        lock (gate)
        {
            return new DotNetResult(string.Join(' ', arguments), process.HasExited ? process.ExitCode : -1, output.ToString(), clock.Elapsed);
        }
    }

    /// <summary>
    /// How to start <paramref name="fileName"/> the way a user's shell would: in <paramref name="workingDirectory"/>,
    /// with its output and error redirected, without MSBuild's and the test host's own variables (set for the
    /// <c>dotnet test</c> that started this process, they would make a child's build or MSBuild workspace use this
    /// build's settings), English and quiet, with no MSBuild node left behind, and with <paramref name="environment"/>.
    /// </summary>
    public static ProcessStartInfo UserStartInfo(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The folder of the <c>dotnet</c> host running this process, for DOTNET_ROOT; null when it is the one on PATH.</summary>
    public static string? Root => Path.IsPathRooted(Executable) ? Path.GetDirectoryName(Executable) : null;

    /// <summary>The <c>dotnet</c> host running this process (DOTNET_HOST_PATH under <c>dotnet test</c>), else the one on PATH.</summary>
    private static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
