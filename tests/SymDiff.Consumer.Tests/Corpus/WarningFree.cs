namespace SymDiff.Consumer.Tests.Corpus;

// These bodies hold constant conditions and unused locals on purpose: the user's own code gets CS0162 and CS0219 for
// them (silenced here), and the generated code must get none, since it is compiled with TreatWarningsAsErrors too.
#pragma warning disable CS0162, CS0219

/// <summary>
/// Programs whose generated code once compiled only with warnings (issue 9): an arm of a constant condition printed as
/// <c>if (false)</c> (CS0162) and locals assigned constants but never read (CS0219). Scalar ones are checked in
/// <see cref="CorpusCases"/>, span ones in <c>WarningFreeTests</c>.
/// </summary>
public static partial class WarningFree
{
    [Differentiable]
    public static double ConstantFalseCondition(double x)
    {
        const bool flag = false;
        if (flag)
        {
            return x * x;
        }

        return x * Math.Sin(x);
    }

    [Differentiable]
    public static double ConstantTrueConditional(double x, double y)
    {
        const bool flag = true;
        var r = flag ? x * y : y;
        return flag ? r * x : Math.Exp(r);
    }

    [Differentiable]
    public static double ConstantFoldedComparison(double x, double y)
    {
        const int n = 2;
        var r = y;
        if (n > 3)
        {
            r = x * x;
        }
        else if (n == 2 && !(n < 0))
        {
            r = x * y * n;
        }

        return r + x;
    }

    [Differentiable]
    public static double UnusedScalarLocals(double x)
    {
        double unused = 3;
        int k = 2;
        var t = x * 2;
        return x * x;
    }

    [Differentiable]
    public static double LoopConstantFalse(ReadOnlySpan<double> x, double s)
    {
        double r = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (false)
            {
                r += x[i];
            }

            r += x[i] * x[i] * s;
        }

        return r;
    }

    [Differentiable]
    public static double LoopConstantLocal(ReadOnlySpan<double> x, double s)
    {
        const bool square = true;
        const int k = 2;
        double r = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (square)
            {
                r += x[i] * x[i] * s;
            }
            else
            {
                r += x[i];
            }

            if (k > 3)
            {
                r -= s;
            }

            r += square ? s * k : x[i];
        }

        return r;
    }

    [Differentiable]
    public static double WhileTrueWithBreak(ReadOnlySpan<double> x, double s)
    {
        double r = s;
        var i = 0;
        while (true)
        {
            r = r * 0.5 + x[i] * s;
            i++;
            if (i >= x.Length)
            {
                break;
            }
        }

        return r;
    }

    [Differentiable]
    public static double UnusedLoopLocals(ReadOnlySpan<double> x, double s)
    {
        double before = 3;
        int k = 2;
        double r = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double unused = 3;
            var t = x[i] * s;
            r += Math.Sin(x[i]) * s;
            if (x[i] > 5)
            {
                continue;
            }
        }

        return r;
    }

    [Differentiable, Checkpoint]
    public static double CheckpointedConstantCondition(ReadOnlySpan<double> x, double s)
    {
        const bool on = true;
        double r = 0;
        var unused = 1;
        for (var i = 0; i < x.Length; i++)
        {
            if (on)
            {
                r = r * 0.5 + x[i] * s;
            }
        }

        return r;
    }
}
