namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Vector algebra and accumulators the models call; SymDiff inlines them (views, ref/out, span outputs).</summary>
public static class ModelHelpers
{
    /// <summary>a·b.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>a·b in single precision.</summary>
    public static float DotF(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Replaces z by softmax(z), shifted by its maximum.</summary>
    public static void SoftmaxInPlace(Span<double> z)
    {
        double max = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            max = Math.Max(max, z[i]);
        }

        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = Math.Exp(z[i] - max);
            sum += z[i];
        }

        for (int i = 0; i < z.Length; i++)
        {
            z[i] /= sum;
        }
    }

    /// <summary>acc = log(exp(acc) + exp(v)), stably.</summary>
    public static void LogAddExp(ref double acc, double v)
    {
        if (acc > v)
        {
            acc += Math.Log(1 + Math.Exp(v - acc));
        }
        else
        {
            acc = v + Math.Log(1 + Math.Exp(acc - v));
        }
    }

    /// <summary>The mean of a window.</summary>
    public static void Mean(ReadOnlySpan<double> x, out double mean)
    {
        mean = 0;
        for (int i = 0; i < x.Length; i++)
        {
            mean += x[i];
        }

        mean /= x.Length;
    }

    /// <summary>r = y − β·x.</summary>
    public static void Residual(ReadOnlySpan<double> beta, ReadOnlySpan<double> x, double y, out double r)
    {
        r = y;
        for (int j = 0; j < beta.Length; j++)
        {
            r -= beta[j] * x[j];
        }
    }

    /// <summary>y = x, accumulated into y after zeroing it.</summary>
    public static void Accumulate(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 0;
            y[i] += x[i];
        }
    }

    /// <summary>total += v².</summary>
    public static void AddSquare(ref double total, double v) => total += v * v;

    /// <summary>One step of Welford's online mean and sum of squared deviations.</summary>
    public static void Welford(ref double mean, ref double m2, ref int count, double x)
    {
        count++;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
    }
    /// <summary>The mean and the population variance of x.</summary>
    public static void MeanVariance(ReadOnlySpan<double> x, out double mean, out double variance)
    {
        Mean(x, out mean);
        variance = 0;
        for (int i = 0; i < x.Length; i++)
        {
            AddSquare(ref variance, x[i] - mean);
        }

        variance /= x.Length;
    }

    /// <summary>y = tanh(w·x + b), through MatVec and an in-place activation.</summary>
    public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        VectorAlgebra.MatVec(w, x, y);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Tanh(y[i] + b[i]);
        }
    }

    /// <summary>One predict–update step of a scalar random-walk Kalman filter and its negative log-likelihood term.</summary>
    public static void KalmanStep(ref double state, ref double cov, double observation, double q, double r, out double nll)
    {
        cov += q;
        double s = cov + r;
        double innovation = observation - state;
        nll = 0.5 * (Math.Log(s) + innovation * innovation / s);
        double gain = cov / s;
        state += gain * innovation;
        cov *= 1 - gain;
    }
}
