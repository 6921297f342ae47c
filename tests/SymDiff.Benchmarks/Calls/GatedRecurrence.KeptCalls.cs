namespace SymDiff.Benchmarks.Calls;

/// <summary>
/// <see cref="GatedRecurrence.Loss"/> with its scalar callees kept as calls (<c>Inline = false</c>): the gradient goes
/// through the calls' recorded partials, not through code inlined into the loop.
/// </summary>
public static partial class GatedRecurrence
{
    [Differentiable(Inline = false)]
    public static double SigmoidKept(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Differentiable(Inline = false)]
    public static double SquareKept(double z) => z * z;

    [Differentiable(Inline = false)]
    public static double GateKept(double z, double h, double u) => (z * h) + ((1.0 - z) * Math.Tanh(u));

    [Differentiable]
    public static double LossKeptCalls(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] int hidden)
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

                next[i] = GateKept(SigmoidKept(a + r), h[i], a - r);
            }

            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
            }

            double prediction = LogSumExp(h, hidden) - Math.Log(hidden);
            loss += SquareKept(prediction - xs[t + 1]);
        }

        return loss / (xs.Length - 1);
    }

    /// <summary>Throws unless <see cref="LossKeptCalls"/> and <see cref="LossInlinedByHand"/> agree (value and gradient) to 1e-12 relative.</summary>
    public static void VerifyKeptCalls(int steps)
    {
        var w = Weights();
        var xs = Sequence(steps);
        var kept = new double[w.Length];
        var byHand = new double[w.Length];
        var value = LossKeptCallsGradient(w, xs, Hidden, kept);
        var expected = LossInlinedByHandGradient(w, xs, Hidden, byHand);
        for (var i = -1; i < w.Length; i++)
        {
            var (actual, reference) = i < 0 ? (value, expected) : (kept[i], byHand[i]);
            if (Math.Abs(actual - reference) > 1e-12 * Math.Max(1.0, Math.Abs(reference)))
            {
                throw new InvalidOperationException($"GatedRecurrence: {(i < 0 ? "the loss" : $"dLoss/dw[{i}]")} is {actual:R} through kept calls and {reference:R} inlined by hand");
            }
        }
    }
}
