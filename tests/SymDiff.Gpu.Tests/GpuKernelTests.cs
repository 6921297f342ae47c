using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The generated ILGPU kernels on ILGPU's CPU accelerator (CI has no GPU), element by element against the batched C#
/// kernels of the same methods and against central differences of the primal; and every kernel compiled to PTX, which
/// needs no GPU and rejects what GPU backends reject.
/// </summary>
public sealed class GpuKernelTests : AcceleratorTest
{
    private const int Length = 37;

    [Fact]
    public void SoftplusMatchesTheCpuKernelsAndFiniteDifferences()
    {
        var x = Points(1, -3, 3);
        var up = Points(2, 0.5, 1.5);
        using var xs = Accelerator.Allocate1D(x);
        using var values = Accelerator.Allocate1D<double>(Length);
        using var ups = Accelerator.Allocate1D(up);
        using var dXs = Accelerator.Allocate1D<double>(Length);
        Models.SoftplusGpuForward(Accelerator, xs.View, values.View);
        Models.SoftplusGpuBackward(Accelerator, xs.View, ups.View, dXs.View);
        Accelerator.Synchronize();

        var expected = new double[Length];
        var dX = new double[Length];
        Models.SoftplusBatch(x, expected);
        Models.SoftplusPullbackBatch(x, up, dX);
        Close(expected, values.GetAsArray1D());
        Close(dX, dXs.GetAsArray1D());
        for (int i = 0; i < Length; i++)
        {
            Fd(up[i] * Derivative(Models.Softplus, x[i]), dXs.GetAsArray1D()[i]);
        }
    }

    /// <summary>
    /// Each thread takes four elements a quarter of the views apart: every element is written exactly once and right, for
    /// lengths below, at and past a multiple of four, through the launchers and through the kernels launched by hand
    /// over ⌈n/4⌉ threads.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1001)]
    public void EveryElementIsWrittenOnceAtAnyLength(int length)
    {
        var x = Enumerable.Range(0, length).Select(i => -3.0 + (6.0 * i / Math.Max(1, length - 1))).ToArray();
        var up = Enumerable.Range(0, length).Select(i => 0.5 + (i % 7 / 7.0)).ToArray();
        var poison = Enumerable.Repeat(double.NaN, length + 8).ToArray();
        using var xs = Accelerator.Allocate1D(x);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D(poison);
        using var dXs = Accelerator.Allocate1D(poison);
        Models.SoftplusGpuForward(Accelerator, xs.View, values.View.SubView(0, length));
        Models.SoftplusGpuBackward(Accelerator, xs.View, ups.View, dXs.View.SubView(0, length));
        Accelerator.Synchronize();
        var (expected, dX) = (new double[length], new double[length]);
        Models.SoftplusBatch(x, expected);
        Models.SoftplusPullbackBatch(x, up, dX);
        Close([.. expected, .. poison[..8]], values.GetAsArray1D());
        Close([.. dX, .. poison[..8]], dXs.GetAsArray1D());

        using var byHand = Accelerator.Allocate1D(poison);
        var kernel = Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>>(Models.SoftplusGpuForwardKernel);
        kernel((length + 3) / 4, xs.View, byHand.View.SubView(0, length));
        Accelerator.Synchronize();
        Close([.. expected, .. poison[..8]], byHand.GetAsArray1D());
    }

    [Fact]
    public void MixMatchesTheCpuKernelsOnBothBranches()
    {
        var (x, y, up) = (Points(3, -2, 2), Points(4, -2, 2), Points(5, 0.5, 1.5));
        const double k = 0.7;
        using var xs = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(y);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(Length);
        using var dXs = Accelerator.Allocate1D<double>(Length);
        using var dYs = Accelerator.Allocate1D<double>(Length);
        Models.MixGpuForward(Accelerator, xs.View, ys.View, k, values.View);
        Models.MixGpuBackward(Accelerator, xs.View, ys.View, k, ups.View, dXs.View, dYs.View);
        Accelerator.Synchronize();

        var (expected, dX, dY) = (new double[Length], new double[Length], new double[Length]);
        Models.MixBatch(x, y, k, expected);
        Models.MixPullbackBatch(x, y, k, up, dX, dY);
        Close(expected, values.GetAsArray1D());
        Close(dX, dXs.GetAsArray1D());
        Close(dY, dYs.GetAsArray1D());
        Assert.Contains(Enumerable.Range(0, Length), i => x[i] > y[i]);
        Assert.Contains(Enumerable.Range(0, Length), i => x[i] <= y[i]);
        for (int i = 0; i < Length; i++)
        {
            Fd(up[i] * Derivative(t => Models.Mix(t, y[i], k), x[i]), dXs.GetAsArray1D()[i]);
            Fd(up[i] * Derivative(t => Models.Mix(x[i], t, k), y[i]), dYs.GetAsArray1D()[i]);
        }
    }

