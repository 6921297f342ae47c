namespace SymDiff.Benchmarks.Scalar;

/// <summary>
/// Central finite differences, ∂f/∂p ≈ (f(p + h) − f(p − h)) / 2h: two primal evaluations per parameter plus one
/// for the value. Written out per parameter (no delegates, no arrays) so the only cost is the evaluations.
/// </summary>
public static class FiniteDifferenceGradients
{
    /// <summary>Step size: about ∛ε for central differences on O(1) inputs.</summary>
    public const double H = 6e-6;

    private const double InverseTwoH = 1 / (2 * H);

    public static double LogisticBce(
        double w1, double w2, double w3, double w4, double b,
        double x1, double x2, double x3, double x4, double y,
        out double dW1, out double dW2, out double dW3, out double dW4, out double dB)
    {
        dW1 = (F(w1 + H, w2, w3, w4, b) - F(w1 - H, w2, w3, w4, b)) * InverseTwoH;
        dW2 = (F(w1, w2 + H, w3, w4, b) - F(w1, w2 - H, w3, w4, b)) * InverseTwoH;
        dW3 = (F(w1, w2, w3 + H, w4, b) - F(w1, w2, w3 - H, w4, b)) * InverseTwoH;
        dW4 = (F(w1, w2, w3, w4 + H, b) - F(w1, w2, w3, w4 - H, b)) * InverseTwoH;
        dB = (F(w1, w2, w3, w4, b + H) - F(w1, w2, w3, w4, b - H)) * InverseTwoH;
        return F(w1, w2, w3, w4, b);

        double F(double a1, double a2, double a3, double a4, double a5) =>
            ScalarFunctions.LogisticBce(a1, a2, a3, a4, a5, x1, x2, x3, x4, y);
    }

    public static double Mlp221Bce(
        double w11, double w12, double w21, double w22, double b1, double b2,
        double v1, double v2, double c,
        double x1, double x2, double y,
        out double dW11, out double dW12, out double dW21, out double dW22, out double dB1, out double dB2,
        out double dV1, out double dV2, out double dC)
    {
        dW11 = (F(w11 + H, w12, w21, w22, b1, b2, v1, v2, c) - F(w11 - H, w12, w21, w22, b1, b2, v1, v2, c)) * InverseTwoH;
        dW12 = (F(w11, w12 + H, w21, w22, b1, b2, v1, v2, c) - F(w11, w12 - H, w21, w22, b1, b2, v1, v2, c)) * InverseTwoH;
        dW21 = (F(w11, w12, w21 + H, w22, b1, b2, v1, v2, c) - F(w11, w12, w21 - H, w22, b1, b2, v1, v2, c)) * InverseTwoH;
        dW22 = (F(w11, w12, w21, w22 + H, b1, b2, v1, v2, c) - F(w11, w12, w21, w22 - H, b1, b2, v1, v2, c)) * InverseTwoH;
        dB1 = (F(w11, w12, w21, w22, b1 + H, b2, v1, v2, c) - F(w11, w12, w21, w22, b1 - H, b2, v1, v2, c)) * InverseTwoH;
        dB2 = (F(w11, w12, w21, w22, b1, b2 + H, v1, v2, c) - F(w11, w12, w21, w22, b1, b2 - H, v1, v2, c)) * InverseTwoH;
        dV1 = (F(w11, w12, w21, w22, b1, b2, v1 + H, v2, c) - F(w11, w12, w21, w22, b1, b2, v1 - H, v2, c)) * InverseTwoH;
        dV2 = (F(w11, w12, w21, w22, b1, b2, v1, v2 + H, c) - F(w11, w12, w21, w22, b1, b2, v1, v2 - H, c)) * InverseTwoH;
        dC = (F(w11, w12, w21, w22, b1, b2, v1, v2, c + H) - F(w11, w12, w21, w22, b1, b2, v1, v2, c - H)) * InverseTwoH;
        return F(w11, w12, w21, w22, b1, b2, v1, v2, c);

        double F(double a1, double a2, double a3, double a4, double a5, double a6, double a7, double a8, double a9) =>
            ScalarFunctions.Mlp221Bce(a1, a2, a3, a4, a5, a6, a7, a8, a9, x1, x2, y);
    }

    public static double Mix20(double x, double y, double z, double w, out double dX, out double dY, out double dZ, out double dW)
    {
        dX = (ScalarFunctions.Mix20(x + H, y, z, w) - ScalarFunctions.Mix20(x - H, y, z, w)) * InverseTwoH;
        dY = (ScalarFunctions.Mix20(x, y + H, z, w) - ScalarFunctions.Mix20(x, y - H, z, w)) * InverseTwoH;
        dZ = (ScalarFunctions.Mix20(x, y, z + H, w) - ScalarFunctions.Mix20(x, y, z - H, w)) * InverseTwoH;
        dW = (ScalarFunctions.Mix20(x, y, z, w + H) - ScalarFunctions.Mix20(x, y, z, w - H)) * InverseTwoH;
        return ScalarFunctions.Mix20(x, y, z, w);
    }
}
