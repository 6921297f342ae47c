using System.Globalization;
using System.Xml.Linq;
using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Tests;

/// <summary>Checks a sample's loss-curve SVG: well-formed XML, an svg root, and one curve per expected series.</summary>
internal static class SvgAssert
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Writes the history's chart to a temporary folder the way the samples do and checks it.</summary>
    public static XDocument WritesLossCurve(IReadOnlyList<EpochMetrics> history, bool expectValidation)
    {
        using var folder = new TempDirectory();
        var path = LossCurveSvg.Write(Path.Combine(folder.Path, "loss.svg"), "a title", history);
        var document = XDocument.Load(path);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        var curves = Curves(document);
        Assert.Equal(expectValidation ? ["training loss", "validation loss"] : new[] { "training loss" }, curves.Keys.Order());
        foreach (var points in curves.Values)
        {
            // Every epoch up to 1000 of them; longer runs are thinned to about 1000 points (the last one kept).
            if (history.Count <= 1000)
            {
                Assert.Equal(history.Count, points.Count);
            }
            else
            {
                Assert.InRange(points.Count, 500, 1001);
            }

            Assert.All(points, p => Assert.True(p.X is >= 0 and <= 720 && p.Y is >= 0 and <= 440, $"{p} is outside the chart"));
        }

        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        return document;
    }

    /// <summary>The polylines by their series name, as parsed (x, y) pixel coordinates.</summary>
    public static Dictionary<string, List<(double X, double Y)>> Curves(XDocument document) =>
        document.Descendants(Svg + "polyline").ToDictionary(
            p => (string)p.Attribute("data-name")!,
            p => ((string)p.Attribute("points")!).Split(' ')
                .Select(xy => xy.Split(','))
                .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
                .ToList());
}
