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

    /// <summary>A vector helper as a static local function: a matrix–vector product written into the caller's buffer.</summary>
    [Differentiable]
    public static double MatVecHelper(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> w = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7, 0.2, 1.1, -0.4, 0.9];
        Span<double> y = new double[2];
        MatVec(w, x, y);
        return Math.Tanh(y[0]) * y[1];

        static void MatVec(ReadOnlySpan<double> m, ReadOnlySpan<double> v, Span<double> into)
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
    }
}
