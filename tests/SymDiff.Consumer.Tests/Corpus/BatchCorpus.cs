namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Functions whose batched kernels take data per element (<c>[NoDerivative(PerElement = true)]</c>) next to broadcast
/// scalars; the runtime's losses are written this way.
/// </summary>
public static partial class BatchCorpus
{
    /// <summary>Half the squared error, target per element: ∂/∂ŷ = ŷ − y.</summary>
    [Differentiable]
    public static float SquaredError(float yHat, [NoDerivative(PerElement = true)] float y)
    {
        var d = yHat - y;
        return 0.5f * d * d;
    }

    /// <summary>Binary cross-entropy on a logit in the stable form, target per element: ∂/∂z = σ(z) − y.</summary>
    [Differentiable]
    public static double BinaryCrossEntropyWithLogits(double logit, [NoDerivative(PerElement = true)] double y) =>
        Math.Max(logit, 0) - logit * y + Math.Log(1 + Math.Exp(-Math.Abs(logit)));

    /// <summary>The Huber loss of a residual with a broadcast threshold δ: quadratic inside, linear outside.</summary>
    [Differentiable]
    public static double Huber(double yHat, [NoDerivative(PerElement = true)] double y, [NoDerivative] double delta)
    {
        var r = yHat - y;
        return Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
    }

    /// <summary>A weighted, masked square with an integer mask per element (its kernels are a scalar loop).</summary>
    [Differentiable]
    public static float MaskedSquare(float x, [NoDerivative(PerElement = true)] int keep, [NoDerivative] float weight) =>
        keep != 0 ? weight * x * x : 0f;
}
