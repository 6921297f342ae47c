using System.Globalization;
using System.Reflection;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Every diagnostic has a page, <c>docs/diagnostics/{ID}.md</c>, headed with its ID and title, and its help link opens
/// that page in the repository the package declares (SymDiffRepositoryUrl).
/// </summary>
public sealed class DiagnosticPagesTests
{
    private static readonly string Pages = Metadata("SymDiffDiagnosticPages");

    public static TheoryData<string> Ids => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryDiagnosticHasAPageItsHelpLinkOpens(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        var page = Path.Combine(Pages, id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page: {page}");
        Assert.Equal($"# {id}: {descriptor.Title.ToString(CultureInfo.InvariantCulture)}", File.ReadLines(page).First());
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
    }

    [Fact]
    public void HelpLinksPointIntoTheRepositoryThePackageDeclares()
    {
        var repository = Metadata("SymDiffRepositoryUrl");
        Assert.StartsWith("https://", repository, StringComparison.Ordinal);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase, repository + "/blob/main/docs/diagnostics/");
    }

    [Fact]
    public void EveryPageBelongsToADiagnostic()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id + ".md").ToHashSet(StringComparer.Ordinal);
        Assert.All(Directory.GetFiles(Pages, "*.md").Select(f => Path.GetFileName(f)), page => Assert.Contains(page, ids));
    }

    private static string Metadata(string key) =>
        typeof(DiagnosticPagesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
