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
}
