namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Loops over spans and arrays: the shapes real objectives take (issue: loops and arrays).</summary>
public static partial class Loops
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>‖W x‖² for W stored row-major (rows × x.Length), through a local buffer.</summary>
    [Differentiable]
    public static double MatVecSquaredNorm(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int rows)
    {
        int cols = x.Length;
        Span<double> y = stackalloc double[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                y[r] += w[r * cols + c] * x[c];
            }
        }

        double norm = 0;
        foreach (var v in y)
        {
            norm += v * v;
        }

        return norm;
    }

    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            max = Math.Max(max, v[i]);
        }

        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] - max);
        }

        return Math.Log(sum) + max;
    }

    /// <summary>−log softmax(z)[label], written with a call to <see cref="LogSumExp"/>.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, [NoDerivative] int label) =>
        LogSumExp(logits) - logits[label];

    /// <summary>An RNN-style recurrence h ← tanh(w·h + u·x_t + b) over time steps; returns the last state squared.</summary>
    [Differentiable]
    public static double Recurrence(double w, double u, double b, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t] + b);
        }

        return h * h;
    }

    /// <summary>Σ over the strict lower triangle of a·aᵀ (nested triangular loops).</summary>
    [Differentiable]
    public static double LowerTriangle(double[] a)
    {
        double total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double ai = a[i];
            for (int j = i + 1; j < a.Length; j++)
            {
                total += ai * a[j] / (1 + j);
            }
        }

        return total;
    }

    /// <summary>Sums squares until the running sum passes a limit (an early break that depends on the data).</summary>
    [Differentiable]
    public static double SumUntil(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (sum > limit)
            {
                break;
            }

            sum += x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Halves a value until it drops below 1 (a while loop with a data-dependent trip count).</summary>
    [Differentiable]
    public static double HalveUntilSmall(double x)
    {
        double y = x * x;
        int steps = 0;
        while (y >= 1)
        {
            y = y / 2 + 0.1 * Math.Sin(y);
            steps++;
        }

        return y * (steps + 1);
    }

    /// <summary>A do-while with continue: skips negative entries.</summary>
    [Differentiable]
    public static double PositivePart(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            double xi = x[i];
            i++;
            if (xi < 0)
            {
                continue;
            }

            sum += Math.Sqrt(xi + 1);
        }
        while (i < x.Length);
        return sum;
    }

    /// <summary>Returns from inside a loop: the first partial sum that exceeds the threshold.</summary>
    [Differentiable]
    public static double FirstAbove(ReadOnlySpan<double> x, [NoDerivative] double threshold)
    {
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i] * x[i];
            if (running > threshold)
            {
                return running * 2;
            }
        }

        return running;
    }

    /// <summary>x ↦ x^n by repeated multiplication (a scalar-only loop).</summary>
    [Differentiable]
    public static double PowerByLoop(double x, [NoDerivative] int n)
    {
        double p = 1;
        for (int k = n; k > 0; k--)
        {
            p *= x;
        }

        return p;
    }

    /// <summary>A vector function: polar → Cartesian with a scale, written into a span.</summary>
    [Differentiable]
    public static void Polar(ReadOnlySpan<double> rTheta, double scale, Span<double> xy)
    {
        xy[0] = scale * rTheta[0] * Math.Cos(rTheta[1]);
        xy[1] = scale * rTheta[0] * Math.Sin(rTheta[1]);
        xy[2] = xy[0] * xy[1];
    }

    /// <summary>Softmax into a buffer, then a weighted sum: buffers written and read again.</summary>
    [Differentiable]
    public static double SoftmaxWeighted(ReadOnlySpan<double> z, [NoDerivative] ReadOnlySpan<double> weights)
    {
        double[] p = new double[z.Length];
        double total = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i]);
            total += p[i];
        }

        double result = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= total;
            result += weights[i] * p[i];
        }

        return result;
    }

    /// <summary>Single precision: Σ σ(x_i)·i.</summary>
    [Differentiable]
    public static float WeightedSigmoids(ReadOnlySpan<float> x)
    {
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            s += i / (1f + MathF.Exp(-x[i]));
        }

        return s;
    }
}
