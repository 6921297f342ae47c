namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Locals, reassignment, branches, non-differentiable parameters in control and a long expression.</summary>
public static partial class ControlFlow
{
    private const double Half = 0.5;

    [Differentiable]
    public static double CompoundAssignment(double x, double y)
    {
        var acc = x;
        acc += y * y;
        acc *= x;
        acc -= Math.Sin(y);
        acc /= 1 + y * y;
        return acc;
    }

    [Differentiable]
    public static double Reassignment(double x)
    {
        var t = x * x;
        t = Math.Exp(t * Half) + t;
        x = 3 * x;
        t = t * x;
        return t + x;
    }

    [Differentiable]
    public static double LocalsInBranches(double x, double y)
    {
        double r;
        double s = y;
        if (x > y)
        {
            r = x * y;
            r += x;
            s *= 2;
        }
        else
        {
            r = y / (1 + x * x);
        }

        return r * r + s * x;
    }

    [Differentiable]
    public static double OneSidedBranch(double x)
    {
        var r = x;
        if (x > 1)
        {
            r = x * x;
        }

        return r + 1;
    }

    [Differentiable]
    public static double NestedConditional(double x, double y) =>
        x > 0 ? (y > 0 ? x * y : x - y) : (y > x ? Math.Sin(x) * y : x * x);

    [Differentiable]
    public static double LogicalOperators(double x, double y) =>
        (x > 0 && y > 0) || !(x < y) ? x * y : x + y;

    [Differentiable]
    public static double IntAndBoolInControl(double x, int n, bool square) =>
        n > 2 ? Math.Pow(x, n) : (square ? x * x : 3 * x);

    [Differentiable]
    public static double PowIntExponent(double x, int n) => Math.Pow(x, n);

    [Differentiable]
    public static double CastsAndConstants(double x)
    {
        const double Scale = 1.5;
        var whole = (int)x;
        var y = (double)(float)Scale * x;
        return y * y + whole;
    }

    /// <summary>Several returns; a regression case for the −x·y branch.</summary>
    [Differentiable]
    public static double MultipleReturns(double x, double y)
    {
        if (x < 0)
        {
            return -x * y;
        }

        if (y < 0)
        {
            return x * x;
        }

        return x + y * x;
    }

    [Differentiable]
    public static double MultipleReturnsGrouped(double x, double y)
    {
        if (x < 0)
        {
            return -(x * y);
        }

        if (y < 0)
        {
            return x * x;
        }

        return x + y * x;
    }

    /// <summary>A 20-term polynomial and transcendental mix.</summary>
    [Differentiable]
    public static double Mix20(double x, double y) =>
        1 + 2 * x - 3 * y + x * y + 0.5 * x * x - y * y * y / 3 + Math.Sin(x * y) + Math.Cos(x - y)
        + Math.Exp(0.1 * x) + Math.Log(1 + y * y) + Math.Sqrt(x * x + y * y + 1) + Math.Atan(x + 0.5 * y)
        + Math.Tanh(0.3 * x * y) + Math.Pow(x, 4) / 24 + x / (1 + y * y) + Math.Cbrt(2 + x) + Math.Sinh(0.2 * y)
        + Math.Cosh(0.1 * x) + Math.Log10(3 + x * x) + Math.Log2(2 + y * y);

    /// <summary>A nested type: partial inside partial.</summary>
    public static partial class Nested
    {
        [Differentiable]
        public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

        [Differentiable]
        public static double CallsOtherTypes(double x, double y) =>
            Activations.Sigmoid(x * y) * CompoundAssignment(x, y) + Rosenbrock(y, x) / 100;
    }
}
