namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Numerical recipes and geometry as users write them: series, quadrature, ODE steps, vectors, areas, splines.</summary>
public static partial class Numerics
{
    /// <summary>A polynomial by Horner's rule, highest coefficient last.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views")]
    [At(new[] { 1.0, -0.5, 0.25, 0.125 }, 0.7), At(new[] { 2.0, 0.3, -1.1 }, -1.3)]
    public static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        double p = coefficients[^1];
        for (int i = coefficients.Length - 2; i >= 0; i--)
        {
            p = p * x + coefficients[i];
        }

        return p;
    }

    /// <summary>A Chebyshev series on [−1, 1] by Clenshaw's recurrence (Numerical Recipes' chebev).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "tuples")]
    [At(new[] { 0.5, -0.3, 0.2, 0.1, -0.05 }, 0.4), At(new[] { 1.0, 0.7, 0.2 }, -0.6)]
    public static double ChebyshevSeries(ReadOnlySpan<double> c, double x)
    {
        double b1 = 0, b2 = 0;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            (b1, b2) = (2 * x * b1 - b2 + c[k], b1);
        }

        return x * b1 - b2 + 0.5 * c[0];
    }

    /// <summary>A Chebyshev series on [a, b], mapped to [−1, 1].</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "calls", "no-derivative")]
    [At(new[] { 0.5, -0.3, 0.2, 0.1 }, 2.3, 1.0, 4.0)]
    public static double ChebyshevOnInterval(ReadOnlySpan<double> c, double x, [NoDerivative] double a, [NoDerivative] double b) =>
        ChebyshevSeries(c, (2 * x - a - b) / (b - a));

    /// <summary>The square root by a fixed number of Newton (Heron) steps.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "no-derivative")]
    [At(2.5, 6), At(0.3, 8)]
    public static double NewtonSqrt(double a, [NoDerivative] int iterations)
    {
        double y = a > 1 ? a : 1;
        for (int k = 0; k < iterations; k++)
        {
            y = 0.5 * (y + a / y);
        }

        return y;
    }

    /// <summary>The cube root by Newton steps counted down in the loop condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments", "no-derivative")]
    [At(5.0, 8), At(0.7, 10)]
    public static double NewtonCbrt(double a, [NoDerivative] int iterations)
    {
        double y = 1 + a / 3;
        int n = iterations;
        while (n-- > 0)
        {
            y -= (y * y * y - a) / (3 * y * y);
        }

        return y;
    }

    /// <summary>Composite Simpson's rule for ∫ₐᵇ e^(−t²) cos t dt.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "math", "no-derivative")]
    [At(0.2, 1.5, 10), At(-0.5, 0.9, 7)]
    public static double SimpsonGaussCos(double a, double b, [NoDerivative] int intervals)
    {
        int n = intervals % 2 == 0 ? intervals : intervals + 1;
        double h = (b - a) / n;
        double sum = F(a) + F(b);
        for (int i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * F(a + i * h);
        }

        return sum * h / 3;

        static double F(double t) => Math.Exp(-t * t) * Math.Cos(t);
    }

    /// <summary>The trapezoid rule for ∫₀ᵀ e^(−kt) sin t dt.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "math", "no-derivative")]
    [At(0.8, 3.0, 16), At(1.7, 1.2, 5)]
    public static double TrapezoidDampedSine(double k, double T, [NoDerivative] int n)
    {
        double h = T / n;
        double sum = 0.5 * Math.Exp(-k * T) * Math.Sin(T);
        for (int i = 1; i < n; i++)
        {
            double t = i * h;
            sum += Math.Exp(-k * t) * Math.Sin(t);
        }

        return sum * h;
    }

    /// <summary>The logistic equation y′ = r y (1 − y) integrated by classical Runge–Kutta with a fixed step.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "no-derivative")]
    [At(1.3, 0.1, 0.1, 20), At(0.6, 0.4, 0.25, 8)]
    public static double Rk4Logistic(double r, double y0, double h, [NoDerivative] int steps)
    {
        double y = y0;
        for (int s = 0; s < steps; s++)
        {
            double k1 = F(r, y);
            double k2 = F(r, y + 0.5 * h * k1);
            double k3 = F(r, y + 0.5 * h * k2);
            double k4 = F(r, y + h * k3);
            y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }

        return y;

        static double F(double r, double y) => r * y * (1 - y);
    }

    /// <summary>The energy of a damped oscillator after RK4 steps, the right-hand side from a helper with out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "helpers", "no-derivative")]
    [At(2.0, 0.1, 1.0, 0.05, 20), At(1.2, 0.4, -0.5, 0.1, 10)]
    public static double Rk4DampedOscillator(double omega, double zeta, double x0, [NoDerivative] double h, [NoDerivative] int steps)
    {
        double x = x0, v = 0;
        for (int s = 0; s < steps; s++)
        {
            NumericsHelpers.OscillatorRhs(x, v, omega, zeta, out double k1x, out double k1v);
            NumericsHelpers.OscillatorRhs(x + 0.5 * h * k1x, v + 0.5 * h * k1v, omega, zeta, out double k2x, out double k2v);
            NumericsHelpers.OscillatorRhs(x + 0.5 * h * k2x, v + 0.5 * h * k2v, omega, zeta, out double k3x, out double k3v);
            NumericsHelpers.OscillatorRhs(x + h * k3x, v + h * k3v, omega, zeta, out double k4x, out double k4v);
            x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
        }

        return x * x + v * v / (omega * omega);
    }

    /// <summary>tan x by Lambert's continued fraction, evaluated bottom-up with a fixed depth.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "no-derivative")]
    [At(0.6, 8), At(-1.1, 10)]
    public static double ContinuedFractionTan(double x, [NoDerivative] int terms)
    {
        double x2 = x * x;
        double f = 2 * terms + 1;
        for (int k = terms - 1; k >= 1; k--)
        {
            f = 2 * k + 1 - x2 / f;
        }

        return x / (1 - x2 / f);
    }

    /// <summary>eˣ by its Taylor series with a fixed number of terms.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "no-derivative")]
    [At(0.8, 12), At(-1.5, 18)]
    public static double TaylorExp(double x, [NoDerivative] int terms)
    {
        double term = 1, sum = 1;
        for (int k = 1; k < terms; k++)
        {
            term *= x / k;
            sum += term;
        }

        return sum;
    }

    /// <summary>The Euclidean norm without overflow, as BLAS dnrm2 computes it (a running scale and scaled sum of squares).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "math")]
    [At(new[] { 3.0, -4.0, 1.5 }), At(new[] { 0.2, 7.0, -2.5, 0.9 })]
    public static double ScaledNorm(ReadOnlySpan<double> x)
    {
        double scale = 0, ssq = 1;
        foreach (var xi in x)
        {
            if (xi != 0)
            {
                double a = Math.Abs(xi);
                if (scale < a)
                {
                    double r = scale / a;
                    ssq = 1 + ssq * r * r;
                    scale = a;
                }
                else
                {
                    double r = a / scale;
                    ssq += r * r;
                }
            }
        }

        return scale * Math.Sqrt(ssq);
    }

    /// <summary>The cosine similarity of two vectors, each copied and normalized in place by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers")]
    [At(new[] { 1.0, 2.0, -0.5 }, new[] { 0.3, 1.5, 2.0 }), At(new[] { -1.0, 0.4 }, new[] { 2.0, 1.1 })]
    public static double CosineSimilarity(ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        Span<double> a = stackalloc double[u.Length];
        Span<double> b = stackalloc double[w.Length];
        for (int i = 0; i < u.Length; i++)
        {
            a[i] = u[i];
            b[i] = w[i];
        }

        NumericsHelpers.Normalize(a);
        NumericsHelpers.Normalize(b);
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    /// <summary>The Euclidean distance between two points.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math")]
    [At(new[] { 0.0, 1.0 }, new[] { 3.0, -1.0 }), At(new[] { 1.0, 2.0, 3.0 }, new[] { -0.5, 0.4, 2.2 })]
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double s = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double d = p[i] - q[i];
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    /// <summary>The distance from a point to a segment, point and endpoints packed in one span and taken as views.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "local-functions", "math")]
    [At(new[] { 0.5, 1.2, -1.0, 0.0, 2.0, 0.5 }), At(new[] { 3.0, -1.0, 0.0, 0.0, 1.0, 2.0 })]
    public static double DistanceToSegment(ReadOnlySpan<double> pab)
    {
        var p = pab[..2];
        var a = pab.Slice(2, 2);
        var b = pab[4..];
        double ex = b[0] - a[0], ey = b[1] - a[1];
        double t = ((p[0] - a[0]) * ex + (p[1] - a[1]) * ey) / (ex * ex + ey * ey);
        t = Math.Clamp(t, 0, 1);
        return Gap(p, a, b, t);

        static double Gap(ReadOnlySpan<double> p, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double t) =>
            double.Hypot(p[0] - (a[0] + t * (b[0] - a[0])), p[1] - (a[1] + t * (b[1] - a[1])));
    }

    /// <summary>A triangle's area from its side lengths by Heron's formula.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(3.0, 4.0, 5.0), At(2.5, 3.1, 1.9)]
    public static double HeronArea(double a, double b, double c)
    {
        double s = (a + b + c) / 2;
        return Math.Sqrt(s * (s - a) * (s - b) * (s - c));
    }

    /// <summary>A triangle's area from its vertices: side lengths of views of the coordinates, then Heron.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "calls")]
    [At(new[] { 0.0, 0.0, 3.0, 0.5, 1.0, 2.0 }), At(new[] { -1.0, 0.5, 2.0, -0.3, 0.4, 1.7 })]
    public static double TriangleArea(ReadOnlySpan<double> xy) =>
        HeronArea(Distance(xy[..2], xy[2..4]), Distance(xy[2..4], xy[4..]), Distance(xy[4..], xy[..2]));

    /// <summary>A simple polygon's area by the shoelace formula over interleaved coordinates.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math")]
    [At(new[] { 0.0, 0.0, 2.0, 0.1, 2.2, 1.8, -0.3, 1.5 }), At(new[] { 1.0, 1.0, 3.0, 2.0, 0.5, 3.0 })]
    public static double ShoelaceArea(ReadOnlySpan<double> xy)
    {
        int n = xy.Length / 2;
        double twice = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            twice += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        }

        return 0.5 * Math.Abs(twice);
    }

    /// <summary>The angle between two 3-vectors, atan2(|u × v|, u · v), the cross product written by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "buffers", "helpers", "math")]
    [At(new[] { 1.0, 0.2, -0.4 }, new[] { 0.3, 1.1, 0.5 }), At(new[] { -2.0, 1.0, 0.5 }, new[] { 1.0, 1.5, -0.7 })]
    public static double AngleBetween(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        Span<double> c = stackalloc double[3];
        NumericsHelpers.Cross(u, v, c);
        double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        return Math.Atan2(Math.Sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]), dot);
    }

    /// <summary>Linear interpolation over a triangle by barycentric coordinates from a helper with out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "helpers")]
    [At(new[] { 0.0, 0.0, 2.0, 0.2, 0.5, 1.8 }, new[] { 1.0, 3.0, -2.0 }, 0.7, 0.6)]
    public static double BarycentricInterpolate(ReadOnlySpan<double> triangle, ReadOnlySpan<double> values, double px, double py)
    {
        NumericsHelpers.Barycentric(triangle, px, py, out double l1, out double l2, out double l3);
        return l1 * values[0] + l2 * values[1] + l3 * values[2];
    }

    /// <summary>A cubic Bézier curve by de Casteljau's algorithm in a local buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers")]
    [At(new[] { 0.0, 1.5, -0.5, 2.0 }, 0.3), At(new[] { 1.0, 0.2, 0.8, -1.0 }, 0.75)]
    public static double CubicBezier(ReadOnlySpan<double> p, double t)
    {
        Span<double> b = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            b[i] = p[i];
        }

        for (int level = 3; level > 0; level--)
        {
            for (int i = 0; i < level; i++)
            {
                b[i] = (1 - t) * b[i] + t * b[i + 1];
            }
        }

        return b[0];
    }

    /// <summary>A uniform Catmull–Rom spline: the segment under t, its four control points passed as a slice.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "local-functions", "math")]
    [At(new[] { 0.0, 1.0, 0.5, 2.0, 1.5, 3.0 }, 1.4), At(new[] { 0.0, 1.0, 0.5, 2.0, 1.5, 3.0 }, 0.3)]
    public static double CatmullRomSpline(ReadOnlySpan<double> p, double t)
    {
        int segment = Math.Clamp((int)Math.Floor(t), 0, p.Length - 4);
        return Segment(p.Slice(segment, 4), t - segment);

        static double Segment(ReadOnlySpan<double> q, double u)
        {
            double u2 = u * u, u3 = u2 * u;
            return 0.5 * (2 * q[1] + (-q[0] + q[2]) * u + (2 * q[0] - 5 * q[1] + 4 * q[2] - q[3]) * u2
                + (-q[0] + 3 * q[1] - 3 * q[2] + q[3]) * u3);
        }
    }

    /// <summary>A cubic Hermite segment from endpoint values and tangents, the basis in tuples.</summary>
    [Differentiable(PushforwardN = true), Constructs("tuples")]
    [At(0.5, 1.0, 2.0, -0.5, 0.35), At(-1.0, 0.3, 0.7, 2.0, 0.8)]
    public static double HermiteSegment(double p0, double m0, double p1, double m1, double t)
    {
        double t2 = t * t, t3 = t2 * t;
        var (h00, h10) = (2 * t3 - 3 * t2 + 1, t3 - 2 * t2 + t);
        var (h01, h11) = (-2 * t3 + 3 * t2, t3 - t2);
        return h00 * p0 + h10 * m0 + h01 * p1 + h11 * m1;
    }

    /// <summary>A 3×3 determinant (row-major) by cofactors along the first row.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "local-functions")]
    [At(new[] { 2.0, -1.0, 0.5, 1.0, 3.0, -2.0, 0.4, 1.5, 1.0 })]
    public static double Determinant3(ReadOnlySpan<double> m)
    {
        return m[0] * Det2(m[4], m[5], m[7], m[8]) - m[1] * Det2(m[3], m[5], m[6], m[8]) + m[2] * Det2(m[3], m[4], m[6], m[7]);

        static double Det2(double a, double b, double c, double d) => a * d - b * c;
    }

    /// <summary>The quadratic form vᵀ M v, M v written into a local buffer by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers")]
    [At(new[] { 2.0, 0.5, 0.1, 0.5, 1.5, -0.3, 0.1, -0.3, 1.0 }, new[] { 1.0, -0.4, 0.8 })]
    public static double QuadraticForm(ReadOnlySpan<double> m, ReadOnlySpan<double> v)
    {
        Span<double> mv = stackalloc double[v.Length];
        VectorAlgebra.MatVec(m, v, mv);
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * mv[i];
        }

        return s;
    }

    /// <summary>The Frobenius norm of a product of two n×n matrices, the product accumulated in a new array.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "math", "no-derivative")]
    [At(new[] { 1.0, 2.0, -0.5, 0.3 }, new[] { 0.4, -1.0, 1.2, 0.7 }, 2)]
    public static double ProductFrobeniusNorm(ReadOnlySpan<double> a, ReadOnlySpan<double> b, [NoDerivative] int n)
    {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    c[i * n + j] += a[i * n + k] * b[k * n + j];
                }
            }
        }

        double s = 0;
        foreach (var v in c)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }

    /// <summary>Gram–Schmidt on two vectors: the norm of v's part orthogonal to u plus the second basis vector's first entry.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "math")]
    [At(new[] { 1.0, 0.5, -0.2 }, new[] { 0.3, 1.2, 0.8 }), At(new[] { 2.0, -1.0 }, new[] { 0.5, 0.9 })]
    public static double GramSchmidtSecond(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        int n = u.Length;
        Span<double> e1 = stackalloc double[n];
        Span<double> w = stackalloc double[n];
        double nu = 0;
        for (int i = 0; i < n; i++)
        {
            nu += u[i] * u[i];
        }

        nu = Math.Sqrt(nu);
        double proj = 0;
        for (int i = 0; i < n; i++)
        {
            e1[i] = u[i] / nu;
            proj += v[i] * e1[i];
        }

        double nw = 0;
        for (int i = 0; i < n; i++)
        {
            w[i] = v[i] - proj * e1[i];
            nw += w[i] * w[i];
        }

        nw = Math.Sqrt(nw);
        return nw + w[0] / nw;
    }

    /// <summary>The sum of softplus over a span, written in its overflow-safe form.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "math")]
    [At(new[] { -2.0, 0.5, 3.0, 40.0 }), At(new[] { -30.0, 1.2 })]
    public static double StableSoftplusSum(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v > 0 ? v + double.LogP1(Math.Exp(-v)) : double.LogP1(Math.Exp(v));
        }

        return s;
    }

    /// <summary>(eˣ − 1)/x without cancellation: ExpM1, and its Taylor series near 0.</summary>
    [Differentiable(PushforwardN = true), Constructs("branches", "math")]
    [At(0.5), At(2e-5), At(-1.7)]
    public static double ExpM1OverX(double x)
    {
        if (Math.Abs(x) < 1e-4)
        {
            return 1 + x / 2 + x * x / 6;
        }

        return double.ExpM1(x) / x;
    }

    /// <summary>One Newton step toward a polynomial root in single precision, value and slope by Horner's rule.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "float")]
    [At(new[] { 1.0, -0.5, 0.25, 0.125 }, 1.5), At(new[] { 0.5, 2.0, -1.0 }, -0.4)]
    public static float NewtonStepF(ReadOnlySpan<float> coefficients, float x)
    {
        float p = coefficients[^1];
        float dp = 0;
        for (int i = coefficients.Length - 2; i >= 0; i--)
        {
            dp = dp * x + p;
            p = p * x + coefficients[i];
        }

        return x - p / dp;
    }

    /// <summary>Distance plus bearing between two points in single precision.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "math")]
    [At(1.0, 2.0, -0.5, 0.7), At(-1.5, 0.3, 2.0, 1.0)]
    public static float RangeBearingF(float x1, float y1, float x2, float y2)
    {
        float dx = x2 - x1, dy = y2 - y1;
        return MathF.Sqrt(dx * dx + dy * dy) + MathF.Atan2(dy, dx);
    }

    /// <summary>A smoothstep blend of two values in single precision, the weights as a tuple.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "tuples", "math")]
    [At(1.0, 3.0, 0.5), At(-2.0, 0.5, 0.65)]
    public static float SmoothstepBlendF(float a, float b, float x)
    {
        float t = Math.Clamp((x - 0.2f) / 0.6f, 0f, 1f);
        var (s, u) = (t * t * (3 - 2 * t), 1 - t * t * (3 - 2 * t));
        return u * a + s * b + MathF.Exp(-x) * 0.1f;
    }

    /// <summary>Closed Newton–Cotes rules of increasing order for ∫ₐᵇ (t sin t + 1) dt, chosen by a switch.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "local-functions", "math", "no-derivative")]
    [At(0.3, 1.4, 0), At(0.3, 1.4, 1), At(0.3, 1.4, 2), At(-0.2, 0.9, 3)]
    public static double NewtonCotes(double a, double b, [NoDerivative] int rule)
    {
        double h = b - a;
        switch (rule)
        {
            case 0:
                return h * F(0.5 * (a + b));
            case 1:
                return h / 2 * (F(a) + F(b));
            case 2:
                return h / 6 * (F(a) + 4 * F(0.5 * (a + b)) + F(b));
            default:
                return h / 8 * (F(a) + 3 * F(a + h / 3) + 3 * F(a + 2 * h / 3) + F(b));
        }

        static double F(double t) => t * Math.Sin(t) + 1;
    }

    /// <summary>The Chebyshev polynomial Tₙ(x): closed forms for small n, the three-term recurrence beyond.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "tuples", "loops", "no-derivative")]
    [At(0.3, 0), At(0.3, 1), At(0.3, 2), At(-0.6, 7)]
    public static double ChebyshevT(double x, [NoDerivative] int n)
    {
        switch (n)
        {
            case 0:
                return 1;
            case 1:
                return x;
            case 2:
                return 2 * x * x - 1;
        }

        double t0 = x, t1 = 2 * x * x - 1;
        for (int k = 3; k <= n; k++)
        {
            (t0, t1) = (t1, 2 * x * t1 - t0);
        }

        return t1;
    }

    /// <summary>Five-point Gauss–Legendre quadrature of ln(1 + k t²) over [a, b], nodes and weights as constant data.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "math")]
    [At(0.0, 2.0, 1.5), At(-1.0, 0.5, 0.3)]
    public static double GaussLegendre5(double a, double b, double k)
    {
        ReadOnlySpan<double> nodes = [0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640];
        ReadOnlySpan<double> weights = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891];
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), sum = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            double t = mid + half * nodes[i];
            sum += weights[i] * Math.Log(1 + k * t * t);
        }

        return half * sum;
    }
}
