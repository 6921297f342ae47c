using System.Xml.Linq;
using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Tests;

public class LogAxisScaleTests
{
    [Theory]
    [InlineData(0.001, 1.0, true)]
    [InlineData(0.0054, 0.3575, true)]
    [InlineData(0.04, 1.0, false)]
    [InlineData(0.09, 0.69, false)]
    [InlineData(0.0, 5.0, false)]
    [InlineData(-1.0, 500.0, false)]
    public void ALossSpanningMoreThanThirtyfoldGetsALogAxis(double min, double max, bool log) =>
        Assert.Equal(log, LogAxisScale.SpansDecades(min, max));

    [Fact]
    public void TicksArePowersOfTenCoveringTheData()
    {
        var scale = LogAxisScale.Covering(0.0023, 0.71);
        Assert.Equal([0.001, 0.01, 0.1, 1], scale.Ticks());
        Assert.Equal(0, scale.Fraction(0.001), 12);
        Assert.Equal(1, scale.Fraction(1), 12);
        Assert.Equal(0.5, scale.Fraction(Math.Sqrt(0.001)), 12);
        Assert.Equal("0.001", scale.Format(0.001));
        Assert.Equal("1", scale.Format(1));
    }

    [Fact]
    public void ManyDecadesGetATickEveryFewDecades()
    {
        var ticks = LogAxisScale.Covering(1e-12, 10).Ticks();
        Assert.InRange(ticks.Count, 3, 8);
        Assert.Equal(1e-12, ticks[0]);
        Assert.True(ticks[^1] >= 10);
    }

    [Fact]
    public void ALossCurveThatFallsByDecadesIsDrawnOnALogAxisAndSaysSo()
    {
        List<EpochMetrics> History(Func<int, float> loss) =>
            [.. Enumerable.Range(1, 200).Select(e => new EpochMetrics(e, loss(e), 0.5f, null, null, 0.1f))];
        var steep = XDocument.Parse(LossCurveSvg.Render("t", "epoch", "loss", LossCurveSvg.FromHistory(History(e => 1f / (e * e)))));
        var texts = steep.Descendants(SvgAssert.Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("loss (log scale)", texts);
        Assert.Contains("0.0001", texts);

        // On a log axis the last hundred epochs still fall visibly: pixel rows keep rising to the end.
        var curve = SvgAssert.Curves(steep)["training loss"];
        Assert.True(curve[^1].Y - curve[^101].Y > 20, $"{curve[^101].Y} → {curve[^1].Y}");

        var gentle = XDocument.Parse(LossCurveSvg.Render("t", "epoch", "loss", LossCurveSvg.FromHistory(History(e => 1f / (1 + (0.01f * e))))));
        Assert.Contains("loss", gentle.Descendants(SvgAssert.Svg + "text").Select(t => t.Value));
        Assert.DoesNotContain("loss (log scale)", gentle.Descendants(SvgAssert.Svg + "text").Select(t => t.Value));
    }
}
