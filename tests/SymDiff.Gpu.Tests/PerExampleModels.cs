using SymDiff;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// Methods with loops over per-example data, so the generator adds their per-example ILGPU kernels and launchers
/// (one example per thread), as it would in a user's project referencing ILGPU, ILGPU.Algorithms and SymDiff.Gpu.
/// </summary>
public static partial class PerExampleModels
{
    /// <summary>Logistic regression's squared error on one example: a dot product over the example's features.</summary>
    [Differentiable]
    public static double SampleLoss(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] double y)
    {
        double z = 0;
        for (int j = 0; j < x.Length; j++)
        {
            z += w[j] * x[j];
        }

        double p = 1 / (1 + Math.Exp(-z));
        return (p - y) * (p - y);
    }

    /// <summary>
    /// A one-hidden-layer network's loss on one example: a hidden buffer on the tape, tanh saved by the forward sweep,
    /// two shared weight spans, a shared differentiable scale and a shared integer.
    /// </summary>
    [Differentiable]
    public static double Mlp(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, double scale, [NoDerivative] int hidden,
        [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] double y)
    {
        int d = x.Length;
        Span<double> a = stackalloc double[hidden];
        double o = 0;
        for (int k = 0; k < hidden; k++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                s += w1[k * d + j] * x[j];
            }

            a[k] = Math.Tanh(scale * s);
            o += w2[k] * a[k];
        }

        return (o - y) * (o - y);
    }

    /// <summary>A recurrence over the example's sequence, its length data-dependent through a branch: a float method.</summary>
    [Differentiable]
    public static float Recurrent(ReadOnlySpan<float> weights, [NoDerivative(PerElement = true)] ReadOnlySpan<float> sequence)
    {
        float h = 0f;
        for (int t = 0; t < sequence.Length; t++)
        {
            float pre = weights[0] * h + weights[1] * sequence[t] + weights[2];
            h = pre > 0f ? MathF.Tanh(pre) : 0.5f * pre;
        }

        return h * h;
    }

    /// <summary>
    /// A checkpointed recurrence (the tape holds the state at the start of every ⌈√T⌉ steps and re-records one segment
    /// at a time, snapshots of the buffer h included), over one flat parameter vector, with an inlined callee.
    /// </summary>
    [Differentiable]
    [Checkpoint]
    public static double Windowed(ReadOnlySpan<double> p, [NoDerivative] int hidden, [NoDerivative(PerElement = true)] ReadOnlySpan<double> xs)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        double sum = 0;
        for (int t = 0; t + 1 < xs.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double z = p[hidden * hidden + i] * xs[t];
                for (int j = 0; j < hidden; j++)
                {
                    z += p[i * hidden + j] * h[j];
                }

                next[i] = Squash(z);
            }

            double y = 0;
            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
                y += p[hidden * hidden + hidden + i] * h[i];
            }

            sum += (y - xs[t + 1]) * (y - xs[t + 1]);
        }

        return sum / (xs.Length - 1);
    }

    /// <summary>A small callee, inlined into <see cref="Windowed"/>.</summary>
    [Differentiable]
    public static double Squash(double z) => z / (1 + Math.Abs(z));

    /// <summary>A while loop whose trip count depends on the data, an int buffer, and a per-example int.</summary>
    [Differentiable]
    public static double Steps(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] int limit)
    {
        Span<int> seen = stackalloc int[x.Length];
        double v = 1;
        int k = 0;
        while (k < limit && v < 50)
        {
            int at = k % x.Length;
            seen[at] += 1;
            v = v * (1 + (w[at] * w[at] * x[at] * seen[at]));
            k++;
        }

        return Math.Log(v);
    }

    /// <summary>A static readonly table the kernels read (copied to the device at every launch) and a static scalar.</summary>
    internal static readonly double[] Coefficients = { 0.5, -1.25, 2.0 };

    private static readonly double Scale = 0.75;

    /// <summary>A loop over a static table (the fuzzer's seed 1008002: ILGPU cannot compile a kernel that reads a managed array).</summary>
    [Differentiable]
    public static double Tabled(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] double x)
    {
        double acc = w[0] * x;
        foreach (var c in Coefficients)
        {
            acc += c * Math.Sin(acc * Scale) * w[1];
        }

        return acc * acc;
    }

    /// <summary>
    /// Three dense layers with biases, per example: six shared spans, per-example input and target, so the backward
    /// kernel takes 20 arguments (in one struct: ILGPU loads kernels of at most 14 parameters).
    /// </summary>
    [Differentiable]
    public static double ThreeLayers(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2, ReadOnlySpan<double> w3, ReadOnlySpan<double> b3,
        [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] double y)
    {
        int h1 = b1.Length;
        int h2 = b2.Length;
        Span<double> a1 = stackalloc double[h1];
        Span<double> a2 = stackalloc double[h2];
        for (int i = 0; i < h1; i++)
        {
            double s = b1[i];
            for (int j = 0; j < x.Length; j++)
            {
                s += w1[i * x.Length + j] * x[j];
            }

            a1[i] = Math.Tanh(s);
        }

        for (int i = 0; i < h2; i++)
        {
            double s = b2[i];
            for (int j = 0; j < h1; j++)
            {
                s += w2[i * h1 + j] * a1[j];
            }

            a2[i] = Math.Tanh(s);
        }

        double o = b3[0];
        for (int j = 0; j < h2; j++)
        {
            o += w3[j] * a2[j];
        }

        return (o - y) * (o - y);
    }
}
