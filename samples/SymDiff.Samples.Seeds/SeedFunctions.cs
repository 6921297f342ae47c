using SymDiff;

namespace SymDiff.Samples.Seeds;

/// <summary>The lecture seeds' formulas, written as plain C#; SymDiff generates their derivatives.</summary>
public static partial class SeedFunctions
{
    /// <summary>σ(z) = 1 / (1 + e^(−z)).</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)).</summary>
    [Differentiable]
    public static double Tanh(double z) => (Math.Exp(z) - Math.Exp(-z)) / (Math.Exp(z) + Math.Exp(-z));

    /// <summary>ReLU(z) = max(0, z), with ReLU'(0) = 1.</summary>
    [Differentiable]
    public static double Relu(double z) => Math.Max(0, z);

    /// <summary>leaky(z) = max(z, k·z).</summary>
    [Differentiable]
    public static double LeakyRelu(double z, [NoDerivative] double k) => Math.Max(z, k * z);

    /// <summary>hardtanh: −1 below −1, z on [−1, 1], 1 above 1.</summary>
    [Differentiable]
    public static double HardTanh(double z)
    {
        if (z < -1)
        {
            return -1;
        }

        if (z > 1)
        {
            return 1;
        }

        return z;
    }

    /// <summary>f(x) = (x² + 1)³.</summary>
    [Differentiable]
    public static double Cube(double x) => Math.Pow(x * x + 1, 3);

    /// <summary>f(x) = ln(a·x); df/dx = 1/x.</summary>
    [Differentiable]
    public static double LogOfScaled(double x, [NoDerivative] double a) => Math.Log(a * x);

    /// <summary>The computation graph f(x, y, z) = (x + y)·max(y, z).</summary>
    [Differentiable]
    public static double Graph(double x, double y, double z)
    {
        var a = x + y;
        var b = Math.Max(y, z);
        return a * b;
    }

    /// <summary>Binary cross-entropy L = −y ln(ŷ) − (1 − y) ln(1 − ŷ) of a logistic unit ŷ = σ(w·x + b).</summary>
    [Differentiable]
    public static double Loss(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
    {
        var z = w * x + b;
        var s = 1 / (1 + Math.Exp(-z));
        return -(y * Math.Log(s) + (1 - y) * Math.Log(1 - s));
    }

    /// <summary>Squared loss ½(ŷ − y)².</summary>
    [Differentiable]
    public static double SquaredLoss(double yHat, [NoDerivative] double y) => 0.5 * (yHat - y) * (yHat - y);

    /// <summary>The seeds' logistic unit: z = x·w + b over three inputs, a = σ(z).</summary>
    [Differentiable]
    public static double LogisticUnit(double w1, double w2, double w3, double b, [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double x3)
    {
        var z = x1 * w1 + x2 * w2 + x3 * w3 + b;
        return Sigmoid(z);
    }
}
