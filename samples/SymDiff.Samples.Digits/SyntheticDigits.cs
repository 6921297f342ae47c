using SymDiff.Samples.Common;
using SymDiff.Tensors;

namespace SymDiff.Samples.Digits;

/// <summary>
/// A digits-style data set made up on the spot: 28×28 gray-scale images (784 inputs in [0, 1]) of the ten digits'
/// strokes, each randomly scaled, rotated, slanted, shifted and jittered, drawn with an anti-aliased pen of random
/// width and brightness, plus uniform pixel noise. Deterministic for a seeded generator.
/// </summary>
public static class SyntheticDigits
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (the model's inputs).</summary>
    public const int Pixels = Side * Side;

    /// <summary>Draws <paramref name="count"/> images, classes in turn (0, 1, …, 9, 0, …).</summary>
    /// <param name="count">Number of images.</param>
    /// <param name="random">The seeded generator.</param>
    /// <returns>Images (count×784) and class indices (count).</returns>
    public static (Tensor<float> Images, Tensor<float> Labels) Generate(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(random);
        var images = new Tensor<float>(count, Pixels);
        var labels = new Tensor<float>(count);
        for (var i = 0; i < count; i++)
        {
            var digit = i % 10;
            Draw(digit, random, images.Row(i));
            labels[i] = digit;
        }

        return (images, labels);
    }

    /// <summary>Renders one random image of a digit into <paramref name="pixels"/> (784 values, row by row).</summary>
    /// <param name="digit">The digit 0–9.</param>
    /// <param name="random">The seeded generator.</param>
    /// <param name="pixels">Receives the image.</param>
    public static void Draw(int digit, Random random, Span<float> pixels)
    {
        ArgumentNullException.ThrowIfNull(random);
        var scale = Uniform(random, 0.8, 1.05);
        var angle = Uniform(random, -0.15, 0.15);
        var slant = Uniform(random, -0.25, 0.25);
        var (dx, dy) = (Uniform(random, -0.08, 0.08), Uniform(random, -0.08, 0.08));
        var halfWidth = Uniform(random, 0.6, 1.2);
        var brightness = Uniform(random, 0.7, 1.0);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));

        // Unit box → pixels: centre, slant, rotate, scale, shift, then map [0, 1] onto the middle 20 pixels.
        var segments = new List<(double X1, double Y1, double X2, double Y2)>();
        foreach (var stroke in DigitStrokes.Strokes[digit])
        {
            var points = stroke.Select(p =>
            {
                var x = p.X - 0.5 + (0.03 * random.NextGaussian());
                var y = p.Y - 0.5 + (0.03 * random.NextGaussian());
                x += slant * -y;
                (x, y) = ((cos * x) - (sin * y), (sin * x) + (cos * y));
                return (X: 4 + (20 * ((scale * x) + 0.5 + dx)), Y: 4 + (20 * ((scale * y) + 0.5 + dy)));
            }).ToArray();
            for (var k = 1; k < points.Length; k++)
            {
                segments.Add((points[k - 1].X, points[k - 1].Y, points[k].X, points[k].Y));
            }
        }

        for (var r = 0; r < Side; r++)
        {
            for (var c = 0; c < Side; c++)
            {
                var squared = double.MaxValue;
                foreach (var s in segments)
                {
                    squared = Math.Min(squared, SquaredDistanceToSegment(c + 0.5, r + 0.5, s));
                }

                var ink = Math.Clamp(halfWidth + 0.5 - Math.Sqrt(squared), 0, 1) * brightness;
                pixels[(r * Side) + c] = (float)Math.Clamp(ink + (0.2 * (random.NextDouble() - 0.5)), 0, 1);
            }
        }
    }

    /// <summary>An image as 14×7 characters, each the mean ink of a 2×4-pixel block (darker characters for more ink).</summary>
    /// <param name="pixels">The 784 pixels.</param>
    public static string[] ToText(ReadOnlySpan<float> pixels)
    {
        const string shades = " .:-=+*#%@";
        const int blockWidth = 2, blockHeight = 4;
        var lines = new string[Side / blockHeight];
        for (var r = 0; r < lines.Length; r++)
        {
            var line = new char[Side / blockWidth];
            for (var c = 0; c < line.Length; c++)
            {
                var ink = 0f;
                for (var i = 0; i < blockHeight * blockWidth; i++)
                {
                    ink += pixels[(((r * blockHeight) + (i / blockWidth)) * Side) + (c * blockWidth) + (i % blockWidth)];
                }

                ink /= blockHeight * blockWidth;
                line[c] = shades[Math.Clamp((int)(ink * 2 * shades.Length), 0, shades.Length - 1)];
            }

            lines[r] = new string(line);
        }

        return lines;
    }

    private static double Uniform(Random random, double lo, double hi) => lo + ((hi - lo) * random.NextDouble());

    private static double SquaredDistanceToSegment(double px, double py, (double X1, double Y1, double X2, double Y2) s)
    {
        var (vx, vy) = (s.X2 - s.X1, s.Y2 - s.Y1);
        var length2 = (vx * vx) + (vy * vy);
        var t = length2 == 0 ? 0 : Math.Clamp((((px - s.X1) * vx) + ((py - s.Y1) * vy)) / length2, 0, 1);
        var (ex, ey) = (px - (s.X1 + (t * vx)), py - (s.Y1 + (t * vy)));
        return (ex * ex) + (ey * ey);
    }
}
