using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SymDiff.Package.Tests;

/// <summary>
/// The SymDiff package end to end, the way a user meets it: pack, <c>dotnet new console</c>,
/// <c>dotnet add package SymDiff</c>, write a [Differentiable] method, build, run; and a broken method fails the
/// build with its SD diagnostic at its file(line,col).
/// </summary>
public sealed partial class PackageTests(ConsumerFixture fixture) : IClassFixture<ConsumerFixture>
{
    private const string Model = """
        using SymDiff;

        namespace App;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x, double y) => x * x * y + Math.Sin(x * y);

            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> v)
            {
                double max = v[0];
                for (int i = 1; i < v.Length; i++) max = Math.Max(max, v[i]);
                double sum = 0;
                for (int i = 0; i < v.Length; i++) sum += Math.Exp(v[i] - max);
                return Math.Log(sum) + max;
            }
        }
        """;

    private const string Program = """
        using System.Globalization;
        using App;

        var f = Model.FGradient(1.5, -0.5, out var dX, out var dY);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"F {f:R} {dX:R} {dY:R}"));

        double[] v = [0.5, -1.0, 2.0];
        var dV = new double[v.Length];
        var lse = Model.LogSumExpGradient(v, dV);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LogSumExp {lse:R} {string.Join(' ', dV.Select(d => d.ToString("R", CultureInfo.InvariantCulture)))}"));
        """;

