namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>One method per supported math function, each with a nontrivial inner argument.</summary>
public static partial class MathFunctions
{
    [Differentiable]
    public static double Exp(double x) => Math.Exp(0.7 * x);

    [Differentiable]
    public static double Log(double x) => Math.Log(x * x + 0.5);

    [Differentiable]
    public static double Log10(double x) => Math.Log10(x);

    [Differentiable]
    public static double Log2(double x) => Math.Log2(3 * x);

    [Differentiable]
    public static double LogWithBase(double x, double b) => Math.Log(x, b);

    [Differentiable]
    public static double LogWithConstantBase(double x) => Math.Log(x, 3);

    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double PowConstantExponent(double x) => Math.Pow(x, 2.5);

    [Differentiable]
    public static double PowVariableExponent(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double PowConstantBase(double y) => Math.Pow(2, y);

    [Differentiable]
    public static double Sin(double x) => Math.Sin(x);

    [Differentiable]
    public static double Cos(double x) => Math.Cos(x);

    [Differentiable]
    public static double Tan(double x) => Math.Tan(x);

    [Differentiable]
    public static double Asin(double x) => Math.Asin(x);

    [Differentiable]
    public static double Acos(double x) => Math.Acos(x);

    [Differentiable]
    public static double Atan(double x) => Math.Atan(x);

    [Differentiable]
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    [Differentiable]
    public static double Sinh(double x) => Math.Sinh(x);

    [Differentiable]
    public static double Cosh(double x) => Math.Cosh(x);

    [Differentiable]
    public static double Tanh(double x) => Math.Tanh(x);

    [Differentiable]
    public static double Asinh(double x) => Math.Asinh(x);

    [Differentiable]
    public static double ExpM1(double x) => double.ExpM1(0.5 * x) * x;

    [Differentiable]
    public static double LogP1(double x) => double.LogP1(x * x) + x;

    [Differentiable]
    public static double Exp2(double x) => double.Exp2(x) - x;

    [Differentiable]
    public static double Hypot(double x, double y) => double.Hypot(x, 2 * y);

    [Differentiable]
    public static double IeeeRemainder(double x, double y) => Math.IEEERemainder(x * x, y);

    [Differentiable]
    public static float SingleNumberTypeFunctions(float x, float y) => float.Hypot(x, y) + float.ExpM1(x) * float.LogP1(y * y) + float.Exp2(y) + MathF.IEEERemainder(x, 0.7f + y * y);

    [Differentiable]
    public static double Acosh(double x) => Math.Acosh(x);

    [Differentiable]
    public static double Atanh(double x) => Math.Atanh(x);

    [Differentiable]
    public static double Abs(double x) => Math.Abs(x * x * x - x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x * y, x + y);

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x * y, x + y);

    [Differentiable]
    public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static double ClampFixedBounds(double x, [NoDerivative] double lo, [NoDerivative] double hi) => Math.Clamp(x * x, lo, hi);

    /// <summary>x² plus piecewise-constant functions, whose derivative is zero away from their jumps.</summary>
    [Differentiable]
    public static double PiecewiseConstant(double x) =>
        x * x + Math.Sign(x) + Math.Floor(x) + Math.Ceiling(x) + Math.Round(x) + Math.Truncate(x);

    [Differentiable]
    public static double FusedMultiplyAdd(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z);

    /// <summary>Guards with the double.Is* predicates.</summary>
    [Differentiable]
    public static double NaNGuard(double x) =>
        double.IsNaN(x) || double.IsInfinity(x) || !double.IsFinite(x) ? 0 : Math.Sqrt(x * x + 1);

    /// <summary>The functions of double only (and IEEERemainder) on the loop path.</summary>
    [Differentiable]
    public static double NumberTypeFunctionsInLoop(ReadOnlySpan<double> x)
    {
        double s = 0.5;
        for (int i = 0; i < x.Length; i++)
        {
            s = double.Hypot(x[i], s) + double.ExpM1(x[i] * 0.3) + double.LogP1(x[i] * x[i]) + 0.1 * double.Exp2(x[i]) + Math.IEEERemainder(3 * x[i], 1.7);
        }

        return s;
    }
}
