using System.Diagnostics;
using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using SymDiff.Gpu;
using SymDiff.Layers;

namespace SymDiff.Benchmarks.Gpu;

/// <summary>
/// The GPU measurements the README asks for, on the first CUDA GPU (gpu.sh runs it after the GPU tests): the device's
/// copy bandwidth, the fused element-wise forward+backward of a generated activation kernel as a fraction of it, the
/// ILGPU copy kernels of the generated kernels' two shapes (one element per thread, four with the loads first), the
/// tiled GEMM's GFLOP/s, the digits MLP's training step (784-128-10, SGD) at batch 64 and 4096, and the per-example
/// kernels of the sequence sample's RNN (one 25-step window per thread, forward and backward, deterministic and atomic
/// sums) against the generated C# gradient of the same windows on one CPU thread, in the same run. Each is the median
/// of many launches after a warm-up, synchronized. Without a CUDA GPU it says so and measures nothing, unless
/// <c>--cpu-accelerator</c> asks for a check of the whole program on ILGPU's CPU accelerator at small sizes (its numbers
/// mean nothing).
/// </summary>
internal static class GpuBench
{
    public static int Run(string[] args)
    {
        var onCpu = args.Contains("--cpu-accelerator");
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        var cuda = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
        if (cuda is null && !onCpu)
        {
            Console.WriteLine("No CUDA GPU on this machine: nothing measured (--cpu-accelerator checks this program on ILGPU's CPU accelerator).");
            return 0;
        }

        using var accelerator = cuda is not null ? cuda.CreateAccelerator(context) : context.CreateCPUAccelerator(0);
        var small = cuda is null;
        Console.WriteLine($"device: {accelerator.Name} ({accelerator.AcceleratorType}){(small ? " — a check at small sizes, not a measurement" : "")}");
        Console.WriteLine();
        Console.WriteLine("| measurement | size | median | rate |");
        Console.WriteLine("|---|---:|---:|---:|");

        var n = small ? 1 << 16 : 1 << 26;
        using var a = new GpuMatrix(accelerator, 1, n);
        using var b = new GpuMatrix(accelerator, 1, n);
        using var c = new GpuMatrix(accelerator, 1, n);
        a.Fill(0.5f);
        b.Fill(0.25f);
        var copy = Median(accelerator, small ? 5 : 50, () => a.View.CopyTo(b.View));
        var bandwidth = 2.0 * 4 * n / copy / 1e9;
        Row("copy (device to device)", $"{n:N0} floats", copy, $"{bandwidth:F1} GB/s");

        using var activation = new GpuActivation(accelerator, Activation.Sigmoid);
        var forward = Median(accelerator, small ? 5 : 50, () => activation.Forward(a));
        var forwardRate = 2.0 * 4 * n / forward / 1e9;
        Row("sigmoid forward (generated kernel)", $"{n:N0}", forward, $"{forwardRate:F1} GB/s, {100 * forwardRate / bandwidth:F0}% of copy");
        var backward = Median(accelerator, small ? 5 : 50, () => activation.Backward(b));
        var backwardRate = 3.0 * 4 * n / backward / 1e9;
        Row("sigmoid backward, fused (generated kernel)", $"{n:N0}", backward, $"{backwardRate:F1} GB/s, {100 * backwardRate / bandwidth:F0}% of copy");

        var copyKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(CopyKernel);
        var copied = Median(accelerator, small ? 5 : 50, () => copyKernel(n, a.View, b.View));
        var copiedRate = 2.0 * 4 * n / copied / 1e9;
        Row("copy kernel (ILGPU, one element per thread)", $"{n:N0}", copied, $"{copiedRate:F1} GB/s, {100 * copiedRate / bandwidth:F0}% of copy");
        var copyFour = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(CopyFourLoadsFirst);
        var copiedFour = Median(accelerator, small ? 5 : 50, () => copyFour((n + 3) / 4, a.View, b.View));
        var copiedFourRate = 2.0 * 4 * n / copiedFour / 1e9;
        Row("copy kernel (ILGPU, four elements per thread, loads first)", $"{n:N0}", copiedFour, $"{copiedFourRate:F1} GB/s, {100 * copiedFourRate / bandwidth:F0}% of copy");
        if (args.Contains("--launch-sweep"))
        {
            LaunchSweep(accelerator, a, c, n, bandwidth, small);
        }

        foreach (var size in small ? new[] { 32, 64 } : new[] { 1024, 4096 })
        {
            using var x = new GpuMatrix(accelerator, size, size);
            using var y = new GpuMatrix(accelerator, size, size);
            using var z = new GpuMatrix(accelerator, size, size);
            x.Fill(1f);
            y.Fill(0.5f);
            var gemm = Median(accelerator, small ? 1 : 20, () => GpuGemm.Multiply(false, false, 1f, x, y, 0f, z));
            Row("GEMM C = A·B", $"{size}×{size}", gemm, $"{2.0 * size * size * size / gemm / 1e9:F1} GFLOP/s");
        }

        foreach (var batch in small ? new[] { 4 } : new[] { 64, 4096 })
        {
            var random = new Random(1);
            using var hiddenCpu = new Dense(784, 128, random, Activation.Relu, name: "hidden");
            using var outputCpu = new Dense(128, 10, random, name: "output");
            using var hidden = GpuDense.FromCpu(hiddenCpu, accelerator);
            using var output = GpuDense.FromCpu(outputCpu, accelerator);
            using var inputs = new GpuMatrix(accelerator, batch, 784);
            inputs.Fill(0.1f);
            using var classes = accelerator.Allocate1D<int>(batch);
            classes.MemSetToZero();
            using var gradient = new GpuMatrix(accelerator, batch, 10);
            var step = Median(accelerator, small ? 1 : 50, () =>
            {
                GpuSoftmaxCrossEntropy.Compute(output.Forward(hidden.Forward(inputs)), classes.View, gradient);
                hidden.Backward(output.Backward(gradient, true)!, false);
                GpuSgd.Step(0.01f, hidden, output);
            });
            Row("MLP 784-128-10 training step (SGD)", $"batch {batch}", step, $"{batch / step:F0} images/s");
            if (args.Contains("--launch-sweep"))
            {
                // Where the step's time goes: each phase alone, synchronized (the sum exceeds the step by the launch gaps).
                GpuMatrix h = hidden.Forward(inputs), o = output.Forward(h);
                var runs = small ? 1 : 50;
                Row("  hidden layer forward (GEMM, bias, ReLU)", $"batch {batch}", Median(accelerator, runs, () => hidden.Forward(inputs)), string.Empty);
                Row("  output layer forward", $"batch {batch}", Median(accelerator, runs, () => output.Forward(h)), string.Empty);
                Row("  softmax cross-entropy", $"batch {batch}", Median(accelerator, runs, () => GpuSoftmaxCrossEntropy.Compute(o, classes.View, gradient)), string.Empty);
                var dh = output.Backward(gradient, true)!;
                Row("  output layer backward (2 GEMMs, bias sums)", $"batch {batch}", Median(accelerator, runs, () => output.Backward(gradient, true)), string.Empty);
                Row("  hidden layer backward (ReLU', GEMM, bias sums)", $"batch {batch}", Median(accelerator, runs, () => hidden.Backward(dh, false)), string.Empty);
                Row("  SGD update", $"batch {batch}", Median(accelerator, runs, () => GpuSgd.Step(0.01f, hidden, output)), string.Empty);
            }
        }

        PerExampleWindows(accelerator, small);
        return 0;
    }

