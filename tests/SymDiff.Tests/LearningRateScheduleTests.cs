using SymDiff.Optimizers;

namespace SymDiff.Tests;

public class LearningRateScheduleTests
{
    [Fact]
    public void StepDecayHalvesEveryStepSizeEpochs()
    {
        var s = new StepDecay(2, 0.5f);
        Assert.Equal([1f, 1f, 0.5f, 0.5f, 0.25f], Enumerable.Range(0, 5).Select(e => s.GetLearningRate(1f, e)));
    }

    [Fact]
    public void ExponentialDecay()
    {
        var s = new ExponentialDecay(0.1f);
        Assert.Equal(0.2f, s.GetLearningRate(0.2f, 0), 1e-7f);
        Assert.Equal(0.2 * Math.Exp(-0.3), s.GetLearningRate(0.2f, 3), 1e-6);
    }

    [Fact]
    public void InverseTimeDecay()
    {
        var s = new InverseTimeDecay(0.5f);
        Assert.Equal(1f, s.GetLearningRate(1f, 0));
        Assert.Equal(1f / 3f, s.GetLearningRate(1f, 4), 1e-6f);
    }
}
