namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Numerics, continued.</summary>
public static partial class Numerics
{
    /// <summary>Kepler's equation M = E − e sin E solved for E by Newton steps counted down in the loop condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments", "math", "no-derivative")]
    [At(1.2, 0.3, 12), At(4.0, 0.6, 15)]
    public static double KeplerEccentricAnomaly(double meanAnomaly, double e, [NoDerivative] int iterations)
    {
        double ecc = meanAnomaly + e * Math.Sin(meanAnomaly);
        int n = iterations;
        while (n-- > 0)
        {
            ecc -= (ecc - e * Math.Sin(ecc) - meanAnomaly) / (1 - e * Math.Cos(ecc));
        }

        return ecc;
    }

    /// <summary>A symmetric tridiagonal system solved by the Thomas algorithm, returning a weighted sum of the solution.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers")]
    [At(new[] { 4.0, 4.5, 3.8, 4.2 }, new[] { 1.0, -0.5, 0.7, 0.2 }, -1.0), At(new[] { 3.0, 2.5, 3.5 }, new[] { 0.3, 0.9, -1.2 }, 0.6)]
    public static double TridiagonalSolve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> rhs, double off)
    {
        int n = diagonal.Length;
        Span<double> c = stackalloc double[n];
        Span<double> d = stackalloc double[n];
        c[0] = off / diagonal[0];
        d[0] = rhs[0] / diagonal[0];
        for (int i = 1; i < n; i++)
        {
            double m = diagonal[i] - off * c[i - 1];
            c[i] = off / m;
            d[i] = (rhs[i] - off * d[i - 1]) / m;
        }

        for (int i = n - 2; i >= 0; i--)
        {
            d[i] -= c[i] * d[i + 1];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += (i + 1) * d[i];
        }

        return s;
    }

    /// <summary>Piecewise-linear table lookup: the interval found by a loop with break, linear extrapolation past the end.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "views", "no-derivative")]
    [At(new[] { 0.0, 1.0, 2.5, 4.0 }, new[] { 1.0, 3.0, 2.0, -1.0 }, 1.7), At(new[] { 0.0, 1.0, 2.5, 4.0 }, new[] { 1.0, 3.0, 2.0, -1.0 }, 5.0)]
    public static double TableLookup([NoDerivative] ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x)
    {
        if (x >= xs[^1])
        {
            return ys[^1] + (x - xs[^1]) * (ys[^1] - ys[^2]) / (xs[^1] - xs[^2]);
        }

        int i = 0;
        for (; i < xs.Length - 2; i++)
        {
            if (x <= xs[i + 1])
            {
                break;
            }
        }

        double t = (x - xs[i]) / (xs[i + 1] - xs[i]);
        return (1 - t) * ys[i] + t * ys[i + 1];
    }

    /// <summary>A closed polygon's perimeter, the closing edge read from the end of the coordinates.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "math")]
    [At(new[] { 0.0, 0.0, 2.0, 0.1, 2.2, 1.8, -0.3, 1.5 }), At(new[] { 1.0, 1.0, 3.0, 2.0, 0.5, 3.0 })]
    public static double PolygonPerimeter(ReadOnlySpan<double> xy)
    {
        double perimeter = double.Hypot(xy[0] - xy[^2], xy[1] - xy[^1]);
        for (int i = 2; i < xy.Length; i += 2)
        {
            perimeter += double.Hypot(xy[i] - xy[i - 2], xy[i + 1] - xy[i - 1]);
        }

        return perimeter;
    }

    /// <summary>Rodrigues' rotation of v about an axis, the axis normalized in place by a local function with ref parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("local-functions", "math")]
    [At(0.3, 1.0, 0.5, 0.8, 1.0, -0.5, 2.0), At(-1.0, 0.2, 0.7, 2.1, 0.4, 1.3, -0.6)]
    public static double RodriguesRotate(double ax, double ay, double az, double angle, double vx, double vy, double vz)
    {
        Unit(ref ax, ref ay, ref az);
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double dot = ax * vx + ay * vy + az * vz;
        double crossX = ay * vz - az * vy;
        double crossY = az * vx - ax * vz;
        return vx * c + crossX * s + ax * dot * (1 - c) + 0.5 * (vy * c + crossY * s + ay * dot * (1 - c));

        static void Unit(ref double x, ref double y, ref double z)
        {
            double inv = 1 / Math.Sqrt(x * x + y * y + z * z);
            x *= inv;
            y *= inv;
            z *= inv;
        }
    }

    /// <summary>A damped pendulum by RK4 with the state and stages in local buffers, the right-hand side written by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "helpers", "math", "no-derivative")]
    [At(0.5, 0.1, 9.81, 0.02, 25), At(1.2, 0.3, 4.0, 0.05, 12)]
    public static double Rk4Pendulum(double theta0, double damping, double gOverL, [NoDerivative] double h, [NoDerivative] int steps)
    {
        Span<double> s = stackalloc double[2];
        Span<double> tmp = stackalloc double[2];
        Span<double> k1 = stackalloc double[2];
        Span<double> k2 = stackalloc double[2];
        Span<double> k3 = stackalloc double[2];
        Span<double> k4 = stackalloc double[2];
        s[0] = theta0;
        for (int step = 0; step < steps; step++)
        {
            NumericsHelpers.PendulumRhs(s, gOverL, damping, k1);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + 0.5 * h * k1[i];
            }

            NumericsHelpers.PendulumRhs(tmp, gOverL, damping, k2);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + 0.5 * h * k2[i];
            }

            NumericsHelpers.PendulumRhs(tmp, gOverL, damping, k3);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + h * k3[i];
            }

            NumericsHelpers.PendulumRhs(tmp, gOverL, damping, k4);
            for (int i = 0; i < 2; i++)
            {
                s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        return s[0] + 0.1 * s[1];
    }

    /// <summary>The arc length of a planar cubic Bézier by chords between samples, x and y control points as views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "calls", "tuples", "math", "no-derivative")]
    [At(new[] { 0.0, 1.0, 2.0, 3.0, 0.0, 1.5, -0.5, 0.5 }, 12), At(new[] { 1.0, 0.2, -0.7, 0.5, 0.0, 0.8, 1.9, 2.4 }, 7)]
    public static double BezierArcLength(ReadOnlySpan<double> control, [NoDerivative] int samples)
    {
        var xs = control[..4];
        var ys = control[4..];
        double length = 0, px = xs[0], py = ys[0];
        for (int i = 1; i <= samples; i++)
        {
            double t = (double)i / samples;
            double x = CubicBezier(xs, t), y = CubicBezier(ys, t);
            length += double.Hypot(x - px, y - py);
            (px, py) = (x, y);
        }

        return length;
    }

    /// <summary>The signed distance of a point to a plane n·x + d = 0 packed as (n, d), the normal a view.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "local-functions", "math")]
    [At(new[] { 1.0, 2.0, -0.5, 0.7 }, new[] { 0.3, -1.0, 2.0 }), At(new[] { -0.4, 0.3, 1.2, -2.0 }, new[] { 1.5, 0.5, 0.9 })]
    public static double SignedPlaneDistance(ReadOnlySpan<double> plane, ReadOnlySpan<double> p)
    {
        var normal = plane[..3];
        return (Dot(normal, p) + plane[^1]) / Math.Sqrt(Dot(normal, normal));

        static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++)
            {
                s += a[i] * b[i];
            }

            return s;
        }
    }

    /// <summary>The great-circle angle between two points by the haversine formula, the half-angle sines as a tuple.</summary>
    [Differentiable(PushforwardN = true), Constructs("tuples", "math")]
    [At(0.7, -1.3, 0.9, -1.1), At(-0.2, 2.0, 0.4, 2.6)]
    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        var (sLat, sLon) = (Math.Sin((lat2 - lat1) / 2), Math.Sin((lon2 - lon1) / 2));
        double h = sLat * sLat + Math.Cos(lat1) * Math.Cos(lat2) * sLon * sLon;
        return 2 * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>The real root of t³ + p t + q = 0 with a positive discriminant, by Cardano's formula.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(1.0, 2.0), At(3.0, -1.5)]
    public static double CardanoRealRoot(double p, double q)
    {
        double disc = Math.Sqrt(q * q / 4 + p * p * p / 27);
        return Math.Cbrt(-q / 2 + disc) + Math.Cbrt(-q / 2 - disc);
    }

    /// <summary>The arc length of the parabola y = a x² from 0 to X, in closed form with asinh.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(0.5, 2.0), At(1.3, 0.7)]
    public static double ParabolaArcLength(double a, double x)
    {
        double u = 2 * a * x;
        return x * Math.Sqrt(1 + u * u) / 2 + Math.Asinh(u) / (4 * a);
    }

    /// <summary>A discounted sum that damps negative terms, each term assigned inside the branch condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "embedded-assignments")]
    [At(new[] { 0.5, -1.2, 2.0, 0.7, 1.1 }, 0.8), At(new[] { -0.3, 0.9 }, 0.5)]
    public static double DiscountedDampedSum(ReadOnlySpan<double> x, double gamma)
    {
        double s = 0, w = 1, r;
        int i = 0;
        while (i < x.Length)
        {
            if ((r = w * x[i++]) > 0)
            {
                s += r;
            }
            else
            {
                s += 0.1 * r;
            }

            w *= gamma;
        }

        return s;
    }

    /// <summary>The trace of exp(A) for a 2×2 matrix by its Taylor series, products written into buffers by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers", "no-derivative")]
    [At(new[] { 0.1, 0.5, -0.3, 0.2 }, 12), At(new[] { 1.0, -0.4, 0.6, 0.8 }, 16)]
    public static double MatrixExpTrace(ReadOnlySpan<double> a, [NoDerivative] int terms)
    {
        Span<double> term = stackalloc double[] { 1, 0, 0, 1 };
        Span<double> next = stackalloc double[4];
        double trace = 2;
        for (int k = 1; k < terms; k++)
        {
            NumericsHelpers.MatMul2(term, a, next);
            for (int i = 0; i < 4; i++)
            {
                term[i] = next[i] / k;
            }

            trace += term[0] + term[3];
        }

        return trace;
    }

    /// <summary>The dominant eigenvalue of a symmetric 2×2 matrix by power iteration, a local function stepping the vector by ref.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "math", "no-derivative")]
    [At(2.0, 0.5, 1.0, 30), At(-1.0, 0.8, 3.0, 25)]
    public static double PowerIterationEigenvalue(double a, double b, double d, [NoDerivative] int iterations)
    {
        double x = 1, y = 0.3;
        for (int k = 0; k < iterations; k++)
        {
            Step(a, b, d, ref x, ref y);
        }

        return x * (a * x + b * y) + y * (b * x + d * y);

        static void Step(double a, double b, double d, ref double x, ref double y)
        {
            double nx = a * x + b * y, ny = b * x + d * y;
            double norm = Math.Sqrt(nx * nx + ny * ny);
            x = nx / norm;
            y = ny / norm;
        }
    }

    /// <summary>A 3×3 determinant by Gaussian elimination with partial pivoting, rows swapped by tuple assignment.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "buffers", "tuples", "math")]
    [At(new[] { 1.0, 2.0, 0.5, 3.0, -1.0, 2.0, 0.4, 1.5, -2.0 }), At(new[] { 2.5, 0.3, -1.0, 0.4, 1.8, 0.6, -1.2, 0.5, 1.1 })]
    public static double PivotedDeterminant3(ReadOnlySpan<double> m)
    {
        Span<double> a = stackalloc double[9];
        for (int i = 0; i < 9; i++)
        {
            a[i] = m[i];
        }

        double det = 1;
        for (int col = 0; col < 3; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < 3; r++)
            {
                if (Math.Abs(a[r * 3 + col]) > Math.Abs(a[pivot * 3 + col]))
                {
                    pivot = r;
                }
            }

            if (pivot != col)
            {
                for (int c = 0; c < 3; c++)
                {
                    (a[col * 3 + c], a[pivot * 3 + c]) = (a[pivot * 3 + c], a[col * 3 + c]);
                }

                det = -det;
            }

            det *= a[col * 3 + col];
            for (int r = col + 1; r < 3; r++)
            {
                double f = a[r * 3 + col] / a[col * 3 + col];
                for (int c = col; c < 3; c++)
                {
                    a[r * 3 + c] -= f * a[col * 3 + c];
                }
            }
        }

        return det;
    }

    /// <summary>The length of a polyline stored in an array, each segment's endpoints passed to Distance as AsSpan views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "views", "calls")]
    [At(new[] { 0.0, 0.0, 1.0, 0.5, 2.5, 0.2, 3.0, 1.4 }), At(new[] { -1.0, 2.0, 0.5, 1.0 })]
    public static double PolylineLength(double[] points)
    {
        double length = 0;
        for (int i = 0; i + 3 < points.Length; i += 2)
        {
            length += Distance(points.AsSpan(i, 2), points.AsSpan(i + 2, 2));
        }

        return length;
    }

    /// <summary>Newton cooling with a forcing term by explicit Euler, each step a helper updating the state by ref.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "helpers", "math", "no-derivative")]
    [At(0.5, 1.0, 0.05, 40), At(1.5, -0.3, 0.1, 15)]
    public static double EulerCooling(double k, double y0, [NoDerivative] double h, [NoDerivative] int steps)
    {
        const double ambient = 0.2;
        double y = y0;
        for (int s = 0; s < steps; s++)
        {
            NumericsHelpers.ExplicitEulerStep(ref y, -k * (y - ambient) + 0.1 * Math.Sin(s * h), h);
        }

        return y;
    }

    /// <summary>The uniform cubic B-spline basis function, piece by piece in a switch expression on t.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math")]
    [At(0.4), At(1.3), At(2.6), At(3.5)]
    public static double CubicBSplineBasis(double t) => t switch
    {
        < 0 => 0,
        < 1 => t * t * t / 6,
        < 2 => (-3 * Math.Pow(t - 1, 3) + 3 * Math.Pow(t - 1, 2) + 3 * (t - 1) + 1) / 6,
        < 3 => (3 * Math.Pow(t - 2, 3) - 6 * Math.Pow(t - 2, 2) + 4) / 6,
        < 4 => Math.Pow(4 - t, 3) / 6,
        _ => 0,
    };

    /// <summary>Discounted suffix sums of a series, then each averaged in place through a helper taking an element by ref.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers")]
    [At(new[] { 1.0, 2.0, -0.5, 0.8 }, 0.9), At(new[] { 0.3, -1.1, 0.6 }, 0.6)]
    public static double DiscountedSuffixNorm(ReadOnlySpan<double> values, double gamma)
    {
        double[] g = new double[values.Length];
        double running = 0;
        for (int i = values.Length - 1; i >= 0; i--)
        {
            NumericsHelpers.Scale(ref running, gamma);
            running += values[i];
            g[i] = running;
        }

        for (int i = 0; i < g.Length; i++)
        {
            NumericsHelpers.Scale(ref g[i], 1.0 / (g.Length - i));
        }

        double s = 0;
        for (int i = 0; i < g.Length; i++)
        {
            s += g[i] * g[i];
        }

        return s;
    }

    /// <summary>a × (b × c) dotted with a mix of the inputs, both cross products written into views of one buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "buffers", "views", "helpers")]
    [At(new[] { 1.0, 0.2, -0.4 }, new[] { 0.3, 1.1, 0.5 }, new[] { -0.7, 0.4, 1.3 })]
    public static double VectorTripleProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c)
    {
        Span<double> buf = stackalloc double[6];
        NumericsHelpers.Cross(b, c, buf[..3]);
        NumericsHelpers.Cross(a, buf[..3], buf[3..]);
        return buf[3] * c[0] + buf[4] * a[1] + buf[5] * b[2];
    }

    /// <summary>ln x by the atanh series 2 Σ z^(2k+1)/(2k+1), z = (x − 1)/(x + 1), in a do-while counting up in its condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments", "no-derivative")]
    [At(2.0, 20), At(0.6, 15)]
    public static double LogByAtanhSeries(double x, [NoDerivative] int terms)
    {
        double z = (x - 1) / (x + 1), z2 = z * z, power = z, sum = 0;
        int k = 0;
        do
        {
            sum += power / (2 * k + 1);
            power *= z2;
        }
        while (++k < terms);

        return 2 * sum;
    }

    /// <summary>ln Γ(x) by Lanczos' approximation (Numerical Recipes' gammln), the coefficients constant data.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "embedded-assignments", "math")]
    [At(2.5), At(7.3)]
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> lanczos = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        double ser = 1.000000000190015;
        for (int j = 0; j < 6; j++)
        {
            ser += lanczos[j] / ++y;
        }

        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>The shoelace formula in its classic loop form: j trails i, advanced by j = i++ in the iterator.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "embedded-assignments", "math")]
    [At(new[] { 0.0, 0.0, 2.0, 0.1, 2.2, 1.8, -0.3, 1.5 }), At(new[] { 1.0, 1.0, 3.0, 2.0, 0.5, 3.0 })]
    public static double ShoelaceClassic(ReadOnlySpan<double> xy)
    {
        int n = xy.Length / 2;
        double twice = 0;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            twice += (xy[2 * j] + xy[2 * i]) * (xy[2 * j + 1] - xy[2 * i + 1]);
        }

        return Math.Abs(twice) / 2;
    }

    /// <summary>The smaller-magnitude root of a x² + b x + c without cancellation (q = −(b + sgn b √disc)/2).</summary>
    [Differentiable(PushforwardN = true), Constructs("branches", "math")]
    [At(1.0, 5.0, 2.0), At(2.0, -7.0, 1.5)]
    public static double StableQuadraticRoot(double a, double b, double c)
    {
        double disc = b * b - 4 * a * c;
        if (disc < 0)
        {
            return double.NaN;
        }

        double q = -0.5 * (b + Math.Sign(b) * Math.Sqrt(disc));
        return c / q;
    }

    /// <summary>Three-point Gauss–Legendre quadrature of e^(kt) over [a, b], nodes and weights constant data.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "math")]
    [At(0.0, 1.0, 0.7), At(-0.5, 1.5, -1.2)]
    public static double GaussLegendre3(double a, double b, double k)
    {
        ReadOnlySpan<double> nodes = [-0.7745966692414834, 0.0, 0.7745966692414834];
        ReadOnlySpan<double> weights = [5.0 / 9, 8.0 / 9, 5.0 / 9];
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), sum = 0;
        for (int i = 0; i < 3; i++)
        {
            sum += weights[i] * Math.Exp(k * (mid + half * nodes[i]));
        }

        return half * sum;
    }

    /// <summary>|p(z)|² for a complex polynomial by Horner's rule, coefficients interleaved (re, im) read with k++.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "embedded-assignments", "tuples")]
    [At(new[] { 1.0, 0.5, -0.3, 0.2, 0.8, -1.0 }, 0.6, -0.4)]
    public static double ComplexHornerMagnitude(ReadOnlySpan<double> c, double zr, double zi)
    {
        double pr = 0, pi = 0;
        int k = 0;
        while (k < c.Length)
        {
            double re = c[k++], im = c[k++];
            (pr, pi) = (pr * zr - pi * zi + re, pr * zi + pi * zr + im);
        }

        return pr * pr + pi * pi;
    }

    /// <summary>A point rotated about the origin, the sine and cosine from a local function with out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("local-functions", "math")]
    [At(1.0, 0.5, 0.7), At(-0.3, 2.0, 2.4)]
    public static double RotateX(double x, double y, double theta)
    {
        SinCos(theta, out double s, out double c);
        return c * x - s * y;

        static void SinCos(double t, out double s, out double c)
        {
            s = Math.Sin(t);
            c = Math.Cos(t);
        }
    }

    /// <summary>Finite-difference derivative stencils of increasing order for sin(k x), chosen by a switch with or and when.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math", "no-derivative")]
    [At(0.4, 1.3, 1), At(0.4, 1.3, 2), At(0.4, 1.3, 3), At(-0.4, 1.3, 3), At(0.4, 1.3, 4)]
    public static double StencilDerivative(double x, double k, [NoDerivative] int order)
    {
        const double h = 1e-2;
        switch (order)
        {
            case 1 or 2:
                return (Math.Sin(k * (x + h)) - Math.Sin(k * (x - h))) / (2 * h);
            case 3 when x > 0:
                return (-Math.Sin(k * (x + 2 * h)) + 8 * Math.Sin(k * (x + h)) - 8 * Math.Sin(k * (x - h)) + Math.Sin(k * (x - 2 * h))) / (12 * h);
            case 3:
                return (Math.Sin(k * (x + h)) - Math.Sin(k * x)) / h;
            default:
                return k * Math.Cos(k * x);
        }
    }

    /// <summary>Horner's rule with fused multiply-adds.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math")]
    [At(new[] { 1.0, -0.5, 0.25, 0.125 }, 0.7)]
    public static double FmaHorner(ReadOnlySpan<double> coefficients, double x)
    {
        double p = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            p = Math.FusedMultiplyAdd(p, x, coefficients[i]);
        }

        return p;
    }
}
