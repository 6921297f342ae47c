using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>The lecture seeds' worked examples and closed-form derivatives, against the generated code.</summary>
public class SeedExampleTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void GraphGradientAtOneTwoZeroIsExactlyTwoFiveZero()
    {
        var value = SeedExamples.GraphGradient(1, 2, 0, out var dX, out var dY, out var dZ);
        Assert.Equal(6.0, value);
        Assert.Equal((2.0, 5.0, 0.0), (dX, dY, dZ));

        double aX = 0, aY = 0, aZ = 0;
        SeedExamples.GraphPullback(1, 2, 0, 1, ref aX, ref aY, ref aZ);
        Assert.Equal((2.0, 5.0, 0.0), (aX, aY, aZ));
        Assert.Equal((6.0, 2.0 + 5.0 + 0.0), SeedExamples.GraphPushforward(1, 2, 0, 1, 1, 1));

        FloatCorpus.GraphGradient(1, 2, 0, out var fX, out var fY, out var fZ);
        Assert.Equal((2f, 5f, 0f), (fX, fY, fZ));
    }

    [Fact]
    public void LogisticUnitOfTheSeedsHasZPoint87AndActivationPoint705()
    {
        var z = LossCorpus.LogisticPreactivation(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1);
        Assert.Equal(0.87, Math.Round(z, 3));
        var a = LossCorpus.LogisticUnitGradient(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1, out var dW1, out var dW2, out var dW3, out var dB);
        Assert.Equal(0.705, Math.Round(a, 3));
        var slope = a * (1 - a);
        Assert.Equal(slope * 0.5, dW1, Tolerance);
        Assert.Equal(slope * 0.6, dW2, Tolerance);
        Assert.Equal(slope * 0.1, dW3, Tolerance);
        Assert.Equal(slope, dB, Tolerance);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void SigmoidDerivativeIsSigmaTimesOneMinusSigma(double z)
    {
        var s = Activations.SigmoidGradient(z, out var dZ);
        Assert.Equal(s * (1 - s), dZ, Tolerance);
    }

    [Theory]
    [InlineData(-1.2)]
    [InlineData(0.0)]
    [InlineData(0.8)]
    public void TanhDerivativeIsOneMinusTanhSquaredBothWays(double z)
    {
        var t = Math.Tanh(z);
        Activations.TanhMathGradient(z, out var fromLibrary);
        Activations.TanhExpGradient(z, out var fromExp);
        Assert.Equal(1 - (t * t), fromLibrary, Tolerance);
        Assert.Equal(1 - (t * t), fromExp, Tolerance);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void CubeDerivativeIsSixXTimesXSquaredPlusOneSquared(double x)
    {
        var expected = 6 * x * (x * x + 1) * (x * x + 1);
        SeedExamples.CubePowGradient(x, out var viaPow);
        SeedExamples.CubeProductGradient(x, out var viaProduct);
        Assert.Equal(expected, viaPow, 1e-10);
        Assert.Equal(expected, viaProduct, 1e-10);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(3.0, 0.7)]
    [InlineData(1.7, 100.0)]
    public void LogOfScaledXHasDerivativeOneOverX(double x, double a)
    {
        SeedExamples.LogOfScaledGradient(x, a, out var dX);
        Assert.Equal(1 / x, dX, Tolerance);
    }

    [Fact]
    public void LogWithBaseHasDerivativeOneOverXLnBase()
    {
        MathFunctions.LogWithConstantBaseGradient(2.5, out var dX);
        Assert.Equal(1 / (2.5 * Math.Log(3)), dX, Tolerance);
    }

    [Theory]
    [InlineData(0.5, 0.1, 2.0, 1.0)]
    [InlineData(-0.7, 0.3, 1.5, 0.0)]
    public void LogisticLossGradientIsPredictionMinusLabelTimesInput(double w, double b, double x, double y)
    {
        var yHat = Activations.Sigmoid(w * x + b);
        LossCorpus.LogisticLossGradient(w, b, x, y, out var dW, out var dB);
        Assert.Equal((yHat - y) * x, dW, Tolerance);
        Assert.Equal(yHat - y, dB, Tolerance);
    }

    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(0.55, 0.3)]
    public void CrossEntropyDerivativeWithRespectToThePrediction(double yHat, double y)
    {
        LossCorpus.CrossEntropyGroupedGradient(yHat, y, out var dYHat);
        Assert.Equal(-((y / yHat) + ((y - 1) / (1 - yHat))), dYHat, Tolerance);
    }

    [Fact]
    public void SquaredLossDerivativeIsPredictionMinusLabel()
    {
        LossCorpus.SquaredLossGradient(0.3, 1, out var dYHat);
        Assert.Equal(0.3 - 1, dYHat, Tolerance);
    }

    [Fact]
    public void NeuronCostDerivativeIsInputTimesSigmoidSlopeTimesTwiceTheError()
    {
        double w = 0.8, b = -0.1, aPrev = 0.48, y = 1;
        var a = Activations.Sigmoid(w * aPrev + b);
        LossCorpus.NeuronCostGradient(w, b, aPrev, y, out var dW, out var dB);
        Assert.Equal(aPrev * a * (1 - a) * 2 * (a - y), dW, Tolerance);
        Assert.Equal(a * (1 - a) * 2 * (a - y), dB, Tolerance);
    }

    [Fact]
    public void ComputationGraphPartialsAreCTwoCAndE()
    {
        var value = LossCorpus.ComputationGraphGradient(3, 1, -2, out var dA, out var dB, out var dC);
        Assert.Equal(-10.0, value);
        Assert.Equal((-2.0, -4.0, 5.0), (dA, dB, dC));
    }

    [Fact]
    public void Network221GradientMatchesTheBackpropagationFormulas()
    {
        double w11 = 0.1, w12 = -0.2, w21 = 0.3, w22 = 0.4, u1 = 0.5, u2 = -0.6, b1 = 0.05, b2 = -0.05, b3 = 0.1;
        double x1 = 1, x2 = 2, y = 1;
        var a1 = Activations.Sigmoid(w11 * x1 + w12 * x2 + b1);
        var a2 = Activations.Sigmoid(w21 * x1 + w22 * x2 + b2);
        var c = Activations.Sigmoid(u1 * a1 + u2 * a2 + b3);

        LossCorpus.Network221GroupedGradient(
            w11, w12, w21, w22, u1, u2, b1, b2, b3, x1, x2, y,
            out var dW11, out var dW12, out var dW21, out var dW22, out var dU1, out var dU2, out var dB1, out var dB2, out var dB3);

        Assert.Equal((c - y) * a1, dU1, Tolerance);
        Assert.Equal((c - y) * a2, dU2, Tolerance);
        Assert.Equal(c - y, dB3, Tolerance);
        Assert.Equal((c - y) * u1 * a1 * (1 - a1) * x1, dW11, Tolerance);
        Assert.Equal((c - y) * u1 * a1 * (1 - a1) * x2, dW12, Tolerance);
        Assert.Equal((c - y) * u2 * a2 * (1 - a2) * x1, dW21, Tolerance);
        Assert.Equal((c - y) * u2 * a2 * (1 - a2) * x2, dW22, Tolerance);
        Assert.Equal((c - y) * u1 * a1 * (1 - a1), dB1, Tolerance);
        Assert.Equal((c - y) * u2 * a2 * (1 - a2), dB2, Tolerance);
    }

    [Fact]
    public void SoftplusUnitUsesTheCustomPullback()
    {
        double w = 0.3, b = -0.2, x = 1.5;
        var s = Activations.Sigmoid(w * x + b);
        Activations.SoftplusUnitGradient(w, b, x, out var dW, out var dB);
        Assert.Equal((0.5 * s * x) + b, dW, Tolerance);
        Assert.Equal((0.5 * s) + w, dB, Tolerance);
    }

    [Fact]
    public void LogCoshLossUsesTheCustomPushforward()
    {
        Activations.LogCoshLossGradient(0.7, 0.2, out var dYHat);
        Assert.Equal((2 * Math.Tanh(0.5)) + 1, dYHat, Tolerance);
        Assert.Equal((2 * Math.Tanh(0.5)) + 1, Activations.LogCoshLossPushforward(0.7, 0.2, 1).Tangent, Tolerance);
    }

    [Theory]
    [InlineData(-2.0, 0.1)]
    [InlineData(3.0, 1.0)]
    public void LeakyReluSlopeIsKBelowZeroAndOneAbove(double z, double expected)
    {
        Activations.LeakyReluGradient(z, 0.1, out var dZ);
        Assert.Equal(expected, dZ, Tolerance);
    }
}
