using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>
/// Negative log-likelihood on probabilities (the model ends with <see cref="Layers.SoftmaxLayer"/>): per example
/// −log ŷ_c for the correct class c (or −Σ_k y_k log ŷ_k for distribution targets), averaged over the batch;
/// gradient −y_k/(ŷ_k·batch). Probabilities are clamped below at <see cref="MinProbability"/> so an underflowed
/// probability gives a large finite loss instead of +∞; for extreme logits prefer
/// <see cref="SoftmaxCrossEntropyLoss"/>. Targets as for <see cref="SoftmaxCrossEntropyLoss"/>.
/// </summary>
public sealed class NegativeLogLikelihoodLoss : Loss
{
    /// <summary>The smallest probability used inside the logarithm and the gradient.</summary>
    public const float MinProbability = 1e-30f;

    /// <inheritdoc />
    public override string Name => "negative log-likelihood";

    /// <inheritdoc />
    public override float Compute(Tensor<float> output, Tensor<float> target, Tensor<float>? gradient)
    {
        CheckOutput(output, gradient);
        var indices = ClassTargets.AreIndices(output, target, Name);
        var k = output.Columns;
        var p = output.Span;
        var t = target.Span;
        var scale = 1f / output.Rows;
        gradient?.Clear();
        var total = 0d;
        for (var r = 0; r < output.Rows; r++)
        {
            var row = p.Slice(r * k, k);
            if (indices)
            {
                var c = Accuracy.TargetClass(target, r, k, indices: true);
                var pc = MathF.Max(row[c], MinProbability);
                total -= Math.Log(pc);
                if (gradient is not null)
                {
                    gradient.Span[r * k + c] = -scale / pc;
                }
            }
            else
            {
                for (var j = 0; j < k; j++)
                {
                    var y = t[r * k + j];
                    if (y == 0f)
                    {
                        continue;
                    }

                    var pj = MathF.Max(row[j], MinProbability);
                    total -= y * Math.Log(pj);
                    if (gradient is not null)
                    {
                        gradient.Span[r * k + j] = -scale * y / pj;
                    }
                }
            }
        }

        return (float)(total / output.Rows);
    }

    /// <inheritdoc />
    public override int CountCorrect(Tensor<float> output, Tensor<float> target) =>
        SoftmaxCrossEntropyLoss.ArgMaxMatches(output, target, Name);
}
