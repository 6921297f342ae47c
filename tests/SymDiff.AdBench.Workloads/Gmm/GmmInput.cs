namespace SymDiff.AdBench.Gmm;

/// <summary>
/// One ADBench GMM problem: <see cref="K"/> Gaussians in <see cref="D"/> dimensions, <see cref="N"/> points and a
/// Wishart prior. All matrices are flat, row-major arrays.
/// </summary>
public sealed class GmmInput
{
    /// <summary>Creates an input after checking that the array lengths agree with the sizes.</summary>
    public GmmInput(int d, int k, int n, double[] alphas, double[] means, double[] icf, double[] x, double wishartGamma, int wishartM)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        CheckLength(alphas, k, nameof(alphas));
        CheckLength(means, k * d, nameof(means));
        CheckLength(icf, k * IcfSize(d), nameof(icf));
        CheckLength(x, n * d, nameof(x));
        D = d;
        K = k;
        N = n;
        Alphas = alphas;
        Means = means;
        Icf = icf;
        X = x;
        WishartGamma = wishartGamma;
        WishartM = wishartM;
    }

    /// <summary>The dimension of the data.</summary>
    public int D { get; }

    /// <summary>The number of Gaussians.</summary>
    public int K { get; }

    /// <summary>The number of data points.</summary>
    public int N { get; }

    /// <summary>The mixture weights (log-space, unnormalised), length K.</summary>
    public double[] Alphas { get; }

    /// <summary>The means, K×d row-major.</summary>
    public double[] Means { get; }

    /// <summary>
    /// The inverse covariance factors, K rows of d(d+1)/2: first the d log-diagonal entries q, then the
    /// strictly lower part l of the Cholesky-like factor, column by column.
    /// </summary>
    public double[] Icf { get; }

    /// <summary>The data points, n×d row-major.</summary>
    public double[] X { get; }

    /// <summary>The Wishart prior's gamma.</summary>
    public double WishartGamma { get; }

    /// <summary>The Wishart prior's m.</summary>
    public int WishartM { get; }

    /// <summary>The number of parameters: the gradient's length, K + K·d + K·d(d+1)/2.</summary>
    public int ParameterCount => K + (K * D) + (K * IcfSize(D));

    /// <summary>The length of one Gaussian's icf row, d(d+1)/2.</summary>
    public static int IcfSize(int d) => d * (d + 1) / 2;

    /// <summary>Packs the parameters in the gradient layout [alphas, means, icf].</summary>
    public double[] PackParameters()
    {
        var packed = new double[ParameterCount];
        Alphas.CopyTo(packed, 0);
        Means.CopyTo(packed, K);
        Icf.CopyTo(packed, K + Means.Length);
        return packed;
    }

    /// <summary>Evaluates the objective at packed parameters in the gradient layout [alphas, means, icf].</summary>
    public double ObjectiveAt(ReadOnlySpan<double> packed)
    {
        if (packed.Length != ParameterCount)
        {
            throw new ArgumentException($"expected {ParameterCount} parameters, got {packed.Length}", nameof(packed));
        }

        return GmmObjective.Objective(
            packed[..K], packed.Slice(K, K * D), packed[(K + (K * D))..], X, WishartGamma, WishartM, D, K, N);
    }

    /// <summary>Evaluates the objective at this input's own parameters.</summary>
    public double Objective() => GmmObjective.Objective(Alphas, Means, Icf, X, WishartGamma, WishartM, D, K, N);

    /// <summary>
    /// The objective and its generated gradient in the packed layout [dAlphas (K), dMeans (K×d), dIcf (K×d(d+1)/2)].
    /// </summary>
    /// <param name="gradient">Receives the gradient; its length must be <see cref="ParameterCount"/>.</param>
    /// <returns>The objective.</returns>
    public double Gradient(Span<double> gradient)
    {
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"the gradient has length {gradient.Length} but the GMM has {ParameterCount} parameters", nameof(gradient));
        }

        int means = K * D;
        return GmmObjective.ObjectiveGradient(
            Alphas, Means, Icf, X, WishartGamma, WishartM, D, K, N,
            gradient[..K], gradient.Slice(K, means), gradient[(K + means)..]);
    }

    private static void CheckLength(double[] array, int expected, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        if (array.Length != expected)
        {
            throw new ArgumentException($"expected {expected} values, got {array.Length}", name);
        }
    }
}
