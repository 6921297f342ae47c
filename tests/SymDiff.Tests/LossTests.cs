using SymDiff.Diagnostics;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Tests;

public class LossTests
{
    private static Sequential Linear(int inputs, int outputs) => new(new Dense(inputs, outputs, new Random(11)));

    [Fact]
    public void SquaredErrorIsHalfSumAveragedOverBatch()
    {
        using var yHat = Tensor<float>.FromMatrix(2, 2, [1f, 2f, 3f, 4f]);
        using var y = Tensor<float>.FromMatrix(2, 2, [0f, 0f, 3f, 2f]);
        using var g = new Tensor<float>(2, 2);
        using var loss = new SquaredErrorLoss();
        Assert.Equal((0.5f * (1 + 4) + 0.5f * 4) / 2, loss.Compute(yHat, y, g), 1e-6f);
        Assert.Equal([0.5f, 1f, 0f, 1f], g.ToArray());
    }

    [Fact]
    public void BinaryCrossEntropyMatchesDefinition()
    {
        using var z = Tensor<float>.FromMatrix(2, 1, [0.5f, -2f]);
        using var y = Tensor<float>.FromMatrix(2, 1, [1f, 0f]);
        using var g = new Tensor<float>(2, 1);
        using var loss = new BinaryCrossEntropyWithLogitsLoss();
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        var expected = (-Math.Log(S(0.5)) - Math.Log(1 - S(-2))) / 2;
        Assert.Equal(expected, loss.Compute(z, y, g), 1e-6);
        Assert.Equal((S(0.5) - 1) / 2, g[0], 1e-6);
        Assert.Equal(S(-2) / 2, g[1], 1e-6);
    }

    [Fact]
    public void SoftmaxCrossEntropyMatchesDefinitionAndGradientIsSoftmaxMinusOneHot()
    {
        using var z = Tensor<float>.FromMatrix(1, 3, [2f, -1.99f, -0.01f]);
        using var y = Tensor<float>.FromVector([0f]);
        using var g = new Tensor<float>(1, 3);
        using var loss = new SoftmaxCrossEntropyLoss();
        var value = loss.Compute(z, y, g);
        // The lecture example: softmax([2, -1.99, -0.01]) = [0.868, 0.016, 0.116].
        Assert.Equal(-Math.Log(0.868), value, 2e-3);
        Assert.Equal(0.868 - 1, g[0], 1e-3);
        Assert.Equal(0.016, g[1], 1e-3);
        Assert.Equal(0.116, g[2], 1e-3);

        using var oneHot = Tensor<float>.FromMatrix(1, 3, [1f, 0f, 0f]);
        using var g2 = new Tensor<float>(1, 3);
        Assert.Equal(value, loss.Compute(z, oneHot, g2), 1e-6f);
        Assert.Equal(g.ToArray(), g2.ToArray());
    }

    [Theory]
    [InlineData(1000f)]
    [InlineData(-1000f)]
    public void ExtremeLogitsStayFinite(float logit)
    {
        using var z = Tensor<float>.FromMatrix(2, 2, [logit, -logit, 0f, logit]);
        using var bceTarget = Tensor<float>.FromMatrix(2, 2, [0f, 1f, 1f, 1f]);
        using var g = new Tensor<float>(2, 2);
        using var bce = new BinaryCrossEntropyWithLogitsLoss();
        var l1 = bce.Compute(z, bceTarget, g);
        Assert.True(float.IsFinite(l1));
        Assert.True(g.IsAllFinite());
        // Per element max(z,0) − z·y + log(1 + e^(−|z|)): exact values, no overflow.
        Assert.Equal(((logit > 0 ? 2000 : 1000) + Math.Log(2)) / 2, l1, 1e-2);

        using var classes = Tensor<float>.FromVector([1f, 0f]);
        using var ce = new SoftmaxCrossEntropyLoss();
        var l2 = ce.Compute(z, classes, g);
        Assert.True(float.IsFinite(l2));
        Assert.True(g.IsAllFinite());

        using var probabilities = new Tensor<float>(2, 2);
        Functions.Softmax.Forward(z.Span, 2, probabilities.Span);
        Assert.True(probabilities.IsAllFinite());
        using var nll = new NegativeLogLikelihoodLoss();
        Assert.True(float.IsFinite(nll.Compute(probabilities, classes, g)));
        Assert.True(g.IsAllFinite());
    }

    [Fact]
    public void LossGradientsMatchFiniteDifferences()
    {
        using var x = TestData.RandomMatrix(6, 3, 21);
        using var regression = TestData.RandomMatrix(6, 2, 22);
        using var binary = Tensor<float>.FromMatrix(6, 2, [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0.3f, 0.7f]);
        using var classes = TestData.Classes(6, 2, 23);
        (Loss Loss, Tensor<float> Target)[] cases =
        [
            (new SquaredErrorLoss(), regression),
            (new BinaryCrossEntropyWithLogitsLoss(), binary),
            (new SoftmaxCrossEntropyLoss(), classes),
            (new SoftmaxCrossEntropyLoss(), binary),
        ];
        foreach (var (loss, target) in cases)
        {
            using var model = Linear(3, 2);
            var result = GradientCheck.Check(model, loss, x, target, epsilon: 1e-2f, checkInput: true);
            Assert.True(result.MaxError < 1e-2, $"{loss.Name}: {result}");
            loss.Dispose();
        }
    }

    [Fact]
    public void TargetShapeMismatchNamesBothShapes()
    {
        using var yHat = new Tensor<float>(4, 2);
        using var y = new Tensor<float>(4, 3);
        using var loss = new SquaredErrorLoss();
        var ex = Assert.Throws<ShapeMismatchException>(() => loss.Compute(yHat, y, null));
        Assert.Contains("[4×2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[4×3]", ex.Message, StringComparison.Ordinal);
        using var ce = new SoftmaxCrossEntropyLoss();
        using var wrong = new Tensor<float>(3);
        ex = Assert.Throws<ShapeMismatchException>(() => ce.Compute(yHat, wrong, null));
        Assert.Contains("[4×2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccuracyCounts()
    {
        using var logits = Tensor<float>.FromMatrix(3, 2, [2f, 1f, 0f, 3f, 5f, -5f]);
        using var classes = Tensor<float>.FromVector([0f, 1f, 1f]);
        using var ce = new SoftmaxCrossEntropyLoss();
        Assert.Equal(2, ce.CountCorrect(logits, classes));
        using var z = Tensor<float>.FromMatrix(3, 1, [0.5f, -0.5f, 2f]);
        using var y = Tensor<float>.FromMatrix(3, 1, [1f, 1f, 1f]);
        using var bce = new BinaryCrossEntropyWithLogitsLoss();
        Assert.Equal(2, bce.CountCorrect(z, y));
    }
}