    [Fact]
    public void GeluInSinglePrecisionMatchesTheCpuKernels()
    {
        var x = Array.ConvertAll(Points(6, -4, 4), v => (float)v);
        var up = Array.ConvertAll(Points(7, 0.5, 1.5), v => (float)v);
        using var xs = Accelerator.Allocate1D(x);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<float>(Length);
        using var dXs = Accelerator.Allocate1D<float>(Length);
        Models.GeluGpuForward(Accelerator, xs.View, values.View);
        Models.GeluGpuBackward(Accelerator, xs.View, ups.View, dXs.View);
        Accelerator.Synchronize();

        var (expected, dX) = (new float[Length], new float[Length]);
        Models.GeluBatch(x, expected);
        Models.GeluPullbackBatch(x, up, dX);
        Close(Array.ConvertAll(expected, v => (double)v), Array.ConvertAll(values.GetAsArray1D(), v => (double)v), 1e-5);
        Close(Array.ConvertAll(dX, v => (double)v), Array.ConvertAll(dXs.GetAsArray1D(), v => (double)v), 1e-5);
    }

    [Fact]
    public void PerElementDataAndIntegerBroadcastMatchTheCpuKernels()
    {
        var (prediction, target, up) = (Points(8, -2, 2), Points(9, -2, 2), Points(10, 0.5, 1.5));
        const int power = 3;
        using var ps = Accelerator.Allocate1D(prediction);
        using var ts = Accelerator.Allocate1D(target);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(Length);
        using var dPs = Accelerator.Allocate1D<double>(Length);
        Models.PowerLossGpuForward(Accelerator, ps.View, ts.View, power, values.View);
        Models.PowerLossGpuBackward(Accelerator, ps.View, ts.View, power, ups.View, dPs.View);
        Accelerator.Synchronize();

        var (expected, dP) = (new double[Length], new double[Length]);
        Models.PowerLossBatch(prediction, target, power, expected);
        Models.PowerLossPullbackBatch(prediction, target, power, up, dP);
        Close(expected, values.GetAsArray1D());
        Close(dP, dPs.GetAsArray1D());
        for (int i = 0; i < Length; i++)
        {
            Fd(up[i] * Derivative(t => Models.PowerLoss(t, target[i], power), prediction[i]), dPs.GetAsArray1D()[i]);
        }
    }

    /// <summary>The functions of double only and IEEERemainder, spelled in kernels with the Math functions ILGPU maps.</summary>
    [Fact]
    public void NumberTypeFunctionsMatchTheCpuKernels() =>
        // The kernels' spellings round differently from .NET's (eˣ − 1 near 0 most), not beyond 1e-9 here.
        CheckTwoArguments(
            (14, 15, 16), Models.NumberTypeFunctions, Models.NumberTypeFunctionsGpuForward, Models.NumberTypeFunctionsGpuBackward,
            Models.NumberTypeFunctionsBatch, Models.NumberTypeFunctionsPullbackBatch, tolerance: 1e-9);

    [Fact]
    public void LaunchersNameTheViewWhoseLengthDiffers()
    {
        using var xs = Accelerator.Allocate1D<double>(4);
        using var ys = Accelerator.Allocate1D<double>(4);
        using var short3 = Accelerator.Allocate1D<double>(3);
        var e = Assert.Throws<ArgumentException>(() => Models.MixGpuForward(Accelerator, xs.View, ys.View, 1.0, short3.View));
        Assert.Equal("result", e.ParamName);
        Assert.Contains("result has 3 elements but x has 4", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Models.MixGpuBackward(Accelerator, xs.View, short3.View, 1.0, ys.View, xs.View, ys.View));
        Assert.Equal("y", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => Models.SoftplusGpuForward(null!, xs.View, ys.View));

        // Empty views launch nothing.
        using var empty = Accelerator.Allocate1D<double>(0);
        Models.SoftplusGpuForward(Accelerator, empty.View, empty.View);
    }

