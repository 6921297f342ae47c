using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>Counting correct predictions for the losses' accuracy metric.</summary>
internal static class Accuracy
{
    /// <summary>
    /// One output column: output ≥ threshold against target ≥ 0.5. Several columns: argmax against argmax
    /// when requested, otherwise every unit of the row must match by the threshold rule.
    /// </summary>
    public static int CountCorrect(Tensor<float> output, Tensor<float> target, float threshold, bool argMaxWhenSeveralColumns)
    {
        var columns = output.Columns;
        var o = output.Span;
        var t = target.Span;
        var correct = 0;
        for (var r = 0; r < output.Rows; r++)
        {
            var or = o.Slice(r * columns, columns);
            var tr = t.Slice(r * columns, columns);
            if (columns > 1 && argMaxWhenSeveralColumns)
            {
                correct += TensorMath.ArgMax(or) == TensorMath.ArgMax(tr) ? 1 : 0;
                continue;
            }

            var all = true;
            for (var j = 0; j < columns; j++)
            {
                all &= (or[j] >= threshold) == (tr[j] >= 0.5f);
            }

            correct += all ? 1 : 0;
        }

        return correct;
    }

    /// <summary>The class of row <paramref name="row"/> of a class-index or one-hot target.</summary>
    public static int TargetClass(Tensor<float> target, int row, int classes, bool indices)
    {
        if (!indices)
        {
            return TensorMath.ArgMax(target.Span.Slice(row * classes, classes));
        }

        var v = target.Span[row];
        var c = (int)v;
        if (c != v || (uint)c >= (uint)classes)
        {
            throw new ArgumentOutOfRangeException(nameof(target), v,
                $"Target of row {row} is not a class index in [0, {classes}).");
        }

        return c;
    }
}
