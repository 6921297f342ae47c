namespace SymDiff.Functions;

/// <summary>
/// Row-wise softmax (not element-wise, so written directly rather than generated). Each row is shifted by its
/// maximum before exponentiating, so logits of any magnitude give finite probabilities.
/// </summary>
public static class Softmax
{
    /// <summary>Softmax of each row of a row-major matrix: p_ij = e^(z_ij − max_j z_ij) / Σ_k e^(z_ik − max).</summary>
    /// <param name="logits">rows·columns logits.</param>
    /// <param name="columns">The row length (number of classes).</param>
    /// <param name="probabilities">The output (same length; may alias <paramref name="logits"/>).</param>
    public static void Forward(ReadOnlySpan<float> logits, int columns, Span<float> probabilities)
    {
        KernelChecks.SameLength(logits.Length, probabilities.Length, nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        for (var start = 0; start < logits.Length; start += columns)
        {
            var z = logits.Slice(start, columns);
            var p = probabilities.Slice(start, columns);
            var max = z[0];
            for (var j = 1; j < z.Length; j++)
            {
                max = MathF.Max(max, z[j]);
            }

            var sum = 0f;
            for (var j = 0; j < z.Length; j++)
            {
                var e = MathF.Exp(z[j] - max);
                p[j] = e;
                sum += e;
            }

            var inv = 1f / sum;
            for (var j = 0; j < p.Length; j++)
            {
                p[j] *= inv;
            }
        }
    }

    /// <summary>log Σ_j e^(z_j), computed as max + log Σ e^(z_j − max).</summary>
    /// <param name="logits">One row of logits (non-empty).</param>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = logits[0];
        for (var j = 1; j < logits.Length; j++)
        {
            max = MathF.Max(max, logits[j]);
        }

        var sum = 0d;
        for (var j = 0; j < logits.Length; j++)
        {
            sum += MathF.Exp(logits[j] - max);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>
    /// Vector-Jacobian product of the row-wise softmax: dZ_ij = p_ij·(dP_ij − Σ_k dP_ik·p_ik).
    /// </summary>
    /// <param name="probabilities">The softmax outputs.</param>
    /// <param name="upstream">The gradient with respect to the outputs.</param>
    /// <param name="columns">The row length.</param>
    /// <param name="dLogits">The gradient with respect to the logits (overwritten; may alias <paramref name="upstream"/>).</param>
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> upstream, int columns, Span<float> dLogits)
    {
        KernelChecks.SameLength(probabilities.Length, upstream.Length, nameof(upstream));
        KernelChecks.SameLength(probabilities.Length, dLogits.Length, nameof(dLogits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        for (var start = 0; start < probabilities.Length; start += columns)
        {
            var p = probabilities.Slice(start, columns);
            var u = upstream.Slice(start, columns);
            var d = dLogits.Slice(start, columns);
            var dot = 0f;
            for (var j = 0; j < p.Length; j++)
            {
                dot += u[j] * p[j];
            }

            for (var j = 0; j < p.Length; j++)
            {
                d[j] = p[j] * (u[j] - dot);
            }
        }
    }
}
