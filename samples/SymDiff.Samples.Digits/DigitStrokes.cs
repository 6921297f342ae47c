namespace SymDiff.Samples.Digits;

/// <summary>
/// The pen strokes of the ten digits, as polylines in a unit box (x to the right, y downwards). The synthetic
/// images are these strokes, randomly transformed, jittered and drawn with a pen of random width.
/// </summary>
public static class DigitStrokes
{
    /// <summary>The strokes of each digit 0–9; each stroke is a polyline of (x, y) points.</summary>
    public static readonly (double X, double Y)[][][] Strokes =
    [
        [Ellipse(0.5, 0.5, 0.28, 0.4, 0, 1)],
        [[(0.35, 0.25), (0.52, 0.1), (0.52, 0.9)]],
        [[(0.25, 0.3), (0.35, 0.14), (0.55, 0.1), (0.72, 0.2), (0.72, 0.38), (0.25, 0.9), (0.78, 0.9)]],
        [[(0.28, 0.18), (0.5, 0.1), (0.7, 0.2), (0.68, 0.38), (0.45, 0.48), (0.7, 0.58), (0.72, 0.78), (0.5, 0.9), (0.26, 0.82)]],
        [[(0.62, 0.9), (0.62, 0.1), (0.2, 0.65), (0.8, 0.65)]],
        [[(0.72, 0.12), (0.3, 0.12), (0.28, 0.45), (0.55, 0.4), (0.72, 0.55), (0.7, 0.78), (0.5, 0.9), (0.27, 0.83)]],
        [[(0.68, 0.15), (0.45, 0.12), (0.3, 0.35), (0.28, 0.7), (0.45, 0.9), (0.66, 0.82), (0.7, 0.62), (0.5, 0.5), (0.3, 0.6)]],
        [[(0.25, 0.12), (0.75, 0.12), (0.42, 0.9)]],
        [Ellipse(0.5, 0.29, 0.18, 0.18, 0, 1), Ellipse(0.5, 0.69, 0.22, 0.21, 0, 1)],
        [Ellipse(0.48, 0.33, 0.21, 0.21, 0, 1), [(0.69, 0.33), (0.62, 0.9)]],
    ];

    private static (double X, double Y)[] Ellipse(double cx, double cy, double rx, double ry, double from, double to)
    {
        const int points = 16;
        var result = new (double X, double Y)[points + 1];
        for (var i = 0; i <= points; i++)
        {
            var angle = 2 * Math.PI * (from + ((to - from) * i / points));
            result[i] = (cx + (rx * Math.Sin(angle)), cy - (ry * Math.Cos(angle)));
        }

        return result;
    }
}
