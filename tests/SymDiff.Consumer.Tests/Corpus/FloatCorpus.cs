namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Single-precision versions: float parameters get float adjoints and tangents.</summary>
public static partial class FloatCorpus
{
    [Differentiable]
    public static float Sigmoid(float z) => 1 / (1 + MathF.Exp(-z));

    [Differentiable]
    public static float TanhMath(float z) => MathF.Tanh(z);

    [Differentiable]
    public static float Relu(float z) => MathF.Max(0, z);

    /// <summary>
    /// hardtanh through Math.Clamp in single precision. A regression case: the generated code once called
    /// MathF.Clamp, which does not exist.
    /// </summary>
    [Differentiable]
    public static float HardTanhClamp(float z) => Math.Clamp(z, -1f, 1f);

    /// <summary>hardtanh in single precision as an if/else chain.</summary>
    [Differentiable]
    public static float HardTanh(float z)
    {
        if (z < -1)
        {
            return -1;
        }

        return z > 1 ? 1 : z;
    }

    [Differentiable]
    public static float LogisticLoss(float w, float b, [NoDerivative] float x, [NoDerivative] float y)
    {
        var yHat = Sigmoid(w * x + b);
        return -(y * MathF.Log(yHat) + (1 - y) * MathF.Log(1 - yHat));
    }

    [Differentiable]
    public static float CubePow(float x) => MathF.Pow(x * x + 1, 3);

    [Differentiable]
    public static float Graph(float x, float y, float z) => (x + y) * MathF.Max(y, z);

    [Differentiable]
    public static float SquaredLoss(float yHat, [NoDerivative] float y) => 0.5f * (yHat - y) * (yHat - y);

    /// <summary>Widens to double and narrows back.</summary>
    [Differentiable]
    public static float MixedPrecision(float x, float y)
    {
        double wide = (double)x * y;
        return (float)Math.Log(wide + 2) + x;
    }

    /// <summary>softplus in single precision with a custom pullback.</summary>
    public static float Softplus(float x) => MathF.Log(1 + MathF.Exp(x));

    [DerivativeOf(nameof(Softplus))]
    public static float SoftplusPullback(float x, float seed, ref float dX)
    {
        dX += seed / (1 + MathF.Exp(-x));
        return Softplus(x);
    }

    [Differentiable]
    public static float SoftplusUnit(float w, [NoDerivative] float x) => Softplus(w * x) * w;
}
