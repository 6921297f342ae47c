namespace SymDiff.Benchmarks.Calls;

/// <summary>
/// A gated recurrent cell over a sequence, written twice: <see cref="Loss"/> the way people write it, calling small
/// <c>[Differentiable]</c> helpers (<see cref="Sigmoid"/>, <see cref="Square"/> on scalars, <see cref="LogSumExp"/> on
/// the hidden state) inside its loops, and <see cref="LossInlinedByHand"/>, the same arithmetic with each helper's body
/// written out at its call. The two return the same value and gradient bit for bit; how far the first's gradient is from
/// the second's is what a call costs the generated code.
/// </summary>
public static partial class GatedRecurrence
{
    /// <summary>The hidden width.</summary>
    public const int Hidden = 16;

    /// <summary>The weight count for <see cref="Hidden"/>: input weights, biases, then the recurrent matrix row by row.</summary>
    public const int WeightCount = (2 * Hidden) + (Hidden * Hidden);

    /// <summary>The logistic function.</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>z².</summary>
    [Differentiable]
    public static double Square(double z) => z * z;

    /// <summary><c>max(v) + log(sum_i exp(v_i - max(v)))</c> over the first <paramref name="count"/> entries.</summary>
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

    /// <summary>The mean squared error of predicting <c>xs[t + 1]</c> from the state after <c>xs[0..t]</c>.</summary>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] int hidden)
    {
        Span<double> h = new double[hidden];
        Span<double> next = new double[hidden];
        double loss = 0.0;
        for (int t = 0; t + 1 < xs.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double a = (w[i] * xs[t]) + w[hidden + i];
                double r = 0.0;
                for (int j = 0; j < hidden; j++)
                {
                    r += w[(2 * hidden) + (i * hidden) + j] * h[j];
                }

                double z = Sigmoid(a + r);
                next[i] = (z * h[i]) + ((1.0 - z) * Math.Tanh(a - r));
            }

            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
            }

            double prediction = LogSumExp(h, hidden) - Math.Log(hidden);
            loss += Square(prediction - xs[t + 1]);
        }

        return loss / (xs.Length - 1);
    }

    /// <summary><see cref="Loss"/> with every helper's body written out at its call.</summary>
    [Differentiable]
    public static double LossInlinedByHand(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] int hidden)
    {
        Span<double> h = new double[hidden];
        Span<double> next = new double[hidden];
        double loss = 0.0;
        for (int t = 0; t + 1 < xs.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double a = (w[i] * xs[t]) + w[hidden + i];
                double r = 0.0;
                for (int j = 0; j < hidden; j++)
                {
                    r += w[(2 * hidden) + (i * hidden) + j] * h[j];
                }

                double z = 1.0 / (1.0 + Math.Exp(-(a + r)));
                next[i] = (z * h[i]) + ((1.0 - z) * Math.Tanh(a - r));
            }

            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
            }

            double max = h[0];
            for (int i = 1; i < hidden; i++)
            {
                max = Math.Max(max, h[i]);
            }

            double sum = 0.0;
            for (int i = 0; i < hidden; i++)
            {
                sum += Math.Exp(h[i] - max);
            }

            double prediction = (Math.Log(sum) + max) - Math.Log(hidden);
            double error = prediction - xs[t + 1];
            loss += error * error;
        }

        return loss / (xs.Length - 1);
    }

    /// <summary>Weights drawn from a fixed seed, small enough that the state stays in tanh's linear range.</summary>
    public static double[] Weights()
    {
        var random = new Random(20261205);
        var w = new double[WeightCount];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (random.NextDouble() - 0.5) * 0.5;
        }

        return w;
    }

    /// <summary>A sequence of <paramref name="steps"/> + 1 values: a sum of two sines.</summary>
    public static double[] Sequence(int steps)
    {
        var xs = new double[steps + 1];
        for (var t = 0; t < xs.Length; t++)
        {
            xs[t] = Math.Sin(0.2 * t) + (0.5 * Math.Sin(0.05 * t));
        }

        return xs;
    }

    /// <summary>Throws unless <see cref="Loss"/> and <see cref="LossInlinedByHand"/> agree (value and gradient) to 1e-12 relative.</summary>
    public static void Verify(int steps) => AgreesWithInlinedByHand(LossGradient, "through calls", steps);

    /// <summary>A generated <c>Gradient</c> member of a loss over the weights.</summary>
    private delegate double LossGradientMember(ReadOnlySpan<double> w, ReadOnlySpan<double> xs, int hidden, Span<double> dW);

    /// <summary>Throws unless <paramref name="gradient"/> and <see cref="LossInlinedByHand"/>'s agree (value and gradient) to 1e-12 relative.</summary>
    private static void AgreesWithInlinedByHand(LossGradientMember gradient, string how, int steps)
    {
        var w = Weights();
        var xs = Sequence(steps);
        var actual = new double[w.Length];
        var byHand = new double[w.Length];
        var value = gradient(w, xs, Hidden, actual);
        var expected = LossInlinedByHandGradient(w, xs, Hidden, byHand);
        Check(value, expected, "the loss");
        for (var i = 0; i < w.Length; i++)
        {
            Check(actual[i], byHand[i], $"dLoss/dw[{i}]");
        }

        void Check(double a, double e, string what)
        {
            if (Math.Abs(a - e) > 1e-12 * Math.Max(1.0, Math.Abs(e)))
            {
                throw new InvalidOperationException($"GatedRecurrence: {what} is {a:R} {how} and {e:R} inlined by hand");
            }
        }
    }
}
