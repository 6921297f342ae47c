namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Recurrences under <c>[Checkpoint]</c>, each beside the same body without it: the derivatives must agree, and the
/// checkpointed reverse sweep must need far less tape.
/// </summary>
public static partial class Checkpointed
{
    /// <summary>A one-unit RNN h ← tanh(w·h + u·x_t + b), segments of 3 steps; returns h_T².</summary>
    [Differentiable]
    [Checkpoint(Every = 3)]
    public static double ScalarRecurrence(double w, double u, double b, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t] + b);
        }

        return h * h;
    }

    /// <summary>
    /// A three-unit RNN with a carried state buffer: h ← tanh(W h + U x_t + b), loss Σ_t Σ_j h_j(t) (the running
    /// sum is carried state too). Without <c>[Checkpoint]</c>: the reference.
    /// </summary>
    [Differentiable]
    public static double Rnn(ReadOnlySpan<double> weights, ReadOnlySpan<double> inputWeights, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> xs)
    {
        Span<double> h = stackalloc double[3];
        Span<double> next = stackalloc double[3];
        double loss = 0;
        int steps = xs.Length;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                double z = bias[i] + inputWeights[i] * xs[t];
                for (int j = 0; j < 3; j++)
                {
                    z += weights[(i * 3) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            for (int i = 0; i < 3; i++)
            {
                h[i] = next[i];
                loss += h[i];
            }
        }

        return loss;
    }

    /// <summary><see cref="Rnn"/> with the default segment length (⌈√T⌉).</summary>
    [Differentiable]
    [Checkpoint]
    public static double RnnCheckpointed(ReadOnlySpan<double> weights, ReadOnlySpan<double> inputWeights, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> xs)
    {
        Span<double> h = stackalloc double[3];
        Span<double> next = stackalloc double[3];
        double loss = 0;
        int steps = xs.Length;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                double z = bias[i] + inputWeights[i] * xs[t];
                for (int j = 0; j < 3; j++)
                {
                    z += weights[(i * 3) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            for (int i = 0; i < 3; i++)
            {
                h[i] = next[i];
                loss += h[i];
            }
        }

        return loss;
    }

    /// <summary><see cref="Rnn"/> with one step per segment (every step's state saved).</summary>
    [Differentiable]
    [Checkpoint(Every = 1)]
    public static double RnnEveryStep(ReadOnlySpan<double> weights, ReadOnlySpan<double> inputWeights, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> xs)
    {
        Span<double> h = stackalloc double[3];
        Span<double> next = stackalloc double[3];
        double loss = 0;
        int steps = xs.Length;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                double z = bias[i] + inputWeights[i] * xs[t];
                for (int j = 0; j < 3; j++)
                {
                    z += weights[(i * 3) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            for (int i = 0; i < 3; i++)
            {
                h[i] = next[i];
                loss += h[i];
            }
        }

        return loss;
    }

    /// <summary>
    /// A while loop whose trip count depends on the data (x is halved until below 1, with a running product), under
    /// segments of 2: no trip count is known on entry, so the forward sweep counts segments as it goes.
    /// </summary>
    [Differentiable]
    [Checkpoint(Every = 2)]
    public static double HalvingProduct(double x, double a)
    {
        double product = 1;
        while (x > 1)
        {
            product *= Math.Sin(a * x) + 2;
            x = x / 2;
        }

        return product * x;
    }

    /// <summary><see cref="HalvingProduct"/> without <c>[Checkpoint]</c>.</summary>
    [Differentiable]
    public static double HalvingProductPlain(double x, double a)
    {
        double product = 1;
        while (x > 1)
        {
            product *= Math.Sin(a * x) + 2;
            x = x / 2;
        }

        return product * x;
    }

    /// <summary>A checkpointed loop that writes a span output (a running sum of x·w_t per step), then a loss on it.</summary>
    [Differentiable]
    [Checkpoint(Every = 2)]
    public static void CumulativeScaled(ReadOnlySpan<double> w, double x, Span<double> sums)
    {
        double running = 0;
        for (int t = 0; t < w.Length; t++)
        {
            running += Math.Sin(x * w[t]);
            sums[t] = running * running;
        }
    }

    /// <summary>One step of a recurrence, its own method (so the checkpointed loop's re-run pulls back through a call).</summary>
    [Differentiable]
    public static double Step(double h, double x, double w, double u) => Math.Tanh((w * h) + (u * x));

    /// <summary>A recurrence calling <see cref="Step"/>, with an early exit once the state saturates; segments of 3.</summary>
    [Differentiable]
    [Checkpoint(Every = 3)]
    public static double CallingRecurrence(double w, double u, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0.1;
        double sum = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Step(h, xs[t], w, u);
            if (Math.Abs(h) > 0.999)
            {
                break;
            }

            sum += h * xs[t];
        }

        return sum + h;
    }

    /// <summary><see cref="CallingRecurrence"/> without <c>[Checkpoint]</c>.</summary>
    [Differentiable]
    public static double CallingRecurrencePlain(double w, double u, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0.1;
        double sum = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Step(h, xs[t], w, u);
            if (Math.Abs(h) > 0.999)
            {
                break;
            }

            sum += h * xs[t];
        }

        return sum + h;
    }
}
