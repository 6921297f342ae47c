namespace SymDiff.AdBench.Gmm;

/// <summary>
/// The ADBench GMM objective: the log-likelihood of a Gaussian mixture with a Wishart prior on the inverse
/// covariances, written as plain loops over flat spans so that SymDiff can differentiate it with respect to
/// <c>alphas</c>, <c>means</c> and <c>icf</c>. It follows ADBench's reference C++ (<c>gmm_objective</c>) step by step.
/// </summary>
public static partial class GmmObjective
{
    /// <summary>The value of pi ADBench's reference code uses (kept so the objective matches the golden outputs bit for bit).</summary>
    private const double AdBenchPi = 3.14159265359;

    /// <summary>
    /// <c>F = -(n d / 2) log(2 pi) + sum_i lse_k(main_ik) - n lse(alpha) + sum_k [0.5 gamma^2 (||exp(q_k)||^2 + ||l_k||^2) - m sum_j q_kj] - K C</c>
    /// with <c>main_ik = alpha_k + sum_j q_kj - 0.5 ||Q_k (x_i - mu_k)||^2</c>.
    /// </summary>
    /// <param name="alphas">Mixture weights (log-space), length K.</param>
    /// <param name="means">Means, K×d row-major.</param>
    /// <param name="icf">Inverse covariance factors, K rows of d(d+1)/2: the log-diagonal q (d) then the strictly lower part l, column by column.</param>
    /// <param name="x">Data points, n×d row-major.</param>
    /// <param name="wishartGamma">The Wishart prior's gamma.</param>
    /// <param name="wishartM">The Wishart prior's m.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="k">Number of Gaussians.</param>
    /// <param name="n">Number of points.</param>
    /// <returns>The objective F.</returns>
    [Differentiable]
    public static double Objective(
        ReadOnlySpan<double> alphas,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        [NoDerivative] ReadOnlySpan<double> x,
        [NoDerivative] double wishartGamma,
        [NoDerivative] int wishartM,
        [NoDerivative] int d,
        [NoDerivative] int k,
        [NoDerivative] int n)
    {
        int icfSize = d * (d + 1) / 2;
        Span<double> qDiags = new double[k * d];
        Span<double> sumQs = new double[k];
        Span<double> xCentered = new double[d];
        Span<double> qxCentered = new double[d];
        Span<double> mainTerm = new double[k];

        // Q_k's diagonal exp(q_k) and sum_j q_kj.
        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0.0;
            for (int j = 0; j < d; j++)
            {
                sumQs[ik] += icf[(ik * icfSize) + j];
                qDiags[(ik * d) + j] = Math.Exp(icf[(ik * icfSize) + j]);
            }
        }

        double slse = 0.0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int j = 0; j < d; j++)
                {
                    xCentered[j] = x[(ix * d) + j] - means[(ik * d) + j];
                }

                // Q_k (x_i - mu_k): the diagonal part, then the strictly lower part column by column.
                for (int j = 0; j < d; j++)
                {
                    qxCentered[j] = qDiags[(ik * d) + j] * xCentered[j];
                }

                int lIndex = (ik * icfSize) + d;
                for (int i = 0; i < d; i++)
                {
                    double xi = xCentered[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        qxCentered[j] += icf[lIndex] * xi;
                        lIndex += 1;
                    }
                }

                double sqnorm = 0.0;
                for (int j = 0; j < d; j++)
                {
                    sqnorm += qxCentered[j] * qxCentered[j];
                }

                mainTerm[ik] = alphas[ik] + sumQs[ik] - (0.5 * sqnorm);
            }

            slse += LogSumExp(mainTerm, k);
        }

        double lseAlphas = LogSumExp(alphas, k);
        double constant = -n * d * 0.5 * Math.Log(2 * AdBenchPi);
        double err = constant + slse - (n * lseAlphas);

        // Wishart prior: sum_k [0.5 gamma^2 (||exp(q_k)||^2 + ||l_k||^2) - m sum_j q_kj] - K C.
        double prior = 0.0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0.0;
            for (int j = 0; j < d; j++)
            {
                frobenius += qDiags[(ik * d) + j] * qDiags[(ik * d) + j];
            }

            for (int j = d; j < icfSize; j++)
            {
                frobenius += icf[(ik * icfSize) + j] * icf[(ik * icfSize) + j];
            }

            prior += (0.5 * wishartGamma * wishartGamma * frobenius) - (wishartM * sumQs[ik]);
        }

        return err + prior - (k * WishartLogNormalizer(wishartGamma, wishartM, d));
    }

    /// <summary>
    /// <c>lse(v) = max(v) + log(sum_i exp(v_i - max(v)))</c> over the first <paramref name="count"/> entries
    /// (<paramref name="count"/> ≥ 1).
    /// </summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v, [NoDerivative] int count)
    {
        double max = v[0];
        for (int i = 1; i < count; i++)
        {
            max = Math.Max(max, v[i]);
        }

        double sum = 0.0;
        for (int i = 0; i < count; i++)
        {
            sum += Math.Exp(v[i] - max);
        }

        return Math.Log(sum) + max;
    }

    /// <summary>
    /// The Wishart prior's log-normaliser <c>C = n_w d (log gamma - 0.5 log 2) - logGamma_d(n_w / 2)</c> with
    /// <c>n_w = d + m + 1</c>. It depends on no differentiated parameter, so it is an ordinary (non-differentiated) method.
    /// </summary>
    public static double WishartLogNormalizer(double wishartGamma, int wishartM, int d)
    {
        int nw = d + wishartM + 1;
        return (nw * d * (Math.Log(wishartGamma) - (0.5 * Math.Log(2)))) - MultivariateLogGamma(0.5 * nw, d);
    }

    /// <summary>The multivariate log-gamma <c>logGamma_d(a) = d(d-1)/4 log pi + sum_{j=1..d} lgamma(a + (1-j)/2)</c>.</summary>
    public static double MultivariateLogGamma(double a, int d)
    {
        double result = 0.25 * d * (d - 1) * Math.Log(AdBenchPi);
        for (int j = 1; j <= d; j++)
        {
            result += SpecialFunctions.LogGamma(a + (0.5 * (1 - j)));
        }

        return result;
    }
}
