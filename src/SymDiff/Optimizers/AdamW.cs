using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// AdamW: Adam with decoupled weight decay, θ ← θ − η·(m̂/(√v̂ + ε) + λ·θ). The decay is applied directly to
/// the weights (parameters with <see cref="Parameter.Regularize"/>; biases are not decayed) instead of being
/// added to the gradient, so it is not rescaled by the adaptive denominator.
/// </summary>
public sealed class AdamW : Adam
{
    private readonly bool[] _decays;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightDecay">λ (0.01 is usual).</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    public AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 0.001f, float weightDecay = 0.01f,
        float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, learningRate, beta1, beta2, epsilon)
    {
        CheckRange(weightDecay, 0f, float.MaxValue, nameof(weightDecay));
        WeightDecay = weightDecay;
        _decays = [.. Parameters.Select(p => p.Regularize)];
    }

    /// <summary>The decoupled weight decay λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public override string Kind => "adamw";

    /// <inheritdoc />
    protected override float DecayFor(int index) => _decays[index] ? WeightDecay : 0f;
}
