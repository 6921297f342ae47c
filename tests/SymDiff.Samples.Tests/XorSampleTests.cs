using System.Reflection;
using SymDiff.Samples.Xor;

namespace SymDiff.Samples.Tests;

public class XorSampleTests
{
    [Fact]
    public void DefaultRunReachesFullAccuracy()
    {
        var result = XorSample.Train(new XorSettings());
        Assert.Equal(1.0, result.Accuracy);
        Assert.True(result.Loss < 0.05, $"loss {result.Loss}");
        Assert.Equal([false, true, true, false], result.Outputs.Select(o => o >= 0.5));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(15)]
    [InlineData(8)]
    [InlineData(12)]
    public void SeedsWhoseFirstStartGetsStuckAreRestartedAndStillLearn(int seed)
    {
        // With these seeds the first random start ends in a local minimum; the sample starts again.
        var result = XorSample.Train(new XorSettings(Seed: seed));
        Assert.NotEmpty(result.StuckAttempts);
        Assert.Equal(1.0, result.Accuracy);
    }

    [Fact]
    public void GeneratedGradientAgreesWithCentralDifferences()
    {
        Assert.InRange(XorSample.Train(new XorSettings(Epochs: 1)).GradientCheckError, 0, 1e-6);
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var a = XorSample.Train(new XorSettings(Seed: 3, Epochs: 300));
        var b = XorSample.Train(new XorSettings(Seed: 3, Epochs: 300));
        var c = XorSample.Train(new XorSettings(Seed: 4, Epochs: 300));
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.History, b.History);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void ReportsOneProgressPerEpoch()
    {
        var reports = new List<SymDiff.Training.TrainingProgress>();
        XorSample.Train(new XorSettings(Epochs: 50), new Recorder(reports));
        Assert.Equal(50, reports.Count);
        Assert.All(reports, r => Assert.True(r.EndOfEpoch));
        Assert.Equal(Enumerable.Range(1, 50), reports.Select(r => r.Epoch));
    }

    [Fact]
    public void GeneratedGradientCarriesTheDerivativeFormulaTheSamplePrints()
    {
        var gradient = typeof(XorNetwork).GetMethod("LossGradient", BindingFlags.Public | BindingFlags.Static)!;
        var lines = gradient.GetCustomAttribute<DerivativeFormulaAttribute>()!.Lines;
        Assert.Contains(lines, l => l.StartsWith("∂Loss/∂w11 = ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("∂Loss/∂c = ", StringComparison.Ordinal));
    }

    [Fact]
    public void LossCurveIsAWellFormedSvgWithTheTrainingCurve()
    {
        SvgAssert.WritesLossCurve(XorSample.Train(new XorSettings()).History, expectValidation: false);
    }

    [Fact]
    public void PrintShowsTheTruthTableAndAccuracy()
    {
        var text = new StringWriter();
        XorSample.Print(XorSample.Train(new XorSettings()), text);
        Assert.Contains("accuracy 100%", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("WRONG", text.ToString(), StringComparison.Ordinal);
    }
}