    /// <summary>
    /// An output shifted against an input, or two outputs in one buffer, would race between threads and give wrong values
    /// without an error: the launchers refuse them by name and launch nothing. An output may be its input's own view
    /// (in place), which computes what separate views do.
    /// </summary>
    [Fact]
    public void LaunchersRejectOverlappingViewsButAllowInPlace()
    {
        const int n = 6;
        var x = Enumerable.Range(0, n + 1).Select(i => 0.3 * i - 0.8).ToArray();
        using var buffer = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(Enumerable.Range(0, n).Select(i => 0.1 * i).ToArray());
        using var up = Accelerator.Allocate1D(Enumerable.Repeat(1.0, n).ToArray());
        using var dY = Accelerator.Allocate1D<double>(n);
        var (head, tail) = (buffer.View.SubView(0, n), buffer.View.SubView(1, n));

        var e = Assert.Throws<ArgumentException>(() => Models.MixGpuForward(Accelerator, head, ys.View, 1.0, tail));
        Assert.Equal("result", e.ParamName);
        Assert.Contains("MixGpuForward: result overlaps x without being the same view", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Models.MixGpuBackward(Accelerator, ys.View, head, 1.0, up.View, tail, dY.View));
        Assert.Equal("dX", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Models.MixGpuBackward(Accelerator, head, ys.View, 1.0, up.View, dY.View, dY.View));
        Assert.Equal("dY", e.ParamName);
        Assert.Contains("the outputs dX and dY overlap", e.Message, StringComparison.Ordinal);
        Accelerator.Synchronize();
        Assert.Equal(x, buffer.GetAsArray1D());

        // In place: the result written over x itself equals the result into a view of its own.
        using var separate = Accelerator.Allocate1D<double>(n);
        Models.MixGpuForward(Accelerator, head, ys.View, 1.0, separate.View);
        Models.MixGpuForward(Accelerator, head, ys.View, 1.0, head);
        Accelerator.Synchronize();
        Assert.Equal(separate.GetAsArray1D(), buffer.GetAsArray1D()[..n]);
    }

    /// <summary>
    /// [Broadcast] adjoints summed on the device (each thread's partial sum, then fixed chunks in order, then the chunk
    /// sums) against the CPU kernel's sum, at lengths that leave threads without a full four elements, need more than one
    /// chunk sum (4097 elements: 1025 threads, chunks of 2) and none at all (0: the sum is 0); the per-element adjoints
    /// equal the CPU kernel's; the same bits every launch.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(4097)]
    public void BroadcastAdjointsAreSummedOnTheDevice(int length)
    {
        var z = Enumerable.Range(0, length).Select(i => (float)Math.Sin(0.7 * i + 0.3)).ToArray();
        var up = Enumerable.Range(0, length).Select(i => 0.5f + 0.25f * (float)Math.Cos(i)).ToArray();
        using var zs = Accelerator.Allocate1D(z.Length == 0 ? [0f] : z);
        using var ups = Accelerator.Allocate1D(up.Length == 0 ? [0f] : up);
        using var dZs = Accelerator.Allocate1D<float>(Math.Max(length, 1));
        using var dSlope = Accelerator.Allocate1D([float.NaN]);
        Models.PReluGpuBackward(Accelerator, zs.View.SubView(0, length), 0.2f, ups.View.SubView(0, length), dZs.View.SubView(0, length), dSlope.View);
        Accelerator.Synchronize();
        var dZ = new float[length];
        Models.PReluPullbackBatch(z, 0.2f, up, dZ, out var expected);
        Assert.Equal(dZ, dZs.GetAsArray1D()[..length]);
        var magnitude = z.Zip(up, (a, b) => Math.Abs(a * b)).Sum();
        Assert.True(Math.Abs(expected - dSlope.GetAsArray1D()[0]) <= 1e-6 * (1 + magnitude), $"dSlope {dSlope.GetAsArray1D()[0]} against the CPU kernel's {expected}");

        var x = Enumerable.Range(0, length).Select(i => Math.Cos(1.3 * i) * 1.5).ToArray();
        var w = Enumerable.Range(0, length).Select(i => 0.5 + 0.5 * Math.Sin(i)).ToArray();
        var u = Enumerable.Range(0, length).Select(i => 1 + 0.001 * i).ToArray();
        using var xs = Accelerator.Allocate1D(x.Length == 0 ? [0.0] : x);
        using var ws = Accelerator.Allocate1D(w.Length == 0 ? [0.0] : w);
        using var us = Accelerator.Allocate1D(u.Length == 0 ? [0.0] : u);
        using var dXs = Accelerator.Allocate1D<double>(Math.Max(length, 1));
        using var dGain = Accelerator.Allocate1D<double>(1);
        using var dTemperature = Accelerator.Allocate1D<double>(1);
        (double Gain, double Temperature) Launch()
        {
            Models.TemperedGpuBackward(Accelerator, xs.View.SubView(0, length), 0.8, 1.5, ws.View.SubView(0, length), us.View.SubView(0, length), dXs.View.SubView(0, length), dGain.View, dTemperature.View);
            Accelerator.Synchronize();
            return (dGain.GetAsArray1D()[0], dTemperature.GetAsArray1D()[0]);
        }

        var device = Launch();
        var dX = new double[length];
        Models.TemperedPullbackBatch(x, 0.8, 1.5, w, u, dX, out var gain, out var temperature);
        var dXDevice = dXs.GetAsArray1D();
        for (var i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(dX[i] - dXDevice[i]) <= 1e-12 * (1 + Math.Abs(dX[i])), $"dX[{i}]: {dXDevice[i]} against {dX[i]}");
        }

