namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Helpers with out parameters and span outputs, not differentiable themselves: SymDiff inlines them.</summary>
public static class NumericsHelpers
{
    /// <summary>The damped oscillator's right-hand side x′ = v, v′ = −2ζωv − ω²x.</summary>
    public static void OscillatorRhs(double x, double v, double omega, double zeta, out double dx, out double dv)
    {
        dx = v;
        dv = -2 * zeta * omega * v - omega * omega * x;
    }

    /// <summary>Scales a vector to unit length in place.</summary>
    public static void Normalize(Span<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        double inv = 1 / Math.Sqrt(s);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= inv;
        }
    }

    /// <summary>The cross product of two 3-vectors.</summary>
    public static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> into)
    {
        into[0] = a[1] * b[2] - a[2] * b[1];
        into[1] = a[2] * b[0] - a[0] * b[2];
        into[2] = a[0] * b[1] - a[1] * b[0];
    }

    /// <summary>Barycentric coordinates of (px, py) in a triangle given as x1, y1, x2, y2, x3, y3.</summary>
    public static void Barycentric(ReadOnlySpan<double> tri, double px, double py, out double l1, out double l2, out double l3)
    {
        double x1 = tri[0], y1 = tri[1], x2 = tri[2], y2 = tri[3], x3 = tri[4], y3 = tri[5];
        double det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3);
        l1 = ((y2 - y3) * (px - x3) + (x3 - x2) * (py - y3)) / det;
        l2 = ((y3 - y1) * (px - x3) + (x1 - x3) * (py - y3)) / det;
        l3 = 1 - l1 - l2;
    }

    /// <summary>The damped pendulum's right-hand side θ′ = ω, ω′ = −(g/L) sin θ − c ω.</summary>
    public static void PendulumRhs(ReadOnlySpan<double> s, double gOverL, double damping, Span<double> ds)
    {
        ds[0] = s[1];
        ds[1] = -gOverL * Math.Sin(s[0]) - damping * s[1];
    }

    /// <summary>A 2×2 row-major matrix product.</summary>
    public static void MatMul2(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> into)
    {
        into[0] = a[0] * b[0] + a[1] * b[2];
        into[1] = a[0] * b[1] + a[1] * b[3];
        into[2] = a[2] * b[0] + a[3] * b[2];
        into[3] = a[2] * b[1] + a[3] * b[3];
    }

    /// <summary>One explicit Euler step y ← y + h·slope.</summary>
    public static void ExplicitEulerStep(ref double y, double slope, double h) => y += h * slope;

    /// <summary>Scales a value in place.</summary>
    public static void Scale(ref double value, double factor) => value *= factor;

    /// <summary>Polar to Cartesian coordinates.</summary>
    public static void PolarToCartesian(in double r, double theta, out double x, out double y)
    {
        x = r * Math.Cos(theta);
        y = r * Math.Sin(theta);
    }
}
