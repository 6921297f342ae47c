using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using SymDiff.Gpu;
using SymDiff.Tensors;

namespace SymDiff.Samples.Digits;

/// <summary>Where the digits model trains.</summary>
public enum DigitsDevice
{
    /// <summary>The CPU runtime (the default).</summary>
    Cpu,

    /// <summary>A CUDA GPU through ILGPU, falling back to the CPU runtime when there is none.</summary>
    Gpu,

    /// <summary>ILGPU's CPU accelerator: the GPU code path on the CPU (slow; for checking it, not for speed).</summary>
    CpuAccelerator,
}

/// <summary>The outcome of a run on an accelerator.</summary>
/// <param name="Device">The accelerator's name.</param>
/// <param name="TrainingAccuracy">Accuracy on the training images after the last epoch.</param>
/// <param name="TestAccuracy">Accuracy on the held-out images.</param>
/// <param name="EpochLosses">The mean training loss of each epoch.</param>
/// <param name="Steps">Adam steps taken.</param>
/// <param name="TrainingTime">Wall time of the training loop (evaluation excluded).</param>
/// <param name="Images">Training images processed.</param>
public sealed record DigitsAcceleratorResult(string Device, double TrainingAccuracy, double TestAccuracy, List<double> EpochLosses, long Steps, TimeSpan TrainingTime, long Images);

/// <summary>
/// The digits model (784 → hidden ReLU → 10, softmax cross-entropy, Adam) trained on an ILGPU accelerator with the GPU
/// runtime: the same images and the same initial weights as the CPU run of the same seed, mini-batches uploaded per
/// step, the layers' activations the generated ILGPU kernels.
/// </summary>
public static class DigitsOnAccelerator
{
    /// <summary>Parses <c>cpu</c>, <c>gpu</c> or <c>cpu-accelerator</c>.</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static DigitsDevice Parse(string text) => text switch
    {
        "cpu" => DigitsDevice.Cpu,
        "gpu" => DigitsDevice.Gpu,
        "cpu-accelerator" => DigitsDevice.CpuAccelerator,
        _ => throw new ArgumentException($"--device takes cpu, gpu or cpu-accelerator, not '{text}'."),
    };

    /// <summary>
    /// An accelerator for <paramref name="device"/> in <paramref name="context"/>, or null when <see cref="DigitsDevice.Gpu"/>
    /// finds no CUDA GPU (the caller falls back to the CPU runtime and says so).
    /// </summary>
    public static Accelerator? Create(Context context, DigitsDevice device)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (device == DigitsDevice.CpuAccelerator)
        {
            return context.CreateCPUAccelerator(0);
        }

        var gpu = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
        return gpu?.CreateAccelerator(context);
    }

    /// <summary>Trains on <paramref name="accelerator"/> and evaluates.</summary>
    public static DigitsAcceleratorResult Train(DigitsSettings settings, Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(accelerator);
        var (random, x, y, testX, testY) = DigitsSample.Data(settings);
        var (hiddenCpu, outputCpu) = DigitsSample.Layers(settings, random);
        using (x)
        using (y)
        using (testX)
        using (testY)
        using (hiddenCpu)
        using (outputCpu)
        using (var hidden = GpuDense.FromCpu(hiddenCpu, accelerator))
        using (var output = GpuDense.FromCpu(outputCpu, accelerator))
        using (var adam = new GpuAdam([hidden, output], settings.LearningRate))
        {
            var order = Enumerable.Range(0, x.Rows).ToArray();
            var shuffle = new Random(settings.Seed);
            var losses = new List<double>();
            var batchX = new float[settings.BatchSize * SyntheticDigits.Pixels];
            var batchY = new int[settings.BatchSize];
            var clock = Stopwatch.StartNew();
            long images = 0;
            for (var epoch = 0; epoch < settings.Epochs; epoch++)
            {
                shuffle.Shuffle(order);
                var total = 0.0;
                for (var start = 0; start < order.Length; start += settings.BatchSize)
                {
                    var count = Math.Min(settings.BatchSize, order.Length - start);
                    for (var i = 0; i < count; i++)
                    {
                        x.Row(order[start + i]).CopyTo(batchX.AsSpan(i * SyntheticDigits.Pixels));
                        batchY[i] = (int)y[order[start + i]];
                    }

                    using var inputs = GpuMatrix.FromHost(accelerator, count, SyntheticDigits.Pixels, batchX.AsSpan(0, count * SyntheticDigits.Pixels));
                    using var classes = accelerator.Allocate1D(batchY.AsSpan(0, count).ToArray());
                    using var gradient = new GpuMatrix(accelerator, count, 10);
                    total += GpuSoftmaxCrossEntropy.Compute(output.Forward(hidden.Forward(inputs)), classes.View, gradient) * count;
                    hidden.Backward(output.Backward(gradient, true)!, false);
                    adam.Step();
                    images += count;
                }

                losses.Add(total / order.Length);
            }

            accelerator.Synchronize();
            var elapsed = clock.Elapsed;
            return new DigitsAcceleratorResult(accelerator.Name, Accuracy(hidden, output, x, y, accelerator), Accuracy(hidden, output, testX, testY, accelerator),
                losses, adam.StepCount, elapsed, images);
        }
    }

    private static double Accuracy(GpuDense hidden, GpuDense output, Tensor<float> x, Tensor<float> y, Accelerator accelerator)
    {
        var correct = 0;
        const int chunk = 500;
        for (var start = 0; start < x.Rows; start += chunk)
        {
            var count = Math.Min(chunk, x.Rows - start);
            using var inputs = GpuMatrix.FromHost(accelerator, count, SyntheticDigits.Pixels, x.Span.Slice(start * SyntheticDigits.Pixels, count * SyntheticDigits.Pixels));
            var logits = output.Forward(hidden.Forward(inputs)).ToHost();
            for (var i = 0; i < count; i++)
            {
                correct += TensorMath.ArgMax(logits.AsSpan(i * 10, 10)) == (int)y[start + i] ? 1 : 0;
            }
        }

        return (double)correct / x.Rows;
    }

    /// <summary>Prints the device, accuracy, the epochs' losses and throughput.</summary>
    public static void Print(DigitsAcceleratorResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"device: {result.Device}");
        writer.WriteLine($"training accuracy {100 * result.TrainingAccuracy,5:F1}%");
        writer.WriteLine($"held-out accuracy {100 * result.TestAccuracy,5:F1}%  (chance 10%)");
        writer.WriteLine("epoch losses: " + string.Join(", ", result.EpochLosses.Select((l, i) => $"{i + 1}: {l:F4}")));
        writer.WriteLine($"{result.Steps} steps in {result.TrainingTime.TotalSeconds:F2} s: {result.Images / result.TrainingTime.TotalSeconds:F0} training images/s");
    }
}
