namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// <c>switch</c> statements and expressions over ints and doubles: constants, several labels per section, relational
/// and <c>and</c>/<c>not</c> patterns, <c>when</c> guards, <c>break</c>, <c>return</c>, falling out without a default,
/// inside loops and outside (issue: ordinary numeric C#).
/// </summary>
public static partial class Switches
{
    [Differentiable]
    public static double Piecewise(double x, int mode)
    {
        switch (mode)
        {
            case 0:
                return x * x;
            case 1:
            case 2:
                return Math.Sin(x) * mode;
            default:
                return Math.Exp(-x);
        }
    }

    [Differentiable]
    public static double RelationalSwitchExpression(double x)
    {
        var y = x switch
        {
            < -1 => -1 - x * x,
            < 1 => x * x * x,
            >= 1 and < 3 => 3 * x - 2,
            _ => Math.Log(x) + 4,
        };
        return y * 2;
    }

    [Differentiable]
    public static double BreakAndFallOut(double x, int k)
    {
        double s = x;
        switch (k)
        {
            case 0:
                s *= 2;
                break;
            case 1:
                s = Math.Sin(s);
                if (x > 0)
                {
                    s += 1;
                }

                break;
        }

        return s * x;
    }

    [Differentiable]
    public static double GuardsAndNot(double x, double y)
    {
        switch (x)
        {
            case > 0 when y > 0:
                return x * y;
            case not > 0:
                return x - y;
            default:
                return x + y * y;
        }
    }

    [Differentiable]
    public static double SwitchInLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            switch (i % 3)
            {
                case 0:
                    s += x[i] * x[i];
                    break;
                case 1:
                    s += Math.Sin(x[i]);
                    break;
                default:
                    if (x[i] > 10)
                    {
                        continue;
                    }

                    s -= 0.5 * x[i];
                    break;
            }

            s *= 1.01;
        }

        return s;
    }

    [Differentiable]
    public static double SwitchExpressionInLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (i % 2) switch
            {
                0 => x[i] * 2,
                _ => x[i] * x[i],
            };
        }

        return s;
    }

    [Differentiable]
    public static double ReturnFromSwitchInLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            switch (v)
            {
                case > 5:
                    return s + v;
                default:
                    s += v * v;
                    break;
            }
        }

        return s;
    }
}
