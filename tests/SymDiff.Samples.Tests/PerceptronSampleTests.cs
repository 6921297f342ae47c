using SymDiff.Samples.Perceptron;

namespace SymDiff.Samples.Tests;

public class PerceptronSampleTests
{
    private static readonly PerceptronResult Default = PerceptronSample.Train(new PerceptronSettings());

    [Fact]
    public void DefaultRunSeparatesTheMoonsOnHeldOutPoints()
    {
        Assert.True(Default.ValidationSet.Accuracy >= 0.95f, $"held-out accuracy {Default.ValidationSet.Accuracy}");
        Assert.True(Default.TrainingSet.Accuracy >= 0.95f, $"training accuracy {Default.TrainingSet.Accuracy}");
        Assert.Equal(200, Default.ValidationSet.Count);
    }

    [Fact]
    public void HasTheSeedsShapeTwoInputsThreeHiddenUnitsOneOutput()
    {
        Assert.Equal(3, Default.Hidden.Length);
        Assert.Equal(4, Default.Output.Length);
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var a = PerceptronSample.Train(new PerceptronSettings(Seed: 7, Epochs: 50));
        var b = PerceptronSample.Train(new PerceptronSettings(Seed: 7, Epochs: 50));
        var c = PerceptronSample.Train(new PerceptronSettings(Seed: 8, Epochs: 50));
        Assert.Equal(a.Training.History, b.Training.History);
        Assert.Equal(a.Hidden, b.Hidden);
        Assert.Equal(a.DecisionMap, b.DecisionMap);
        Assert.NotEqual(a.Hidden, c.Hidden);
    }

    [Fact]
    public void DecisionMapShowsBothClassesAndTheHeldOutPoints()
    {
        var lines = Default.DecisionMap.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(22, lines.Length);
        Assert.Contains('.', Default.DecisionMap);
        Assert.Contains(':', Default.DecisionMap);
        Assert.Contains('o', Default.DecisionMap);
        Assert.Contains('x', Default.DecisionMap);
    }

    [Fact]
    public void LossCurveHasTrainingAndValidationCurves()
    {
        SvgAssert.WritesLossCurve(Default.Training.History, expectValidation: true);
    }
}
