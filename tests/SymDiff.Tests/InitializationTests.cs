using SymDiff.Initialization;
using SymDiff.Layers;

namespace SymDiff.Tests;

public class InitializationTests
{
    [Fact]
    public void XavierUniformStaysWithinTheGlorotBoundAndFillsIt()
    {
        var values = new float[784 * 128];
        Initializers.XavierUniform(values, 784, 128, new Random(1));
        var limit = MathF.Sqrt(6f / (784 + 128));
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        Assert.True(values.Max() > 0.95f * limit);
        Assert.True(values.Min() < -0.95f * limit);
        Assert.InRange(values.Average(), -0.01 * limit, 0.01 * limit);
    }

    [Fact]
    public void UniformIsWithinPointOne()
    {
        var values = new float[1000];
        Initializers.Initialize(values, WeightInit.Uniform, 10, 10, new Random(2));
        Assert.All(values, v => Assert.InRange(v, -0.1f, 0.1f));
        Assert.True(values.Max() > 0.09f);
    }

    [Fact]
    public void HeNormalHasVarianceTwoOverFanIn()
    {
        var values = new float[100_000];
        Initializers.HeNormal(values, 50, new Random(3));
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.04 * 0.97, 0.04 * 1.03);
    }

    [Fact]
    public void SameSeedSameWeightsAndBiasesStartAtZero()
    {
        using var a = new Dense(5, 4, new Random(9), init: WeightInit.HeUniform);
        using var b = new Dense(5, 4, new Random(9), init: WeightInit.HeUniform);
        Assert.Equal(a.Weight.Value.ToArray(), b.Weight.Value.ToArray());
        Assert.All(a.Bias.Value.ToArray(), v => Assert.Equal(0f, v));
    }
}