    /// <summary>
    /// The sequence sample's RNN (8 hidden units, checkpointed) on many 25-step windows at once, one per thread: the
    /// gradient of their mean from the per-example kernels (deterministic slabs, then atomic adds), and the generated
    /// C# gradient of the same windows on one CPU thread as the peer (timed on a subset, scaled per window).
    /// </summary>
    private static void PerExampleWindows(Accelerator accelerator, bool small)
    {
        const int hidden = 8;
        const int steps = 25;
        var random = new Random(2);
        var parameters = Enumerable.Range(0, Samples.Sequence.RecurrentNetwork.ParameterCount(hidden)).Select(_ => 0.3 * ((2 * random.NextDouble()) - 1)).ToArray();
        foreach (var windows in small ? new[] { 64 } : new[] { 1024, 65536 })
        {
            var values = Enumerable.Range(0, windows * (steps + 1)).Select(i => Math.Sin(0.1 * i) + (0.05 * random.NextDouble())).ToArray();
            using var ps = accelerator.Allocate1D(parameters);
            using var xs = accelerator.Allocate1D(values);
            using var up = accelerator.Allocate1D(Enumerable.Repeat(1.0 / windows, windows).ToArray());
            using var losses = accelerator.Allocate1D<double>(windows);
            using var gradient = accelerator.Allocate1D<double>(parameters.Length);
            var runs = small ? 1 : 20;
            var deterministic = Median(accelerator, runs, () => Samples.Sequence.RecurrentWindows.WindowLossGpuBackward(accelerator, ps.View, hidden, xs.View, up.View, losses.View, gradient.View));
            Row("RNN windows, per-example kernels (deterministic sums)", $"{windows:N0} windows", deterministic, $"{windows / deterministic:F0} windows/s");
            var atomic = Median(accelerator, runs, () => Samples.Sequence.RecurrentWindows.WindowLossGpuBackward(accelerator, ps.View, hidden, xs.View, up.View, losses.View, gradient.View, deterministic: false));
            Row("RNN windows, per-example kernels (atomic sums)", $"{windows:N0} windows", atomic, $"{windows / atomic:F0} windows/s");
            var subset = Math.Min(windows, 256);
            var cpu = new double[parameters.Length];
            var cpuSeconds = Median(accelerator, small ? 1 : 5, () => Samples.Sequence.RecurrentWindows.MeanGradient(parameters, hidden, values.AsSpan(0, subset * (steps + 1)), subset, cpu)) / subset;
            Row("  peer: generated C# gradient, one CPU thread", $"per window", cpuSeconds, $"{1 / cpuSeconds:F0} windows/s; kernels {cpuSeconds * windows / deterministic:F1}× that");
        }
    }

