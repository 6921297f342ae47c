namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Statistics as users write it: moments, likelihoods, robust losses, smoothing.</summary>
public static partial class Statistics
{
    /// <summary>The sample variance (n − 1 in the denominator).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans")]
    [At(new[] { 0.3, -1.2, 0.8, 2.1 }), At(new[] { 1.5, 1.1, -0.4 })]
    public static double Variance(ReadOnlySpan<double> x)
    {
        double mean = 0;
        foreach (var v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mean;
            sum += d * d;
        }

        return sum / (x.Length - 1);
    }

    /// <summary>The Gaussian negative log-likelihood of data under mean μ and log standard deviation.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math")]
    [At(new[] { 0.3, -1.2, 0.8 }, 0.1, -0.2), At(new[] { 2.0, 1.5 }, 1.7, 0.4)]
    public static double GaussianNll(ReadOnlySpan<double> x, double mu, double logSigma)
    {
        double sigma = Math.Exp(logSigma);
        double nll = x.Length * (logSigma + 0.5 * Math.Log(2 * Math.PI));
        for (int i = 0; i < x.Length; i++)
        {
            double z = (x[i] - mu) / sigma;
            nll += 0.5 * z * z;
        }

        return nll;
    }

    /// <summary>The Huber loss of residuals, quadratic within δ and linear beyond.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "helpers")]
    [At(new[] { 0.3, -2.2, 0.8 }, new[] { 0.1, 0.4, -0.5 }, 1.0)]
    public static double Huber(ReadOnlySpan<double> prediction, [NoDerivative] ReadOnlySpan<double> target, [NoDerivative] double delta)
    {
        double loss = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            Add(ref loss, prediction[i] - target[i], delta);
        }

        return loss / prediction.Length;

        static void Add(ref double total, double r, double d)
        {
            double a = Math.Abs(r);
            total += a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
        }
    }

    /// <summary>Exponential smoothing of a series, returning the last smoothed value plus the squared one-step errors.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "embedded-assignments")]
    [At(new[] { 1.0, 1.4, 0.9, 1.7, 2.2 }, 0.3), At(new[] { -0.5, 0.2, 0.1 }, 0.7)]
    public static double ExponentialSmoothing(ReadOnlySpan<double> series, double alpha)
    {
        double level = series[0];
        double errors = 0;
        int t = 1;
        while (t < series.Length)
        {
            double error = series[t] - level;
            errors += error * error;
            level += alpha * error;
            t++;
        }

        return level + errors;
    }

    /// <summary>The log-sum-exp of a span, shifted by its maximum (a stable softmax denominator), through a view of the tail.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "math")]
    [At(new[] { 0.3, -1.2, 0.8, 2.1 }), At(new[] { 5.0, 5.5 })]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = x[0];
        foreach (var v in x[1..])
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        return Math.Log(sum) + max;
    }
}
