using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The per-example kernels' tape, run on the host over CPU-accelerator memory: values come back in reverse order,
/// scratch buffers are zeroed and released with their mark, and a slice that runs out is never written past (the
/// elements around it keep their sentinels) while the need is counted and reported.
/// </summary>
public sealed class DeviceTapeTests : AcceleratorTest
{
    [Fact]
    public void PushedValuesComeBackInReverseAndScratchIsZeroed()
    {
        using var buffer = Accelerator.Allocate1D(Enumerable.Repeat(7.0, 32).ToArray());
        using var needed = Accelerator.Allocate1D(new[] { 0 });
        var tape = new DeviceTape(buffer.View);
        var mark = tape.Mark();
        tape.Push(1.5);
        tape.Push(-2);
        var doubles = tape.Zeros(3);
        var floats = tape.ZerosSingle(3);
        var ints = tape.ZerosInt32(5);
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, Read(doubles));
        Assert.Equal(3, floats.Length);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0f, floats[i]));
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(0, ints[i]));
        doubles[1] = 4;
        tape.Save(doubles);
        doubles.Clear();
        tape.Restore(doubles);
        Assert.Equal(new[] { 0.0, 4.0, 0.0 }, Read(doubles));
        Assert.Equal(-2.0, tape.Pop());
        Assert.Equal(1.5, tape.Pop());
        tape.Release(mark);
        Assert.Equal(0, tape.Count);
        tape.Report(needed.View);
        Assert.Equal(0, needed.GetAsArray1D()[0]);
    }

    [Fact]
    public void ASliceThatRunsOutIsNeverWrittenPastAndReportsItsNeed()
    {
        const double sentinel = -99;
        using var buffer = Accelerator.Allocate1D(Enumerable.Repeat(sentinel, 24).ToArray());
        using var needed = Accelerator.Allocate1D(new[] { 0 });
        var tape = new DeviceTape(buffer.View.SubView(8, 8));
        for (var i = 0; i < 6; i++)
        {
            tape.Push(i);
        }

        var scratch = tape.Zeros(5);
        for (var i = 0; i < scratch.Length; i++)
        {
            scratch[i] = 1;
        }

        var values = tape.Reserve(10);
        for (var i = 0; i < 10; i++)
        {
            values[tape.Count + i] = 2;
        }

        tape.Count += 10;
        tape.Report(needed.View);
        Assert.Equal(21, needed.GetAsArray1D()[0]);
        var all = buffer.GetAsArray1D();
        Assert.All(all.Take(8).Concat(all.Skip(16)), v => Assert.Equal(sentinel, v));
    }

    private static double[] Read(DeviceSpan<double> span) => Enumerable.Range(0, span.Length).Select(i => span[i]).ToArray();
}