    [Fact]
    public void Package_holds_the_runtime_the_generator_its_quick_fixes_the_build_checks_and_real_metadata()
    {
        Assert.True(fixture.Feed.Package is not null, $"dotnet pack made no SymDiff package.\n{fixture.Feed.Pack}");
        Assert.True(File.Exists(Path.ChangeExtension(fixture.Feed.Package, ".snupkg")), $"no symbols package next to {fixture.Feed.Package}.\n{fixture.Feed.Pack}");

        using var zip = ZipFile.OpenRead(fixture.Feed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
        {
            "lib/net10.0/SymDiff.dll", "lib/net10.0/SymDiff.xml", "analyzers/dotnet/cs/SymDiff.Generators.dll",
            "analyzers/dotnet/cs/SymDiff.CodeFixes.dll", "build/SymDiff.targets", "buildTransitive/SymDiff.targets", "README.md", "SymDiff.nuspec",
        })
        {
            Assert.True(entries.Contains(expected), $"{expected} is not in the package: {string.Join(", ", entries.Order())}");
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && (e.Contains("Generators", StringComparison.Ordinal) || e.Contains("CodeFixes", StringComparison.Ordinal)));

        using var nuspec = zip.GetEntry("SymDiff.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal("SymDiff", Field("id"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("automatic differentiation", Field("description"), StringComparison.Ordinal);
        Assert.Contains("Roslyn 4.14", Field("description"), StringComparison.Ordinal);
        Assert.Contains("autodiff", Field("tags"), StringComparison.Ordinal);
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void Package_ships_a_page_per_diagnostic_and_declares_the_repository_its_help_links_open()
    {
        Assert.True(fixture.Feed.Package is not null, $"dotnet pack made no SymDiff package.\n{fixture.Feed.Pack}");
        using var zip = ZipFile.OpenRead(fixture.Feed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        var pages = Directory.GetFiles(Path.Combine(PackageFeed.Metadata("SymDiffRepoRoot"), "docs", "diagnostics"), "SD*.md");
        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.Contains("docs/diagnostics/" + Path.GetFileName(page), entries));

        // The help links are SymDiffRepositoryUrl + /blob/main/docs/diagnostics/{ID}.md (the generator's tests check that
        // side); the package names the same repository.
        using var nuspec = zip.GetEntry("SymDiff.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var repository = PackageFeed.Metadata("SymDiffRepositoryUrl");
        Assert.Equal(repository, metadata.Elements().Single(e => e.Name.LocalName == "projectUrl").Value);
        Assert.Equal(repository, metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value);
    }

    [Fact]
    public void A_fresh_console_app_gets_its_derivatives_from_the_package()
    {
        fixture.AssertReady();
        File.WriteAllText(Path.Combine(fixture.AppDirectory, "Model.cs"), Model);
        File.WriteAllText(Path.Combine(fixture.AppDirectory, "Program.cs"), Program);

        var build = DotNet.Run(fixture.AppDirectory, fixture.Feed.Environment,
            "build", "-p:EmitCompilerGeneratedFiles=true", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, $"The consumer did not build.\n{fixture.New}\n{fixture.AddPackage}\n{build}");
        Assert.DoesNotContain("SYMDIFF00", build.Output, StringComparison.Ordinal);

        // The compiler loads every assembly in analyzers/dotnet/cs; the quick fixes' one (which needs the IDE's
        // Workspaces API) must not make it warn that an analyzer could not be loaded or created (CS8032-CS8034).
        Assert.DoesNotMatch(@"\bCS803[234]\b", build.Output);

        // The package came from the feed into the isolated packages folder, not from a cache.
        Assert.True(Directory.Exists(Path.Combine(fixture.Feed.Environment["NUGET_PACKAGES"], "symdiff", fixture.Feed.Version)),
            $"SymDiff {fixture.Feed.Version} is not in the isolated packages folder.\n{build}");

        // The generated files are where the README says (obj/<configuration>/<framework>/generated/SymDiff.Generators/).
        var generated = Path.Combine(fixture.AppDirectory, "obj", "Debug", "net10.0", "generated", "SymDiff.Generators");
        Assert.True(Directory.Exists(generated), $"{generated} does not exist.\n{build}");
        var files = Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories);
        Assert.Contains(files, f => File.ReadAllText(f).Contains("FGradient(", StringComparison.Ordinal));

        var run = DotNet.Run(fixture.AppDirectory, fixture.Feed.Environment, "run", "--no-build");
        Assert.True(run.ExitCode == 0, $"The consumer did not run.\n{run}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // F = x²y + sin(xy): ∂F/∂x = 2xy + y·cos(xy), ∂F/∂y = x² + x·cos(xy).
        var fLine = Numbers(lines, "F", run);
        double x = 1.5, y = -0.5;
        AssertClose(x * x * y + Math.Sin(x * y), fLine[0], run);
        AssertClose(2 * x * y + y * Math.Cos(x * y), fLine[1], run);
        AssertClose(x * x + x * Math.Cos(x * y), fLine[2], run);

        // ∇ log Σ exp(v) = softmax(v).
        double[] v = [0.5, -1.0, 2.0];
        var sum = v.Sum(Math.Exp);
        var lseLine = Numbers(lines, "LogSumExp", run);
        Assert.Equal(1 + v.Length, lseLine.Length);
        AssertClose(Math.Log(sum), lseLine[0], run);
        for (var i = 0; i < v.Length; i++)
        {
            AssertClose(Math.Exp(v[i]) / sum, lseLine[1 + i], run);
        }
    }

    [Fact]
    public void A_broken_method_fails_the_build_with_its_diagnostic_at_its_location()
    {
        fixture.AssertReady();
        const string broken = ConsumerSources.Rejected;
        var directory = fixture.CopyProject("Broken", new Dictionary<string, string>
        {
            ["Program.cs"] = "Console.WriteLine(\"unreachable\");\n",
            ["Broken.cs"] = broken,
        });

        var build = DotNet.Run(directory, fixture.Feed.Environment, "build", "-nodeReuse:false");
        Assert.True(build.ExitCode != 0, $"The broken project built.\n{build}");

        AssertDiagnostic(build, "SD0001", Position(broken, "class NotPartial", "NotPartial"));
        AssertDiagnostic(build, "SD0007", Position(broken, "=> G(x) + 1", "G(x)"));
    }

    [Fact]
    public void An_unknown_option_value_is_one_warning_and_the_default()
    {
        fixture.AssertReady();
        var directory = fixture.CopyProject("UnknownOption", new Dictionary<string, string>
        {
            ["Program.cs"] = "Console.WriteLine(App.Model.FGradient(1, 2, out _, out _));\n",
            ["Model.cs"] = Model,
        });

        var build = DotNet.Run(directory, fixture.Feed.Environment, "build", "-p:SymDiffFileNames=long", "-p:EmitCompilerGeneratedFiles=true", "-clp:NoSummary", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, $"The project did not build.\n{build}");

        // Once in the build, from the generator alone (the analyzer reads no options).
        var warnings = build.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("warning SD0026", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(warnings.Count == 1, $"Expected one SD0026, got {warnings.Count}.\n{build}");
        Assert.Contains("MSBuild property SymDiffFileNames is 'long'", warnings[0], StringComparison.Ordinal);
        Assert.Contains("short, signature", warnings[0], StringComparison.Ordinal);

        // The default: short file names.
        var generated = Directory.GetFiles(Path.Combine(directory, "obj"), "*.g.cs", SearchOption.AllDirectories).Select(Path.GetFileName);
        Assert.Contains("App.Model.F.g.cs", generated);
    }

    [Fact]
    public void A_compiler_too_old_for_the_generator_is_a_warning_not_silence()
    {
        fixture.AssertReady();
        var directory = fixture.CopyProject("OldCompiler", new Dictionary<string, string>
        {
            ["Program.cs"] = "Console.WriteLine(\"old compiler\");\n",
        });

        // The SDK names the running compiler's API version in CompilerApiVersion; Visual Studio 17.13 runs Roslyn 4.13.
        var build = DotNet.Run(directory, fixture.Feed.Environment, "build", "-p:CompilerApiVersion=roslyn4.13", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, $"The project did not build.\n{build}");
        Assert.True(Regex.IsMatch(build.Output, @"SymDiff\.targets\(\d+,\d+\): warning SYMDIFF001: .*Roslyn 4\.14 or later \(\.NET SDK 9\.0\.300 or later, Visual Studio 2022 17\.14 or later\); this build uses Roslyn 4\.13"),
            $"No SYMDIFF001 from the package's build/SymDiff.targets.\n{build}");
        Assert.DoesNotContain("SYMDIFF002", build.Output, StringComparison.Ordinal);
    }

    /// <summary>An error line <c>Broken.cs(line,col): error ID: …</c> at the expected 1-based position.</summary>
    private static void AssertDiagnostic(DotNetResult build, string id, (int Line, int Column) expected)
    {
        var found = DiagnosticLine().Matches(build.Output)
            .Where(m => m.Groups["id"].Value == id)
            .Select(m => (Line: int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), Column: int.Parse(m.Groups["col"].Value, CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();
        Assert.True(found.Count > 0, $"No error {id} in Broken.cs.\n{build}");
        Assert.True(found.All(p => p == expected), $"{id} expected at Broken.cs{expected}, reported at {string.Join(", ", found)}.\n{build}");
    }

    /// <summary>The 1-based line and column of <paramref name="target"/> inside the first <paramref name="context"/>.</summary>
    private static (int Line, int Column) Position(string source, string context, string target)
    {
        var (line, character) = SourcePosition.Of(source, context, target);
        return (line + 1, character + 1);
    }

    private static double[] Numbers(string[] lines, string label, DotNetResult run)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(label + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"No '{label}' line in the output.\n{run}");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    private static void AssertClose(double expected, double actual, DotNetResult run) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, printed {actual:R}.\n{run}");

    [GeneratedRegex(@"Broken\.cs\((?<line>\d+),(?<col>\d+)\): error (?<id>SD\d{4}):")]
    private static partial Regex DiagnosticLine();
}
