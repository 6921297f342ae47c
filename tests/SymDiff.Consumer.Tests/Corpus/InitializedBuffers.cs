namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Local arrays and spans made from their elements: array initializers, <c>new T[] { … }</c>, <c>stackalloc</c> with
/// elements and collection expressions, of differentiable values and of constant data (issue: ordinary numeric C#).
/// </summary>
public static partial class InitializedBuffers
{
    [Differentiable]
    public static double ArrayInitializer(double x, double y)
    {
        double[] a = { x, y, x * y };
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double NewArrayWithElements(double x, double y)
    {
        var a = new double[] { Math.Sin(x), y * y };
        var b = new double[2] { a[1], x };
        return a[0] * a[1] + b[0] * b[1];
    }

    [Differentiable]
    public static double CollectionExpression(double x, double y)
    {
        Span<double> v = [x, 2 * y, x - y];
        double p = 1;
        foreach (var e in v)
        {
            p *= 1 + e * e;
        }

        return Math.Log(p);
    }

    [Differentiable]
    public static double StackallocWithElements(double x, double y)
    {
        Span<double> v = stackalloc double[] { x, x * y, 1.5 };
        Span<double> w = stackalloc[] { y, 2.0 };
        return v[0] * w[0] + v[1] * v[2] * w[1];
    }

    [Differentiable]
    public static float SinglePrecisionInitializer(float x, float y)
    {
        float[] a = { x, 2f * y, 1 };
        return a[0] * a[1] + MathF.Exp(a[2] * x);
    }

    /// <summary>Constant weights as a read-only span: Σ wᵢ xᵢ².</summary>
    [Differentiable]
    public static double ConstantWeights(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> w = [0.5, -1.0, 2.0, 0.25, 1.5];
        double s = 0;
        for (int i = 0; i < x.Length && i < w.Length; i++)
        {
            s += w[i] * x[i] * x[i];
        }

        return s;
    }

    /// <summary>Elements read from a span parameter and written back over: the buffer is the user's own.</summary>
    [Differentiable]
    public static double ElementsFromSpan(ReadOnlySpan<double> x)
    {
        double[] corners = { x[0], x[x.Length - 1], x[0] * x[x.Length - 1] };
        corners[2] *= corners[0];
        return corners[0] + corners[1] * corners[2];
    }

    /// <summary>A scratch buffer per iteration: zeroed each time (the second element is read after a +=).</summary>
    [Differentiable]
    public static double ScratchPerIteration(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Span<double> pair = new double[2];
            pair[0] = x[i] * x[i + 1];
            pair[1] += Math.Sin(x[i]);
            s += pair[0] * pair[1];
        }

        return s;
    }

    [Differentiable]
    public static double ElementsPerIteration(ReadOnlySpan<double> x)
    {
        double s = 0.5;
        foreach (var v in x)
        {
            double[] p = { v, v * v, s };
            s += p[0] * p[1] + 0.1 * p[2];
        }

        return s;
    }

    /// <summary>A buffer of the input's length declared in an outer loop and filled and read by inner ones.</summary>
    [Differentiable]
    public static double ScratchOfInputLength(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            var t = new double[x.Length];
            for (int i = k; i < x.Length; i++)
            {
                t[i] = x[i] * (k + 1);
            }

            for (int i = 0; i < x.Length; i++)
            {
                s += Math.Tanh(t[i]) * t[i];
            }
        }

        return s;
    }
}
