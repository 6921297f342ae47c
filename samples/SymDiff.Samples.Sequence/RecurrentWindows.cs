namespace SymDiff.Samples.Sequence;

/// <summary>
/// The RNN of <see cref="RecurrentNetwork"/> on one window of the sequence, for training many windows at once: each
/// window starts from a zero state (truncated backpropagation through time), and the parameters are the flat vector
/// itself (W_hh, W_xh, b_h, W_hy, b_y), so that the method's per-example kernels take few parameters. With SymDiff.Gpu
/// referenced, the generator adds <c>WindowLossGpuForward</c> and <c>WindowLossGpuBackward</c>: one thread per window,
/// each running this method's checkpointed forward and reverse sweeps on its own tape in device memory.
/// </summary>
public static partial class RecurrentWindows
{
    /// <summary>The mean squared error of the one-step predictions over one window x_0 … x_W (W predictions).</summary>
    /// <param name="parameters">The flat parameters (see <see cref="RecurrentNetwork"/>).</param>
    /// <param name="hidden">H.</param>
    /// <param name="window">The window's values; per example, so the kernels take every window back to back.</param>
    [Differentiable]
    [Checkpoint]
    public static double WindowLoss(ReadOnlySpan<double> parameters, [NoDerivative] int hidden, [NoDerivative(PerElement = true)] ReadOnlySpan<double> window)
    {
        int square = hidden * hidden;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        int steps = window.Length - 1;
        double sum = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double z = parameters[square + hidden + i] + (parameters[square + i] * window[t]);
                for (int j = 0; j < hidden; j++)
                {
                    z += parameters[(i * hidden) + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            double y = parameters[parameters.Length - 1];
            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
                y += parameters[square + (2 * hidden) + i] * h[i];
            }

            double error = y - window[t + 1];
            sum += error * error;
        }

        return sum / steps;
    }

    /// <summary>
    /// Cuts <paramref name="xs"/> (T + 1 values) into windows of <paramref name="steps"/> predictions each, back to back
    /// (each window's last value is the next one's first); a tail shorter than a window is left out.
    /// </summary>
    /// <param name="xs">The sequence.</param>
    /// <param name="steps">W, the predictions per window.</param>
    /// <returns>The windows' values, window after window (W + 1 each), and how many windows.</returns>
    public static (double[] Values, int Count) Cut(ReadOnlySpan<double> xs, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var count = (xs.Length - 1) / steps;
        var values = new double[count * (steps + 1)];
        for (var k = 0; k < count; k++)
        {
            xs.Slice(k * steps, steps + 1).CopyTo(values.AsSpan(k * (steps + 1)));
        }

        return (values, count);
    }

    /// <summary>The mean over the windows of <see cref="WindowLoss"/> and its gradient, on the CPU (the reference for the kernels).</summary>
    /// <param name="parameters">The flat parameters.</param>
    /// <param name="hidden">H.</param>
    /// <param name="windows">The windows, back to back (<see cref="Cut"/>).</param>
    /// <param name="count">How many windows.</param>
    /// <param name="gradient">Overwritten with the mean gradient.</param>
    /// <returns>The mean loss.</returns>
    public static double MeanGradient(ReadOnlySpan<double> parameters, int hidden, ReadOnlySpan<double> windows, int count, Span<double> gradient)
    {
        var length = windows.Length / count;
        var one = new double[parameters.Length];
        gradient.Clear();
        var loss = 0.0;
        for (var k = 0; k < count; k++)
        {
            loss += WindowLossGradient(parameters, hidden, windows.Slice(k * length, length), one);
            for (var i = 0; i < one.Length; i++)
            {
                gradient[i] += one[i] / count;
            }
        }

        return loss / count;
    }
}
