using ILGPU;
using SymDiff.Samples.Common;
using SymDiff.Samples.Digits;

namespace SymDiff.Samples.Tests;

/// <summary>The digits sample's --device path on ILGPU's CPU accelerator (CI has no GPU), on a tiny budget.</summary>
public class DigitsOnAcceleratorTests
{
    [Fact]
    public void TrainsOnTheCpuAcceleratorAndLearns()
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var accelerator = DigitsOnAccelerator.Create(context, SampleDevice.CpuAccelerator)!;
        var result = DigitsOnAccelerator.Train(new DigitsSettings(Epochs: 3, TrainingImages: 96, TestImages: 32, Hidden: 8, LearningRate: 0.02f, BatchSize: 32), accelerator);
        Assert.Equal(9, result.Steps);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], string.Join(", ", result.EpochLosses));
        Assert.True(result.TrainingAccuracy > 0.2, $"training accuracy {result.TrainingAccuracy}");
        var text = new StringWriter();
        DigitsOnAccelerator.Print(result, text);
        Assert.Contains("device: ", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceNamesAreParsedAndOthersRejected()
    {
        Assert.Equal(SampleDevice.Gpu, DigitsOnAccelerator.Parse("gpu"));
        Assert.Equal(SampleDevice.CpuAccelerator, DigitsOnAccelerator.Parse("cpu-accelerator"));
        Assert.Contains("cpu, gpu or cpu-accelerator", Assert.Throws<ArgumentException>(() => DigitsOnAccelerator.Parse("tpu")).Message, StringComparison.Ordinal);
    }
}
