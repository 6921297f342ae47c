using System.Reflection;
using System.Text.RegularExpressions;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The generator's shape, read from its sources. Its stages are layered: the IR (<c>Model</c>: the program's records, their
/// walkers, names and IR-to-IR simplifications) names no other stage; the differentiation
/// passes (<c>Differentiation</c>) name neither the front end (<c>Lowering</c>) nor the printers (<c>Emit</c>), so what
/// they make is the IR's alone; nothing before the printers names them, so a new target is a new printer. And no
/// source file grows past 600 lines.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Sources = typeof(ArchitectureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SymDiffGeneratorSources").Value!;

    /// <summary>Each stage (a folder) and a stage it must not name.</summary>
    public static TheoryData<string, string> Layers => new()
    {
        { "Model", "Lowering" }, { "Model", "Differentiation" }, { "Model", "Formulas" }, { "Model", "Emit" },
        { "Differentiation", "Lowering" }, { "Differentiation", "Formulas" }, { "Differentiation", "Emit" },
        { "Lowering", "Emit" }, { "Formulas", "Emit" }, { "Diagnostics", "Emit" }, { "Analysis", "Emit" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_stage_does_not_name_a_later_one(string stage, string later)
    {
        var names = new Regex($@"using\s+SymDiff\.Generators\.{later}\s*;|(?<![\w.]){later}\.[A-Z]|SymDiff\.Generators\.{later}\.");
        var uses = Directory.EnumerateFiles(Path.Combine(Sources, stage), "*.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && names.IsMatch(l.Text))
            .Select(l => $"{stage}/{l.File}({l.Line}): {l.Text}")
            .ToList();
        Assert.True(uses.Count == 0, $"{stage} names {later}; what both need belongs in the earlier stage:\n{string.Join("\n", uses)}");
    }

    [Fact]
    public void No_source_file_is_over_600_lines()
    {
        var files = Directory.EnumerateFiles(Sources, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .ToList();
        Assert.NotEmpty(files);
        var tooLong = files.Select(f => (File: Path.GetRelativePath(Sources, f), Lines: File.ReadLines(f).Count())).Where(f => f.Lines > 600).ToList();
        Assert.True(tooLong.Count == 0, $"Split these into files of one pass or one concern each: {string.Join(", ", tooLong.Select(f => $"{f.File} ({f.Lines} lines)"))}");
    }
}
