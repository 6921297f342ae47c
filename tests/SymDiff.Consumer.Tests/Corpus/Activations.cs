namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Activation functions from the lecture seeds, each written the ways the seeds write them.</summary>
public static partial class Activations
{
    /// <summary>σ(z) = 1 / (1 + e^(−z)); σ' = σ(1 − σ).</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>tanh through the math library; tanh' = 1 − tanh².</summary>
    [Differentiable]
    public static double TanhMath(double z) => Math.Tanh(z);

    /// <summary>tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)).</summary>
    [Differentiable]
    public static double TanhExp(double z) => (Math.Exp(z) - Math.Exp(-z)) / (Math.Exp(z) + Math.Exp(-z));

    /// <summary>ReLU(z) = max(0, z).</summary>
    [Differentiable]
    public static double ReluMaxZeroFirst(double z) => Math.Max(0, z);

    /// <summary>ReLU(z) = max(z, 0).</summary>
    [Differentiable]
    public static double ReluMaxZeroSecond(double z) => Math.Max(z, 0);

    /// <summary>ReLU(z) = z ≥ 0 ? z : 0.</summary>
    [Differentiable]
    public static double ReluTernary(double z) => z >= 0 ? z : 0;

    /// <summary>Leaky ReLU max(z, k·z) with a fixed slope k.</summary>
    [Differentiable]
    public static double LeakyRelu(double z, [NoDerivative] double k) => Math.Max(z, k * z);

    /// <summary>hardtanh as an if/else chain with several returns.</summary>
    [Differentiable]
    public static double HardTanh(double z)
    {
        if (z < -1)
        {
            return -1;
        }
        else if (z > 1)
        {
            return 1;
        }
        else
        {
            return z;
        }
    }

    /// <summary>hardtanh as Math.Clamp(z, −1, 1).</summary>
    [Differentiable]
    public static double HardTanhClamp(double z) => Math.Clamp(z, -1, 1);

    /// <summary>|z|, whose derivative at 0 is 1 by SymDiff's kink convention.</summary>
    [Differentiable]
    public static double AbsoluteValue(double z) => Math.Abs(z);

    /// <summary>softplus ln(1 + e^x); not differentiated by SymDiff, its derivative is supplied below.</summary>
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>The custom reverse derivative of <see cref="Softplus"/>: softplus' = σ.</summary>
    [DerivativeOf(nameof(Softplus))]
    public static double SoftplusPullback(double x, double seed, ref double dX)
    {
        dX += seed / (1 + Math.Exp(-x));
        return Softplus(x);
    }

    /// <summary>A softplus unit that uses the custom pullback through the chain rule.</summary>
    [Differentiable(PushforwardN = true)]
    public static double SoftplusUnit(double w, double b, [NoDerivative] double x) => 0.5 * Softplus(w * x + b) + w * b;

    /// <summary>ln cosh x; not differentiated by SymDiff, its forward derivative is supplied below.</summary>
    public static double LogCosh(double x) => Math.Log(Math.Cosh(x));

    /// <summary>The custom forward derivative of <see cref="LogCosh"/>: (ln cosh)' = tanh.</summary>
    [DerivativeOf(nameof(LogCosh))]
    public static (double Value, double Tangent) LogCoshPushforward(double x, double tX) => (LogCosh(x), Math.Tanh(x) * tX);

    /// <summary>The log-cosh loss of a prediction, using the custom pushforward.</summary>
    [Differentiable(PushforwardN = true)]
    public static double LogCoshLoss(double yHat, [NoDerivative] double y) => 2 * LogCosh(yHat - y) + yHat;
}
