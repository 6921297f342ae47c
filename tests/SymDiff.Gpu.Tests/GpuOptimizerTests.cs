using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// Every GPU optimizer against its CPU twin on ILGPU's CPU accelerator: the same parameters (a regularized weight and a
/// bias that is not), the same gradients for four steps with L2 regularization on, and after every step the same
/// values and the same state, to float rounding. Their kernels compile to PTX with the other runtime kernels
/// (<see cref="GpuRuntimeTests"/>).
/// </summary>
public sealed class GpuOptimizerTests : AcceleratorTest
{
    public static TheoryData<string> Kinds => new((string[])["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"]);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryStepMatchesTheCpuOptimizer(string kind)
    {
        var random = new Random(kind.Length);
        using var weight = new Parameter("w", TensorShape.Matrix(5, 3), regularize: true);
        using var bias = new Parameter("b", TensorShape.Vector(3), regularize: false);
        Parameter[] cpu = [weight, bias];
        foreach (var p in cpu)
        {
            Fill(p.Value.Span, random);
        }

        var gpu = cpu.Select(p => new GpuParameter(p.Name, GpuMatrix.FromHost(Accelerator, p.Shape.Rows, p.Value.Length / p.Shape.Rows, p.Value.Span), new GpuMatrix(Accelerator, p.Shape.Rows, p.Value.Length / p.Shape.Rows), p.Regularize)).ToList();
        try
        {
            using var cpuOptimizer = Cpu(kind, cpu);
            using var gpuOptimizer = Gpu(kind, gpu);
            cpuOptimizer.L2 = gpuOptimizer.L2 = 0.01f;
            Assert.Equal(cpuOptimizer.SlotsPerParameter, gpuOptimizer.SlotsPerParameter);
            for (var step = 1; step <= 4; step++)
            {
                for (var i = 0; i < cpu.Length; i++)
                {
                    Fill(cpu[i].Gradient.Span, random);
                    gpu[i].Gradient.CopyFromHost(cpu[i].Gradient.Span);
                }

                cpuOptimizer.Step();
                gpuOptimizer.Step();
                Accelerator.Synchronize();
                for (var i = 0; i < cpu.Length; i++)
                {
                    AssertClose(cpu[i].Value.Span.ToArray(), gpu[i].Value.ToHost(), $"{kind} step {step} {cpu[i].Name}");
                    for (var s = 0; s < cpuOptimizer.SlotsPerParameter; s++)
                    {
                        AssertClose(cpuOptimizer.GetSlot(i, s).Span.ToArray(), gpuOptimizer.GetSlot(i, s).ToHost(), $"{kind} step {step} {cpu[i].Name} slot {s}");
                    }
                }
            }

            Assert.Equal(4, gpuOptimizer.StepCount);
        }
        finally
        {
            foreach (var p in gpu)
            {
                p.Value.Dispose();
                p.Gradient.Dispose();
            }
        }
    }

    [Fact]
    public void LayersGiveTheirParametersNamedAsOnTheCpu()
    {
        using var cpu = new Dense(4, 2, new Random(1), Activation.Relu, name: "hidden");
        using var gpu = GpuDense.FromCpu(cpu, Accelerator);
        Assert.Equal(cpu.Parameters.Select(p => (p.Name, p.Regularize)), gpu.Parameters.Select(p => (p.Name, p.Regularize)));
        Assert.Throws<ArgumentException>(() => new GpuSgd([], 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuSgd(gpu.Parameters, 0f));
    }

    private static Optimizer Cpu(string kind, Parameter[] p) => kind switch
    {
        "sgd" => new Sgd(p, 0.1f),
        "momentum" => new Momentum(p, 0.1f, 0.8f),
        "nesterov" => new Nesterov(p, 0.1f, 0.8f),
        "adagrad" => new Adagrad(p, 0.1f),
        "rmsprop" => new RmsProp(p, 0.01f, 0.8f),
        "adadelta" => new Adadelta(p, 1f, 0.8f),
        "adam" => new Adam(p, 0.01f),
        _ => new AdamW(p, 0.01f, 0.1f),
    };

    private static GpuOptimizer Gpu(string kind, List<GpuParameter> p) => kind switch
    {
        "sgd" => new GpuSgd(p, 0.1f),
        "momentum" => new GpuMomentum(p, 0.1f, 0.8f),
        "nesterov" => new GpuNesterov(p, 0.1f, 0.8f),
        "adagrad" => new GpuAdagrad(p, 0.1f),
        "rmsprop" => new GpuRmsProp(p, 0.01f, 0.8f),
        "adadelta" => new GpuAdadelta(p, 1f, 0.8f),
        "adam" => new GpuAdam(p, 0.01f),
        _ => new GpuAdamW(p, 0.01f, 0.1f),
    };

    private static void Fill(Span<float> values, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: CPU {expected[i]:R}, GPU {actual[i]:R}");
        }
    }
}
