using SymDiff.Tensors;
using LossFunctions = SymDiff.Functions.Losses;

namespace SymDiff.Losses;

/// <summary>
/// Binary cross-entropy on logits (the model's last layer has no sigmoid): per element
/// max(z, 0) − z·y + log(1 + e^(−|z|)) = −[y·log σ(z) + (1 − y)·log(1 − σ(z))], summed over output units and
/// averaged over the batch; gradient (σ(z) − y)/batch. Finite for any logit magnitude. Targets in [0, 1] with
/// the output's shape. Accuracy: z ≥ 0 against y ≥ 0.5 (every unit of a row must match).
/// </summary>
public sealed class BinaryCrossEntropyWithLogitsLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "binary cross-entropy";

    /// <inheritdoc />
    public override float Compute(Tensor<float> output, Tensor<float> target, Tensor<float>? gradient)
    {
        CheckOutput(output, gradient);
        CheckElementwiseTarget(output, target);
        var scratch = Scratch(output.Shape);
        LossFunctions.BinaryCrossEntropyWithLogitsBatch(output.Span, target.Span, scratch.Span);
        var loss = Sum(scratch.Span) / output.Rows;
        if (gradient is not null)
        {
            gradient.Fill(1f / output.Rows);
            LossFunctions.BinaryCrossEntropyWithLogitsPullbackBatch(output.Span, target.Span, gradient.Span, gradient.Span);
        }

        return (float)loss;
    }

    /// <inheritdoc />
    public override int CountCorrect(Tensor<float> output, Tensor<float> target)
    {
        CheckOutput(output, null);
        CheckElementwiseTarget(output, target);
        return Accuracy.CountCorrect(output, target, threshold: 0f, argMaxWhenSeveralColumns: false);
    }
}
