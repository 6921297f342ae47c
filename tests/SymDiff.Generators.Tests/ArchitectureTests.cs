using System.Reflection;
using System.Text.RegularExpressions;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The generator's shape, read from its sources: the stages before the printers (<c>Model</c>, <c>Lowering</c>,
/// <c>Differentiation</c>, <c>Formulas</c>, <c>Diagnostics</c>, <c>Analysis</c>) never use the printers (<c>Emit</c>),
/// so a new target is a new printer of what they make; and no source file grows past 600 lines.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Sources = typeof(ArchitectureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SymDiffGeneratorSources").Value!;

    private static readonly Regex UsesEmit = new(@"using\s+SymDiff\.Generators\.Emit\s*;|(?<![\w.])Emit\.[A-Z]|SymDiff\.Generators\.Emit\.", RegexOptions.Compiled);

    public static TheoryData<string> StagesBeforeThePrinters => new("Model", "Lowering", "Differentiation", "Formulas", "Diagnostics", "Analysis");

    [Theory]
    [MemberData(nameof(StagesBeforeThePrinters))]
    public void A_stage_before_the_printers_does_not_use_them(string stage)
    {
        var uses = Directory.EnumerateFiles(Path.Combine(Sources, stage), "*.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && UsesEmit.IsMatch(l.Text))
            .Select(l => $"{stage}/{l.File}({l.Line}): {l.Text}")
            .ToList();
        Assert.True(uses.Count == 0, $"{stage} uses the printers (Emit); what both need belongs in the earlier stage:\n{string.Join("\n", uses)}");
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
