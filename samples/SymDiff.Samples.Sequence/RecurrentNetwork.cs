namespace SymDiff.Samples.Sequence;

/// <summary>
/// A tanh RNN that reads a sequence one value at a time and predicts the next one, written once as plain C# over the
/// whole sequence: h_t = tanh(W_hh·h_{t−1} + W_xh·x_t + b_h), ŷ_t = W_hy·h_t + b_y, loss = mean over t of
/// (ŷ_t − x_{t+1})² (teacher forcing: the true x_t is always the input). SymDiff generates the gradient of
/// <see cref="Loss"/> (with <c>[Checkpoint]</c>) and of <see cref="LossWithoutCheckpoint"/> (the same body without
/// it); the sample trains on the first and compares the two.
/// </summary>
/// <remarks>
/// The parameters travel as one flat vector (what the optimizer updates), laid out as W_hh (H×H, row-major), W_xh (H),
/// b_h (H), W_hy (H), b_y; the methods that take it slice it into the spans the differentiable methods take.
/// </remarks>
public static partial class RecurrentNetwork
{
    /// <summary>How many parameters an RNN with <paramref name="hidden"/> units has: H² + 3H + 1.</summary>
    /// <param name="hidden">H, the hidden units.</param>
    public static int ParameterCount(int hidden) => (hidden * hidden) + (3 * hidden) + 1;

