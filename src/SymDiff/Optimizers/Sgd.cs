using SymDiff.Layers;
using SymDiff.Tensors;

namespace SymDiff.Optimizers;

/// <summary>Plain (stochastic, mini-batch or batch) gradient descent: θ ← θ − η·g.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate)
        : base(parameters, learningRate, 0)
    {
    }

    /// <inheritdoc />
    public override string Kind => "sgd";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient) =>
        TensorMath.Axpy(-LearningRate, gradient, value);
}
