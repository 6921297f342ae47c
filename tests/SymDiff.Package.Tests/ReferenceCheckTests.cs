using System.Reflection;

namespace SymDiff.Package.Tests;

/// <summary>
/// The repository's own wiring: a project that references the generator project like a library (what
/// <c>dotnet add reference</c> writes) is told so (SYMDIFF003, Directory.Build.targets), and the package's check says
/// when the generator is not among the analyzers (SYMDIFF002). Evaluation only: no restore, no build.
/// </summary>
public sealed class ReferenceCheckTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "symdiff-reference-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_library_reference_to_the_generator_project_is_a_warning()
    {
        var repoRoot = typeof(ReferenceCheckTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SymDiffRepoRoot").Value!;
        var generator = Path.Combine(repoRoot, "generators", "SymDiff.Generators", "SymDiff.Generators.csproj");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Plain.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RepoRoot>{repoRoot}</RepoRoot>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{generator}" />
              </ItemGroup>
              <Import Project="{Path.Combine(repoRoot, "Directory.Build.targets")}" />
              <Import Project="{Path.Combine(repoRoot, "src", "SymDiff", "Package", "SymDiff.targets")}" />
            </Project>
            """);

        var run = DotNet.Run(root, new Dictionary<string, string>(),
            "msbuild", "Plain.csproj", "-t:SymDiffCheckGeneratorReference;SymDiffCheckGenerator", "-nodeReuse:false");
        Assert.True(run.ExitCode == 0, $"msbuild failed.\n{run}");
        Assert.Contains("warning SYMDIFF003: SymDiff.Generators is referenced as a library", run.Output, StringComparison.Ordinal);
        Assert.Contains("OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("warning SYMDIFF002: SymDiff's source generator (SymDiff.Generators.dll) is not among this project's analyzers", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SYMDIFF001", run.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
