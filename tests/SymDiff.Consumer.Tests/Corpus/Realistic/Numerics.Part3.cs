namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Numerics, continued.</summary>
public static partial class Numerics
{
    /// <summary>Chebyshev fit of e^(kx) on [−1, 1] (Numerical Recipes' chebft) into a buffer, then evaluated by ChebyshevSeries.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "calls", "math", "no-derivative")]
    [At(0.8, 0.3, 8), At(-1.2, -0.6, 6)]
    public static double ChebyshevFitExp(double k, double x, [NoDerivative] int n)
    {
        Span<double> f = stackalloc double[n];
        Span<double> c = stackalloc double[n];
        for (int j = 0; j < n; j++)
        {
            f[j] = Math.Exp(k * Math.Cos(Math.PI * (j + 0.5) / n));
        }

        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += f[i] * Math.Cos(Math.PI * j * (i + 0.5) / n);
            }

            c[j] = 2.0 / n * sum;
        }

        return ChebyshevSeries(c, x);
    }

    /// <summary>Linear binning of weighted samples onto a grid, each bin updated through a ref local, then a smoothness penalty.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "no-derivative")]
    [At(new[] { 0.3, 1.7, 2.2, 0.9 }, new[] { 1.0, 0.5, 2.0, 1.5 }, 4)]
    public static double LinearBinningRoughness([NoDerivative] ReadOnlySpan<double> positions, ReadOnlySpan<double> weights, [NoDerivative] int bins)
    {
        double[] grid = new double[bins];
        for (int i = 0; i < positions.Length; i++)
        {
            int k = (int)positions[i];
            double frac = positions[i] - k;
            ref double left = ref grid[k];
            left += (1 - frac) * weights[i];
            ref double right = ref grid[k + 1];
            right += frac * weights[i];
        }

        double r = 0;
        for (int k = 1; k < bins; k++)
        {
            double d = grid[k] - grid[k - 1];
            r += d * d;
        }

        return r;
    }

    /// <summary>A unit vector's z component after normalizing a collection-expression buffer in place with a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("buffers", "helpers", "math")]
    [At(1.0, -2.0, 0.5), At(0.3, 0.4, 1.2)]
    public static double UnitVectorZ(double x, double y, double z)
    {
        Span<double> v = [x, y, 2 * z];
        NumericsHelpers.Normalize(v);
        return v[2] + 0.5 * v[0];
    }

    /// <summary>The derivative polynomial's value: Horner over an array range (a copy) of the scaled coefficients.</summary>
    [Differentiable(PushforwardN = true), Constructs("views", "calls", "buffers", "loops")]
    [At(new[] { 1.0, -0.5, 0.25, 0.125 }, 0.7)]
    public static double PolynomialSlope(double[] coefficients, double x)
    {
        double[] scaled = new double[coefficients.Length];
        for (int i = 1; i < coefficients.Length; i++)
        {
            scaled[i] = i * coefficients[i];
        }

        return Horner(scaled[1..], x);
    }

    /// <summary>The distance between the second and last points of interleaved 2-D coordinates, through nested slices.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "calls")]
    [At(new[] { 0.0, 0.0, 1.0, 0.5, 2.5, 0.2, 3.0, 1.4 })]
    public static double NestedSliceDistance(ReadOnlySpan<double> xy)
    {
        var tail = xy.Slice(2);
        return Distance(tail.Slice(0, 2), tail[^2..]);
    }

    /// <summary>Polar to Cartesian through a helper with an in and out parameters, then the squared distance to a target.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "math")]
    [At(1.5, 0.6, 0.5, 1.0)]
    public static double PolarMiss(double r, double theta, double tx, double ty)
    {
        NumericsHelpers.PolarToCartesian(in r, theta, out double x, out double y);
        return (x - tx) * (x - tx) + (y - ty) * (y - ty);
    }

    /// <summary>The modified Bessel function I₀ by its power series, stopped when the term is negligible (a break condition that assigns).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "embedded-assignments")]
    [At(0.7), At(2.5)]
    public static double BesselI0(double x)
    {
        double q = x * x / 4, term = 1, sum = 1;
        int k = 0;
        while (++k <= 60)
        {
            if ((term *= q / (k * k)) <= 1e-17 * sum)
            {
                break;
            }

            sum += term;
        }

        return sum;
    }

    /// <summary>A cubic's value in single precision with its terms in a float buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "buffers", "loops", "math")]
    [At(0.5, -1.0, 2.0, 0.8)]
    public static float CubicTermsF(float a, float b, float c, float x)
    {
        Span<float> terms = stackalloc float[3];
        terms[0] = a * x * x * x;
        terms[1] = b * x * x;
        terms[2] = c * x;
        float s = 0;
        foreach (var t in terms)
        {
            s += t;
        }

        return (float)Math.Sqrt(s * s + 1);
    }

    /// <summary>Scaled squared distance, a local function that reads an outer constant and calls another local function.</summary>
    [Differentiable(PushforwardN = true), Constructs("local-functions")]
    [At(1.0, 2.0, -0.5, 0.7)]
    public static double ScaledSquaredDistance(double x1, double y1, double x2, double y2)
    {
        const double scale = 0.5;
        return Sq2(x2 - x1, y2 - y1);

        static double Sq(double v) => v * v;
        static double Sq2(double a, double b) => scale * (Sq(a) + Sq(b));
    }
}
