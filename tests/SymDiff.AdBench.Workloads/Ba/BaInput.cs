namespace SymDiff.AdBench.Ba;

/// <summary>
/// One ADBench bundle-adjustment problem: <see cref="N"/> cameras, <see cref="M"/> points and <see cref="P"/>
/// observations, each with a weight and a 2-D feature. Observation i sees point <c>ObsPoint(i)</c> from camera
/// <c>ObsCamera(i)</c>.
/// </summary>
public sealed class BaInput
{
    /// <summary>Values per camera: Rodrigues rotation (3), centre (3), focal length, principal point (2), radial distortion (2).</summary>
    public const int CameraSize = 11;

    /// <summary>Values per point.</summary>
    public const int PointSize = 3;

    /// <summary>Creates an input after checking that the array lengths and observation indices agree with the sizes.</summary>
    public BaInput(int n, int m, int p, double[] cams, double[] points, double[] weights, double[] features, int[] observations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 1);
        CheckLength(cams.Length, n * CameraSize, nameof(cams));
        CheckLength(points.Length, m * PointSize, nameof(points));
        CheckLength(weights.Length, p, nameof(weights));
        CheckLength(features.Length, 2 * p, nameof(features));
        CheckLength(observations.Length, 2 * p, nameof(observations));
        for (int i = 0; i < p; i++)
        {
            if ((uint)observations[2 * i] >= (uint)n || (uint)observations[(2 * i) + 1] >= (uint)m)
            {
                throw new ArgumentException($"observation {i} refers to camera {observations[2 * i]} / point {observations[(2 * i) + 1]}", nameof(observations));
            }
        }

        N = n;
        M = m;
        P = p;
        Cams = cams;
        Points = points;
        Weights = weights;
        Features = features;
        Observations = observations;
    }

    /// <summary>The number of cameras.</summary>
    public int N { get; }

    /// <summary>The number of points.</summary>
    public int M { get; }

    /// <summary>The number of observations.</summary>
    public int P { get; }

    /// <summary>The cameras, N×11 row-major.</summary>
    public double[] Cams { get; }

    /// <summary>The points, M×3 row-major.</summary>
    public double[] Points { get; }

    /// <summary>The observation weights, length P.</summary>
    public double[] Weights { get; }

    /// <summary>The observed features, P×2 row-major.</summary>
    public double[] Features { get; }

    /// <summary>P pairs (camera index, point index).</summary>
    public int[] Observations { get; }

    /// <summary>The number of residuals: 2 per observation, then 1 per weight.</summary>
    public int ResidualCount => (2 * P) + P;

    /// <summary>The number of parameters (Jacobian columns): 11N + 3M + P.</summary>
    public int ParameterCount => (CameraSize * N) + (PointSize * M) + P;

    /// <summary>The camera index of observation <paramref name="i"/>.</summary>
    public int ObsCamera(int i) => Observations[2 * i];

    /// <summary>The point index of observation <paramref name="i"/>.</summary>
    public int ObsPoint(int i) => Observations[(2 * i) + 1];

    /// <summary>The camera of observation <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> CameraOf(int i) => Cams.AsSpan(ObsCamera(i) * CameraSize, CameraSize);

    /// <summary>The point of observation <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> PointOf(int i) => Points.AsSpan(ObsPoint(i) * PointSize, PointSize);

    /// <summary>The feature of observation <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> FeatureOf(int i) => Features.AsSpan(2 * i, 2);

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"expected {expected} values, got {actual}", name);
        }
    }
}
