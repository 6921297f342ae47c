using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// Adadelta (a rolling-average fix of Adagrad): E[g²]_t = ρ·E[g²]_{t−1} + (1 − ρ)·g²;
/// Δθ_t = −√(E[Δθ²]_{t−1} + ε)/√(E[g²]_t + ε)·g; E[Δθ²]_t = ρ·E[Δθ²]_{t−1} + (1 − ρ)·Δθ_t²;
/// θ ← θ + η·Δθ_t with η = 1 in the original method (kept as a multiplier).
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">The multiplier η on Δθ (1 in the original method).</param>
    /// <param name="rho">The decay ρ of both running averages.</param>
    /// <param name="epsilon">ε.</param>
    public Adadelta(IReadOnlyList<Parameter> parameters, float learningRate = 1f, float rho = 0.9f, float epsilon = 1e-6f)
        : base(parameters, learningRate, 2)
    {
        CheckRange(rho, 0f, 1f, nameof(rho));
        CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>ρ.</summary>
    public float Rho { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override string Kind => "adadelta";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var eg = State(index, 0);
        var ed = State(index, 1);
        for (var i = 0; i < eg.Length; i++)
        {
            var g = gradient[i];
            eg[i] = Rho * eg[i] + (1f - Rho) * g * g;
            var delta = -MathF.Sqrt(ed[i] + Epsilon) / MathF.Sqrt(eg[i] + Epsilon) * g;
            ed[i] = Rho * ed[i] + (1f - Rho) * delta * delta;
            value[i] += LearningRate * delta;
        }
    }
}
