using System.Xml.Linq;
using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Tests;

public class LossCurveSvgTests
{
    // A loss that falls less than thirtyfold, which a linear axis shows well (LogAxisScaleTests has the steep ones).
    private static List<EpochMetrics> History(int epochs, bool validation) =>
        [.. Enumerable.Range(1, epochs).Select(e => new EpochMetrics(e, 1f / (1 + (0.1f * e)), 0.5f, validation ? 1.2f / (1 + (0.1f * e)) : null, validation ? 0.4f : null, 0.1f))];

    [Fact]
    public void ChartHasTitleAxesTicksLabelsLegendAndBothCurves()
    {
        var document = XDocument.Parse(LossCurveSvg.Render("Loss <&> \"quoted\"", "epoch", "loss", LossCurveSvg.FromHistory(History(40, true))));
        var svg = SvgAssert.Svg;
        Assert.Equal("Loss <&> \"quoted\"", (string)document.Root!.Element(svg + "title")!);
        var texts = document.Descendants(svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("epoch", texts);
        Assert.Contains("loss", texts);
        Assert.Contains("training loss", texts);
        Assert.Contains("validation loss", texts);
        Assert.Contains("0", texts);
        Assert.Contains("40", texts);
        Assert.Contains("1.2", texts);
        Assert.Equal(2, document.Descendants(svg + "polyline").Count());
        Assert.NotNull(document.Descendants(svg + "g").SingleOrDefault(g => (string?)g.Attribute("class") == "legend"));
    }

    [Fact]
    public void CurvesGoDownTheChartAsTheLossFalls()
    {
        var document = XDocument.Parse(LossCurveSvg.Render("t", "epoch", "loss", LossCurveSvg.FromHistory(History(40, false))));
        var curve = SvgAssert.Curves(document)["training loss"];
        Assert.Equal(40, curve.Count);
        Assert.Equal(curve.OrderBy(p => p.X), curve);

        // SVG's y axis points down: a falling loss is a rising pixel row.
        Assert.Equal(curve.OrderBy(p => p.Y), curve);
    }

    [Fact]
    public void NonFinitePointsAreSkippedAndLongRunsThinned()
    {
        var points = Enumerable.Range(1, 5000).Select(i => ((double)i, i == 10 ? double.NaN : 1.0 / i)).ToList();
        var document = XDocument.Parse(LossCurveSvg.Render("t", "x", "y", [new ChartSeries("s", points, "#000")]));
        var curve = SvgAssert.Curves(document)["s"];
        Assert.InRange(curve.Count, 900, 1001);
        Assert.Equal(curve.Max(p => p.X), curve[^1].X);
    }

    [Fact]
    public void SinglePointAndFlatSeriesStillDraw()
    {
        var document = XDocument.Parse(LossCurveSvg.Render("t", "x", "y", [new ChartSeries("s", [(1.0, 0.5)], "#000")]));
        Assert.Single(SvgAssert.Curves(document)["s"]);
        Assert.Single(document.Descendants(SvgAssert.Svg + "circle"));
        var flat = XDocument.Parse(LossCurveSvg.Render("t", "x", "y", [new ChartSeries("s", [(1.0, 0.0), (2.0, 0.0)], "#000")]));
        Assert.Equal(2, SvgAssert.Curves(flat)["s"].Count);
    }

    [Fact]
    public void NothingToPlotIsAnError()
    {
        Assert.Throws<ArgumentException>(() => LossCurveSvg.Render("t", "x", "y", [new ChartSeries("s", [(1.0, double.NaN)], "#000")]));
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "sub", "loss.svg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");
        var written = LossCurveSvg.Write(path, "t", History(3, true));
        Assert.Equal(Path.GetFullPath(path), written);
        Assert.StartsWith("<svg", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["loss.svg"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteCreatesTheFolder()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "a", "b", "loss.svg");
        LossCurveSvg.Write(path, "t", History(3, false));
        Assert.True(File.Exists(path));
    }
}
