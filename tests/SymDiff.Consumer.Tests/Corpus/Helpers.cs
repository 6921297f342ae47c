namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Helper methods that differentiable methods call and SymDiff inlines: ref/out/in parameters (of variables and of
/// elements), void methods writing the caller's span (vector algebra), one that is itself [Differentiable], helpers
/// calling helpers, early returns.
/// </summary>
public static class VectorAlgebra
{
    public static void Accumulate(ref double sum, double v) => sum += v * v;

    public static void SinCos(double t, out double sin, out double cos)
    {
        sin = Math.Sin(t);
        cos = Math.Cos(t);
    }

    /// <summary>Adds v to the running total and returns the total times v.</summary>
    public static double Bump(ref double total, in double v)
    {
        total += v;
        return total * v;
    }

    public static void Scale(ref double cell, double factor)
    {
        if (factor == 1)
        {
            return;
        }

        cell *= factor;
    }

    /// <summary>into = m·v for a row-major m of into.Length × v.Length.</summary>
    public static void MatVec(ReadOnlySpan<double> m, ReadOnlySpan<double> v, Span<double> into)
    {
        for (int r = 0; r < into.Length; r++)
        {
            double s = 0;
            for (int c = 0; c < v.Length; c++)
            {
                s += m[r * v.Length + c] * v[c];
            }

            into[r] = s;
        }
    }

    /// <summary>Normalizes v into itself (through a helper with a ref parameter) and returns its former norm.</summary>
    public static double Normalize(Span<double> v)
    {
        double squares = 0;
        for (int i = 0; i < v.Length; i++)
        {
            Accumulate(ref squares, v[i]);
        }

        double norm = Math.Sqrt(squares);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= norm;
        }

        return norm;
    }
}

public static partial class Helpers
{
    [Differentiable]
    public static double SumOfSquares(double x, double y)
    {
        double s = 0;
        VectorAlgebra.Accumulate(ref s, x);
        VectorAlgebra.Accumulate(ref s, x * y);
        return s;
    }

    [Differentiable]
    public static double Polar(double r, double t)
    {
        VectorAlgebra.SinCos(t, out var s, out double c);
        double weighted = 0;
        double product = VectorAlgebra.Bump(ref weighted, r * c) + VectorAlgebra.Bump(ref weighted, r * s);
        return product * weighted;
    }

    /// <summary>Static local functions with ref and out parameters, inlined like helper methods.</summary>
    [Differentiable]
    public static double LocalRefFunctions(double x, double y)
    {
        double a = x * y, b = x - y;
        AtLeast(ref a, 0.5);
        Split(a + b, out var half, out var rest);
        return half * rest + b * b;

        static void AtLeast(ref double v, double lower)
        {
            if (v < lower)
            {
                v = lower;
            }
        }

        static void Split(double v, out double h, out double r)
        {
            h = v / 2;
            r = Math.Sin(v) - h;
        }
    }

    [Differentiable]
    public static double SquaresInLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            VectorAlgebra.Accumulate(ref s, Math.Sin(v));
        }

        return s;
    }

    [Differentiable]
    public static double ScaledElements(ReadOnlySpan<double> x)
    {
        Span<double> b = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            b[i] = x[i] * x[i];
            VectorAlgebra.Scale(ref b[i], i + 1);
        }

        double s = 0;
        for (int i = 0; i < b.Length; i++)
        {
            s += Math.Exp(-b[i]);
        }

        return s;
    }

    /// <summary>A two-layer map from helpers: tanh(W₂·tanh(W₁·x)), summed, with W₁ 3×n and W₂ 2×3 fixed.</summary>
    [Differentiable]
    public static double TwoLayers(ReadOnlySpan<double> x)
    {
        Span<double> w1 = new double[3 * x.Length];
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] = 0.1 * (i % 7) - 0.3;
        }

        ReadOnlySpan<double> w2 = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7];
        Span<double> h = new double[3];
        Span<double> y = new double[2];
        VectorAlgebra.MatVec(w1, x, h);
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = Math.Tanh(h[i]);
        }

        VectorAlgebra.MatVec(w2, h, y);
        return Math.Tanh(y[0]) + Math.Tanh(y[1]);
    }

    /// <summary>The norm, through a helper that normalizes a copy in place, plus the normalized first element.</summary>
    [Differentiable]
    public static double NormalizedCopy(ReadOnlySpan<double> x)
    {
        Span<double> copy = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            copy[i] = x[i];
        }

        double norm = VectorAlgebra.Normalize(copy);
        return norm + copy[0];
    }

    /// <summary>Rows of a row-major matrix passed as slices, a view local and ranges: Σ_r tanh(w_r·x) + the tail's dot.</summary>
    [Differentiable]
    public static double RowViews(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double s = 0;
        for (int r = 0; r < w.Length / n; r++)
        {
            if (r % 2 == 0)
            {
                s += Math.Tanh(Loops.Dot(w.Slice(r * n, n), x));
            }
            else
            {
                ReadOnlySpan<double> row = w[(r * n)..((r + 1) * n)];
                s += Math.Tanh(Loops.Dot(row, x));
            }
        }

        return s + Loops.Dot(x[1..], w[..(n - 1)]) + Head(x[1..]);

        static double Head(ReadOnlySpan<double> v) => v[0] * v[^1];
    }

    /// <summary>A helper writing into half of a local buffer through a Slice view, the other half through a range.</summary>
    [Differentiable]
    public static double HalvesOfABuffer(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> m = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7, 0.2, 1.1, -0.4, 0.9, 0.6, -0.2];
        Span<double> b = stackalloc double[4];
        VectorAlgebra.MatVec(m.Slice(0, 2 * x.Length), x, b.Slice(0, 2));
        VectorAlgebra.MatVec(m.Slice(2 * x.Length, 2 * x.Length), x, b[2..]);
        return Math.Sin(b[0]) * b[1] + b[2] * Math.Cos(b[3]);
    }

    /// <summary>Fill and Clear of a local buffer and of a view of one, and an out argument discarded.</summary>
    [Differentiable]
    public static double FilledBuffer(ReadOnlySpan<double> x, double c)
    {
        Span<double> b = stackalloc double[x.Length + 2];
        b.Fill(c * c);
        b.Slice(1, 2).Clear();
        for (int i = 0; i < x.Length; i++)
        {
            b[i + 2] += x[i] * b[i];
        }

        VectorAlgebra.SinCos(b[^1], out var s, out _);
        return s + b[0] + b[^2];
    }

    /// <summary>A vector function of its own (with its own Pullback and Pushforward), called from another method.</summary>
    [Differentiable]
    public static void Rotate(ReadOnlySpan<double> v, double angle, Span<double> into)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        into[0] = c * v[0] - s * v[1];
        into[1] = s * v[0] + c * v[1];
    }

    [Differentiable]
    public static double RotatedX(ReadOnlySpan<double> v, double angle)
    {
        Span<double> r = new double[2];
        Rotate(v, angle, r);
        return r[0] * r[0] * r[1];
    }
}
