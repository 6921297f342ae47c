using SymDiff.Tensors;
using LossFunctions = SymDiff.Functions.Losses;

namespace SymDiff.Losses;

/// <summary>
/// Squared error ½Σ_j (y_j − ŷ_j)² per example, averaged over the batch; gradient (ŷ − y)/batch. Targets have
/// the output's shape (a vector is accepted for a single output column). Accuracy: for one output column,
/// ŷ ≥ 0.5 against y ≥ 0.5; otherwise argmax against argmax.
/// </summary>
public sealed class SquaredErrorLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "squared error";

    /// <inheritdoc />
    public override float Compute(Tensor<float> output, Tensor<float> target, Tensor<float>? gradient)
    {
        CheckOutput(output, gradient);
        CheckElementwiseTarget(output, target);
        var scratch = Scratch(output.Shape);
        LossFunctions.SquaredErrorBatch(output.Span, target.Span, scratch.Span);
        var loss = Sum(scratch.Span) / output.Rows;
        if (gradient is not null)
        {
            gradient.Fill(1f / output.Rows);
            LossFunctions.SquaredErrorPullbackBatch(output.Span, target.Span, gradient.Span, gradient.Span);
        }

        return (float)loss;
    }

    /// <inheritdoc />
    public override int CountCorrect(Tensor<float> output, Tensor<float> target)
    {
        CheckOutput(output, null);
        CheckElementwiseTarget(output, target);
        return Accuracy.CountCorrect(output, target, threshold: 0.5f, argMaxWhenSeveralColumns: true);
    }
}
