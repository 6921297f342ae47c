using System.Reflection;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The element-wise GPU losses against their CPU twins (loss and gradient, to 1e-5), their shape errors, and the
/// generated ILGPU kernels the GPU runtime runs (every activation's and every loss's) compiled to PTX.
/// </summary>
public sealed class GpuLossTests : AcceleratorTest
{
    [Theory]
    [InlineData("squared error")]
    [InlineData("binary cross-entropy")]
    public void LossAndGradientMatchTheCpuLoss(string name)
    {
        var random = new Random(name.Length);
        const int Rows = 7, Columns = 3;
        var output = Enumerable.Range(0, Rows * Columns).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var target = Enumerable.Range(0, Rows * Columns).Select(_ => (float)random.NextDouble()).ToArray();
        using Loss cpu = name == "squared error" ? new SquaredErrorLoss() : new BinaryCrossEntropyWithLogitsLoss();
        using var gpu = name == "squared error" ? GpuElementwiseLoss.SquaredError() : GpuElementwiseLoss.BinaryCrossEntropyWithLogits();
        Assert.Equal(cpu.Name, gpu.Name);
        using var cpuOutput = Tensor<float>.FromMatrix(Rows, Columns, output);
        using var cpuTarget = Tensor<float>.FromMatrix(Rows, Columns, target);
        using var cpuGradient = new Tensor<float>(TensorShape.Matrix(Rows, Columns));
        var expected = cpu.Compute(cpuOutput, cpuTarget, cpuGradient);
        using var gpuOutput = GpuMatrix.FromHost(Accelerator, Rows, Columns, output);
        using var gpuTarget = GpuMatrix.FromHost(Accelerator, Rows, Columns, target);
        using var gpuGradient = new GpuMatrix(Accelerator, Rows, Columns);
        for (var repeat = 0; repeat < 2; repeat++)
        {
            var actual = gpu.Compute(gpuOutput, gpuTarget, gpuGradient);
            Assert.True(Math.Abs(expected - actual) <= 1e-5f * (1 + Math.Abs(expected)), $"loss: CPU {expected:R}, GPU {actual:R}");
            var g = gpuGradient.ToHost();
            for (var i = 0; i < g.Length; i++)
            {
                Assert.True(Math.Abs(cpuGradient[i] - g[i]) <= 1e-5f * (1 + Math.Abs(cpuGradient[i])), $"gradient[{i}]: CPU {cpuGradient[i]:R}, GPU {g[i]:R}");
            }
        }

        Assert.Equal(gpu.Compute(gpuOutput, gpuTarget, null), gpu.Compute(gpuOutput, gpuTarget, gpuGradient));
        using var wrong = new GpuMatrix(Accelerator, Rows, Columns + 1);
        Assert.Contains("The target", Assert.Throws<ArgumentException>(() => gpu.Compute(gpuOutput, wrong, null)).Message, StringComparison.Ordinal);
        Assert.Contains("The gradient", Assert.Throws<ArgumentException>(() => gpu.Compute(gpuOutput, gpuTarget, wrong)).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> RuntimeFunctionKernels => new((string[])[.. new[] { "Activations", "Losses" }
        .SelectMany(type => typeof(GpuGemm).Assembly.GetType("SymDiff.Gpu.Functions." + type)!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name.EndsWith("GpuForwardKernel", StringComparison.Ordinal) || m.Name.EndsWith("GpuBackwardKernel", StringComparison.Ordinal))
            .Select(m => type + "." + m.Name))]);

    /// <summary>Every generated kernel of the runtime's shared activation and loss functions compiles to PTX for SM 8.0.</summary>
    [Theory]
    [MemberData(nameof(RuntimeFunctionKernels))]
    public void EveryGeneratedRuntimeKernelCompilesToPtx(string name)
    {
        var (type, method) = (name[..name.IndexOf('.', StringComparison.Ordinal)], name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        var kernel = typeof(GpuGemm).Assembly.GetType("SymDiff.Gpu.Functions." + type)!.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.Contains(".entry", Ptx(kernel), StringComparison.Ordinal);
    }
}
