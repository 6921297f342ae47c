using SymDiff.Tensors;

namespace SymDiff.Losses;

/// <summary>How a classification loss reads its targets.</summary>
internal static class ClassTargets
{
    /// <summary>
    /// True when the targets are class indices (a vector of length batch, or batch×1 with more than one
    /// class); false when they are distributions (one-hot rows) with the output's shape. Throws otherwise.
    /// </summary>
    public static bool AreIndices(Tensor<float> output, Tensor<float> target, string lossName)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Shape == output.Shape)
        {
            return false;
        }

        if (target.Length == output.Rows && target.Columns == 1)
        {
            return true;
        }

        throw new ShapeMismatchException(
            $"{lossName} target (class indices [{output.Rows}] or one-hot rows)", output.Shape, target.Shape);
    }
}
