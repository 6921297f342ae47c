using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The same <see cref="Trainer"/> run on the CPU runtime and with <see cref="GpuTrainingDevice"/> on ILGPU's CPU
/// accelerator, from the same initialization: every epoch's losses and accuracies and the final parameters agree to
/// float rounding, for three models (dense layers with dropout and softmax cross-entropy under Adam; a separate leaky
/// ReLU layer and squared error under momentum with L2; an embedding with a softmax layer and the negative log-likelihood under SGD; one-hot targets under
/// RMSProp; a parametric ReLU whose slope is learned under Adam); and what it cannot
/// run is refused with its name.
/// </summary>
public sealed class GpuTrainerTests : AcceleratorTest
{
    [Theory]
    [InlineData("dense")]
    [InlineData("regression")]
    [InlineData("embedding")]
    [InlineData("one-hot")]
    [InlineData("prelu")]
    public void TrainingOnTheAcceleratorMatchesTheCpu(string model)
    {
        var cpu = Train(model, device: false);
        var gpu = Train(model, device: true);
        Assert.Equal(cpu.History.Length, gpu.History.Length);
        for (var i = 0; i < cpu.History.Length; i++)
        {
            Assert.True(Math.Abs(cpu.History[i] - gpu.History[i]) <= 1e-4f * (1 + Math.Abs(cpu.History[i])), $"history[{i}]: CPU {cpu.History[i]:R}, accelerator {gpu.History[i]:R}");
        }

        for (var i = 0; i < cpu.Parameters.Length; i++)
        {
            Assert.True(Math.Abs(cpu.Parameters[i] - gpu.Parameters[i]) <= 1e-4f * (1 + Math.Abs(cpu.Parameters[i])), $"parameter[{i}]: CPU {cpu.Parameters[i]:R}, accelerator {gpu.Parameters[i]:R}");
        }

        Assert.Equal(cpu.Steps, gpu.Steps);
    }

    [Fact]
    public void WhatHasNoTwinIsRefusedByName()
    {
        using var model = new Sequential(new Dense(3, 4, new Random(1), name: "first"), new Embedding(4, 2, 1, new Random(1), name: "words"));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0.1f);
        var refused = Assert.Throws<NotSupportedException>(() => new GpuTrainingDevice(model, loss, optimizer, Accelerator));
        Assert.Contains("Layer 'words' (embedding) has no GPU twin yet", refused.Message, StringComparison.Ordinal);

        using var dense = new Sequential(new Dense(3, 2, new Random(1)));
        using var sgd = new Sgd(dense.Parameters, 0.1f);
        using var device = new GpuTrainingDevice(dense, loss, sgd, Accelerator);
        var clipping = Assert.Throws<ArgumentException>(() => new Trainer(dense, loss, sgd, new TrainerOptions { Device = device, ClipGlobalNorm = 1f }));
        Assert.Contains("gradient clipping and data parallelism", clipping.Message, StringComparison.Ordinal);
    }

    private (float[] History, float[] Parameters, long Steps) Train(string kind, bool device)
    {
        var random = new Random(21);
        const int Examples = 150;
        var (model, loss, optimizer, x, y) = kind switch
        {
            "dense" => Setup(new Sequential(new Dense(5, 12, random, Activation.Tanh, name: "hidden"), new Dropout(0.2f, seed: 3), new Dense(12, 3, random, name: "out")),
                new SoftmaxCrossEntropyLoss(), m => new Adam(m.Parameters, 0.01f), Features(random, Examples, 5), Classes(random, Examples, 3)),
            "regression" => Setup(new Sequential(new Dense(5, 8, random, name: "hidden"), new ActivationLayer(Activation.LeakyRelu, 0.1f), new Dense(8, 2, random, name: "out")),
                new SquaredErrorLoss(), m => new Momentum(m.Parameters, 0.05f, 0.8f) { L2 = 0.01f }, Features(random, Examples, 5), Features(random, Examples, 2)),
            "prelu" => Setup(new Sequential(new Dense(5, 8, random, name: "hidden"), new PRelu(0.2f, name: "learned"), new Dense(8, 2, random, name: "out")),
                new SquaredErrorLoss(), m => new Adam(m.Parameters, 0.01f), Features(random, Examples, 5), Features(random, Examples, 2)),
            "one-hot" => Setup(new Sequential(new Dense(5, 6, random, Activation.Relu, name: "hidden"), new Dense(6, 3, random, name: "out")),
                new SoftmaxCrossEntropyLoss(), m => new RmsProp(m.Parameters, 0.01f), Features(random, Examples, 5), OneHot(random, Examples, 3)),
            _ => Setup(new Sequential(new Embedding(10, 4, 3, random, name: "words"), new Dense(12, 10, random, name: "out"), new SoftmaxLayer()),
                new NegativeLogLikelihoodLoss(), m => new Sgd(m.Parameters, 0.2f), Words(random, Examples, 3, 10), Classes(random, Examples, 10)),
        };
        using (model)
        using (loss)
        using (optimizer)
        using (x)
        using (y)
        {
            using var twin = device ? new GpuTrainingDevice(model, loss, optimizer, Accelerator) : null;
            using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 3, BatchSize = 32, Seed = 4, ValidationFraction = 0.2f, Device = twin });
            var result = trainer.Fit(x, y);
            var history = result.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValidationLoss ?? 0f, h.ValidationAccuracy ?? 0f }).ToArray();
            return (history, [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())], trainer.Steps);
        }
    }

    private static (Sequential, Loss, Optimizer, Tensor<float>, Tensor<float>) Setup(Sequential model, Loss loss, Func<Sequential, Optimizer> optimizer, Tensor<float> x, Tensor<float> y) =>
        (model, loss, optimizer(model), x, y);

    private static Tensor<float> Features(Random random, int rows, int columns) =>
        Tensor<float>.FromMatrix(rows, columns, Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());

    private static Tensor<float> Classes(Random random, int rows, int classes) =>
        Tensor<float>.FromVector(Enumerable.Range(0, rows).Select(_ => (float)random.Next(classes)).ToArray());

    private static Tensor<float> OneHot(Random random, int rows, int classes)
    {
        var values = new float[rows * classes];
        for (var r = 0; r < rows; r++)
        {
            values[(r * classes) + random.Next(classes)] = 1f;
        }

        return Tensor<float>.FromMatrix(rows, classes, values);
    }

    private static Tensor<float> Words(Random random, int rows, int context, int vocabulary) =>
        Tensor<float>.FromMatrix(rows, context, Enumerable.Range(0, rows * context).Select(_ => (float)random.Next(vocabulary)).ToArray());
}
