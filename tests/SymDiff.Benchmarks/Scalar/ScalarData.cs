namespace SymDiff.Benchmarks.Scalar;

/// <summary>Deterministic inputs shared by the scalar benchmarks and their verification.</summary>
public static class ScalarData
{
    /// <summary>Points per benchmark invocation.</summary>
    public const int Points = 1024;

    /// <summary>Fixed parameters of the logistic unit: w1..w4, b.</summary>
    public static readonly double[] LogisticParameters = [0.7, -1.2, 0.4, 0.9, -0.3];

    /// <summary>Fixed parameters of the 2-2-1 network: w11, w12, w21, w22, b1, b2, v1, v2, c.</summary>
    public static readonly double[] MlpParameters = [0.8, -0.6, -1.1, 0.5, 0.1, -0.2, 1.3, -0.9, 0.05];

    /// <summary><paramref name="count"/> arrays of <see cref="Points"/> values uniform in [lo, hi).</summary>
    public static double[][] Uniform(int seed, int count, double lo, double hi)
    {
        var random = new Random(seed);
        var columns = new double[count][];
        for (var k = 0; k < count; k++)
        {
            columns[k] = new double[Points];
            for (var i = 0; i < Points; i++)
            {
                columns[k][i] = lo + ((hi - lo) * random.NextDouble());
            }
        }

        return columns;
    }

    /// <summary>Labels in {0, 1}.</summary>
    public static double[] Labels(int seed)
    {
        var random = new Random(seed);
        var labels = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            labels[i] = random.Next(2);
        }

        return labels;
    }
}
