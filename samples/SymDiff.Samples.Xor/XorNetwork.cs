namespace SymDiff.Samples.Xor;

/// <summary>
/// The seeds' 2-2-1 sigmoid network and its binary cross-entropy, written as plain C#. SymDiff generates
/// <c>SigmoidGradient</c> and <c>LossGradient</c> (value and all nine partial derivatives in one sweep) at
/// compile time; training uses nothing else.
/// </summary>
public static partial class XorNetwork
{
    /// <summary>Number of parameters: w11, w12, w21, w22, b1, b2, v1, v2, c.</summary>
    public const int ParameterCount = 9;

    /// <summary>σ(z) = 1 / (1 + e^(−z)).</summary>
    /// <param name="z">The pre-activation.</param>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>
    /// h = σ(W·x + b), ŷ = σ(v·h + c), L = −[y ln ŷ + (1 − y) ln(1 − ŷ)]: six weights and three biases are
    /// differentiated; the input and the label are data.
    /// </summary>
    /// <param name="w11">Weight from x₁ into hidden unit 1.</param>
    /// <param name="w12">Weight from x₂ into hidden unit 1.</param>
    /// <param name="w21">Weight from x₁ into hidden unit 2.</param>
    /// <param name="w22">Weight from x₂ into hidden unit 2.</param>
    /// <param name="b1">Bias of hidden unit 1.</param>
    /// <param name="b2">Bias of hidden unit 2.</param>
    /// <param name="v1">Weight from hidden unit 1 into the output.</param>
    /// <param name="v2">Weight from hidden unit 2 into the output.</param>
    /// <param name="c">Bias of the output.</param>
    /// <param name="x1">The first input.</param>
    /// <param name="x2">The second input.</param>
    /// <param name="y">The label, 0 or 1.</param>
    [Differentiable]
    public static double Loss(
        double w11, double w12, double w21, double w22, double b1, double b2, double v1, double v2, double c,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double y)
    {
        var z1 = w11 * x1 + w12 * x2 + b1;
        var z2 = w21 * x1 + w22 * x2 + b2;
        var h1 = Sigmoid(z1);
        var h2 = Sigmoid(z2);
        var zOut = v1 * h1 + v2 * h2 + c;
        var yHat = Sigmoid(zOut);
        return -(y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat));
    }

    /// <summary>The network's output ŷ for an input (the forward pass of <see cref="Loss"/>).</summary>
    /// <param name="p">The nine parameters in <see cref="Loss"/>'s order.</param>
    /// <param name="x1">The first input.</param>
    /// <param name="x2">The second input.</param>
    public static double Predict(ReadOnlySpan<double> p, double x1, double x2)
    {
        var h1 = Sigmoid(p[0] * x1 + p[1] * x2 + p[4]);
        var h2 = Sigmoid(p[2] * x1 + p[3] * x2 + p[5]);
        return Sigmoid(p[6] * h1 + p[7] * h2 + p[8]);
    }

    /// <summary>The loss of one example, adding its gradient into <paramref name="gradient"/>.</summary>
    /// <param name="p">The nine parameters.</param>
    /// <param name="x1">The first input.</param>
    /// <param name="x2">The second input.</param>
    /// <param name="y">The label.</param>
    /// <param name="gradient">The nine partial derivatives are added here.</param>
    public static double AccumulateGradient(ReadOnlySpan<double> p, double x1, double x2, double y, Span<double> gradient)
    {
        var loss = LossGradient(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x1, x2, y,
            out var dW11, out var dW12, out var dW21, out var dW22, out var dB1, out var dB2, out var dV1, out var dV2, out var dC);
        gradient[0] += dW11;
        gradient[1] += dW12;
        gradient[2] += dW21;
        gradient[3] += dW22;
        gradient[4] += dB1;
        gradient[5] += dB2;
        gradient[6] += dV1;
        gradient[7] += dV2;
        gradient[8] += dC;
        return loss;
    }

    /// <summary>The loss of one example (the primal, for finite differences).</summary>
    /// <param name="p">The nine parameters.</param>
    /// <param name="x1">The first input.</param>
    /// <param name="x2">The second input.</param>
    /// <param name="y">The label.</param>
    public static double LossAt(ReadOnlySpan<double> p, double x1, double x2, double y) =>
        Loss(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x1, x2, y);
}
