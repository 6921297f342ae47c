using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Jacobian;

/// <summary>A scalar function of four parameters with second derivatives, for their cost against the gradient's.</summary>
public static partial class Curvature
{
    [Differentiable(Hessian = true)]
    public static double Energy(double x, double y, double z, double w)
    {
        double r = Math.Sqrt(1 + (x * x) + (y * y));
        double s = Math.Exp(-0.5 * z * z) * Math.Sin(w * x);
        if (r > 1.5)
        {
            s += Math.Log(r) * Math.Tanh(y * z);
        }

        return (r * s) + (100 * (y - (x * x)) * (y - (x * x))) + Math.Pow(1 + (w * w), 1.5);
    }
}

/// <summary>
/// The gradient, a Hessian-vector product (reverse over forward) and the dense 4×4 Hessian (four products) of
/// <see cref="Curvature.Energy"/>, one thread. Run: <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Hessian*'</c>.
/// </summary>
[ShortRunJob]
public class HessianBenchmarks
{
    private readonly double[] _hessian = new double[16];
    private readonly double _x = 0.7, _y = 1.3, _z = -0.4, _w = 0.9;

    [Benchmark(Baseline = true, Description = "Gradient")]
    public double Gradient() => Curvature.EnergyGradient(_x, _y, _z, _w, out var a, out var b, out var c, out var d) + a + b + c + d;

    [Benchmark(Description = "HessianVectorProduct")]
    public double HessianVectorProduct() => Curvature.EnergyHessianVectorProduct(_x, _y, _z, _w, 0.2, -0.1, 0.3, 0.5, out var a, out var b, out var c, out var d) + a + b + c + d;

    [Benchmark(Description = "Hessian (4×4)")]
    public double Hessian() => Curvature.EnergyHessian(_x, _y, _z, _w, _hessian);
}

/// <summary>A loss with loops over spans and second derivatives: L2-regularized logistic regression.</summary>
public static partial class Curvature
{
    /// <summary>Σᵢ log(1 + exp(−yᵢ·w·xᵢ)) + ½λ|w|² over the rows xᵢ of <paramref name="x"/> (row-major, w.Length wide).</summary>
    [Differentiable(Hessian = true, PushforwardN = true)]
    public static double LogisticLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double lambda)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double margin = 0;
            for (int j = 0; j < d; j++)
            {
                margin += w[j] * x[(i * d) + j];
            }

            loss += Math.Log(1 + Math.Exp(-y[i] * margin));
        }

        double norm = 0;
        for (int j = 0; j < d; j++)
        {
            norm += w[j] * w[j];
        }

        return loss + (0.5 * lambda * norm);
    }
}

/// <summary>
/// The gradient, a Hessian-vector product (reverse over the tangent program) and the dense 16×16 Hessian (16 products)
/// of <see cref="Curvature.LogisticLoss"/> over 256 examples, one thread; and its 16 directional derivatives along the
/// unit directions (the gradient by forward mode) as 16 Pushforwards and as one PushforwardN (four per sweep). Run:
/// <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*LoopHessian*'</c>.
/// </summary>
[ShortRunJob]
public class LoopHessianBenchmarks
{
    private const int Features = 16, Examples = 256;
    private readonly double[] _w = new double[Features], _t = new double[Features], _gradient = new double[Features];
    private readonly double[] _x = new double[Features * Examples], _y = new double[Examples];
    private readonly double[] _hessian = new double[Features * Features];

    public LoopHessianBenchmarks()
    {
        var random = new Random(7);
        for (var j = 0; j < Features; j++)
        {
            _w[j] = random.NextDouble() - 0.5;
            _t[j] = random.NextDouble() - 0.5;
        }

        for (var k = 0; k < _x.Length; k++)
        {
            _x[k] = (2 * random.NextDouble()) - 1;
        }

        for (var i = 0; i < Examples; i++)
        {
            _y[i] = random.NextDouble() < 0.5 ? -1 : 1;
        }
    }

    [Benchmark(Baseline = true, Description = "Gradient (d = 16, m = 256)")]
    public double Gradient() => Curvature.LogisticLossGradient(_w, _x, _y, 0.1, _gradient);

    [Benchmark(Description = "HessianVectorProduct")]
    public double HessianVectorProduct() => Curvature.LogisticLossHessianVectorProduct(_w, _x, _y, 0.1, _t, _gradient);

    [Benchmark(Description = "Hessian (16×16)")]
    public double Hessian() => Curvature.LogisticLossHessian(_w, _x, _y, 0.1, _hessian);

    private readonly double[] _units = Units();
    private readonly double[] _directional = new double[Features];

    private static double[] Units()
    {
        var units = new double[Features * Features];
        for (var d = 0; d < Features; d++)
        {
            units[(d * Features) + d] = 1;
        }

        return units;
    }

    [Benchmark(Description = "16 Pushforwards (unit directions)")]
    public double Pushforwards()
    {
        double value = 0;
        for (var d = 0; d < Features; d++)
        {
            (value, _directional[d]) = Curvature.LogisticLossPushforward(_w, _x, _y, 0.1, _units.AsSpan(d * Features, Features));
        }

        return value;
    }

    [Benchmark(Description = "PushforwardN (16 unit directions)")]
    public double PushforwardN() => Curvature.LogisticLossPushforwardN(_w, _x, _y, 0.1, Features, _units, _directional);
}
