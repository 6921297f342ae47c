namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Static local functions, inlined at each call: expression and block bodies, early returns, spans, loops.</summary>
public static partial class LocalFunctions
{
    [Differentiable]
    public static double Softplus(double x, double y)
    {
        static double Square(double v) => v * v;
        static double Soft(double v)
        {
            if (v > 20)
            {
                return v;
            }

            return Math.Log(1 + Math.Exp(v));
        }

        return Soft(Square(x) - y) + Square(y) * x;
    }

    [Differentiable]
    public static double InLoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Weight(i) * Square(x[i]) + Dot(x, x) * 0.01;
        }

        return s;

        static double Square(double v) => v * v;
        static double Weight(int i) => 1.0 / (i + 1);
        static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double d = 0;
            for (int k = 0; k < a.Length; k++)
            {
                d += a[k] * b[k];
            }

            return d;
        }
    }
}
