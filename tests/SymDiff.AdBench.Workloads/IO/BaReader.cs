using SymDiff.AdBench.Ba;

namespace SymDiff.AdBench.IO;

/// <summary>
/// Reads the ADBench bundle-adjustment input format (the compact variant the benchmark ships):
/// <code>
/// n m p
/// camera     (11 values)
/// point      (3 values)
/// weight     (1 value)
/// feature    (2 values)
/// </code>
/// Every camera, point, weight and feature slot is a copy of the one given, and observation i uses camera
/// <c>i mod n</c> and point <c>i mod m</c> (as ADBench's own reader does).
/// </summary>
public static class BaReader
{
    /// <summary>Reads a BA input file.</summary>
    /// <exception cref="AdBenchFormatException">The file does not have the layout above.</exception>
    public static BaInput Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads BA input text; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="AdBenchFormatException">The text does not have the layout above.</exception>
    public static BaInput Parse(TextReader text, string fileName)
    {
        var lines = new AdBenchLineReader(text, fileName);
        int[] header = lines.ReadInts(3, "the header 'n m p'");
        int n = header[0], m = header[1], p = header[2];
        if (n < 1 || m < 1 || p < 1)
        {
            throw lines.Error(lines.LineNumber, $"the header 'n m p' is '{n} {m} {p}'; expected three positive integers");
        }

        Span<double> camera = stackalloc double[BaInput.CameraSize];
        Span<double> point = stackalloc double[BaInput.PointSize];
        Span<double> weight = stackalloc double[1];
        Span<double> feature = stackalloc double[2];
        lines.ReadDoubles(camera, BaInput.CameraSize, "the camera");
        lines.ReadDoubles(point, BaInput.PointSize, "the point");
        lines.ReadDoubles(weight, 1, "the weight");
        lines.ReadDoubles(feature, 2, "the feature");
        lines.ExpectEnd("the feature");

        var cams = new double[n * BaInput.CameraSize];
        for (int i = 0; i < n; i++)
        {
            camera.CopyTo(cams.AsSpan(i * BaInput.CameraSize));
        }

        var points = new double[m * BaInput.PointSize];
        for (int i = 0; i < m; i++)
        {
            point.CopyTo(points.AsSpan(i * BaInput.PointSize));
        }

        var weights = new double[p];
        Array.Fill(weights, weight[0]);
        var features = new double[2 * p];
        var observations = new int[2 * p];
        for (int i = 0; i < p; i++)
        {
            features[2 * i] = feature[0];
            features[(2 * i) + 1] = feature[1];
            observations[2 * i] = i % n;
            observations[(2 * i) + 1] = i % m;
        }

        return new BaInput(n, m, p, cams, points, weights, features, observations);
    }
}