        Assert.True(Math.Abs(gain - device.Gain) <= 1e-12 * (1 + Math.Abs(gain)) * Math.Max(1, length), $"dGain {device.Gain} against {gain}");
        Assert.True(Math.Abs(temperature - device.Temperature) <= 1e-12 * (1 + Math.Abs(temperature)) * Math.Max(1, length), $"dTemperature {device.Temperature} against {temperature}");
        Assert.Equal(device, Launch());

        // Atomic adds of the threads' partial sums (deterministic: false): the same sums to rounding, in one launch.
        dGain.MemSetToZero();
        Models.TemperedGpuBackward(Accelerator, xs.View.SubView(0, length), 0.8, 1.5, ws.View.SubView(0, length), us.View.SubView(0, length), dXs.View.SubView(0, length), dGain.View, dTemperature.View, deterministic: false);
        Assert.True(Math.Abs(gain - dGain.GetAsArray1D()[0]) <= 1e-12 * (1 + Math.Abs(gain)) * Math.Max(1, length), $"atomic dGain {dGain.GetAsArray1D()[0]} against {gain}");
        Assert.True(Math.Abs(temperature - dTemperature.GetAsArray1D()[0]) <= 1e-12 * (1 + Math.Abs(temperature)) * Math.Max(1, length), "atomic dTemperature");
        dSlope.CopyFromCPU([float.NaN]);
        Models.PReluGpuBackward(Accelerator, zs.View.SubView(0, length), 0.2f, ups.View.SubView(0, length), dZs.View.SubView(0, length), dSlope.View, deterministic: false);
        Assert.True(Math.Abs(expected - dSlope.GetAsArray1D()[0]) <= 1e-6 * (1 + magnitude), $"atomic dSlope {dSlope.GetAsArray1D()[0]} against the CPU kernel's {expected}");
    }

    [Fact]
    public void ABroadcastAdjointViewMustHoldOneValue()
    {
        using var zs = Accelerator.Allocate1D<float>(4);
        using var dZs = Accelerator.Allocate1D<float>(4);
        using var two = Accelerator.Allocate1D<float>(2);
        var e = Assert.Throws<ArgumentException>(() => Models.PReluGpuBackward(Accelerator, zs.View, 0.2f, zs.View, dZs.View, two.View));
        Assert.Equal("dSlope", e.ParamName);
        Assert.Contains("dSlope has 2 elements; it receives one value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallsToKernelCodeMatchTheCpuKernels() =>
        CheckTwoArguments((11, 12, 13), Models.CallsSoftplus, Models.CallsSoftplusGpuForward, Models.CallsSoftplusGpuBackward, Models.CallsSoftplusBatch, Models.CallsSoftplusPullbackBatch);

    private delegate void Forward2(Accelerator accelerator, ArrayView<double> x, ArrayView<double> y, ArrayView<double> result);

    private delegate void Backward2(Accelerator accelerator, ArrayView<double> x, ArrayView<double> y, ArrayView<double> upstream, ArrayView<double> dX, ArrayView<double> dY);

    private delegate void Batch2(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> result);

    private delegate void PullbackBatch2(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> upstream, Span<double> dX, Span<double> dY);

    /// <summary>
    /// The kernels of a method of two differentiable doubles against its batched C# kernels, element by element, and
    /// the backward kernel against central differences of the primal, at points drawn from <paramref name="seeds"/>.
    /// </summary>
    private void CheckTwoArguments(
        (int X, int Y, int Upstream) seeds, Func<double, double, double> f, Forward2 forward, Backward2 backward, Batch2 batch, PullbackBatch2 pullbackBatch, double tolerance = 1e-12)
    {
        var (x, y, up) = (Points(seeds.X, -2, 2), Points(seeds.Y, -2, 2), Points(seeds.Upstream, 0.5, 1.5));
        using var xs = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(y);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(Length);
        using var dXs = Accelerator.Allocate1D<double>(Length);
        using var dYs = Accelerator.Allocate1D<double>(Length);
        forward(Accelerator, xs.View, ys.View, values.View);
        backward(Accelerator, xs.View, ys.View, ups.View, dXs.View, dYs.View);
        Accelerator.Synchronize();

        var (expected, dX, dY) = (new double[Length], new double[Length], new double[Length]);
        batch(x, y, expected);
        pullbackBatch(x, y, up, dX, dY);
        Close(expected, values.GetAsArray1D(), tolerance);
        Close(dX, dXs.GetAsArray1D(), tolerance);
        Close(dY, dYs.GetAsArray1D(), tolerance);
        for (int i = 0; i < Length; i++)
        {
            Fd(up[i] * Derivative(t => f(t, y[i]), x[i]), dXs.GetAsArray1D()[i]);
            Fd(up[i] * Derivative(t => f(x[i], t), y[i]), dYs.GetAsArray1D()[i]);
        }
    }

    [Fact]
    public void KernelsOfAnInternalTypeRun()
    {
        using var xs = Accelerator.Allocate1D(new[] { 1.5, -2.0 });
        using var values = Accelerator.Allocate1D<double>(2);
        InternalModels.SquareGpuForward(Accelerator, xs.View, values.View);
        Assert.Equal(new[] { 2.25, 4.0 }, values.GetAsArray1D());
    }

    [Fact]
    public void MethodsWhoseCalleesAreNotKernelCodeGetNoGpuMembers()
    {
        var names = typeof(Models).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();
        Assert.Contains("CallsClampedPullbackBatch", names);
        Assert.DoesNotContain("CallsClampedGpuForward", names);
        Assert.Contains("CallsSoftplusGpuForward", names);
    }

    /// <summary>Every kernel: the methods' own, and the sum kernels inside their kernel cache classes (<c>Cache.Kernel</c>).</summary>
    public static TheoryData<string> Kernels => new(typeof(Models).GetNestedTypes(BindingFlags.NonPublic).Prepend(typeof(Models))
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal) && m.DeclaringType == type)
            .Select(m => type == typeof(Models) ? m.Name : $"{type.Name}.{m.Name}"))
        .Order());

    /// <summary>Each kernel compiles to PTX for SM 8.0 (no GPU needed), in a context of its own.</summary>
    [Theory]
    [MemberData(nameof(Kernels))]
    public void EveryKernelCompilesToPtx(string kernel)
    {
        var dot = kernel.IndexOf('.', StringComparison.Ordinal);
        var type = dot < 0 ? typeof(Models) : typeof(Models).GetNestedType(kernel[..dot], BindingFlags.NonPublic)!;
        Assert.Contains(".entry", Ptx(type.GetMethod(kernel[(dot + 1)..], BindingFlags.Public | BindingFlags.Static)!), StringComparison.Ordinal);
    }

    /// <summary>The sum kernels of [Broadcast] adjoints are among them (one per summed type, in each method's cache class).</summary>
    [Fact]
    public void SumKernelsAreCompiledToPtxToo() =>
        Assert.Contains(Kernels, row => row.Data.EndsWith(".GpuSumKernel", StringComparison.Ordinal));

    private static double[] Points(int seed, double low, double high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Length).Select(_ => Math.Round(low + (high - low) * random.NextDouble(), 6)).ToArray();
    }

    private static double Derivative(Func<double, double> f, double x)
    {
        var h = 1e-6 * (1 + Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void Fd(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * (1 + Math.Abs(expected)), $"finite differences {expected}, kernel {actual}");

    private static void Close(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var close = double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]));
            Assert.True(close, $"element {i}: CPU kernel {expected[i]}, GPU kernel {actual[i]} (NaN: an element past the end written, or one inside never)");
        }
    }
}
