namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Minimal reproductions of generator bugs found by the derivative tests; each is checked by a skipped test in
/// <see cref="GeneratorRegressionTests"/>.
/// </summary>
public static partial class GeneratorBugRepros
{
    /// <summary>A negated operand in a product: d/dx = −y, d/dy = −x.</summary>
    [Differentiable]
    public static double NegatedProduct(double x, double y) => -x * y;

    /// <summary>A negated right operand in a product: d/dx = −y, d/dy = −x.</summary>
    [Differentiable]
    public static double ProductWithNegatedRight(double x, double y) => x * -y;

    /// <summary>A negated numerator: d/dx = −1/y.</summary>
    [Differentiable]
    public static double NegatedQuotient(double x, double y) => -x / y;

    /// <summary>A negated constant factor: d/dx = −c/x (the first term of binary cross-entropy).</summary>
    [Differentiable]
    public static double NegatedDataTimesLog(double x, [NoDerivative] double c) => -c * Math.Log(x);

    /// <summary>The negation written around the product works: d/dx = −y.</summary>
    [Differentiable]
    public static double NegationOfProduct(double x, double y) => -(x * y);

    [Differentiable]
    public static double Twice(double x) => 2 * x;

    [Differentiable]
    public static double Square(double x) => x * x;

    /// <summary>A call nested in another call's argument: (2x)², d/dx = 8x.</summary>
    [Differentiable]
    public static double SquareOfTwice(double x) => Square(Twice(x));

    /// <summary>Fuzzer seed 951360: the callee, which passes its second argument through past a branch.</summary>
    [Differentiable]
    public static double PassThrough(double x0, double y1)
    {
        double t0 = Math.Sqrt(1 + (y1 + 1.5) * (y1 + 1.5));
        double t1 = Math.Round(0.5 - t0);
        if (t1 - t0 <= y1 + y1) return t1 * -0.25 / (0.5 + t0 * t0);
        return y1;
    }

    /// <summary>Fuzzer seed 951360: a post-increment inside a compound assignment, a ref helper, then a call.</summary>
    [Differentiable]
    public static double IncrementThenCall([NoDerivative] double c1, double x0)
    {
        double t0 = Math.Exp(-c1 * c1) / (0.75 + 1.5 * 1.5);
        t0 += t0++ * Math.Sinh(1 + x0 * -2.0 * (x0 * -2.0));
        Acc3(ref t0, c1);
        return PassThrough(-x0, t0);

        static void Acc3(ref double s, double v) { s += Math.Exp(-Math.Round(v) * Math.Round(v)); }
    }

    [Differentiable]
    public static double IncrementThenCallNoHelper([NoDerivative] double c1, double x0)
    {
        double t0 = Math.Exp(-c1 * c1) / (0.75 + 1.5 * 1.5);
        t0 += t0++ * Math.Sinh(1 + x0 * -2.0 * (x0 * -2.0));
        return PassThrough(-x0, t0);
    }

    [Differentiable]
    public static double IncrementThenReturn([NoDerivative] double c1, double x0)
    {
        double t0 = Math.Exp(-c1 * c1) / (0.75 + 1.5 * 1.5);
        t0 += t0++ * Math.Sinh(1 + x0 * -2.0 * (x0 * -2.0));
        return t0;
    }
}
