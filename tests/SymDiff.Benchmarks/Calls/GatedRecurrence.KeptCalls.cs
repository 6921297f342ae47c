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
    public static void VerifyKeptCalls(int steps) => AgreesWithInlinedByHand(LossKeptCallsGradient, "through kept calls", steps);
}
