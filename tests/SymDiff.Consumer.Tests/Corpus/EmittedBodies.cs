namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Programs whose generated code once failed to compile (fuzzing families of issue 9): now they compile, and their
/// derivatives are checked here against finite differences.
/// </summary>
public static partial class EmittedBodies
{
    [Differentiable]
    public static double Sq(double x) => x * x;

    /// <summary>A call in one arm of an <c>if</c>: its partial was declared twice.</summary>
    [Differentiable]
    public static double CallInIfBranch(double x, double y)
    {
        if (x > y)
        {
            return Sq(x);
        }

        return y;
    }

    /// <summary>Calls in both arms of a conditional.</summary>
    [Differentiable]
    public static double CallInConditional(double x, double y) => x > y ? Sq(x) : Sq(y) + Sq(x);

    /// <summary>Calls in nested branches, their values read after the branch.</summary>
    [Differentiable]
    public static double CallInNestedBranches(double x, double y)
    {
        var r = y;
        if (x > y)
        {
            var s = Sq(x);
            if (s > 1)
            {
                r = s * Sq(y);
            }
            else
            {
                r = Sq(s) + x;
            }
        }

        return r * x;
    }

    private static double Cube(double x) => x * x * x;

    [DerivativeOf(nameof(Cube))]
    private static double CubePullback(double x, double seed, ref double dX)
    {
        dX += seed * 3 * x * x;
        return x * x * x;
    }

    /// <summary>A custom-derivative call in a branch.</summary>
    [Differentiable]
    public static double CustomCallInBranch(double x, double y)
    {
        if (x > y)
        {
            return Cube(x);
        }

        return Cube(y);
    }

    /// <summary>A conditional reads a local that is overwritten afterwards: its adjoint's start value was put in the wrong arm.</summary>
    [Differentiable]
    public static double ConditionalReadsLocalOverwrittenLater(double x, double q)
    {
        var u = x * x;
        var r = x > 0 ? u : q;
        u *= u;
        return r + u;
    }

    /// <summary>A local buffer written then read: its adjoint buffer was allocated before the buffer existed.</summary>
    [Differentiable]
    public static double LocalBufferWrittenThenRead(ReadOnlySpan<double> x, double s)
    {
        Span<double> row = stackalloc double[x.Length];
        row[0] = s * x[1];
        return row[0] * x[0];
    }

    /// <summary>Local buffers and scalars named like the generated code's own locals.</summary>
    [Differentiable]
    public static double LocalsNamedLikeGeneratedOnes(ReadOnlySpan<double> x, double s)
    {
        Span<double> tape = stackalloc double[x.Length];
        Span<double> mark = stackalloc double[x.Length];
        var seed = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            tape[i] = x[i] * s;
            mark[i] = tape[i] * tape[i];
            seed[i] = mark[i] + s;
        }

        double jacobian = 0;
        for (var i = 0; i < x.Length; i++)
        {
            jacobian += seed[i] * tape[i];
        }

        return jacobian;
    }

    /// <summary>The same under <c>[Checkpoint]</c>.</summary>
    [Differentiable]
    [Checkpoint]
    public static double CheckpointedLocalsNamedLikeGeneratedOnes(ReadOnlySpan<double> x, double s)
    {
        Span<double> row = stackalloc double[x.Length];
        var tape = s;
        double mark = 1;
        double seed = 0;
        for (var i = 0; i < x.Length; i++)
        {
            row[i] = Math.Sin(tape * x[i]);
            tape = row[i] * mark + tape;
            seed += tape;
        }

        return seed + row[0];
    }

    [Differentiable]
    public static double SumOfSquares(double[] a)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i];
        }

        return s;
    }

    /// <summary>A local <c>double[]</c> passed to a callee's <c>double[]</c> parameter: it was a tape span in the generated code.</summary>
    [Differentiable]
    public static double LocalArrayPassedToArrayParameter(ReadOnlySpan<double> x, double s)
    {
        var b = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            b[i] = x[i] * s;
        }

        return SumOfSquares(b) + b[0];
    }

    /// <summary>A double result of a float parameter: the batched pullback stored double adjoints in float spans.</summary>
    [Differentiable]
    public static double DoubleOfFloat(float x) => Math.Sin(x) * x;

    /// <summary>A constant added to a loop accumulator after the loop: its tangent was assigned to itself (CS1717).</summary>
    [Differentiable]
    public static double ConstantAddedAfterLoop(ReadOnlySpan<double> x, double s)
    {
        var t = s;
        for (var i = 0; i < x.Length; i++)
        {
            t += x[i] * x[i];
        }

        t += 1;
        return t;
    }

    /// <summary>Max and Min of equal operands: their derivative rules compared a value with itself (CS1718).</summary>
    [Differentiable]
    public static double MaxAndMinOfTheSameValue(double x, double y) => Math.Max(x * y, y * x) + Math.Min(x, x) * y;
}
