using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using SymDiff.Gpu;
using SymDiff.Samples.Common;

namespace SymDiff.Samples.Digits;

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
    /// <summary>Parses <c>cpu</c>, <c>gpu</c> or <c>cpu-accelerator</c> (<see cref="SampleDevices.Parse"/>).</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static SampleDevice Parse(string text) => SampleDevices.Parse(text);

    /// <summary>
    /// An accelerator for <paramref name="device"/> in <paramref name="context"/>, or null when <see cref="SampleDevice.Gpu"/>
    /// finds no CUDA GPU (the caller falls back to the CPU runtime and says so).
    /// </summary>
    public static Accelerator? Create(Context context, SampleDevice device)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (device == SampleDevice.CpuAccelerator)
        {
            return context.CreateCPUAccelerator(0);
        }

        var gpu = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
        return gpu?.CreateAccelerator(context);
    }

    /// <summary>
    /// Trains on <paramref name="accelerator"/> and evaluates: <see cref="DigitsSample.Train"/> itself (same images,
    /// initial weights, batches and trainer), with every step on the accelerator (<see cref="GpuTrainingDevice"/>).
    /// </summary>
    public static DigitsAcceleratorResult Train(DigitsSettings settings, Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        var result = DigitsSample.Train(settings, device: (model, loss, optimizer) => new GpuTrainingDevice(model, loss, optimizer, accelerator));
        var history = result.Training.History;
        return new DigitsAcceleratorResult($"{accelerator.Name} ({accelerator.AcceleratorType})", result.TrainingSet.Accuracy, result.TestSet.Accuracy,
            [.. history.Select(h => (double)h.Loss)], result.Steps, result.TrainingTime, (long)result.TrainingSet.Count * history.Count);
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
