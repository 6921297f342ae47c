using System.Numerics;
using System.Runtime.InteropServices;

namespace SymDiff.Tensors;

/// <summary>Small vectorized helpers over spans used by layers, losses and optimizers.</summary>
public static class TensorMath
{
    /// <summary>Whether every element is finite.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The elements.</param>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // x − x is 0 for finite x and NaN for NaN or ±∞; NaN survives addition, so four independent
        // accumulators (to keep the adder pipelines busy) end at zero exactly when every element is finite.
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
            var j = 0;
            for (; j + 4 <= vectors.Length; j += 4)
            {
                a0 += vectors[j] - vectors[j];
                a1 += vectors[j + 1] - vectors[j + 1];
                a2 += vectors[j + 2] - vectors[j + 2];
                a3 += vectors[j + 3] - vectors[j + 3];
            }

            for (; j < vectors.Length; j++)
            {
                a0 += vectors[j] - vectors[j];
            }

            if (!Vector.EqualsAll(a0 + a1 + a2 + a3, Vector<T>.Zero))
            {
                return false;
            }

            i = vectors.Length * Vector<T>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sum of squares, accumulated in double precision.</summary>
    /// <param name="values">The elements.</param>
    public static double SumOfSquares(ReadOnlySpan<float> values)
    {
        var i = 0;
        var acc = Vector<float>.Zero;
        var total = 0d;
        if (Vector.IsHardwareAccelerated)
        {
            // Flush the float accumulator periodically to keep the double total accurate.
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (var j = 0; j < vectors.Length; j++)
            {
                acc += vectors[j] * vectors[j];
                if ((j & 255) == 255)
                {
                    total += Vector.Sum(acc);
                    acc = Vector<float>.Zero;
                }
            }

            total += Vector.Sum(acc);
            i = vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            total += (double)values[i] * values[i];
        }

        return total;
    }

    /// <summary>y[i] += alpha·x[i].</summary>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination, same length as <paramref name="x"/>.</param>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ShapeMismatchException("TensorMath.Axpy", TensorShape.Vector(y.Length), TensorShape.Vector(x.Length));
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var a = new Vector<float>(alpha);
            for (var j = 0; j < xv.Length; j++)
            {
                yv[j] += a * xv[j];
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>y[i] = alpha·x[i].</summary>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The elements.</param>
    /// <param name="y">Receives the scaled elements (as long as <paramref name="x"/>; may be the same span).</param>
    public static void Scale(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"y has {y.Length} elements but x has {x.Length}.", nameof(y));
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var a = new Vector<float>(alpha);
            for (var j = 0; j < xv.Length; j++)
            {
                yv[j] = xv[j] * a;
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = alpha * x[i];
        }
    }

    /// <summary>x[i] *= alpha.</summary>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The elements.</param>
    public static void Scale(float alpha, Span<float> x) => Scale(alpha, x, x);

    /// <summary>x[i] = e^(x[i]), vectorized.</summary>
    /// <param name="x">The elements.</param>
    public static void ExpInPlace(Span<float> x)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (var j = 0; j < xv.Length; j++)
            {
                xv[j] = Vector.Exp(xv[j]);
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i]);
        }
    }

    /// <summary>Index of the largest element (the first one on ties).</summary>
    /// <param name="values">A non-empty span.</param>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
