namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Assignments, compound assignments and ++/-- inside expressions and conditions, differentiated in C#'s evaluation
/// order (issue: ordinary numeric C#). Scalar ones are in <see cref="CorpusCases"/>; span ones in
/// <c>EmbeddedAssignmentTests</c>.
/// </summary>
public static partial class EmbeddedAssignments
{
    [Differentiable]
    public static double AssignInCondition(double x, double y)
    {
        double r;
        if ((r = x * y) > 0)
        {
            return r + x;
        }

        return r * r - y;
    }

    [Differentiable]
    public static double ReturnCompound(double x)
    {
        var s = x;
        return s *= 2 + Math.Sin(s);
    }

    [Differentiable]
    public static double ChainedAssignment(double x, double y)
    {
        double a, b;
        a = b = x * y;
        return a + b * x;
    }

    [Differentiable]
    public static double IncrementsInExpressions(double x)
    {
        int k = 2;
        var v = x * k++;
        return v + x * k + Math.Exp(x * ++k * 0.1);
    }

    /// <summary><c>s + (s = y·y)·s</c>: the first s is read before the assignment, the last after it (x + y⁴).</summary>
    [Differentiable]
    public static double ReadBeforeAssignment(double x, double y)
    {
        var s = x;
        var t = s + (s = y * y) * s;
        return t;
    }

    /// <summary><c>s += (s = y)·2</c> adds 2y to the old s.</summary>
    [Differentiable]
    public static double CompoundWithAssigningRight(double x, double y)
    {
        var s = x;
        s += (s = y) * 2;
        return s * x;
    }

    /// <summary>The assignment on the right of &amp;&amp; runs only when the left is true.</summary>
    [Differentiable]
    public static double AssignAfterAnd(double x, double y)
    {
        double r = 0;
        if (x > 0 && (r = x * y) > 1)
        {
            return r;
        }

        return r + x;
    }

    /// <summary>The assignment on the right of || runs only when the left is false.</summary>
    [Differentiable]
    public static double AssignAfterOr(double x, double y)
    {
        double r = y;
        if (x < 0 || (r = x * x) < 4)
        {
            r += y;
        }

        return r * x;
    }

    /// <summary>Arguments are evaluated left to right: the first sees x, the second 3x.</summary>
    [Differentiable]
    public static double AssignInArguments(double x, double y)
    {
        var s = x;
        return Math.Atan2(s, (s *= 3) + y) + Math.Pow(s, 2);
    }

    [Differentiable]
    public static double WhileDecrement(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double s = 0;
        while (n-- > 0)
        {
            s += x[n] * x[n] * (n + 1);
        }

        return s;
    }

    /// <summary><c>s += x[i++]·x[i − 1]</c>: the index is read before the increment, the second after (Σ x²).</summary>
    [Differentiable]
    public static double PostIncrementIndex(ReadOnlySpan<double> x)
    {
        double s = 0;
        int i = 0;
        while (i < x.Length)
        {
            s += x[i++] * x[i - 1] * Math.Sin(i);
        }

        return s;
    }

    [Differentiable]
    public static double ForConditionIncrements(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i++ < x.Length;)
        {
            s += Math.Exp(x[i - 1] * 0.5) * i;
        }

        return s;
    }

    [Differentiable]
    public static double DoWhilePreDecrement(ReadOnlySpan<double> x)
    {
        int k = x.Length;
        double p = 1;
        do
        {
            p *= 1 + x[k - 1] * 0.5;
        }
        while (--k > 0);
        return p;
    }

    /// <summary>An element assignment's value used in the same statement: <c>s += b[i] = 2x[i] + s</c>.</summary>
    [Differentiable]
    public static double StoredValueReused(ReadOnlySpan<double> x)
    {
        Span<double> b = stackalloc double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += b[i] = x[i] * x[i] + s * 0.5;
        }

        return s + b[0] * b[1];
    }

    /// <summary>A loop condition whose right side of && assigns: the product updates only while k &lt; n.</summary>
    [Differentiable]
    public static double ShortCircuitCondition(ReadOnlySpan<double> x)
    {
        double t = 1, s = 0;
        int k = 0;
        while (k < x.Length && (t *= x[k]) > 0.01)
        {
            s += t;
            k++;
        }

        return s + t;
    }

    /// <summary>A series summed until a term is small, its term updated on the right of && (Bessel I₀ of x).</summary>
    [Differentiable]
    public static double SeriesUntilSmall(double x)
    {
        double q = x * x / 4, term = 1, sum = 1;
        int k = 0;
        while (++k <= 60 && (term *= q / (k * k)) > 1e-17 * sum)
        {
            sum += term;
        }

        return sum;
    }

    /// <summary>A ?: on the right of && in an if: evaluated only when k is in range, in the derivatives too.</summary>
    [Differentiable]
    public static double GuardedConditional(ReadOnlySpan<double> x, [NoDerivative] int k)
    {
        double s = x[0] * x[0];
        if (k < x.Length && (x[k] > 0 ? x[k] : -x[k]) > 0.1)
        {
            s += x[k] * x[k];
        }

        return s;
    }
}
