using SymDiff;

namespace SymDiff.Benchmarks.Scalar;

/// <summary>
/// The scalar-gradient benchmark's functions, written as plain C#; SymDiff generates <c>XGradient</c> for each.
/// Parameters come first, data (<see cref="NoDerivativeAttribute"/>) last.
/// </summary>
public static partial class ScalarFunctions
{
    /// <summary>
    /// Binary cross-entropy of a logistic unit over four inputs:
    /// L = −y ln σ(w·x + b) − (1 − y) ln(1 − σ(w·x + b)).
    /// </summary>
    [Differentiable]
    public static double LogisticBce(
        double w1, double w2, double w3, double w4, double b,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double x3, [NoDerivative] double x4,
        [NoDerivative] double y)
    {
        var z = w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + b;
        var s = 1 / (1 + Math.Exp(-z));
        // Written −(y ln s + …) rather than −y·ln s − …: see RESULTS.md, the generator currently drops the
        // derivative of a product whose left factor is a unary minus.
        return -(y * Math.Log(s) + (1 - y) * Math.Log(1 - s));
    }

    /// <summary>σ(z) = 1 / (1 + e^(−z)).</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>
    /// A 2-2-1 sigmoid network with a binary cross-entropy output: h = σ(W·x + b), ŷ = σ(v·h + c),
    /// L = −y ln ŷ − (1 − y) ln(1 − ŷ). Six weights, three biases; the input and the label are data.
    /// </summary>
    [Differentiable]
    public static double Mlp221Bce(
        double w11, double w12, double w21, double w22, double b1, double b2,
        double v1, double v2, double c,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double y)
    {
        var h1 = Sigmoid(w11 * x1 + w12 * x2 + b1);
        var h2 = Sigmoid(w21 * x1 + w22 * x2 + b2);
        var yHat = Sigmoid(v1 * h1 + v2 * h2 + c);
        return -(y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat));
    }

    /// <summary>
    /// Twenty terms mixing products, powers and transcendental functions of four variables. Defined for all real
    /// inputs (every log and square root argument is positive).
    /// </summary>
    [Differentiable]
    public static double Mix20(double x, double y, double z, double w)
    {
        return x * y
            + 3 * y * z
            + x * x * w
            + Math.Pow(z, 3)
            + Math.Sin(x * y)
            + Math.Cos(z) * w
            + Math.Exp(0.5 * x - w)
            + Math.Log(1 + y * y)
            + Math.Sqrt(1 + x * x + z * z)
            + Math.Tanh(w * z)
            + x * y * z * w
            + x * Math.Exp(-y * y)
            + Math.Sin(w) * Math.Exp(z)
            + Math.Log(2 + Math.Sin(x))
            + y / (1 + w * w)
            + Math.Tanh(x + y - z)
            + Math.Sqrt(2 + Math.Cos(y * w))
            + Math.Pow(x - w, 2)
            + z * Math.Log(1 + x * x + w * w)
            + 0.25 * y * y * y * y;
    }
}
