namespace SymDiff.Consumer.Tests;

/// <summary>Central differences and the tolerances the derivative tests compare against.</summary>
public static class FiniteDifference
{
    /// <summary>Relative step for double functions: about the cube root of double epsilon.</summary>
    public const double DoubleStep = 1e-6;

    /// <summary>Relative step for float functions: about the cube root of float epsilon.</summary>
    public const double FloatStep = 1e-3;

    /// <summary>Finite-difference tolerance for double: |a − b| ≤ tol·max(1, |a|, |b|).</summary>
    public const double DoubleTolerance = 1e-6;

    /// <summary>Finite-difference tolerance for float.</summary>
    public const double FloatTolerance = 2e-3;

    /// <summary>
    /// The central difference (f(x + h) − f(x − h)) / (x₊ − x₋) with h = step·max(1, |x|). The denominator is the
    /// distance between the points actually evaluated, after rounding to the function's precision.
    /// </summary>
    /// <param name="f">The function of one variable.</param>
    /// <param name="x">The point.</param>
    /// <param name="isFloat">Whether the function works in single precision (its inputs are rounded to float).</param>
    public static double Central(Func<double, double> f, double x, bool isFloat)
    {
        var h = (isFloat ? FloatStep : DoubleStep) * Math.Max(1, Math.Abs(x));
        var plus = x + h;
        var minus = x - h;
        if (isFloat)
        {
            plus = (float)plus;
            minus = (float)minus;
        }

        return (f(plus) - f(minus)) / (plus - minus);
    }

    /// <summary>Whether |a − b| ≤ tolerance·max(1, |a|, |b|).</summary>
    public static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>Fails with both values and the context when they are not <see cref="Close"/>.</summary>
    public static void AssertClose(double expected, double actual, double tolerance, string context)
    {
        if (!Close(expected, actual, tolerance))
        {
            throw new Xunit.Sdk.XunitException(
                $"{context}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3}, tolerance {tolerance:E1} relative)");
        }
    }
}
