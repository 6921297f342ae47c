using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Matrices;

/// <summary>
/// One tanh layer's squared error, written twice: over a <c>double[,]</c> weight matrix read as <c>w[i, j]</c>, and over
/// the same weights in one span read as <c>w[i * columns + j]</c>, the way users had to write it before two-dimensional
/// inputs were supported. The generated derivatives of the first read the matrix through its row-major span, so the two
/// should cost the same.
/// </summary>
public static partial class Layers
{
    [Differentiable]
    public static double LayerLoss(double[,] w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        double loss = 0;
        for (int i = 0; i < w.GetLength(0); i++)
        {
            double z = b[i];
            for (int j = 0; j < w.GetLength(1); j++)
            {
                z += w[i, j] * x[j];
            }

            double e = Math.Tanh(z) - target[i];
            loss += e * e;
        }

        return loss;
    }

    [Differentiable]
    public static double LayerLossFlat(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        double loss = 0;
        int columns = x.Length;
        for (int i = 0; i < b.Length; i++)
        {
            double z = b[i];
            for (int j = 0; j < columns; j++)
            {
                z += w[i * columns + j] * x[j];
            }

            double e = Math.Tanh(z) - target[i];
            loss += e * e;
        }

        return loss;
    }
}

/// <summary>
/// The gradient of a 64×256 layer's loss over a <c>double[,]</c> against the same over a flat span, one thread. Run:
/// <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*MatrixInput*'</c>.
/// </summary>
[ShortRunJob]
public class MatrixInputBenchmarks
{
    private const int Rows = 64;
    private const int Columns = 256;
    private readonly double[,] _w = new double[Rows, Columns];
    private readonly double[] _flat = new double[Rows * Columns];
    private readonly double[] _b = Enumerable.Range(0, Rows).Select(i => 0.01 * i).ToArray();
    private readonly double[] _x = Enumerable.Range(0, Columns).Select(j => Math.Sin(j)).ToArray();
    private readonly double[] _target = Enumerable.Range(0, Rows).Select(i => Math.Cos(i) * 0.5).ToArray();
    private readonly double[] _dW = new double[Rows * Columns];
    private readonly double[] _dB = new double[Rows];

    /// <summary>Fills both layouts with the same weights and checks both gradients agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                _w[i, j] = _flat[i * Columns + j] = 0.05 * Math.Cos(i + 3.0 * j);
            }
        }

        var (dW, dB) = (new double[Rows * Columns], new double[Rows]);
        var value = Layers.LayerLossGradient(_w, _b, _x, _target, dW, dB);
        var flat = Layers.LayerLossFlatGradient(_flat, _b, _x, _target, _dW, _dB);
        if (value != flat || !dW.AsSpan().SequenceEqual(_dW) || !dB.AsSpan().SequenceEqual(_dB))
        {
            throw new InvalidOperationException("the double[,] and flat gradients differ");
        }
    }

    [Benchmark(Baseline = true, Description = "Gradient over a flat span (w[i * columns + j])")]
    public double Flat() => Layers.LayerLossFlatGradient(_flat, _b, _x, _target, _dW, _dB);

    [Benchmark(Description = "Gradient over double[,] (w[i, j])")]
    public double Matrix() => Layers.LayerLossGradient(_w, _b, _x, _target, _dW, _dB);
}
