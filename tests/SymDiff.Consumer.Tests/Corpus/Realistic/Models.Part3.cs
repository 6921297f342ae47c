namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Models, continued.</summary>
public static partial class Models
{
    /// <summary>A fixed three-tap filter (constant data) applied to a view of a view of the series.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "helpers", "buffers")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3, 0.7, 0.2 })]
    public static double WeightedTail(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> w = [0.5, -1.0, 2.0];
        return ModelHelpers.Dot(w, x.Slice(2, 4)[1..]);
    }

    /// <summary>Tiered trading fees over trades walked backwards by a do-while with <c>trades[--k]</c>, the tier picked by a switch with a when guard.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "switch", "embedded-assignments", "spans")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3, 0.7 })]
    public static double TieredFees(ReadOnlySpan<double> trades)
    {
        double fees = 0;
        int k = trades.Length;
        do
        {
            double v = trades[--k];
            switch (k)
            {
                case 0:
                    fees += 0.1 * v * v;
                    break;
                case > 0 when k % 2 == 0:
                    fees += 0.2 * v;
                    break;
                default:
                    fees += 0.05 * v * v * v;
                    break;
            }
        }
        while (k > 0);
        return fees;
    }

    /// <summary>Paired features per period: a helper fills a reused buffer from a view, another adds a square into an element by ref.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "views", "helpers", "spans")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3 })]
    public static double ScaledGrid(ReadOnlySpan<double> x)
    {
        Span<double> buf = stackalloc double[2];
        double total = 0;
        for (int t = 0; t < 2; t++)
        {
            ModelHelpers.Accumulate(x.Slice(2 * t, 2), buf);
            for (int i = 0; i < 2; i++)
            {
                buf[i] = x[2 * t + i];
                ModelHelpers.AddSquare(ref buf[i], x[i]);
            }

            total += buf[0] * buf[1];
        }

        return total;
    }

    /// <summary>A single-precision dot product of the two halves of a vector (views into a float helper) plus a smooth norm term.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "helpers", "float")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3 })]
    public static float FloatDotHalves(ReadOnlySpan<float> x) => ModelHelpers.DotF(x[..2], x[2..]) + MathF.Sqrt(1f + x[0] * x[0]);

    /// <summary>The mean softmax cross-entropy of a batch: each example's logits a view passed to the single-example loss.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "calls", "no-derivative")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3, 1.1, -0.4 }, new[] { 2.0, 0.0 }, 3)]
    public static double BatchCrossEntropy(ReadOnlySpan<double> logits, [NoDerivative] int[] labels, [NoDerivative] int classes)
    {
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            total += SoftmaxCrossEntropy(logits.Slice(i * classes, classes), labels[i]);
        }

        return total / labels.Length;
    }

    /// <summary>The binary cross-entropy in bits with predictions clipped away from 0 and 1.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 0.7, 0.2, 0.55 }, new[] { 1.0, 0.0, 1.0 })]
    public static double CrossEntropyBits(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> y)
    {
        double bits = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double q = Math.Clamp(p[i], 1e-6, 1 - 1e-6);
            bits -= y[i] * Math.Log(q, 2) + (1 - y[i]) * Math.Log2(1 - q);
        }

        return bits;
    }

    /// <summary>Progressive income tax by bracket, the marginal rate picked by a switch over the income.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "branches")]
    [At(35000.0), At(72000.0), At(150000.0)]
    public static double IncomeTax(double income)
    {
        switch (income)
        {
            case < 10000:
                return 0;
            case < 50000:
                return 0.2 * (income - 10000);
            case >= 50000 and < 100000:
                return 8000 + 0.3 * (income - 50000);
            default:
                return 23000 + 0.45 * (income - 100000);
        }
    }

    /// <summary>The coefficient of variation of a series, both moments from a helper's out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "helpers", "math")]
    [At(new[] { 1.2, 0.8, 1.5, 1.1 })]
    public static double CoefficientOfVariation(ReadOnlySpan<double> x)
    {
        ModelHelpers.MeanVariance(x, out double mean, out double variance);
        return Math.Sqrt(variance) / mean;
    }
}
