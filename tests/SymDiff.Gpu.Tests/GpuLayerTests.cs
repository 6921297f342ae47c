using ILGPU.Runtime;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The GPU dropout and softmax layers and the negative log-likelihood against their CPU twins: dropout's masks bit for
/// bit for the same seed over several calls, softmax forward and backward and the loss with its gradient to float
/// rounding, and their errors.
/// </summary>
public sealed class GpuLayerTests : AcceleratorTest
{
    [Fact]
    public void DropoutDrawsTheCpuLayersMasksForTheSameSeed()
    {
        var random = new Random(3);
        using var cpu = new Dropout(0.3f, seed: 7);
        using var gpu = new GpuDropout(Accelerator, 0.3f, seed: 7);
        foreach (var (rows, columns) in new[] { (4, 5), (3, 7), (4, 5) })
        {
            var x = Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble()).ToArray();
            var g = Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble()).ToArray();
            using var cx = Tensor<float>.FromMatrix(rows, columns, x);
            using var cg = Tensor<float>.FromMatrix(rows, columns, g);
            using var gx = GpuMatrix.FromHost(Accelerator, rows, columns, x);
            using var gg = GpuMatrix.FromHost(Accelerator, rows, columns, g);
            var expected = cpu.Forward(cx, training: true).Span.ToArray();
            Assert.Equal(expected, gpu.Forward(gx, training: true).ToHost());
            Assert.Contains(0f, expected);
            Assert.Equal(cpu.Backward(cg, computeInputGradient: true)!.Span.ToArray(), gpu.Backward(gg).ToHost());
            Assert.Same(gx, gpu.Forward(gx, training: false));
            Assert.Same(gg, gpu.Backward(gg));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuDropout(Accelerator, 1f, 1));
    }

    [Fact]
    public void EmbeddingLooksUpAndAccumulatesAsTheCpuLayerBitForBit()
    {
        using var cpu = new Embedding(vocabularySize: 6, embeddingSize: 3, contextSize: 2, new Random(4), name: "words");
        using var gpu = GpuEmbedding.FromCpu(cpu, Accelerator);
        int[] words = [1, 5, 1, 1, 0, 5, 2, 1];
        var upstream = Enumerable.Range(0, 4 * 6).Select(i => (float)Math.Sin(i + 0.5)).ToArray();
        using var cx = Tensor<float>.FromMatrix(4, 2, [.. words.Select(w => (float)w)]);
        using var cg = Tensor<float>.FromMatrix(4, 6, upstream);
        using var gg = GpuMatrix.FromHost(Accelerator, 4, 6, upstream);
        Assert.Equal(cpu.Forward(cx, training: true).Span.ToArray(), gpu.Forward(words).ToHost());
        cpu.Backward(cg, computeInputGradient: false);
        gpu.Backward(gg);
        Assert.Equal(cpu.Embeddings.Gradient.Span.ToArray(), gpu.TableGradient.ToHost());
        Assert.Equal(cpu.Parameters.Select(p => (p.Name, p.Regularize)), gpu.Parameters.Select(p => (p.Name, p.Regularize)));

        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward([1, 6]));
        Assert.Contains("input element 1 (row 0) is not a word index in [0, 6)", outside.Message, StringComparison.Ordinal);
        Assert.Contains("3 indices are not whole rows of 2", Assert.Throws<ArgumentException>(() => gpu.Forward([1, 2, 3])).Message, StringComparison.Ordinal);
        using var copy = new Embedding(6, 3, 2, new Random(9));
        gpu.CopyToCpu(copy);
        Assert.Equal(cpu.Embeddings.Value.Span.ToArray(), copy.Embeddings.Value.Span.ToArray());
    }

    [Fact]
    public void SoftmaxAndNegativeLogLikelihoodMatchTheCpu()
    {
        var random = new Random(5);
        const int Rows = 6, Classes = 4;
        var logits = Enumerable.Range(0, Rows * Classes).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        logits[3] = -200f; // a probability that underflows to 0: the loss clamps it at 1e-30 on both
        var classes = new[] { 3, 0, 1, 2, 3, 1 };
        var upstream = Enumerable.Range(0, Rows * Classes).Select(_ => (float)random.NextDouble()).ToArray();
        using var cpuSoftmax = new SoftmaxLayer();
        using var cpuLoss = new NegativeLogLikelihoodLoss();
        using var cx = Tensor<float>.FromMatrix(Rows, Classes, logits);
        using var cy = Tensor<float>.FromVector([.. classes.Select(c => (float)c)]);
        using var cu = Tensor<float>.FromMatrix(Rows, Classes, upstream);
        using var cpuGradient = new Tensor<float>(TensorShape.Matrix(Rows, Classes));
        var p = cpuSoftmax.Forward(cx, training: true);
        var expectedLoss = cpuLoss.Compute(p, cy, cpuGradient);
        var expectedDx = cpuSoftmax.Backward(cu, computeInputGradient: true)!.Span.ToArray();

        using var gpuSoftmax = new GpuSoftmax(Accelerator);
        using var gx = GpuMatrix.FromHost(Accelerator, Rows, Classes, logits);
        using var gu = GpuMatrix.FromHost(Accelerator, Rows, Classes, upstream);
        using var gy = Accelerator.Allocate1D(classes);
        using var gpuGradient = new GpuMatrix(Accelerator, Rows, Classes);
        var gp = gpuSoftmax.Forward(gx);
        AssertClose(p.Span.ToArray(), gp.ToHost(), "probabilities");
        var loss = GpuNegativeLogLikelihood.Compute(gp, gy.View, gpuGradient);
        Assert.True(Math.Abs(expectedLoss - loss) <= 1e-5f * (1 + Math.Abs(expectedLoss)), $"loss: CPU {expectedLoss:R}, GPU {loss:R}");
        Assert.Equal(loss, GpuNegativeLogLikelihood.Compute(gp, gy.View, null));
        AssertClose(cpuGradient.Span.ToArray(), gpuGradient.ToHost(), "loss gradient");
        AssertClose(expectedDx, gpuSoftmax.Backward(gu).ToHost(), "softmax backward");

        using var wrong = new GpuMatrix(Accelerator, Rows, Classes + 1);
        Assert.Contains("The output gradient", Assert.Throws<ArgumentException>(() => gpuSoftmax.Backward(wrong)).Message, StringComparison.Ordinal);
        Assert.Contains("The gradient", Assert.Throws<ArgumentException>(() => GpuNegativeLogLikelihood.Compute(gp, gy.View, wrong)).Message, StringComparison.Ordinal);
        Assert.Contains("6 examples", Assert.Throws<ArgumentException>(() => GpuNegativeLogLikelihood.Compute(gp, gy.View.SubView(0, 5), null)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new GpuSoftmax(Accelerator).Backward(gu));
    }

    [Fact]
    public void LossesTakeOneHotAndWeightedTargetRowsAsTheCpuDoes()
    {
        var random = new Random(8);
        const int Rows = 5, Classes = 3;
        var logits = Enumerable.Range(0, Rows * Classes).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var targets = new float[Rows * Classes];
        for (var r = 0; r < Rows; r++)
        {
            targets[(r * Classes) + random.Next(Classes)] = 1f;
        }

        targets[0] = 0.25f;
        targets[1] = 0.75f;
        targets[2] = 0f;
        using var cx = Tensor<float>.FromMatrix(Rows, Classes, logits);
        using var cy = Tensor<float>.FromMatrix(Rows, Classes, targets);
        using var gx = GpuMatrix.FromHost(Accelerator, Rows, Classes, logits);
        using var gy = GpuMatrix.FromHost(Accelerator, Rows, Classes, targets);
        using var cpuGradient = new Tensor<float>(TensorShape.Matrix(Rows, Classes));
        using var gpuGradient = new GpuMatrix(Accelerator, Rows, Classes);

        using var crossEntropy = new SoftmaxCrossEntropyLoss();
        var expected = crossEntropy.Compute(cx, cy, cpuGradient);
        var actual = GpuSoftmaxCrossEntropy.Compute(gx, gy, gpuGradient);
        Assert.True(Math.Abs(expected - actual) <= 1e-5f * (1 + Math.Abs(expected)), $"cross-entropy: CPU {expected:R}, GPU {actual:R}");
        AssertClose(cpuGradient.Span.ToArray(), gpuGradient.ToHost(), "cross-entropy gradient");

        using var softmax = new SoftmaxLayer();
        var p = softmax.Forward(cx, training: false);
        using var gp = GpuMatrix.FromHost(Accelerator, Rows, Classes, p.Span);
        using var likelihood = new NegativeLogLikelihoodLoss();
        expected = likelihood.Compute(p, cy, cpuGradient);
        actual = GpuNegativeLogLikelihood.Compute(gp, gy, gpuGradient);
        Assert.True(Math.Abs(expected - actual) <= 1e-5f * (1 + Math.Abs(expected)), $"likelihood: CPU {expected:R}, GPU {actual:R}");
        AssertClose(cpuGradient.Span.ToArray(), gpuGradient.ToHost(), "likelihood gradient");
        using var wrong = new GpuMatrix(Accelerator, Rows, Classes + 1);
        Assert.Contains("The targets", Assert.Throws<ArgumentException>(() => GpuSoftmaxCrossEntropy.Compute(gx, wrong, gpuGradient)).Message, StringComparison.Ordinal);
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: CPU {expected[i]:R}, GPU {actual[i]:R}");
        }
    }
}
