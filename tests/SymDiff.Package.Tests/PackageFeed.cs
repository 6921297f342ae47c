using System.Reflection;

namespace SymDiff.Package.Tests;

/// <summary>
/// A temporary folder holding a package feed with the SymDiff package packed from this build, an isolated NuGet
/// packages folder (so a cached SymDiff of the same version is never used) and a nuget.config whose only source is
/// the feed. Consumer projects are created inside it; it is deleted on dispose.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    /// <param name="withGpu">Also packs src/SymDiff.Gpu (<see cref="GpuPack"/>).</param>
    public PackageFeed(bool withGpu = false)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Feed);

        // Nothing above the folder may leak into the consumer's build or restore.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        Environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
        };

        var repoRoot = Metadata("SymDiffRepoRoot");
        var configuration = Metadata("SymDiffConfiguration");
        Pack = DotNet.Run(repoRoot, Environment,
            "pack", Path.Combine(repoRoot, "src", "SymDiff", "SymDiff.csproj"),
            "-c", configuration, "--no-build", "--no-restore", "-o", Feed, "-nodeReuse:false");
        Package = Directory.GetFiles(Feed, "SymDiff.*.nupkg").SingleOrDefault(p => !p.EndsWith(".snupkg", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("SymDiff.Gpu.", StringComparison.Ordinal));
        if (withGpu)
        {
            GpuPack = DotNet.Run(repoRoot, Environment,
                "pack", Path.Combine(repoRoot, "src", "SymDiff.Gpu", "SymDiff.Gpu.csproj"),
                "-c", configuration, "--no-build", "--no-restore", "-o", Feed, "-nodeReuse:false");
        }
    }

    /// <summary>The packing of SymDiff.Gpu, when asked for.</summary>
    public DotNetResult? GpuPack { get; }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "symdiff-package-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>NUGET_PACKAGES and NUGET_HTTP_CACHE_PATH inside <see cref="Root"/>, for every command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public DotNetResult Pack { get; }

    /// <summary>The packed SymDiff.&lt;version&gt;.nupkg, or null when packing failed.</summary>
    public string? Package { get; }

    public string Version => Path.GetFileNameWithoutExtension(Package!)["SymDiff.".Length..];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is under the temporary folder anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>What the build recorded in this test assembly: SymDiffRepoRoot, SymDiffConfiguration, SymDiffRepositoryUrl.</summary>
    public static string Metadata(string key) =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
