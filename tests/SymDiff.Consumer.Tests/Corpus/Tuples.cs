namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Deconstruction of tuple literals into scalars: declarations, swaps, and a recurrence in a loop.</summary>
public static partial class Tuples
{
    [Differentiable]
    public static double Rotation(double t, double x, double y)
    {
        var (c, s) = (Math.Cos(t), Math.Sin(t));
        (x, y) = (c * x - s * y, s * x + c * y);
        return x * x * y + y;
    }

    /// <summary>Both values are taken before either is assigned: a swap.</summary>
    [Differentiable]
    public static double Swap(double a, double b)
    {
        (a, b) = (b, a * b);
        (a, _) = (a + 1, Math.Exp(b));
        return a - b * 2;
    }

    [Differentiable]
    public static double Recurrence(ReadOnlySpan<double> x)
    {
        double previous = 1, current = 0.5;
        foreach (var v in x)
        {
            (previous, current) = (current, previous + v * current);
        }

        return current * previous;
    }
}