    /// <summary>y[i] = x[i]: what an ILGPU element kernel reaches with no arithmetic, the reference for the generated ones.</summary>
    private static void CopyKernel(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i];

    /// <summary>Four elements per thread, a quarter of the view apart, every load issued before any store; indices past the end are clamped for the loads and skipped for the stores.</summary>
    private static void CopyFourLoadsFirst(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        var n = (int)x.Length;
        var stride = (n + 3) / 4;
        int i0 = i, i1 = i + stride, i2 = i + (2 * stride), i3 = i + (3 * stride);
        var last = n - 1;
        float x0 = x[i0], x1 = x[Math.Min(i1, last)], x2 = x[Math.Min(i2, last)], x3 = x[Math.Min(i3, last)];
        y[i0] = x0;
        if (i1 < n) y[i1] = x1;
        if (i2 < n) y[i2] = x2;
        if (i3 < n) y[i3] = x3;
    }

    /// <summary>
    /// The generated sigmoid forward kernel launched with explicit group sizes, and compiled at ILGPU's O2, beside the
    /// default auto-grouped launch: where the element kernels' time goes (<c>--launch-sweep</c>).
    /// </summary>
    private static void LaunchSweep(Accelerator accelerator, GpuMatrix a, GpuMatrix c, int n, double bandwidth, bool small)
    {
        // The generated kernel is internal to SymDiff.Gpu: taken by reflection.
        var generated = typeof(GpuMatrix).Assembly.GetType("SymDiff.Gpu.Functions.Activations")!
            .GetMethod("SigmoidGpuForwardKernel", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!
            .CreateDelegate<Action<Index1D, ArrayView<float>, ArrayView<float>>>();
        accelerator.LoadAutoGroupedStreamKernel(generated, out var info);
        Console.WriteLine($"| (auto-grouped launch: groups of {info?.MinGroupSize}, at least {info?.MinGridSize} groups for full occupancy) | | | |");
        foreach (var group in new[] { 64, 128, 256, 512, 1024 }.Where(_ => accelerator.AcceleratorType == AcceleratorType.Cuda))
        {
            var kernel = accelerator.LoadImplicitlyGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(generated, group);
            var t = Median(accelerator, small ? 5 : 50, () => kernel((n + 3) / 4, a.View, c.View));
            var rate = 2.0 * 4 * n / t / 1e9;
            Row($"sigmoid forward, groups of {group}", $"{n:N0}", t, $"{rate:F1} GB/s, {100 * rate / bandwidth:F0}% of copy");
        }

        foreach (var (name, configure) in new (string, Func<Context.Builder, Context.Builder>)[]
        {
            ("compiled at O2", b => b.Optimize(OptimizationLevel.O2)),
            ("fast math (approximate division)", b => b.Math(MathMode.Fast)),
        })
        {
            using var context = Context.Create(b => configure(b.Default().EnableAlgorithms()));
            var device = context.Devices.First(d => d.AcceleratorType == accelerator.AcceleratorType);
            using var other = device.CreateAccelerator(context);
            using var x = new GpuMatrix(other, 1, n);
            using var y = new GpuMatrix(other, 1, n);
            x.Fill(0.5f);
            var sigmoid = other.LoadAutoGroupedStreamKernel(generated);
            var ts = Median(other, small ? 5 : 50, () => sigmoid((n + 3) / 4, x.View, y.View));
            Row($"sigmoid forward, {name}", $"{n:N0}", ts, $"{2.0 * 4 * n / ts / 1e9:F1} GB/s, {100 * 2.0 * 4 * n / ts / 1e9 / bandwidth:F0}% of copy");
            var copy = other.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(CopyKernel);
            var tc = Median(other, small ? 5 : 50, () => copy(n, x.View, y.View));
            Row($"copy kernel, {name}", $"{n:N0}", tc, $"{2.0 * 4 * n / tc / 1e9:F1} GB/s, {100 * 2.0 * 4 * n / tc / 1e9 / bandwidth:F0}% of copy");
        }
    }

    private static void Row(string what, string size, double seconds, string rate) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {size} | {seconds * 1e6:F1} µs | {rate} |"));

    /// <summary>Median seconds of <paramref name="runs"/> synchronized launches after three warm-up ones (one for a single run).</summary>
    private static double Median(Accelerator accelerator, int runs, Action launch)
    {
        for (var i = 0; i < (runs == 1 ? 1 : 3); i++)
        {
            launch();
        }

        accelerator.Synchronize();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            launch();
            accelerator.Synchronize();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
