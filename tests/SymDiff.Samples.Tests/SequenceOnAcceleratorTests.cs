using ILGPU;
using SymDiff.Samples.Common;
using SymDiff.Samples.Sequence;

namespace SymDiff.Samples.Tests;

/// <summary>
/// The sequence sample's --device path on ILGPU's CPU accelerator (CI has no GPU), on a tiny budget: windows trained in
/// parallel by the per-example kernels, their gradient the generated C# gradient's over the same windows.
/// </summary>
public class SequenceOnAcceleratorTests
{
    [Fact]
    public void TrainsWindowsOnTheCpuAcceleratorAndAgreesWithTheCpuGradient()
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var accelerator = SequenceOnAccelerator.Create(context, SampleDevice.CpuAccelerator)!;
        var settings = new SequenceSettings(Epochs: 30, TrainingSteps: 200, HeldOutSteps: 100, Hidden: 4, WindowSteps: 20);
        var result = SequenceOnAccelerator.Train(settings, accelerator);
        Assert.Equal(10, result.Windows);
        Assert.Equal(30, result.Result.History.Count);
        Assert.True(result.Result.History[^1].Loss < result.Result.History[0].Loss, string.Join(", ", result.Result.History.Select(h => h.Loss)));
        Assert.True(result.MaxDifferenceFromCpu < 1e-12, $"difference {result.MaxDifferenceFromCpu}");
        var text = new StringWriter();
        SequenceOnAccelerator.Print(result, text);
        Assert.Contains("device: ", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("windows/s", text.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The windows' mean gradient on the CPU is the mean of the generated gradients of each window, checked by central differences.</summary>
    [Fact]
    public void MeanGradientOverWindowsMatchesFiniteDifferences()
    {
        const int hidden = 3;
        var random = new Random(4);
        var xs = Enumerable.Range(0, 41).Select(t => Math.Sin(t * 0.4) + (0.1 * random.NextDouble())).ToArray();
        var (windows, count) = RecurrentWindows.Cut(xs, 10);
        Assert.Equal(4, count);
        Assert.Equal(xs[10], windows[11]);
        var p = Enumerable.Range(0, RecurrentNetwork.ParameterCount(hidden)).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var gradient = new double[p.Length];
        RecurrentWindows.MeanGradient(p, hidden, windows, count, gradient);
        double Mean(double[] at) => Enumerable.Range(0, count).Average(k => RecurrentWindows.WindowLoss(at, hidden, windows.AsSpan(k * 11, 11)));
        for (var i = 0; i < p.Length; i++)
        {
            var (plus, minus) = ((double[])p.Clone(), (double[])p.Clone());
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            Assert.Equal((Mean(plus) - Mean(minus)) / 2e-6, gradient[i], 1e-7);
        }
    }

    [Fact]
    public void TheDeviceOptionIsTakenFromTheArguments()
    {
        var (device, rest, error) = SampleDevices.Take(["--plain", "--device", "cpu-accelerator", "--epochs", "3"]);
        Assert.Equal(SampleDevice.CpuAccelerator, device);
        Assert.Equal(new[] { "--plain", "--epochs", "3" }, rest);
        Assert.Null(error);
        Assert.Contains("cpu, gpu or cpu-accelerator, not 'tpu'", SampleDevices.Take(["--device", "tpu"]).Error, StringComparison.Ordinal);
        Assert.Contains("not ''", SampleDevices.Take(["--device"]).Error, StringComparison.Ordinal);
        Assert.Equal(SampleDevice.Cpu, SampleDevices.Take([]).Device);
    }
}
