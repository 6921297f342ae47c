namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Slices, ranges, AsSpan, aliases and indices from the end, as read-only views and as writable views of buffers.</summary>
public static partial class Views
{
    [Differentiable]
    public static double SliceAndFromEnd(ReadOnlySpan<double> x)
    {
        var tail = x.Slice(1);
        double s = 0;
        for (int i = 0; i < tail.Length; i++)
        {
            s += tail[i] * x[i];
        }

        return s + x[^1] * x[0];
    }

    [Differentiable]
    public static double RangeWindow(ReadOnlySpan<double> x)
    {
        var middle = x[1..^1];
        double p = 0;
        foreach (var v in middle)
        {
            p += Math.Sin(v) * v;
        }

        return p + middle.Length;
    }

    /// <summary>A writable view of the upper half of a local buffer.</summary>
    [Differentiable]
    public static double WritableViewOfBuffer(ReadOnlySpan<double> x)
    {
        Span<double> b = new double[x.Length * 2];
        Span<double> upper = b.Slice(x.Length, x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            b[i] = x[i];
            upper[i] = x[i] * x[i];
        }

        upper[^1] += x[0];

        double s = 0;
        for (int i = 0; i < b.Length; i++)
        {
            s += Math.Tanh(b[i]) * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double AsSpanAndAlias(double[] a)
    {
        ReadOnlySpan<double> all = a;
        var pair = a.AsSpan(1, 2);
        var copy = a[..2];
        return pair[0] * pair[1] + all[^1] * all.Length + copy[0] * copy[1];
    }

    /// <summary>ref locals: an alias of a buffer element (written through) and of a scalar local.</summary>
    [Differentiable]
    public static double RefLocals(ReadOnlySpan<double> x)
    {
        Span<double> buffer = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            ref double cell = ref buffer[k];
            cell = x[k] * x[k];
            cell += Math.Sin(cell);
        }

        double s = 0;
        ref double total = ref s;
        for (int k = 0; k < buffer.Length; k++)
        {
            total += buffer[k] * (k + 1);
        }

        return s;
    }

    /// <summary>
    /// A [NoDerivative] parameter assigned a value that carries a derivative, on the loop path (fuzzer seed 940134: its
    /// Pushforward read a tangent tC1 that was never declared).
    /// </summary>
    [Differentiable]
    public static double AssignsNoDerivativeParameter(ReadOnlySpan<double> x, [NoDerivative] double c)
    {
        Span<double> b = new double[2];
        if (x[0] > 0)
        {
            c = c + x[0];
        }

        c *= x[1];
        return c * x[1] + b[0];
    }
}
