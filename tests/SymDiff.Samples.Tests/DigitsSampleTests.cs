using SymDiff.Samples.Digits;

namespace SymDiff.Samples.Tests;

public class DigitsSampleTests
{
    // A small budget: a sixth of the default images, two epochs.
    private static readonly DigitsSettings Small = new(TrainingImages: 1000, TestImages: 300, Epochs: 2);
    private static readonly DigitsResult Result = DigitsSample.Train(Small);

    [Fact]
    public void LearnsWellAboveChanceOnHeldOutImages()
    {
        Assert.True(Result.TestSet.Accuracy >= 0.6f, $"held-out accuracy {Result.TestSet.Accuracy}");
        Assert.Equal(300, Result.TestSet.Count);
        Assert.Equal(2 * 16, Result.Steps);
    }

    [Fact]
    public void ImagesAre784PixelsInTheUnitInterval()
    {
        var (images, labels) = SyntheticDigits.Generate(20, new Random(1));
        using (images)
        using (labels)
        {
            Assert.Equal(784, images.Columns);
            Assert.All(images.ToArray(), v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)(i % 10)), labels.ToArray());
            Assert.True(images.ToArray().Count(v => v > 0.5f) > 20 * 30, "the digits have ink");
        }
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var again = DigitsSample.Train(Small);
        Assert.Equal(Result.Training.History, again.Training.History);
        Assert.Equal(Result.Confusion, again.Confusion);
    }

    [Fact]
    public void DifferentSeedsDrawDifferentImages()
    {
        var a = new float[SyntheticDigits.Pixels];
        var b = new float[SyntheticDigits.Pixels];
        SyntheticDigits.Draw(3, new Random(1), a);
        SyntheticDigits.Draw(3, new Random(2), b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void LossCurveHasTrainingAndValidationCurves()
    {
        SvgAssert.WritesLossCurve(Result.Training.History, expectValidation: true);
    }
}
