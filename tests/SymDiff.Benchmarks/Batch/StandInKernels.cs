// The hand-written kernels the runtime used before the generator emitted them (src/SymDiff/Functions/
// Activations.Kernels.cs and Losses.Kernels.cs, removed when the runtime switched to the generated ones), copied
// here unchanged apart from the class name so the benchmark compares both in one process.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SymDiff.Functions;
using LossFunctions = SymDiff.Functions.Losses;

namespace SymDiff.Benchmarks.Batch;

/// <summary>The former hand-written stand-ins for the generated batched kernels (Vector&lt;float&gt;, single-threaded).</summary>
public static class StandInKernels
{
    /// <summary>dZ[i] = upstream[i]·σ(z[i])(1 − σ(z[i])).</summary>
    public static void SigmoidPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        SameLength(z.Length, upstream.Length, nameof(upstream));
        SameLength(z.Length, dZ.Length, nameof(dZ));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dZ);
            for (var j = 0; j < zv.Length; j++)
            {
                var s = SigmoidV(zv[j]);
                dv[j] = uv[j] * s * (Vector<float>.One - s);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            var s = 1f / (1f + MathF.Exp(-z[i]));
            dZ[i] = upstream[i] * s * (1f - s);
        }
    }

    /// <summary>dZ[i] = upstream[i]·(1 − tanh²(z[i])).</summary>
    public static void TanhPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        SameLength(z.Length, upstream.Length, nameof(upstream));
        SameLength(z.Length, dZ.Length, nameof(dZ));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dZ);
            for (var j = 0; j < zv.Length; j++)
            {
                var t = TanhV(zv[j]);
                dv[j] = uv[j] * (Vector<float>.One - t * t);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            var t = Activations.Tanh(z[i]);
            dZ[i] = upstream[i] * (1f - t * t);
        }
    }

    /// <summary>result[i] = BinaryCrossEntropyWithLogits(logit[i], y[i]).</summary>
    public static void BinaryCrossEntropyWithLogitsBatch(ReadOnlySpan<float> logit, ReadOnlySpan<float> y, Span<float> result)
    {
        SameLength(logit.Length, y.Length, nameof(y));
        SameLength(logit.Length, result.Length, nameof(result));
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
            result[i] = LossFunctions.BinaryCrossEntropyWithLogits(logit[i], y[i]);
        }
    }

    /// <summary>dLogit[i] = upstream[i]·(σ(logit[i]) − y[i]).</summary>
    public static void BinaryCrossEntropyWithLogitsPullbackBatch(ReadOnlySpan<float> logit, ReadOnlySpan<float> y,
        ReadOnlySpan<float> upstream, Span<float> dLogit)
    {
        SameLength(logit.Length, y.Length, nameof(y));
        SameLength(logit.Length, upstream.Length, nameof(upstream));
        SameLength(logit.Length, dLogit.Length, nameof(dLogit));
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
            dLogit[i] = upstream[i] * (1f / (1f + MathF.Exp(-logit[i])) - y[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> SigmoidV(Vector<float> z) => Vector<float>.One / (Vector<float>.One + Vector.Exp(-z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> TanhV(Vector<float> z)
    {
        // tanh z = 1 − 2/(e^(2z) + 1): saturates to ±1 without overflow trouble; near 0, where that form
        // cancels, an odd Taylor polynomial is used instead.
        var viaExp = Vector<float>.One - new Vector<float>(2f) / (Vector.Exp(z + z) + Vector<float>.One);
        var z2 = z * z;
        var poly = z * (Vector<float>.One + z2 * (new Vector<float>(-1f / 3f)
            + z2 * (new Vector<float>(2f / 15f) + z2 * new Vector<float>(-17f / 315f))));
        return Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(z), new Vector<float>(0.125f)), poly, viaExp);
    }

    private static void SameLength(int expected, int actual, string parameterName)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Span length mismatch: expected {expected} elements, got {actual}.", parameterName);
        }
    }
}
