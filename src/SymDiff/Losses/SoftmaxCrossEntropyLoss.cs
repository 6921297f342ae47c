using SymDiff.Functions;
using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>
/// Softmax fused with multinomial cross-entropy, on logits (the model's last layer has no softmax): per example
/// −Σ_k y_k log softmax(z)_k = logsumexp(z) − Σ_k y_k z_k (for a class index c: logsumexp(z) − z_c), averaged
/// over the batch; gradient (softmax(z) − y)/batch (for rows y not summing to 1: ((Σy)·softmax(z) − y)/batch). Max-shifted, so finite for any logit magnitude. Targets:
/// class indices (a vector of length batch, or batch×1) or one-hot/probability rows of the output's shape.
/// Accuracy: argmax of the logits.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "softmax cross-entropy";

    /// <inheritdoc />
    public override float Compute(Tensor<float> output, Tensor<float> target, Tensor<float>? gradient)
    {
        CheckOutput(output, gradient);
        var indices = ClassTargets.AreIndices(output, target, Name);
        var k = output.Columns;
        var z = output.Span;
        var t = target.Span;
        var total = 0d;
        for (var r = 0; r < output.Rows; r++)
        {
            var row = z.Slice(r * k, k);
            var lse = Softmax.LogSumExp(row);
            if (indices)
            {
                total += lse - row[Accuracy.TargetClass(target, r, k, indices: true)];
            }
            else
            {
                var tr = t.Slice(r * k, k);
                for (var j = 0; j < k; j++)
                {
                    if (tr[j] != 0f)
                    {
                        total += tr[j] * (lse - row[j]);
                    }
                }
            }
        }

        if (gradient is not null)
        {
            var g = gradient.Span;
            Softmax.Forward(z, k, g);
            var scale = 1f / output.Rows;
            for (var r = 0; r < output.Rows; r++)
            {
                var gr = g.Slice(r * k, k);
                if (indices)
                {
                    gr[Accuracy.TargetClass(target, r, k, indices: true)] -= 1f;
                }
                else
                {
                    // ∂/∂z of Σ_k y_k (lse − z_k) is (Σ_k y_k)·softmax − y (softmax − y for one-hot rows).
                    var tr = t.Slice(r * k, k);
                    var mass = 0f;
                    for (var j = 0; j < k; j++)
                    {
                        mass += tr[j];
                    }

                    for (var j = 0; j < k; j++)
                    {
                        gr[j] = mass * gr[j] - tr[j];
                    }
                }

                TensorMath.Scale(scale, gr);
            }
        }

        return (float)(total / output.Rows);
    }

    /// <inheritdoc />
    public override int CountCorrect(Tensor<float> output, Tensor<float> target) =>
        ArgMaxMatches(output, target, Name);

    internal static int ArgMaxMatches(Tensor<float> output, Tensor<float> target, string name)
    {
        ArgumentNullException.ThrowIfNull(output);
        var indices = ClassTargets.AreIndices(output, target, name);
        var k = output.Columns;
        var correct = 0;
        for (var r = 0; r < output.Rows; r++)
        {
            var predicted = TensorMath.ArgMax(output.Span.Slice(r * k, k));
            correct += predicted == Accuracy.TargetClass(target, r, k, indices) ? 1 : 0;
        }

        return correct;
    }
}
