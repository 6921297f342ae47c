using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Tests;

/// <summary>
/// <see cref="Sgd.BackwardAndStep"/>: the SGD step applied inside the backward pass (a dense layer's weights updated by
/// their gradient's GEMM) gives the parameters that <see cref="Sequential.Backward(Tensor{float}, bool)"/> followed by
/// <see cref="Optimizer.Step"/> gives, up to rounding.
/// </summary>
public class FusedSgdTests
{
    private const int Inputs = 6;
    private const int Classes = 3;
    private const int Batch = 5;

    /// <summary>Dense with a fused activation, a PReLU (whose slope is stepped from its gradient), dense.</summary>
    private static Sequential Model(Activation activation) => new(
        new Dense(Inputs, 7, new Random(3), activation),
        new PRelu(0.2f),
        new Dense(7, Classes, new Random(4)));

    private static (Tensor<float> X, Tensor<float> Y) Data()
    {
        var random = new Random(5);
        var x = new Tensor<float>(Batch, Inputs);
        var y = new Tensor<float>(Batch);
        for (var i = 0; i < x.Length; i++)
        {
            x.Span[i] = random.NextSingle() * 2 - 1;
        }

        for (var i = 0; i < Batch; i++)
        {
            y.Span[i] = random.Next(Classes);
        }

        return (x, y);
    }

    private static void AssertSameParameters(Sequential expected, Sequential actual)
    {
        for (var p = 0; p < expected.Parameters.Count; p++)
        {
            var e = expected.Parameters[p].Value.Span;
            var a = actual.Parameters[p].Value.Span;
            for (var i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5f * (1 + Math.Abs(e[i])),
                    $"{expected.Parameters[p].Name}[{i}]: {a[i]} fused, {e[i]} after Backward and Step");
            }
        }
    }

    [Theory]
    [InlineData(Activation.Sigmoid, 0f)]
    [InlineData(Activation.Relu, 0f)]
    [InlineData(Activation.Tanh, 0.05f)]
    public void BackwardAndStepGivesWhatBackwardThenStepGives(Activation activation, float l2)
    {
        using var plain = Model(activation);
        using var fused = Model(activation);
        using var loss = new SoftmaxCrossEntropyLoss();
        using var plainSgd = new Sgd(plain.Parameters, 0.5f) { L2 = l2 };
        using var fusedSgd = new Sgd(fused.Parameters, 0.5f) { L2 = l2 };
        var (x, y) = Data();
        using var _ = x;
        using var __ = y;
        using var gradient = new Tensor<float>(Batch, Classes);
        var changed = false;
        for (var step = 0; step < 3; step++)
        {
            loss.Compute(plain.Forward(x, training: true), y, gradient);
            plain.Backward(gradient);
            plainSgd.Step();

            var before = fused.Parameters[0].Value.Span.ToArray();
            loss.Compute(fused.Forward(x, training: true), y, gradient);
            fusedSgd.BackwardAndStep(fused, gradient);
            changed |= !before.AsSpan().SequenceEqual(fused.Parameters[0].Value.Span);

            AssertSameParameters(plain, fused);
        }

        Assert.True(changed, "the first layer's weights never moved");
        Assert.Equal(3, fusedSgd.StepCount);
    }

    [Fact]
    public void ParametersTheOptimizerDoesNotOwnKeepTheirValueAndGetTheirGradient()
    {
        using var plain = Model(Activation.Sigmoid);
        using var fused = Model(Activation.Sigmoid);
        using var loss = new SoftmaxCrossEntropyLoss();
        var (x, y) = Data();
        using var _ = x;
        using var __ = y;
        using var gradient = new Tensor<float>(Batch, Classes);

        // Only the output layer's weight and bias are the optimizer's.
        using var fusedSgd = new Sgd(fused.Layers[2].Parameters, 0.5f);
        var firstWeights = fused.Parameters[0].Value.Span.ToArray();
        loss.Compute(fused.Forward(x, training: true), y, gradient);
        fusedSgd.BackwardAndStep(fused, gradient);

        loss.Compute(plain.Forward(x, training: true), y, gradient);
        plain.Backward(gradient);

        Assert.True(firstWeights.AsSpan().SequenceEqual(fused.Parameters[0].Value.Span));
        for (var p = 0; p < 3; p++)
        {
            var e = plain.Parameters[p].Gradient.Span;
            var a = fused.Parameters[p].Gradient.Span;
            Assert.True(e.SequenceEqual(a), $"{plain.Parameters[p].Name}'s gradient differs");
        }

        Assert.False(fused.Parameters[3].Value.Span.SequenceEqual(plain.Parameters[3].Value.Span));
    }

    [Fact]
    public void ClaimTakesEachOwnedParameterOnce()
    {
        using var owned = new Parameter("w", TensorShape.Vector(2));
        using var other = new Parameter("v", TensorShape.Vector(2));
        using var bias = new Parameter("b", TensorShape.Vector(2), regularize: false);
        var update = new FusedSgd([owned, bias]);
        update.Begin(0.1f, 0.5f);
        Assert.True(update.Claim(owned));
        Assert.False(update.Claim(owned));
        Assert.False(update.Claim(other));
        Assert.Equal(1f - 0.1f * 0.5f, update.Decay(owned));
        Assert.Equal(1f, update.Decay(bias));
        update.Begin(0.1f, 0f);
        Assert.True(update.Claim(owned));
    }

    [Fact]
    public void TrainerStepsInsideTheBackwardPassWhenNothingReadsTheGradients()
    {
        var (x, y) = Data();
        using var _ = x;
        using var __ = y;
        var results = new List<Sequential>();
        try
        {
            foreach (var detect in new[] { true, false })
            {
                var model = Model(Activation.Relu);
                results.Add(model);
                using var sgd = new Sgd(model.Parameters, 0.1f);
                using var loss = new SoftmaxCrossEntropyLoss();
                using var trainer = new Trainer(model, loss, sgd,
                    new TrainerOptions { Epochs = 4, BatchSize = 2, Shuffle = false, DetectNonFinite = detect });
                trainer.Fit(x, y);
                Assert.Equal(12, sgd.StepCount);
            }

            // The model trained without the scan ran the fused step: its weights' gradients were never written.
            Assert.True(results[1].Parameters[0].Gradient.Span.IndexOfAnyExcept(0f) < 0);
            Assert.True(results[0].Parameters[0].Gradient.Span.IndexOfAnyExcept(0f) >= 0);
            AssertSameParameters(results[0], results[1]);
        }
        finally
        {
            results.ForEach(m => m.Dispose());
        }
    }
}
