using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// Adagrad: G_t = G_{t−1} + g² (the running sum of squared gradients, per element);
/// θ ← θ − η/√(G_t + ε)·g.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η (often 0.01).</param>
    /// <param name="epsilon">The smoothing term ε.</param>
    public Adagrad(IReadOnlyList<Parameter> parameters, float learningRate = 0.01f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 1)
    {
        CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        Epsilon = epsilon;
    }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override string Kind => "adagrad";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var sum = State(index, 0);
        for (var i = 0; i < sum.Length; i++)
        {
            var g = gradient[i];
            sum[i] += g * g;
            value[i] -= LearningRate / MathF.Sqrt(sum[i] + Epsilon) * g;
        }
    }
}
