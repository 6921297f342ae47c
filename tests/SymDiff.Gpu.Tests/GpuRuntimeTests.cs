using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The GPU runtime on ILGPU's CPU accelerator against the CPU runtime: the tiled GEMM in all four transposition cases,
/// a two-layer network trained for several SGD steps from the same initialization on both devices (losses and weights
/// agree to float rounding), the errors for mismatched shapes, and every runtime kernel compiled to PTX.
/// </summary>
public sealed class GpuRuntimeTests : AcceleratorTest
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void GemmMatchesAReferenceProductInEveryTranspositionCase(bool transA, bool transB)
    {
        // One partial tile, and several tiles with partial edges in every dimension (GPU tiles are 64×64 by 16, the
        // CPU accelerator's 16×16 by 4).
        Gemm(transA, transB, 37, 23, 19);
        Gemm(transA, transB, 150, 70, 45);

        // The inner dimension split in chunks (the last one short) added in order by a second kernel, β applied once.
        Gemm(transA, transB, 21, 18, 301, splits: 3);
        Gemm(transA, transB, 40, 9, 130, splits: 7);
        Gemm(transA, transB, 5, 7, 3, splits: 5);
    }

    /// <summary>A multiply is split only while its tiles leave multiprocessors idle, in chunks of at least four steps.</summary>
    [Fact]
    public void TheInnerDimensionIsSplitOnlyWhenTheTilesCannotFillTheDevice()
    {
        Assert.Equal(12, GpuGemm.Splits(tiles: 2, k: 784, depth: 16, multiprocessors: 132));
        Assert.Equal(11, GpuGemm.Splits(tiles: 26, k: 4096, depth: 16, multiprocessors: 132));
        Assert.Equal(1, GpuGemm.Splits(tiles: 264, k: 4096, depth: 16, multiprocessors: 132));
        Assert.Equal(1, GpuGemm.Splits(tiles: 1, k: 64, depth: 16, multiprocessors: 132));
        Assert.Equal(2, GpuGemm.Splits(tiles: 1, k: 128, depth: 16, multiprocessors: 132));
    }

    /// <summary>Column sums over few rows (one pass) and many (chunks of 64 rows, then the chunks), against the CPU.</summary>
    [Theory]
    [InlineData(40, 5)]
    [InlineData(64, 3)]
    [InlineData(65, 3)]
    [InlineData(1000, 13)]
    public void ColumnSumsMatchTheCpu(int rows, int columns)
    {
        var random = new Random(rows);
        var values = Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var m = GpuMatrix.FromHost(Accelerator, rows, columns, values);
        using var sums = Accelerator.Allocate1D<float>(columns);
        GpuReductions.ColumnSums(m, sums.View);
        var expected = Enumerable.Range(0, columns).Select(j => (float)Enumerable.Range(0, rows).Sum(r => (double)values[(r * columns) + j])).ToArray();
        Close(expected, sums.GetAsArray1D());
    }

    private void Gemm(bool transA, bool transB, int m, int n, int k, int? splits = null)
    {
        var random = new Random(3);
        float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var (a, b, c) = (Random(m * k), Random(k * n), Random(m * n));
        using var ga = transA ? GpuMatrix.FromHost(Accelerator, k, m, a) : GpuMatrix.FromHost(Accelerator, m, k, a);
        using var gb = transB ? GpuMatrix.FromHost(Accelerator, n, k, b) : GpuMatrix.FromHost(Accelerator, k, n, b);
        using var gc = GpuMatrix.FromHost(Accelerator, m, n, c);
        GpuGemm.Multiply(transA, transB, 0.5f, ga, gb, 2f, gc, splits);
        var result = gc.ToHost();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0d;
                for (var q = 0; q < k; q++)
                {
                    sum += (transA ? a[q * m + i] : a[i * k + q]) * (double)(transB ? b[j * k + q] : b[q * n + j]);
                }

                var expected = 0.5 * sum + 2 * c[i * n + j];
                Assert.True(Math.Abs(expected - result[i * n + j]) <= 1e-5 * (1 + Math.Abs(expected)), $"C[{i},{j}]: {result[i * n + j]} vs {expected}");
            }
        }
    }

    [Fact]
    public void GemmNamesTheMatrixWhoseShapeIsWrong()
    {
        using var a = new GpuMatrix(Accelerator, 4, 3);
        using var b = new GpuMatrix(Accelerator, 5, 2);
        using var c = new GpuMatrix(Accelerator, 4, 2);
        var e = Assert.Throws<ArgumentException>(() => GpuGemm.Multiply(false, false, 1, a, b, 0, c));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("inner dimensions differ", e.Message, StringComparison.Ordinal);
        using var b2 = new GpuMatrix(Accelerator, 3, 2);
        using var wrong = new GpuMatrix(Accelerator, 2, 4);
        e = Assert.Throws<ArgumentException>(() => GpuGemm.Multiply(false, false, 1, a, b2, 0, wrong));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("C is 2×4 but 4×2 is needed", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => a.CopyFromHost(new float[5]));
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.HardTanh)]
    public void TrainingOnTheAcceleratorFollowsTheCpu(Activation activation)
    {
        const int batch = 32, inputs = 10, hidden = 16, classes = 3, steps = 5;
        const float learningRate = 0.1f;
        var random = new Random(7);
        using var hiddenCpu = new Dense(inputs, hidden, random, activation);
        using var outputCpu = new Dense(hidden, classes, random);
        using var hiddenGpu = GpuDense.FromCpu(hiddenCpu, Accelerator);
        using var outputGpu = GpuDense.FromCpu(outputCpu, Accelerator);

        var x = Enumerable.Range(0, batch * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var y = Enumerable.Range(0, batch).Select(_ => random.Next(classes)).ToArray();
        using var xCpu = Tensor<float>.FromMatrix(batch, inputs, x);
        using var yCpu = Tensor<float>.FromMatrix(batch, 1, y.Select(c => (float)c).ToArray());
        using var xGpu = GpuMatrix.FromHost(Accelerator, batch, inputs, x);
        using var yGpu = Accelerator.Allocate1D(y);
        using var loss = new SoftmaxCrossEntropyLoss();
        using var gradient = new Tensor<float>(batch, classes);
        using var gradientGpu = new GpuMatrix(Accelerator, batch, classes);
        using var sgd = new Sgd(hiddenCpu.Parameters.Concat(outputCpu.Parameters).ToList(), learningRate);

        for (var step = 0; step < steps; step++)
        {
            var cpuLoss = loss.Compute(outputCpu.Forward(hiddenCpu.Forward(xCpu, true), true), yCpu, gradient);
            hiddenCpu.Backward(outputCpu.Backward(gradient, true)!, false);
            sgd.Step();

            var gpuLoss = GpuSoftmaxCrossEntropy.Compute(outputGpu.Forward(hiddenGpu.Forward(xGpu)), yGpu.View, gradientGpu);
            hiddenGpu.Backward(outputGpu.Backward(gradientGpu, true)!, false);
            GpuSgd.Step(learningRate, hiddenGpu, outputGpu);
            Assert.True(Math.Abs(cpuLoss - gpuLoss) <= 1e-5 * (1 + Math.Abs(cpuLoss)), $"step {step}: CPU loss {cpuLoss}, GPU loss {gpuLoss}");
        }

        Close(hiddenCpu.Weight.Value.Span.ToArray(), hiddenGpu.Weight.ToHost());
        Close(hiddenCpu.Bias.Value.Span.ToArray(), hiddenGpu.Bias.ToHost());
        Close(outputCpu.Weight.Value.Span.ToArray(), outputGpu.Weight.ToHost());
        Close(outputCpu.Bias.Value.Span.ToArray(), outputGpu.Bias.ToHost());

        // The weights moved: the comparison is of training, not of the initialization.
        using var fresh = new Dense(inputs, hidden, new Random(7), activation);
        Assert.NotEqual(fresh.Weight.Value.Span.ToArray(), hiddenGpu.Weight.ToHost());
    }

    [Fact]
    public void WeightsCopyBackToTheCpuLayer()
    {
        using var cpu = new Dense(4, 3, new Random(1), Activation.Tanh);
        using var gpu = GpuDense.FromCpu(cpu, Accelerator);
        using var other = new Dense(4, 3, new Random(2), Activation.Tanh);
        gpu.CopyToCpu(other);
        Assert.Equal(cpu.Weight.Value.Span.ToArray(), other.Weight.Value.Span.ToArray());
        using var wrongShape = new Dense(3, 3, new Random(2));
        Assert.Throws<ArgumentException>(() => gpu.CopyToCpu(wrongShape));
        using var input = new GpuMatrix(Accelerator, 2, 5);
        var e = Assert.Throws<ArgumentException>(() => gpu.Forward(input));
        Assert.Contains("is 2×5 but 2×4 is needed", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => GpuDense.FromCpu(cpu, Accelerator).Backward(new GpuMatrix(Accelerator, 2, 3), false));
    }

    public static TheoryData<string> RuntimeKernels => new(new[] { "Blocked", "SumChunks", "BroadcastRows", "ColumnSums", "ColumnChunkSums", "Axpy", "SoftmaxCrossEntropyRow", "Adam", "Momentum", "SquareAverage", "Adadelta", "Fill", "Multiply", "DropoutForward", "SoftmaxRow", "SoftmaxBackwardRow", "NegativeLogLikelihoodRow", "EmbeddingGather", "EmbeddingScatter", "SoftmaxCrossEntropyDistributionRow", "NegativeLogLikelihoodDistributionRow" });

    /// <summary>Each runtime kernel compiles to PTX for SM 8.0 (GEMM with its 64×64 tiles, shared memory and registers).</summary>
    [Theory]
    [MemberData(nameof(RuntimeKernels))]
    public void EveryRuntimeKernelCompilesToPtx(string name)
    {
        var assembly = typeof(GpuGemm).Assembly;
        var method = name == "Blocked"
            ? assembly.GetType("SymDiff.Gpu.GemmKernels")!.GetMethod(name)!.MakeGenericMethod(assembly.GetType("SymDiff.Gpu.Threads16")!)
            : assembly.GetType(name == "SumChunks" ? "SymDiff.Gpu.GemmKernels" : "SymDiff.Gpu.GpuKernels")!.GetMethod(name)!;
        var ptx = Ptx(method, explicitlyGrouped: name == "Blocked");
        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
        if (name == "Blocked")
        {
            // The panels in shared memory, the 4×4 outputs per thread in registers (no local memory).
            Assert.Contains(".shared", ptx, StringComparison.Ordinal);
            Assert.DoesNotContain(".local", ptx, StringComparison.Ordinal);
        }
    }

    private static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"element {i}: CPU {expected[i]}, GPU {actual[i]}");
        }
    }
}
