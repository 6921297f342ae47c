using SymDiff.Samples.Common;
using SymDiff.Tensors;

namespace SymDiff.Samples.Perceptron;

/// <summary>
/// The 2-D toy problem: two interleaving half circles ("moons") with Gaussian noise, one class each. No straight
/// line separates them, so the hidden layer has to bend the boundary.
/// </summary>
public static class TwoMoons
{
    /// <summary>Draws <paramref name="count"/> points, alternating the classes.</summary>
    /// <param name="count">Number of points.</param>
    /// <param name="noise">Standard deviation of the noise added to each coordinate.</param>
    /// <param name="random">The seeded generator.</param>
    /// <returns>Inputs (count×2, centred near the origin) and labels (count×1, 0 or 1).</returns>
    public static (Tensor<float> Inputs, Tensor<float> Labels) Generate(int count, double noise, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(random);
        var inputs = new Tensor<float>(count, 2);
        var labels = new Tensor<float>(count, 1);
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            var t = Math.PI * random.NextDouble();
            var (x, y) = label == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
            inputs[i, 0] = (float)(x - 0.5 + (noise * random.NextGaussian()));
            inputs[i, 1] = (float)(y - 0.25 + (noise * random.NextGaussian()));
            labels[i, 0] = label;
        }

        return (inputs, labels);
    }
}
