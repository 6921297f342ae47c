using System.Diagnostics;
using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Sequence;

/// <summary>The outcome of a run on an accelerator.</summary>
/// <param name="Device">The accelerator's name and type.</param>
/// <param name="Result">The training run (its history's losses are the windows' mean).</param>
/// <param name="Windows">How many windows train in parallel.</param>
/// <param name="WindowSteps">Predictions per window.</param>
/// <param name="GradientTime">Wall time of all the gradients on the accelerator (upload, kernel, download).</param>
/// <param name="MaxDifferenceFromCpu">
/// At the trained parameters, the largest |difference| between the accelerator's mean loss and gradient and those of the
/// generated C# gradient over the same windows.
/// </param>
public sealed record SequenceAcceleratorResult(
    string Device, SequenceResult Result, int Windows, int WindowSteps, TimeSpan GradientTime, double MaxDifferenceFromCpu);

/// <summary>
/// The RNN trained on an ILGPU accelerator: the training sequence is cut into windows (<see cref="RecurrentWindows.Cut"/>),
/// and every step's gradient is the mean over the windows, one window per thread, from the per-example kernels SymDiff
/// generates for <see cref="RecurrentWindows.WindowLoss"/> (each thread runs the method's checkpointed forward and
/// reverse sweeps on its own tape in device memory; the windows' gradients are summed on the device in a fixed order).
/// The optimizer, the schedule and the evaluation are <see cref="SequenceSample.Train"/>'s own.
/// </summary>
public static class SequenceOnAccelerator
{
    /// <summary>
    /// An accelerator for <paramref name="device"/> in <paramref name="context"/>, or null when <see cref="SampleDevice.Gpu"/>
    /// finds no CUDA GPU (the caller falls back to the CPU and says so).
    /// </summary>
    /// <param name="context">The ILGPU context.</param>
    /// <param name="device">The device asked for.</param>
    /// <returns>The accelerator, or null.</returns>
    public static Accelerator? Create(Context context, SampleDevice device)
    {
        ArgumentNullException.ThrowIfNull(context);
        return device == SampleDevice.CpuAccelerator
            ? context.CreateCPUAccelerator(0)
            : context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda)?.CreateAccelerator(context);
    }

    /// <summary>Trains on <paramref name="accelerator"/>; see the class remarks.</summary>
    /// <param name="settings">The run's settings (<see cref="SequenceSettings.WindowSteps"/> sets the windows).</param>
    /// <param name="accelerator">Where the gradients run.</param>
    /// <param name="progress">Receives one report per epoch, or null.</param>
    /// <returns>The run and its device measurements.</returns>
    public static SequenceAcceleratorResult Train(SequenceSettings settings, Accelerator accelerator, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(accelerator);
        var hidden = settings.Hidden;
        var count = RecurrentNetwork.ParameterCount(hidden);
        using var parameters = accelerator.Allocate1D<double>(count);
        using var gradients = accelerator.Allocate1D<double>(count);
        MemoryBuffer1D<double, Stride1D.Dense>? windows = null, upstream = null, values = null;
        var (cut, windowCount) = (Array.Empty<double>(), 0);
        double[]? cutFrom = null;
        var clock = new Stopwatch();
        try
        {
            var result = SequenceSample.Train(settings, progress, (p, training, gradient) =>
            {
                if (!ReferenceEquals(training, cutFrom))
                {
                    // The training sequence is the same every step: cut and upload it once.
                    (cut, windowCount) = RecurrentWindows.Cut(training, settings.WindowSteps);
                    if (windowCount == 0)
                    {
                        throw new ArgumentException($"The training sequence has {training.Length - 1} steps, fewer than one window of {settings.WindowSteps}.", nameof(settings));
                    }

                    windows?.Dispose();
                    upstream?.Dispose();
                    values?.Dispose();
                    windows = accelerator.Allocate1D(cut);
                    upstream = accelerator.Allocate1D(Enumerable.Repeat(1.0 / windowCount, windowCount).ToArray());
                    values = accelerator.Allocate1D<double>(windowCount);
                    cutFrom = training;
                }

                clock.Start();
                parameters.CopyFromCPU(p);
                RecurrentWindows.WindowLossGpuBackward(accelerator, parameters.View, hidden, windows!.View, upstream!.View, values!.View, gradients.View);
                gradients.CopyToCPU(gradient);
                var loss = values.GetAsArray1D().Sum() / windowCount;
                clock.Stop();
                return loss;
            });

            // The same windows' mean loss and gradient from the generated C# members, at the trained parameters.
            var cpu = new double[count];
            var device = new double[count];
            var cpuLoss = RecurrentWindows.MeanGradient(result.Parameters, hidden, cut, windowCount, cpu);
            parameters.CopyFromCPU(result.Parameters);
            RecurrentWindows.WindowLossGpuBackward(accelerator, parameters.View, hidden, windows!.View, upstream!.View, values!.View, gradients.View);
            gradients.CopyToCPU(device);
            var difference = Math.Abs((values.GetAsArray1D().Sum() / windowCount) - cpuLoss);
            for (var i = 0; i < count; i++)
            {
                difference = Math.Max(difference, Math.Abs(device[i] - cpu[i]));
            }

            return new SequenceAcceleratorResult($"{accelerator.Name} ({accelerator.AcceleratorType})", result, windowCount, settings.WindowSteps, clock.Elapsed, difference);
        }
        finally
        {
            windows?.Dispose();
            upstream?.Dispose();
            values?.Dispose();
        }
    }

    /// <summary>Prints the device, the windows, the throughput, and the agreement with the CPU.</summary>
    /// <param name="result">The run.</param>
    /// <param name="writer">Where to print.</param>
    public static void Print(SequenceAcceleratorResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var epochs = result.Result.History.Count;
        var seconds = result.GradientTime.TotalSeconds;
        writer.WriteLine($"device: {result.Device}");
        writer.WriteLine($"{result.Windows} windows of {result.WindowSteps} steps, one per thread; {epochs} gradients in {seconds:F2} s: "
            + $"{result.Windows * (double)epochs / seconds:F0} windows/s, {result.Windows * (double)result.WindowSteps * epochs / seconds:F0} RNN steps/s (forward and backward)");
        var difference = result.MaxDifferenceFromCpu == 0 ? "0" : result.MaxDifferenceFromCpu.ToString("0.0E+0", CultureInfo.InvariantCulture);
        writer.WriteLine($"largest |difference| from the generated C# gradient over the same windows, at the trained parameters: {difference}");
        writer.WriteLine();
        SequenceSample.Print(result.Result, writer);
    }
}
