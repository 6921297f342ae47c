using SymDiff.Layers;
using SymDiff.Tensors;

namespace SymDiff.Optimizers;

/// <summary>Gradient clipping, applied between the backward pass and the optimizer step.</summary>
public static class GradientClipping
{
    /// <summary>The global L2 norm √(Σ_p ‖g_p‖²) of all gradients.</summary>
    /// <param name="parameters">The parameters.</param>
    public static float GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sum = 0d;
        for (var i = 0; i < parameters.Count; i++)
        {
            sum += TensorMath.SumOfSquares(parameters[i].Gradient.Span);
        }

        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// When the global norm exceeds <paramref name="maxNorm"/>, scales every gradient by maxNorm/norm so the
    /// direction is kept and the norm becomes maxNorm.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="maxNorm">The largest allowed global norm (positive).</param>
    /// <returns>The global norm before clipping.</returns>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        }

        var norm = GlobalNorm(parameters);
        if (norm > maxNorm)
        {
            var scale = maxNorm / norm;
            for (var i = 0; i < parameters.Count; i++)
            {
                TensorMath.Scale(scale, parameters[i].Gradient.Span);
            }
        }

        return norm;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="maxValue"/>, +<paramref name="maxValue"/>].</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="maxValue">The bound (positive).</param>
    public static void ClipByValue(IReadOnlyList<Parameter> parameters, float maxValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxValue > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "The bound must be positive.");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var g = parameters[i].Gradient.Span;
            for (var j = 0; j < g.Length; j++)
            {
                g[j] = Math.Clamp(g[j], -maxValue, maxValue);
            }
        }
    }
}
