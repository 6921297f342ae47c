// Hand-written stand-ins for the batched kernels that the SymDiff source generator will emit for the
// [Differentiable] functions in Activations.cs. For a scalar function F(p…, [NoDerivative] c…) they have the
// generated shapes:
//   FBatch(ReadOnlySpan<float> p…, c…, Span<float> result)                              result[i] = F(p[i]…, c…)
//   FPullbackBatch(ReadOnlySpan<float> p…, c…, ReadOnlySpan<float> upstream, Span<float> dP…)
//                                                                        dP[i] = upstream[i]·∂F/∂p(p[i]…, c…)
// (overwriting, not accumulating). Layers call only these names, so this file can be deleted once the
// generator emits them. Outputs may alias inputs of the same length (each element is read before written).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff.Functions;

public static partial class Activations
{
    /// <summary>result[i] = <see cref="Sigmoid"/>(z[i]).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="result">The outputs (same length; may alias <paramref name="z"/>).</param>
    public static void SigmoidBatch(ReadOnlySpan<float> z, Span<float> result)
    {
        KernelChecks.SameLength(z.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (var j = 0; j < zv.Length; j++)
            {
                rv[j] = SigmoidV(zv[j]);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            result[i] = Sigmoid(z[i]);
        }
    }

    /// <summary>dZ[i] = upstream[i]·σ(z[i])(1 − σ(z[i])).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="upstream">The gradient of the loss with respect to the outputs.</param>
    /// <param name="dZ">The gradient with respect to <paramref name="z"/> (overwritten).</param>
    public static void SigmoidPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        KernelChecks.SameLength(z.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(z.Length, dZ.Length, nameof(dZ));
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
            var s = Sigmoid(z[i]);
            dZ[i] = upstream[i] * s * (1f - s);
        }
    }

    /// <summary>result[i] = <see cref="Tanh"/>(z[i]).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="result">The outputs (same length; may alias <paramref name="z"/>).</param>
    public static void TanhBatch(ReadOnlySpan<float> z, Span<float> result)
    {
        KernelChecks.SameLength(z.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (var j = 0; j < zv.Length; j++)
            {
                rv[j] = TanhV(zv[j]);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            result[i] = Tanh(z[i]);
        }
    }

    /// <summary>dZ[i] = upstream[i]·(1 − tanh²(z[i])).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="upstream">The gradient of the loss with respect to the outputs.</param>
    /// <param name="dZ">The gradient with respect to <paramref name="z"/> (overwritten).</param>
    public static void TanhPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        KernelChecks.SameLength(z.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(z.Length, dZ.Length, nameof(dZ));
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
            var t = Tanh(z[i]);
            dZ[i] = upstream[i] * (1f - t * t);
        }
    }

    /// <summary>result[i] = <see cref="Relu"/>(z[i]).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="result">The outputs (same length; may alias <paramref name="z"/>).</param>
    public static void ReluBatch(ReadOnlySpan<float> z, Span<float> result) => LeakyReluBatch(z, 0f, result);

    /// <summary>dZ[i] = upstream[i] for z[i] ≥ 0, else 0.</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="upstream">The gradient of the loss with respect to the outputs.</param>
    /// <param name="dZ">The gradient with respect to <paramref name="z"/> (overwritten).</param>
    public static void ReluPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ) =>
        LeakyReluPullbackBatch(z, 0f, upstream, dZ);

    /// <summary>result[i] = <see cref="LeakyRelu"/>(z[i], k).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="k">The negative slope.</param>
    /// <param name="result">The outputs (same length; may alias <paramref name="z"/>).</param>
    public static void LeakyReluBatch(ReadOnlySpan<float> z, float k, Span<float> result)
    {
        KernelChecks.SameLength(z.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            var kv = new Vector<float>(k);
            for (var j = 0; j < zv.Length; j++)
            {
                var x = zv[j];
                rv[j] = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), x, kv * x);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            result[i] = LeakyRelu(z[i], k);
        }
    }

    /// <summary>dZ[i] = upstream[i] for z[i] ≥ 0, else k·upstream[i].</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="k">The negative slope.</param>
    /// <param name="upstream">The gradient of the loss with respect to the outputs.</param>
    /// <param name="dZ">The gradient with respect to <paramref name="z"/> (overwritten).</param>
    public static void LeakyReluPullbackBatch(ReadOnlySpan<float> z, float k, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        KernelChecks.SameLength(z.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(z.Length, dZ.Length, nameof(dZ));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dZ);
            var kv = new Vector<float>(k);
            for (var j = 0; j < zv.Length; j++)
            {
                var u = uv[j];
                dv[j] = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(zv[j], Vector<float>.Zero), u, kv * u);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            dZ[i] = z[i] >= 0f ? upstream[i] : k * upstream[i];
        }
    }

    /// <summary>result[i] = <see cref="HardTanh"/>(z[i]).</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="result">The outputs (same length; may alias <paramref name="z"/>).</param>
    public static void HardTanhBatch(ReadOnlySpan<float> z, Span<float> result)
    {
        KernelChecks.SameLength(z.Length, result.Length, nameof(result));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (var j = 0; j < zv.Length; j++)
            {
                rv[j] = Vector.Min(Vector.Max(zv[j], -Vector<float>.One), Vector<float>.One);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            result[i] = HardTanh(z[i]);
        }
    }

    /// <summary>dZ[i] = upstream[i] for −1 ≤ z[i] ≤ 1, else 0.</summary>
    /// <param name="z">The pre-activations.</param>
    /// <param name="upstream">The gradient of the loss with respect to the outputs.</param>
    /// <param name="dZ">The gradient with respect to <paramref name="z"/> (overwritten).</param>
    public static void HardTanhPullbackBatch(ReadOnlySpan<float> z, ReadOnlySpan<float> upstream, Span<float> dZ)
    {
        KernelChecks.SameLength(z.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(z.Length, dZ.Length, nameof(dZ));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<float, Vector<float>>(z);
            var uv = MemoryMarshal.Cast<float, Vector<float>>(upstream);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dZ);
            for (var j = 0; j < zv.Length; j++)
            {
                var inside = Vector.LessThanOrEqual(Vector.Abs(zv[j]), Vector<float>.One);
                dv[j] = Vector.ConditionalSelect(inside, uv[j], Vector<float>.Zero);
            }

            i = zv.Length * Vector<float>.Count;
        }

        for (; i < z.Length; i++)
        {
            dZ[i] = z[i] >= -1f && z[i] <= 1f ? upstream[i] : 0f;
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
}
