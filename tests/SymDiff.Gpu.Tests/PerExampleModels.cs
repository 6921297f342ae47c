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
}
