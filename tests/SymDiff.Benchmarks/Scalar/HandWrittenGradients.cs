namespace SymDiff.Benchmarks.Scalar;

/// <summary>
/// Analytic gradients as a careful engineer writes them by hand: σ computed once and reused
/// (σ' = σ(1 − σ), ∂BCE/∂z = σ − y), shared subexpressions hoisted, derivatives of powers expanded. The value itself
/// calls the same Math functions the primal spells (Math.Pow included), so the comparison measures only the
/// derivative code. Same signatures as the
/// generated <c>XGradient</c> methods: the value is returned, the gradient comes back through <c>out</c>.
/// </summary>
public static class HandWrittenGradients
{
    public static double LogisticBce(
        double w1, double w2, double w3, double w4, double b,
        double x1, double x2, double x3, double x4, double y,
        out double dW1, out double dW2, out double dW3, out double dW4, out double dB)
    {
        var z = w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + b;
        var s = 1 / (1 + Math.Exp(-z));
        var loss = -y * Math.Log(s) - (1 - y) * Math.Log(1 - s);
        var g = s - y;
        dW1 = g * x1;
        dW2 = g * x2;
        dW3 = g * x3;
        dW4 = g * x4;
        dB = g;
        return loss;
    }

    public static double Mlp221Bce(
        double w11, double w12, double w21, double w22, double b1, double b2,
        double v1, double v2, double c,
        double x1, double x2, double y,
        out double dW11, out double dW12, out double dW21, out double dW22, out double dB1, out double dB2,
        out double dV1, out double dV2, out double dC)
    {
        var h1 = Sigmoid(w11 * x1 + w12 * x2 + b1);
        var h2 = Sigmoid(w21 * x1 + w22 * x2 + b2);
        var yHat = Sigmoid(v1 * h1 + v2 * h2 + c);
        var loss = -y * Math.Log(yHat) - (1 - y) * Math.Log(1 - yHat);

        var g = yHat - y;
        dV1 = g * h1;
        dV2 = g * h2;
        dC = g;
        var g1 = g * v1 * h1 * (1 - h1);
        var g2 = g * v2 * h2 * (1 - h2);
        dW11 = g1 * x1;
        dW12 = g1 * x2;
        dB1 = g1;
        dW21 = g2 * x1;
        dW22 = g2 * x2;
        dB2 = g2;
        return loss;
    }

    public static double Mix20(double x, double y, double z, double w, out double dX, out double dY, out double dZ, out double dW)
    {
        var xy = x * y;
        var zw = z * w;
        var yw = y * w;
        var xx = x * x;
        var yy = y * y;
        var zz = z * z;
        var ww = w * w;

        var sinXy = Math.Sin(xy);
        var cosXy = Math.Cos(xy);
        var sinZ = Math.Sin(z);
        var cosZ = Math.Cos(z);
        var e7 = Math.Exp(0.5 * x - w);
        var onePlusYy = 1 + yy;
        var s9 = Math.Sqrt(1 + xx + zz);
        var t10 = Math.Tanh(zw);
        var eYy = Math.Exp(-yy);
        var sinW = Math.Sin(w);
        var cosW = Math.Cos(w);
        var eZ = Math.Exp(z);
        var sinX = Math.Sin(x);
        var cosX = Math.Cos(x);
        var twoPlusSinX = 2 + sinX;
        var q = 1 / (1 + ww);
        var t16 = Math.Tanh(x + y - z);
        var sinYw = Math.Sin(yw);
        var cosYw = Math.Cos(yw);
        var s17 = Math.Sqrt(2 + cosYw);
        var xMinusW = x - w;
        var r19 = 1 + xx + ww;
        var log19 = Math.Log(r19);

        var value = xy
            + 3 * y * z
            + xx * w
            + Math.Pow(z, 3)
            + sinXy
            + cosZ * w
            + e7
            + Math.Log(onePlusYy)
            + s9
            + t10
            + xy * zw
            + x * eYy
            + sinW * eZ
            + Math.Log(twoPlusSinX)
            + y * q
            + t16
            + s17
            + Math.Pow(xMinusW, 2)
            + z * log19
            + 0.25 * yy * yy;

        var d10 = 1 - t10 * t10;
        var d16 = 1 - t16 * t16;
        var d17 = -0.5 * sinYw / s17;
        var z2OverR19 = 2 * z / r19;
        var twoXMinusW = 2 * xMinusW;

        dX = y + 2 * x * w + y * cosXy + 0.5 * e7 + x / s9 + y * zw + eYy + cosX / twoPlusSinX + d16
            + twoXMinusW + x * z2OverR19;
        dY = x + 3 * z + x * cosXy + 2 * y / onePlusYy + x * zw - 2 * xy * eYy + q + d16 + w * d17 + yy * y;
        dZ = 3 * y + 3 * zz - sinZ * w + z / s9 + w * d10 + xy * w + sinW * eZ - d16 + log19;
        dW = xx + cosZ - e7 + z * d10 + xy * z + cosW * eZ - 2 * w * y * q * q + y * d17 - twoXMinusW + w * z2OverR19;
        return value;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