    /// <summary>
    /// The mean squared error of the one-step predictions over the whole sequence. <c>[Checkpoint]</c>: the reverse
    /// sweep keeps the state (h, the running sum, t) at the start of every ⌈√T⌉ steps and re-records one segment at a
    /// time, so its tape holds O(√T) values instead of O(T).
    /// </summary>
    /// <param name="wHh">W_hh, H×H row-major: the previous state into each unit.</param>
    /// <param name="wXh">W_xh: the input into each unit.</param>
    /// <param name="bH">b_h, one bias per unit; its length is H.</param>
    /// <param name="wHy">W_hy: the state into the prediction.</param>
    /// <param name="bY">b_y, the prediction's bias.</param>
    /// <param name="xs">The sequence x_0 … x_T (at least two values): T predictions of x_1 … x_T.</param>
    [Differentiable]
    [Checkpoint]
    public static double Loss(ReadOnlySpan<double> wHh, ReadOnlySpan<double> wXh, ReadOnlySpan<double> bH, ReadOnlySpan<double> wHy, double bY,
        [NoDerivative] ReadOnlySpan<double> xs)
    {
        int n = bH.Length;
        Span<double> h = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        int steps = xs.Length - 1;
        double sum = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double z = bH[i] + (wXh[i] * xs[t]);
                for (int j = 0; j < n; j++)
                {
                    z += wHh[(i * n) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            double y = bY;
            for (int i = 0; i < n; i++)
            {
                h[i] = next[i];
                y += wHy[i] * h[i];
            }

            double error = y - xs[t + 1];
            sum += error * error;
        }

        return sum / steps;
    }

    /// <summary>
    /// <see cref="Loss"/> without <c>[Checkpoint]</c>: its reverse sweep records every step on the tape. Kept for
    /// the comparison; the derivatives are the same.
    /// </summary>
    /// <param name="wHh">W_hh, H×H row-major.</param>
    /// <param name="wXh">W_xh.</param>
    /// <param name="bH">b_h; its length is H.</param>
    /// <param name="wHy">W_hy.</param>
    /// <param name="bY">b_y.</param>
    /// <param name="xs">The sequence x_0 … x_T.</param>
    [Differentiable]
    public static double LossWithoutCheckpoint(ReadOnlySpan<double> wHh, ReadOnlySpan<double> wXh, ReadOnlySpan<double> bH, ReadOnlySpan<double> wHy, double bY,
        [NoDerivative] ReadOnlySpan<double> xs)
    {
        int n = bH.Length;
        Span<double> h = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        int steps = xs.Length - 1;
        double sum = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double z = bH[i] + (wXh[i] * xs[t]);
                for (int j = 0; j < n; j++)
                {
                    z += wHh[(i * n) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            double y = bY;
            for (int i = 0; i < n; i++)
            {
                h[i] = next[i];
                y += wHy[i] * h[i];
            }

            double error = y - xs[t + 1];
            sum += error * error;
        }

        return sum / steps;
    }

    /// <summary>The mean squared error of <see cref="Loss"/> for a flat parameter vector.</summary>
    /// <param name="parameters">The flat parameters (see the remarks on <see cref="RecurrentNetwork"/>).</param>
    /// <param name="hidden">H.</param>
    /// <param name="xs">The sequence.</param>
    public static double MeanSquaredError(ReadOnlySpan<double> parameters, int hidden, ReadOnlySpan<double> xs)
    {
        Slice(parameters, hidden, out var wHh, out var wXh, out var bH, out var wHy, out var bY);
        return Loss(wHh, wXh, bH, wHy, bY, xs);
    }

    /// <summary>The loss and its gradient for a flat parameter vector, from either generated gradient.</summary>
    /// <param name="parameters">The flat parameters.</param>
    /// <param name="hidden">H.</param>
    /// <param name="xs">The sequence.</param>
    /// <param name="gradient">Overwritten with ∂loss/∂parameters, same layout.</param>
    /// <param name="checkpoint">Whether to use <see cref="Loss"/>'s gradient (true) or <see cref="LossWithoutCheckpoint"/>'s.</param>
    public static double Gradient(ReadOnlySpan<double> parameters, int hidden, ReadOnlySpan<double> xs, Span<double> gradient, bool checkpoint = true)
    {
        Slice(parameters, hidden, out var wHh, out var wXh, out var bH, out var wHy, out var bY);
        CheckLength(gradient.Length, hidden);
        var square = hidden * hidden;
        var dWhh = gradient[..square];
        var dWxh = gradient.Slice(square, hidden);
        var dBh = gradient.Slice(square + hidden, hidden);
        var dWhy = gradient.Slice(square + (2 * hidden), hidden);
        double dBy;
        var loss = checkpoint
            ? LossGradient(wHh, wXh, bH, wHy, bY, xs, dWhh, dWxh, dBh, dWhy, out dBy)
            : LossWithoutCheckpointGradient(wHh, wXh, bH, wHy, bY, xs, dWhh, dWxh, dBh, dWhy, out dBy);
        gradient[^1] = dBy;
        return loss;
    }

    /// <summary>The forward pass alone: ŷ_t, the prediction of x_{t+1}, for every step.</summary>
    /// <param name="parameters">The flat parameters.</param>
    /// <param name="hidden">H.</param>
    /// <param name="xs">The sequence x_0 … x_T.</param>
    /// <param name="predictions">Receives ŷ_0 … ŷ_{T−1} (T values).</param>
    public static void Predict(ReadOnlySpan<double> parameters, int hidden, ReadOnlySpan<double> xs, Span<double> predictions)
    {
        Slice(parameters, hidden, out var wHh, out var wXh, out var bH, out var wHy, out var bY);
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        h.Clear();
        for (var t = 0; t < xs.Length - 1; t++)
        {
            for (var i = 0; i < hidden; i++)
            {
                var z = bH[i] + (wXh[i] * xs[t]);
                for (var j = 0; j < hidden; j++)
                {
                    z += wHh[(i * hidden) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            next.CopyTo(h);
            var y = bY;
            for (var i = 0; i < hidden; i++)
            {
                y += wHy[i] * h[i];
            }

            predictions[t] = y;
        }
    }

    private static void Slice(ReadOnlySpan<double> parameters, int hidden, out ReadOnlySpan<double> wHh, out ReadOnlySpan<double> wXh,
        out ReadOnlySpan<double> bH, out ReadOnlySpan<double> wHy, out double bY)
    {
        CheckLength(parameters.Length, hidden);
        var square = hidden * hidden;
        wHh = parameters[..square];
        wXh = parameters.Slice(square, hidden);
        bH = parameters.Slice(square + hidden, hidden);
        wHy = parameters.Slice(square + (2 * hidden), hidden);
        bY = parameters[^1];
    }

    private static void CheckLength(int length, int hidden)
    {
        if (length != ParameterCount(hidden))
        {
            throw new ArgumentException($"An RNN with {hidden} hidden units has {ParameterCount(hidden)} parameters, not {length}.");
        }
    }
}
