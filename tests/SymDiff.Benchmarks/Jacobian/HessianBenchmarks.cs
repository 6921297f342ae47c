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
/// The gradient, a Hessian-vector product (forward over reverse) and the dense 4×4 Hessian (four products) of
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
