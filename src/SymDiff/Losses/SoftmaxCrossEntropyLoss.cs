using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>
/// Softmax fused with multinomial cross-entropy, on logits (the model's last layer has no softmax): per example
/// −Σ_k y_k log softmax(z)_k = logsumexp(z) − Σ_k y_k z_k (for a class index c: logsumexp(z) − z_c), averaged
/// over the batch; gradient (softmax(z) − y)/batch (for rows y not summing to 1: ((Σy)·softmax(z) − y)/batch).
/// Max-shifted, so finite for any logit magnitude. Targets: class indices (a vector of length batch, or
/// batch×1) or one-hot/probability rows of the output's shape. Accuracy: argmax of the logits.
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

        // e = exp(z − rowmax), computed for the whole batch in one vectorized pass.
        var e = (gradient ?? Scratch(output.Shape)).Span;
        for (var r = 0; r < output.Rows; r++)
        {
            var row = z.Slice(r * k, k);
            var max = row[0];
            for (var j = 1; j < k; j++)
            {
                max = MathF.Max(max, row[j]);
            }

            var er = e.Slice(r * k, k);
            for (var j = 0; j < k; j++)
            {
                er[j] = row[j] - max;
            }
        }

        // Keep the shifted logits z − max for the loss before exponentiating in place.
        var total = 0d;
        for (var r = 0; r < output.Rows; r++)
        {
            var shifted = e.Slice(r * k, k);
            if (indices)
            {
                total -= shifted[Accuracy.TargetClass(target, r, k, indices: true)];
            }
            else
            {
                var tr = t.Slice(r * k, k);
                for (var j = 0; j < k; j++)
                {
                    if (tr[j] != 0f)
                    {
                        total -= tr[j] * shifted[j];
                    }
                }
            }
        }

        TensorMath.ExpInPlace(e);
        var scale = 1f / output.Rows;
        for (var r = 0; r < output.Rows; r++)
        {
            var er = e.Slice(r * k, k);
            var sum = 0f;
            for (var j = 0; j < k; j++)
            {
                sum += er[j];
            }

            // loss_r = log Σ e^(z−max) − Σ_k y_k (z_k − max), with Σ_k y_k = 1 for class indices.
            var mass = 1f;
            if (!indices)
            {
                mass = 0f;
                var tr = t.Slice(r * k, k);
                for (var j = 0; j < k; j++)
                {
                    mass += tr[j];
                }
            }

            total += mass * Math.Log(sum);
            if (gradient is null)
            {
                continue;
            }

            var inv = mass * scale / sum;
            for (var j = 0; j < k; j++)
            {
                er[j] *= inv;
            }

            if (indices)
            {
                er[Accuracy.TargetClass(target, r, k, indices: true)] -= scale;
            }
            else
            {
                var tr = t.Slice(r * k, k);
                for (var j = 0; j < k; j++)
                {
                    er[j] -= scale * tr[j];
                }
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
