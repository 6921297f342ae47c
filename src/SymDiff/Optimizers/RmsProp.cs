using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>RMSProp: E[g²]_t = ρ·E[g²]_{t−1} + (1 − ρ)·g²; θ ← θ − η/√(E[g²]_t + ε)·g.</summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η (0.001 is usual).</param>
    /// <param name="rho">The decay ρ of the running average (0.9 is usual).</param>
    /// <param name="epsilon">ε.</param>
    public RmsProp(IReadOnlyList<Parameter> parameters, float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 1)
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
    public override string Kind => "rmsprop";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var eg = State(index, 0);
        for (var i = 0; i < eg.Length; i++)
        {
            var g = gradient[i];
            eg[i] = Rho * eg[i] + (1f - Rho) * g * g;
            value[i] -= LearningRate / MathF.Sqrt(eg[i] + Epsilon) * g;
        }
    }
}
