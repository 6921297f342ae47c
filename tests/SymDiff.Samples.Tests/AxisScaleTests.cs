using SymDiff.Samples.Common;

namespace SymDiff.Samples.Tests;

public class AxisScaleTests
{
    [Theory]
    [InlineData(0, 0.72, 0, 0.8, 0.2)]
    [InlineData(0, 2000, 0, 2000, 500)]
    [InlineData(0, 4.21, 0, 5, 1)]
    [InlineData(0.013, 0.0871, 0, 0.1, 0.02)]
    public void NiceScalesCoverTheRangeWithRoundSteps(double lo, double hi, double min, double max, double step)
    {
        var scale = AxisScale.Nice(lo, hi, 5);
        Assert.Equal(min, scale.Min, 12);
        Assert.Equal(max, scale.Max, 12);
        Assert.Equal(step, scale.Step, 12);
        Assert.True(scale.Min <= lo && scale.Max >= hi);
    }

    [Fact]
    public void WholeNumberAxesNeverTickBetweenEpochs()
    {
        var scale = AxisScale.Nice(0, 3, 8, wholeNumbers: true);
        Assert.Equal([0, 1, 2, 3], scale.Ticks());
    }

    [Fact]
    public void LabelsHaveTheDecimalsTheStepNeeds()
    {
        var scale = AxisScale.Nice(0, 0.72, 5);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8"], scale.Ticks().Select(scale.Format));
        var big = AxisScale.Nice(0, 2000, 4);
        Assert.Equal("1500", big.Format(1500));
    }

    [Fact]
    public void FlatRangeGetsRoom()
    {
        var scale = AxisScale.Nice(0.5, 0.5);
        Assert.True(scale.Max > scale.Min);
        Assert.InRange(0.5, scale.Min, scale.Max);
    }
}
