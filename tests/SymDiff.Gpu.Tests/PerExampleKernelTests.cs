using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// The generated per-example kernels (one example per thread, the method's loops run on a tape in device memory) on
/// ILGPU's CPU accelerator: every example's value against the C# method, the shared parameters' adjoints against the
/// sum of the C# gradients weighted by the upstream values and against central differences; tapes too short for the
/// first launch grown and launched again; the launchers' argument checks; and every kernel compiled to PTX.
/// </summary>
public sealed class PerExampleKernelTests : AcceleratorTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void SampleLossMatchesTheGradientSummedOverExamples(int examples)
    {
        const int features = 5;
        var random = new Random(examples);
        var w = Draw(random, features);
        var x = Draw(random, examples * features);
        var y = Enumerable.Range(0, examples).Select(_ => random.NextDouble()).ToArray();
        var up = Enumerable.Range(0, examples).Select(_ => 0.5 + random.NextDouble()).ToArray();
        using var ws = Accelerator.Allocate1D(w);
        using var xs = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(y);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(examples);
        using var forward = Accelerator.Allocate1D<double>(examples);
        using var dWs = Accelerator.Allocate1D<double>(features);
        PerExampleModels.SampleLossGpuForward(Accelerator, ws.View, xs.View, ys.View, forward.View);
        PerExampleModels.SampleLossGpuBackward(Accelerator, ws.View, xs.View, ys.View, ups.View, values.View, dWs.View);

        var (expected, dW, gradient) = (new double[examples], new double[features], new double[features]);
        for (var e = 0; e < examples; e++)
        {
            var xe = x.AsSpan(e * features, features);
            expected[e] = PerExampleModels.SampleLossGradient(w, xe, y[e], gradient);
            for (var j = 0; j < features; j++)
            {
                dW[j] += up[e] * gradient[j];
            }
        }

        Close(expected, forward.GetAsArray1D(), 1e-14);
        Close(expected, values.GetAsArray1D(), 1e-14);
        Close(dW, dWs.GetAsArray1D(), 1e-12);
        double Total(double[] weights) => Enumerable.Range(0, examples).Sum(e => up[e] * PerExampleModels.SampleLoss(weights, x.AsSpan(e * features, features), y[e]));
        for (var j = 0; j < features; j++)
        {
            Assert.Equal(Central(Total, w, j), dWs.GetAsArray1D()[j], 1e-6);
        }
    }

    /// <summary>
    /// 100 hidden units push 300 values and take 200 scratch doubles per example, past the first launch's 256-double
    /// slices: the launcher grows them and launches again, and the results are those of the C# gradient.
    /// </summary>
    [Fact]
    public void MlpGrowsTheTapesAndMatchesTheCpuGradient()
    {
        const int examples = 70;
        const int features = 3;
        const int hidden = 100;
        const double scale = 0.8;
        var random = new Random(11);
        var w1 = Draw(random, hidden * features);
        var w2 = Draw(random, hidden);
        var x = Draw(random, examples * features);
        var y = Draw(random, examples);
        var up = Enumerable.Range(0, examples).Select(e => 1.0 + (e % 3)).ToArray();
        using var w1s = Accelerator.Allocate1D(w1);
        using var w2s = Accelerator.Allocate1D(w2);
        using var xs = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(y);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(examples);
        using var dW1s = Accelerator.Allocate1D<double>(w1.Length);
        using var dW2s = Accelerator.Allocate1D<double>(w2.Length);
        using var dScales = Accelerator.Allocate1D<double>(1);
        PerExampleModels.MlpGpuBackward(Accelerator, w1s.View, w2s.View, scale, hidden, xs.View, ys.View, ups.View, values.View, dW1s.View, dW2s.View, dScales.View);

        var (expected, dW1, dW2, g1, g2) = (new double[examples], new double[w1.Length], new double[w2.Length], new double[w1.Length], new double[w2.Length]);
        var dScale = 0.0;
        for (var e = 0; e < examples; e++)
        {
            expected[e] = PerExampleModels.MlpGradient(w1, w2, scale, hidden, x.AsSpan(e * features, features), y[e], g1, g2, out var gScale);
            for (var j = 0; j < w1.Length; j++)
            {
                dW1[j] += up[e] * g1[j];
            }

            for (var k = 0; k < w2.Length; k++)
            {
                dW2[k] += up[e] * g2[k];
            }

            dScale += up[e] * gScale;
        }

        Close(expected, values.GetAsArray1D(), 1e-13);
        Close(dW1, dW1s.GetAsArray1D(), 1e-11);
        Close(dW2, dW2s.GetAsArray1D(), 1e-11);
        Assert.Equal(dScale, dScales.GetAsArray1D()[0], 1e-10);

        // Atomic adds into the adjoints themselves (no slabs), on a fresh tape size: the same sums, to rounding.
        PerExampleModels.MlpGpuBackward(Accelerator, w1s.View, w2s.View, scale, hidden, xs.View, ys.View, ups.View, values.View, dW1s.View, dW2s.View, dScales.View, deterministic: false);
        Close(expected, values.GetAsArray1D(), 1e-13);
        Close(dW1, dW1s.GetAsArray1D(), 1e-11);
        Close(dW2, dW2s.GetAsArray1D(), 1e-11);
        Assert.Equal(dScale, dScales.GetAsArray1D()[0], 1e-10);
    }

    /// <summary>
    /// Atomic adds on a first launch whose tapes are too short: the launch that ran out is discarded with what it added
    /// (the adjoints are zeroed again before the launch that fits), in double and in float.
    /// </summary>
    [Fact]
    public void AtomicAddsStartOverWhenTheTapesGrow()
    {
        const int examples = 25;
        const int steps = 120;
        var random = new Random(3);
        var weights = new[] { 0.4f, 0.9f, 0.1f };
        var sequence = Enumerable.Range(0, examples * steps).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var up = Enumerable.Repeat(1f, examples).ToArray();
        using var ws = Accelerator.Allocate1D(weights);
        using var ss = Accelerator.Allocate1D(sequence);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<float>(examples);
        using var dWs = Accelerator.Allocate1D<float>(3);
        PerExampleModels.RecurrentGpuBackward(Accelerator, ws.View, ss.View, ups.View, values.View, dWs.View, deterministic: false);

        var (_, dW) = RecurrentReference(weights, sequence, steps, up);
        Close(dW, Array.ConvertAll(dWs.GetAsArray1D(), v => (double)v), 1e-4);
    }

    /// <summary>
    /// Single precision and a branch on the data; sequences of 3 steps, then of 150 on the same accelerator: their tapes
    /// outgrow the slices the first launches sized, so that launch runs again with longer ones.
    /// </summary>
    [Fact]
    public void RecurrentInSinglePrecisionMatchesTheCpuGradient()
    {
        foreach (var steps in new[] { 3, 150 })
        {
            const int examples = 33;
            var random = new Random(steps);
            var weights = new[] { 0.7f, 1.3f, -0.2f };
            var sequence = Enumerable.Range(0, examples * steps).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var up = Enumerable.Range(0, examples).Select(e => 0.5f + (e % 4)).ToArray();
            using var ws = Accelerator.Allocate1D(weights);
            using var ss = Accelerator.Allocate1D(sequence);
            using var ups = Accelerator.Allocate1D(up);
            using var values = Accelerator.Allocate1D<float>(examples);
            using var dWs = Accelerator.Allocate1D<float>(3);
            PerExampleModels.RecurrentGpuBackward(Accelerator, ws.View, ss.View, ups.View, values.View, dWs.View);

            var (expected, dW) = RecurrentReference(weights, sequence, steps, up);

            Close(expected, Array.ConvertAll(values.GetAsArray1D(), v => (double)v), 1e-5);
            Close(dW, Array.ConvertAll(dWs.GetAsArray1D(), v => (double)v), 1e-4);
        }
    }

    /// <summary>
    /// A checkpointed recurrence with an inlined callee: each thread keeps the state at segment starts on its tape and
    /// re-records segments in its reverse sweep; the adjoints agree with the C# gradient of every window.
    /// </summary>
    [Fact]
    public void CheckpointedWindowsMatchTheCpuGradient()
    {
        const int hidden = 4;
        const int examples = 20;
        const int length = 30;
        var random = new Random(5);
        var p = Draw(random, (hidden * hidden) + (2 * hidden)).Select(v => 0.5 * v).ToArray();
        var xs = Enumerable.Range(0, examples * length).Select(i => Math.Sin(0.3 * i) + (0.05 * ((random.NextDouble() * 2) - 1))).ToArray();
        var up = Enumerable.Repeat(1.0 / examples, examples).ToArray();
        using var ps = Accelerator.Allocate1D(p);
        using var xss = Accelerator.Allocate1D(xs);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(examples);
        using var forward = Accelerator.Allocate1D<double>(examples);
        using var dPs = Accelerator.Allocate1D<double>(p.Length);
        PerExampleModels.WindowedGpuForward(Accelerator, ps.View, hidden, xss.View, forward.View);
        PerExampleModels.WindowedGpuBackward(Accelerator, ps.View, hidden, xss.View, ups.View, values.View, dPs.View);

        var (expected, dP, g) = (new double[examples], new double[p.Length], new double[p.Length]);
        for (var e = 0; e < examples; e++)
        {
            expected[e] = PerExampleModels.WindowedGradient(p, hidden, xs.AsSpan(e * length, length), g);
            for (var k = 0; k < p.Length; k++)
            {
                dP[k] += up[e] * g[k];
            }
        }

        Close(expected, forward.GetAsArray1D(), 1e-13);
        Close(expected, values.GetAsArray1D(), 1e-13);
        Close(dP, dPs.GetAsArray1D(), 1e-12);
    }

    /// <summary>A while loop whose trip count differs per example (a per-example int limit and a data-dependent stop) over an int buffer.</summary>
    [Fact]
    public void DataDependentTripCountsMatchTheCpuGradient()
    {
        const int examples = 40;
        const int features = 6;
        var random = new Random(8);
        var w = Draw(random, features);
        var x = Enumerable.Range(0, examples * features).Select(_ => random.NextDouble()).ToArray();
        var limit = Enumerable.Range(0, examples).Select(e => e * 7 % 90).ToArray();
        var up = Enumerable.Range(0, examples).Select(e => 1.0 + (0.1 * e)).ToArray();
        using var ws = Accelerator.Allocate1D(w);
        using var xs = Accelerator.Allocate1D(x);
        using var limits = Accelerator.Allocate1D(limit);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<double>(examples);
        using var dWs = Accelerator.Allocate1D<double>(features);
        PerExampleModels.StepsGpuBackward(Accelerator, ws.View, xs.View, limits.View, ups.View, values.View, dWs.View);

        var (expected, dW, g) = (new double[examples], new double[features], new double[features]);
        for (var e = 0; e < examples; e++)
        {
            expected[e] = PerExampleModels.StepsGradient(w, x.AsSpan(e * features, features), limit[e], g);
            for (var j = 0; j < features; j++)
            {
                dW[j] += up[e] * g[j];
            }
        }

        Close(expected, values.GetAsArray1D(), 1e-13);
        Close(dW, dWs.GetAsArray1D(), 1e-11);
    }

    /// <summary>
    /// A static readonly table: copied to the device at every launch, so a change to its elements between launches is
    /// seen, as the C# members see it.
    /// </summary>
    [Fact]
    public void StaticTablesAreCopiedAtEveryLaunch()
    {
        var w = new[] { 0.8, -0.6 };
        var x = new[] { 0.3, -1.1, 2.0 };
        using var ws = Accelerator.Allocate1D(w);
        using var xs = Accelerator.Allocate1D(x);
        using var ups = Accelerator.Allocate1D(new[] { 1.0, 1.0, 1.0 });
        using var values = Accelerator.Allocate1D<double>(3);
        using var dWs = Accelerator.Allocate1D<double>(2);
        var saved = PerExampleModels.Coefficients[0];
        try
        {
            foreach (var first in new[] { saved, 1.75 })
            {
                PerExampleModels.Coefficients[0] = first;
                PerExampleModels.TabledGpuBackward(Accelerator, ws.View, xs.View, ups.View, values.View, dWs.View);
                var (expected, dW, g) = (new double[3], new double[2], new double[2]);
                for (var e = 0; e < 3; e++)
                {
                    expected[e] = PerExampleModels.TabledGradient(w, x[e], g);
                    dW[0] += g[0];
                    dW[1] += g[1];
                }

                Close(expected, values.GetAsArray1D(), 1e-15);
                Close(dW, dWs.GetAsArray1D(), 1e-14);
            }
        }
        finally
        {
            PerExampleModels.Coefficients[0] = saved;
        }
    }

    /// <summary>Twenty kernel arguments (six layers' weights and biases, their adjoints, the data), past ILGPU's 14 parameters: one struct.</summary>
    [Fact]
    public void ThreeLayersWithTwentyArgumentsMatchTheCpuGradient()
    {
        const int examples = 9;
        const int inputs = 3;
        const int h1 = 4;
        const int h2 = 3;
        var random = new Random(21);
        double[][] parameters = [Draw(random, h1 * inputs), Draw(random, h1), Draw(random, h2 * h1), Draw(random, h2), Draw(random, h2), Draw(random, 1)];
        var x = Draw(random, examples * inputs);
        var y = Draw(random, examples);
        using var views = new DisposableList(parameters.Select(p => Accelerator.Allocate1D(p)));
        using var adjoints = new DisposableList(parameters.Select(p => Accelerator.Allocate1D<double>(p.Length)));
        using var xs = Accelerator.Allocate1D(x);
        using var ys = Accelerator.Allocate1D(y);
        using var ups = Accelerator.Allocate1D(Enumerable.Repeat(1.0, examples).ToArray());
        using var values = Accelerator.Allocate1D<double>(examples);
        ArrayView<double> V(DisposableList list, int k) => list.Buffers[k].View;
        PerExampleModels.ThreeLayersGpuBackward(
            Accelerator, V(views, 0), V(views, 1), V(views, 2), V(views, 3), V(views, 4), V(views, 5), xs.View, ys.View, ups.View, values.View,
            V(adjoints, 0), V(adjoints, 1), V(adjoints, 2), V(adjoints, 3), V(adjoints, 4), V(adjoints, 5));

        var sums = parameters.Select(p => new double[p.Length]).ToArray();
        var g = parameters.Select(p => new double[p.Length]).ToArray();
        var expected = new double[examples];
        for (var e = 0; e < examples; e++)
        {
            expected[e] = PerExampleModels.ThreeLayersGradient(parameters[0], parameters[1], parameters[2], parameters[3], parameters[4], parameters[5],
                x.AsSpan(e * inputs, inputs), y[e], g[0], g[1], g[2], g[3], g[4], g[5]);
            for (var k = 0; k < 6; k++)
            {
                for (var i = 0; i < g[k].Length; i++)
                {
                    sums[k][i] += g[k][i];
                }
            }
        }

        Close(expected, values.GetAsArray1D(), 1e-14);
        for (var k = 0; k < 6; k++)
        {
            Close(sums[k], adjoints.Buffers[k].GetAsArray1D(), 1e-12);
        }
    }

    /// <summary>Device buffers disposed together.</summary>
    private sealed class DisposableList(IEnumerable<MemoryBuffer1D<double, Stride1D.Dense>> buffers) : IDisposable
    {
        public List<MemoryBuffer1D<double, Stride1D.Dense>> Buffers { get; } = [.. buffers];

        public void Dispose() => Buffers.ForEach(b => b.Dispose());
    }

    /// <summary>
    /// A call launched in chunks of a few examples (examplesPerLaunch): values written chunk by chunk, adjoints summed
    /// across the chunks, deterministic and atomic, with the tapes growing during the first chunk (the call starts over).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChunkedLaunchesMatchTheCpuGradient(bool deterministic)
    {
        const int examples = 23;
        const int steps = 150;
        var random = new Random(deterministic ? 13 : 14);
        var weights = new[] { 0.6f, 1.1f, -0.3f };
        var sequence = Enumerable.Range(0, examples * steps).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var up = Enumerable.Range(0, examples).Select(e => 0.5f + (e % 3)).ToArray();
        using var ws = Accelerator.Allocate1D(weights);
        using var ss = Accelerator.Allocate1D(sequence);
        using var ups = Accelerator.Allocate1D(up);
        using var values = Accelerator.Allocate1D<float>(examples);
        using var dWs = Accelerator.Allocate1D<float>(3);
        PerExampleModels.RecurrentGpuBackward(Accelerator, ws.View, ss.View, ups.View, values.View, dWs.View, deterministic, examplesPerLaunch: 5);

        var (expected, dW) = RecurrentReference(weights, sequence, steps, up);

        Close(expected, Array.ConvertAll(values.GetAsArray1D(), v => (double)v), 1e-5);
        Close(dW, Array.ConvertAll(dWs.GetAsArray1D(), v => (double)v), 1e-4);

        using var forward = Accelerator.Allocate1D<float>(examples);
        PerExampleModels.RecurrentGpuForward(Accelerator, ws.View, ss.View, forward.View, examplesPerLaunch: 4);
        Close(expected, Array.ConvertAll(forward.GetAsArray1D(), v => (double)v), 1e-5);
        var error = Assert.Throws<ArgumentException>(() => PerExampleModels.RecurrentGpuForward(Accelerator, ws.View, ss.View, forward.View, examplesPerLaunch: -1));
        Assert.Equal("examplesPerLaunch", error.ParamName);
    }

    [Fact]
    public void LaunchersNameTheViewThatDoesNotFit()
    {
        using var w = Accelerator.Allocate1D<double>(4);
        using var x = Accelerator.Allocate1D<double>(10);
        using var y = Accelerator.Allocate1D<double>(3);
        using var up = Accelerator.Allocate1D<double>(3);
        using var values = Accelerator.Allocate1D<double>(3);
        using var dW = Accelerator.Allocate1D<double>(4);
        using var shortDW = Accelerator.Allocate1D<double>(3);

        var e = Assert.Throws<ArgumentException>(() => PerExampleModels.SampleLossGpuBackward(Accelerator, w.View, x.View, y.View, up.View, values.View, dW.View));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("x has 10 elements, not one span of equal length per each of the 3 examples", e.Message, StringComparison.Ordinal);

        var x12 = x.View.SubView(0, 9);
        e = Assert.Throws<ArgumentException>(() => PerExampleModels.SampleLossGpuBackward(Accelerator, w.View, x12, y.View, up.View, values.View, shortDW.View));
        Assert.Equal("dW", e.ParamName);
        Assert.Contains("dW has 3 elements but w has 4", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => PerExampleModels.SampleLossGpuBackward(Accelerator, w.View, x12, y.View.SubView(0, 2), up.View, values.View, dW.View));
        Assert.Equal("y", e.ParamName);

        e = Assert.Throws<ArgumentException>(() => PerExampleModels.SampleLossGpuBackward(Accelerator, w.View, x12, y.View, up.View, values.View, w.View));
        Assert.Equal("dW", e.ParamName);
        Assert.Contains("dW shares memory with w", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => PerExampleModels.SampleLossGpuForward(Accelerator, w.View, x12, y.View, y.View));
        Assert.Equal("result", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => PerExampleModels.SampleLossGpuForward(null!, w.View, x12, y.View, values.View));
    }

    [Fact]
    public void NoExamplesGiveZeroAdjoints()
    {
        using var w = Accelerator.Allocate1D(new[] { 1.0, 2.0 });
        using var dW = Accelerator.Allocate1D(new[] { 5.0, 5.0 });
        using var empty = Accelerator.Allocate1D<double>(0);
        PerExampleModels.SampleLossGpuBackward(Accelerator, w.View, empty.View, empty.View, empty.View, empty.View, dW.View);
        Assert.Equal(new[] { 0.0, 0.0 }, dW.GetAsArray1D());
    }

    public static TheoryData<string> Kernels => new(typeof(PerExampleModels).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal)).Select(m => m.Name).Order());

    /// <summary>Each per-example kernel (forward, backward, atomic backward) compiles to PTX for SM 8.0 (no GPU needed), in a context of its own.</summary>
    [Theory]
    [MemberData(nameof(Kernels))]
    public void EveryKernelCompilesToPtx(string kernel) =>
        Assert.Contains(".entry", Ptx(typeof(PerExampleModels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!), StringComparison.Ordinal);

    /// <summary>The C# method's value for each example and its gradients summed with the upstream weights.</summary>
    private static (double[] Values, double[] Adjoints) RecurrentReference(float[] weights, float[] sequence, int steps, float[] up)
    {
        var (values, sum, g) = (new double[up.Length], new double[weights.Length], new float[weights.Length]);
        for (var e = 0; e < up.Length; e++)
        {
            values[e] = PerExampleModels.RecurrentGradient(weights, sequence.AsSpan(e * steps, steps), g);
            for (var k = 0; k < g.Length; k++)
            {
                sum[k] += up[e] * g[k];
            }
        }

        return (values, sum);
    }

    private static double[] Draw(Random random, int n) => Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();

    private static double Central(Func<double[], double> f, double[] at, int j)
    {
        const double h = 1e-6;
        var plus = (double[])at.Clone();
        var minus = (double[])at.Clone();
        plus[j] += h;
        minus[j] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }

    private static void Close(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
