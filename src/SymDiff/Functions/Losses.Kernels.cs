// Hand-written stand-ins for the batched kernels that the SymDiff source generator will emit for the
// [Differentiable] functions in Losses.cs (same shapes as described in Activations.Kernels.cs:
// FBatch(p…, c…, result) and FPullbackBatch(p…, c…, upstream, dP…), overwriting dP).
// One deliberate difference from the broadcast rule for [NoDerivative] scalars: a loss's target y differs per
// element, so it is passed here as a ReadOnlySpan<float> aligned with the prediction (it still gets no adjoint).
// The loss classes call only these names, so this file can be deleted once the generator emits them.
using System.Numerics;
using System.Runtime.InteropServices;

namespace SymDiff.Functions;

public static partial class Losses
{
    /// <summary>result[i] = <see cref="SquaredError"/>(yHat[i], y[i]).</summary>
    /// <param name="yHat">The predictions.</param>
    /// <param name="y">The targets (same length).</param>
    /// <param name="result">The per-element losses (same length; may alias an input).</param>
    public static void SquaredErrorBatch(ReadOnlySpan<float> yHat, ReadOnlySpan<float> y, Span<float> result)
    {
        KernelChecks.SameLength(yHat.Length, y.Length, nameof(y));
        KernelChecks.SameLength(yHat.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<float, Vector<float>>(yHat);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            var half = new Vector<float>(0.5f);
            for (var j = 0; j < pv.Length; j++)
            {
                var d = pv[j] - yv[j];
                rv[j] = half * d * d;
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < yHat.Length; i++)
        {
            result[i] = SquaredError(yHat[i], y[i]);
        }
    }

    /// <summary>dYHat[i] = upstream[i]·(yHat[i] − y[i]).</summary>
    /// <param name="yHat">The predictions.</param>
    /// <param name="y">The targets (same length).</param>
    /// <param name="upstream">The seed per element (for a mean over a batch of n: 1/n).</param>
    /// <param name="dYHat">The gradient with respect to the predictions (overwritten; may alias an input).</param>
    public static void SquaredErrorPullbackBatch(ReadOnlySpan<float> yHat, ReadOnlySpan<float> y,
        ReadOnlySpan<float> upstream, Span<float> dYHat)
    {
        KernelChecks.SameLength(yHat.Length, y.Length, nameof(y));
        KernelChecks.SameLength(yHat.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(yHat.Length, dYHat.Length, nameof(dYHat));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<float, Vector<float>>(yHat);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dYHat);
            for (var j = 0; j < pv.Length; j++)
            {
                dv[j] = uv[j] * (pv[j] - yv[j]);
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < yHat.Length; i++)
        {
            dYHat[i] = upstream[i] * (yHat[i] - y[i]);
        }
    }

    /// <summary>result[i] = <see cref="BinaryCrossEntropyWithLogits"/>(logit[i], y[i]).</summary>
    /// <param name="logit">The logits.</param>
    /// <param name="y">The target probabilities (same length).</param>
    /// <param name="result">The per-element losses (same length; may alias an input).</param>
    public static void BinaryCrossEntropyWithLogitsBatch(ReadOnlySpan<float> logit, ReadOnlySpan<float> y, Span<float> result)
    {
        KernelChecks.SameLength(logit.Length, y.Length, nameof(y));
        KernelChecks.SameLength(logit.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(logit);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (var j = 0; j < zv.Length; j++)
            {
                var z = zv[j];
                rv[j] = Vector.Max(z, Vector<float>.Zero) - z * yv[j]
                    + Vector.Log(Vector<float>.One + Vector.Exp(-Vector.Abs(z)));
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < logit.Length; i++)
        {
            result[i] = BinaryCrossEntropyWithLogits(logit[i], y[i]);
        }
    }

    /// <summary>dLogit[i] = upstream[i]·(σ(logit[i]) − y[i]).</summary>
    /// <param name="logit">The logits.</param>
    /// <param name="y">The target probabilities (same length).</param>
    /// <param name="upstream">The seed per element (for a mean over a batch of n: 1/n).</param>
    /// <param name="dLogit">The gradient with respect to the logits (overwritten; may alias an input).</param>
    public static void BinaryCrossEntropyWithLogitsPullbackBatch(ReadOnlySpan<float> logit, ReadOnlySpan<float> y,
        ReadOnlySpan<float> upstream, Span<float> dLogit)
    {
        KernelChecks.SameLength(logit.Length, y.Length, nameof(y));
        KernelChecks.SameLength(logit.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(logit.Length, dLogit.Length, nameof(dLogit));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(logit);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dLogit);
            for (var j = 0; j < zv.Length; j++)
            {
                var s = Vector<float>.One / (Vector<float>.One + Vector.Exp(-zv[j]));
                dv[j] = uv[j] * (s - yv[j]);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < logit.Length; i++)
        {
            dLogit[i] = upstream[i] * (Activations.Sigmoid(logit[i]) - y[i]);
        }
    }
}
