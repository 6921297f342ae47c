using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// Nesterov accelerated gradient: v_t = γ·v_{t−1} + η·∇J(θ − γ·v_{t−1}); θ ← θ − v_t. So that the gradient
/// is always taken at the parameters the model holds, the stored parameters are the look-ahead point
/// φ = θ − γ·v: with g = ∇J(φ) the update is v_t = γ·v_{t−1} + η·g; φ ← φ − γ·v_t − η·g, which is exactly the
/// formula above rewritten for φ (the true θ is φ + γ·v).
/// </summary>
public sealed class Nesterov : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">γ in [0, 1), usually 0.9.</param>
    public Nesterov(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0.9f)
        : base(parameters, learningRate, 1)
    {
        CheckRange(momentum, 0f, 1f, nameof(momentum));
        Gamma = momentum;
    }

    /// <summary>The momentum coefficient γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public override string Kind => "nesterov";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var v = State(index, 0);
        for (var i = 0; i < v.Length; i++)
        {
            var step = LearningRate * gradient[i];
            v[i] = Gamma * v[i] + step;
            value[i] -= Gamma * v[i] + step;
        }
    }
}
