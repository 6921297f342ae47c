using SymDiff.Layers;
using SymDiff.Tensors;

namespace SymDiff.Optimizers;

/// <summary>Plain (stochastic, mini-batch or batch) gradient descent: θ ← θ − η·g.</summary>
public sealed class Sgd : Optimizer
{
    private FusedSgd? _fused;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate)
        : base(parameters, learningRate, 0)
    {
    }

    /// <inheritdoc />
    public override string Kind => "sgd";

    /// <summary>
    /// The backward pass of <paramref name="model"/> and this optimizer's step in one: <see cref="Optimizer.Step"/>'s
    /// result (L2 included), with the update applied inside each layer's backward pass where the layer can
    /// (<see cref="FusedSgd"/>): a <see cref="Dense"/> layer's weights are updated by its weight-gradient GEMM itself
    /// and its bias by the row sums of dZ, without writing their gradients; the other parameters' gradients are written
    /// and stepped as usual. Every input gradient is computed from the weights before the update.
    /// </summary>
    /// <remarks>
    /// The gradients of the parameters updated inside the pass are not written, so use <see cref="Sequential.Backward(Tensor{float}, bool)"/>
    /// and <see cref="Optimizer.Step"/> where something reads them between the two (clipping, a NaN/∞ scan that must
    /// leave the weights as they were, a sum over data-parallel ranks). The result differs from the two calls' only by
    /// rounding (η·Σ is computed as one product instead of η times a rounded sum).
    /// </remarks>
    /// <param name="model">The model whose latest forward pass to differentiate.</param>
    /// <param name="lossGradient">The gradient of the loss with respect to the model output.</param>
    public void BackwardAndStep(Sequential model, Tensor<float> lossGradient)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lossGradient);
        _fused ??= new FusedSgd(Parameters);
        _fused.Begin(LearningRate, L2);
        model.Backward(lossGradient, _fused);
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!_fused.IsClaimed(i))
            {
                StepParameter(i);
            }
        }
    }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient) =>
        TensorMath.Axpy(-LearningRate, gradient, value);
}
