using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Exact derivatives at kinks, where finite differences say nothing: Abs'(0) = 1, Max/Min ties go to the argument
/// that depends on differentiable inputs (the first if both do), Clamp' = 1 on [lo, hi] inclusive, so ReLU'(0) = 1
/// and hardtanh'(±1) = 1. Each is checked in all three modes.
/// </summary>
public class KinkConventionTests
{
    [Theory]
    [InlineData(nameof(Activations.ReluMaxZeroFirst))]
    [InlineData(nameof(Activations.ReluMaxZeroSecond))]
    [InlineData(nameof(Activations.ReluTernary))]
    public void ReluDerivativeAtZeroIsOne(string relu)
    {
        AssertDerivatives(typeof(Activations), relu, [0.0], [1.0]);
        AssertDerivatives(typeof(Activations), relu, [-1e-300], [0.0]);
        AssertDerivatives(typeof(Activations), relu, [1e-300], [1.0]);
    }

    [Fact]
    public void FloatReluDerivativeAtZeroIsOne() => AssertDerivatives(typeof(FloatCorpus), nameof(FloatCorpus.Relu), [0.0], [1.0]);

    [Fact]
    public void LeakyReluDerivativeAtZeroIsOne()
    {
        AssertDerivatives(typeof(Activations), nameof(Activations.LeakyRelu), [0.0, 0.1], [1.0]);
        AssertDerivatives(typeof(Activations), nameof(Activations.LeakyRelu), [-2.0, 0.1], [0.1]);
    }

    [Fact]
    public void AbsDerivativeAtZeroIsOne() => AssertDerivatives(typeof(Activations), nameof(Activations.AbsoluteValue), [0.0], [1.0]);

    [Theory]
    [InlineData(nameof(Activations.HardTanh))]
    [InlineData(nameof(Activations.HardTanhClamp))]
    public void HardTanhDerivativeIsOneOnTheClosedInterval(string hardTanh)
    {
        AssertDerivatives(typeof(Activations), hardTanh, [1.0], [1.0]);
        AssertDerivatives(typeof(Activations), hardTanh, [-1.0], [1.0]);
        AssertDerivatives(typeof(Activations), hardTanh, [1.5], [0.0]);
        AssertDerivatives(typeof(Activations), hardTanh, [-1.5], [0.0]);
    }

    [Fact]
    public void FloatHardTanhDerivativeIsOneAtTheEnds()
    {
        AssertDerivatives(typeof(FloatCorpus), nameof(FloatCorpus.HardTanh), [1.0], [1.0]);
        AssertDerivatives(typeof(FloatCorpus), nameof(FloatCorpus.HardTanh), [-1.0], [1.0]);
    }

    [Fact]
    public void ClampAtItsBoundsRoutesTheDerivativeToTheValue()
    {
        AssertDerivatives(typeof(MathFunctions), nameof(MathFunctions.Clamp), [1.0, -1.0, 1.0], [1.0, 0.0, 0.0]);
        AssertDerivatives(typeof(MathFunctions), nameof(MathFunctions.Clamp), [-1.0, -1.0, 1.0], [1.0, 0.0, 0.0]);
    }

    [Fact]
    public void MaxTieBetweenTwoActiveArgumentsGoesToTheFirst()
    {
        // (x + y)·max(y, z) with y = z: the gradient goes through y.
        AssertDerivatives(typeof(SeedExamples), nameof(SeedExamples.Graph), [1.0, 2.0, 2.0], [2.0, 5.0, 0.0]);
        AssertDerivatives(typeof(MathFunctions), nameof(MathFunctions.Max), [2.0, 2.0], [2.0, 2.0]);
    }

    [Fact]
    public void MinTieBetweenTwoActiveArgumentsGoesToTheFirst() =>
        AssertDerivatives(typeof(MathFunctions), nameof(MathFunctions.Min), [2.0, 2.0], [2.0, 2.0]);

    /// <summary>Gradient, pullback (seed 1 from zero) and pushforward along each axis all equal <paramref name="expected"/> exactly.</summary>
    private static void AssertDerivatives(Type type, string name, double[] point, double[] expected)
    {
        var f = DifferentiableFunction.Of(type, name, point);
        var (value, gradient) = f.ValueAndGradient(point);
        Assert.Equal(f.Value(point), value);
        Assert.Equal(expected, gradient);
        Assert.Equal(expected, f.PullbackFrom(point, 1, new double[expected.Length]).Adjoints);
        for (var k = 0; k < expected.Length; k++)
        {
            var axis = new double[expected.Length];
            axis[k] = 1;
            Assert.Equal(expected[k], f.PushforwardAlong(point, axis).Tangent);
        }
    }
}
