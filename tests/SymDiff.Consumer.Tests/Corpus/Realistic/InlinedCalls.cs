namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Methods with loops or spans that call small <c>[Differentiable]</c> methods, which SymDiff inlines rather than calls
/// (split-mode calls: the callee's values are recorded by the caller's forward sweep instead of recomputed by its
/// pullback): scalar activations inside recurrences, a log-sum-exp over a buffer, the same callee nested in its own
/// arguments, a callee in a loop condition, callees with early returns, and a float callee.
/// </summary>
public static partial class InlinedCalls
{
    /// <summary>The logistic function.</summary>
    [Differentiable, Constructs("math")]
    [At(0.3)]
    public static double Logistic(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>A smooth clamp with an early return: z inside [-1, 1], tanh-saturated outside.</summary>
    [Differentiable, Constructs("branches", "math")]
    [At(0.4)]
    [At(2.5)]
    public static double SoftClamp(double z)
    {
        if (z > 1.0)
        {
            return 1.0 + (0.1 * Math.Tanh(z - 1.0));
        }

        return z < -1.0 ? -1.0 + (0.1 * Math.Tanh(z + 1.0)) : z;
    }

    /// <summary><c>max(v) + log Σ exp(vᵢ − max(v))</c> over the first <paramref name="count"/> entries.</summary>
    [Differentiable, Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 0.5, -1.0, 2.0 }, 3)]
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

    /// <summary>A weighted sum of two values.</summary>
    [Differentiable, Constructs("math")]
    [At(0.5, 1.5, 0.25)]
    public static double Blend(double a, double b, double t) => a + (t * (b - a));

    /// <summary>A gated update that calls <see cref="Logistic"/> and <see cref="Blend"/> itself (inlined whole, callees and all).</summary>
    [Differentiable, Constructs("math", "calls")]
    [At(0.7, -0.2)]
    public static double GatedUpdate(double x, double h) => Blend(Math.Tanh(x), h, Logistic(x + h));

    /// <summary>The Huber loss of a residual with threshold <paramref name="delta"/>.</summary>
    [Differentiable, Constructs("branches", "math", "no-derivative")]
    [At(0.3, 1.0)]
    [At(-2.5, 1.0)]
    public static double Huber(double r, [NoDerivative] double delta) =>
        Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - (0.5 * delta));

    /// <summary>A robust line fit: the Huber loss of each residual, its threshold per point from the data.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "calls", "no-derivative")]
    [At(new[] { 0.8, -0.3 }, new[] { 0.0, 1.0, 2.0, 3.0 }, new[] { 0.1, 1.2, 1.0, 5.0 }, new[] { 1.0, 0.5, 1.0, 2.0 })]
    public static double RobustLineFit(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] ReadOnlySpan<double> thresholds)
    {
        double loss = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            loss += Huber((p[0] * x[i]) + p[1] - y[i], thresholds[i] * 0.5);
        }

        return loss;
    }

    /// <summary>The float logistic function.</summary>
    [Differentiable, Constructs("math", "float")]
    [At(0.3f)]
    public static float LogisticF(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>A gated recurrence over a sequence with a hidden state of two, its gate a logistic of the state.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "calls", "no-derivative")]
    [At(new[] { 0.4, -0.3, 0.2, 0.5, -0.6, 0.1, 0.3, 0.2 }, new[] { 0.5, -0.2, 0.9, 0.1 })]
    public static double GatedRecurrence(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs)
    {
        Span<double> h = stackalloc double[2];
        double loss = 0.0;
        for (int t = 0; t + 1 < xs.Length; t++)
        {
            for (int i = 0; i < 2; i++)
            {
                double a = (w[i] * xs[t]) + (w[2 + i] * h[i]);
                double z = Logistic(a + w[4 + i]);
                h[i] = Blend(Math.Tanh(a), h[i], z);
            }

            double error = SoftClamp(h[0] + (w[6] * h[1]) + w[7]) - xs[t + 1];
            loss += error * error;
        }

        return loss;
    }

    /// <summary>The log-likelihood of a softmax classifier over two-feature rows (row n labelled n mod 3), its normaliser a log-sum-exp.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "calls", "no-derivative")]
    [At(new[] { 0.2, -0.4, 0.7, 0.1, 0.3, -0.5 }, new[] { 1.0, 0.5, -0.5, 2.0, 0.3, -1.1 })]
    public static double SoftmaxLogLikelihood(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        const int classes = 3;
        Span<double> scores = stackalloc double[classes];
        double total = 0.0;
        for (int n = 0; n < x.Length / 2; n++)
        {
            for (int c = 0; c < classes; c++)
            {
                scores[c] = (w[2 * c] * x[2 * n]) + (w[(2 * c) + 1] * x[(2 * n) + 1]);
            }

            total += scores[n % classes] - LogSumExp(scores, classes);
        }

        return total;
    }

    /// <summary>Callees nested in their own arguments: a logistic of a logistic, a blend of blends.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "calls")]
    [At(new[] { 0.3, -0.8, 1.1 })]
    public static double NestedCalls(ReadOnlySpan<double> v)
    {
        double s = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Logistic(Logistic(v[i]));
            s += Blend(v[i], Blend(s, v[0], 0.25), Logistic(v[i] * s));
        }

        return s;
    }

    /// <summary>
    /// A helper with a <c>ref</c> parameter nested in its own argument: <c>Accumulate(ref a, Accumulate(ref b, v))</c>
    /// (taken for recursion, SD0005, before arguments were evaluated ahead of binding).
    /// </summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "helpers")]
    [At(new[] { 0.4, -1.1, 0.7 })]
    public static double NestedRefHelper(ReadOnlySpan<double> v)
    {
        double a = 0.1, b = 0.2, s = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Accumulate(ref a, Accumulate(ref b, v[i]) * 0.5);
        }

        return s + (a * b);
    }

    private static double Accumulate(ref double total, double v)
    {
        total += v * v;
        return total;
    }

    /// <summary>A callee in a loop condition, evaluated on every iteration: sums while the squashed value stays small.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "calls", "loop-conditions")]
    [At(new[] { 0.2, 0.4, -0.1, 2.0, 0.3 })]
    public static double SumWhileSmall(ReadOnlySpan<double> v)
    {
        double s = 0.0;
        int i = 0;
        while (i < v.Length && Logistic(v[i]) < 0.75)
        {
            s += v[i] * Logistic(v[i]);
            i++;
        }

        return s;
    }

    /// <summary>A recurrence whose step is a callee that calls callees.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "calls")]
    [At(new[] { 0.4, -0.9, 0.3, 1.2 })]
    public static double LayeredRecurrence(ReadOnlySpan<double> v)
    {
        double h = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            h = GatedUpdate(v[i], h);
        }

        return h * h;
    }

    /// <summary>A float recurrence whose step is a float callee.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "calls", "float")]
    [At(new[] { 0.5, -0.25, 0.75 })]
    public static float FloatRecurrence(ReadOnlySpan<float> v)
    {
        float s = 0.1f;
        for (int i = 0; i < v.Length; i++)
        {
            s = LogisticF(s + v[i]) * v[i];
        }

        return s;
    }
}
