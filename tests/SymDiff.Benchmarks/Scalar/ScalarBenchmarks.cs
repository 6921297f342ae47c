using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Scalar;

// Each benchmark sweeps ScalarData.Points points and reports the time per point (OperationsPerInvoke); every
// result, value and gradient, is summed into a field so the JIT cannot drop any of the work. Parameters are copied
// into locals up front in every variant alike. Min and median are reported next to the mean: on a shared machine the
// mean picks up other processes' load, the minimum is the best estimate of the code's own cost.

/// <summary>BCE of a logistic unit over four inputs: 5 parameters.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn]
[MedianColumn]
public class ScalarLogisticBceBenchmarks
{
    private const int N = ScalarData.Points;
    private double[] x1 = [];
    private double[] x2 = [];
    private double[] x3 = [];
    private double[] x4 = [];
    private double[] y = [];
    private double sink;

    public double Sink => sink;

    [GlobalSetup]
    public void Setup()
    {
        ScalarVerification.VerifyLogisticBce();
        var x = ScalarData.Uniform(1, 4, -2, 2);
        (x1, x2, x3, x4) = (x[0], x[1], x[2], x[3]);
        y = ScalarData.Labels(2);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Primal()
    {
        var p = ScalarData.LogisticParameters;
        var (w1, w2, w3, w4, b) = (p[0], p[1], p[2], p[3], p[4]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.LogisticBce(w1, w2, w3, w4, b, x1[i], x2[i], x3[i], x4[i], y[i]);
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Generated()
    {
        var p = ScalarData.LogisticParameters;
        var (w1, w2, w3, w4, b) = (p[0], p[1], p[2], p[3], p[4]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.LogisticBceGradient(w1, w2, w3, w4, b, x1[i], x2[i], x3[i], x4[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5);
            acc += d1 + d2 + d3 + d4 + d5;
        }

        sink = acc;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public void HandWritten()
    {
        var p = ScalarData.LogisticParameters;
        var (w1, w2, w3, w4, b) = (p[0], p[1], p[2], p[3], p[4]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += HandWrittenGradients.LogisticBce(w1, w2, w3, w4, b, x1[i], x2[i], x3[i], x4[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5);
            acc += d1 + d2 + d3 + d4 + d5;
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void FiniteDifference()
    {
        var p = ScalarData.LogisticParameters;
        var (w1, w2, w3, w4, b) = (p[0], p[1], p[2], p[3], p[4]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += FiniteDifferenceGradients.LogisticBce(w1, w2, w3, w4, b, x1[i], x2[i], x3[i], x4[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5);
            acc += d1 + d2 + d3 + d4 + d5;
        }

        sink = acc;
    }
}

/// <summary>BCE of a 2-2-1 sigmoid network: 9 parameters, input and label are data.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn]
[MedianColumn]
public class ScalarMlp221BceBenchmarks
{
    private const int N = ScalarData.Points;
    private double[] x1 = [];
    private double[] x2 = [];
    private double[] y = [];
    private double sink;

    public double Sink => sink;

    [GlobalSetup]
    public void Setup()
    {
        ScalarVerification.VerifyMlp221Bce();
        var x = ScalarData.Uniform(3, 2, -2, 2);
        (x1, x2) = (x[0], x[1]);
        y = ScalarData.Labels(4);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Primal()
    {
        var p = ScalarData.MlpParameters;
        var (w11, w12, w21, w22, b1, b2, v1, v2, c) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.Mlp221Bce(w11, w12, w21, w22, b1, b2, v1, v2, c, x1[i], x2[i], y[i]);
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Generated()
    {
        var p = ScalarData.MlpParameters;
        var (w11, w12, w21, w22, b1, b2, v1, v2, c) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.Mlp221BceGradient(w11, w12, w21, w22, b1, b2, v1, v2, c, x1[i], x2[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5, out var d6, out var d7, out var d8, out var d9);
            acc += d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9;
        }

        sink = acc;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public void HandWritten()
    {
        var p = ScalarData.MlpParameters;
        var (w11, w12, w21, w22, b1, b2, v1, v2, c) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += HandWrittenGradients.Mlp221Bce(w11, w12, w21, w22, b1, b2, v1, v2, c, x1[i], x2[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5, out var d6, out var d7, out var d8, out var d9);
            acc += d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9;
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void FiniteDifference()
    {
        var p = ScalarData.MlpParameters;
        var (w11, w12, w21, w22, b1, b2, v1, v2, c) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += FiniteDifferenceGradients.Mlp221Bce(w11, w12, w21, w22, b1, b2, v1, v2, c, x1[i], x2[i], y[i], out var d1, out var d2, out var d3, out var d4, out var d5, out var d6, out var d7, out var d8, out var d9);
            acc += d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9;
        }

        sink = acc;
    }
}

/// <summary>Twenty-term polynomial/transcendental mix of four variables: every input differentiable.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn]
[MedianColumn]
public class ScalarMix20Benchmarks
{
    private const int N = ScalarData.Points;
    private double[] x = [];
    private double[] y = [];
    private double[] z = [];
    private double[] w = [];
    private double sink;

    public double Sink => sink;

    [GlobalSetup]
    public void Setup()
    {
        ScalarVerification.VerifyMix20();
        var v = ScalarData.Uniform(5, 4, -1.5, 1.5);
        (x, y, z, w) = (v[0], v[1], v[2], v[3]);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Primal()
    {
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.Mix20(x[i], y[i], z[i], w[i]);
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Generated()
    {
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += ScalarFunctions.Mix20Gradient(x[i], y[i], z[i], w[i], out var d1, out var d2, out var d3, out var d4);
            acc += d1 + d2 + d3 + d4;
        }

        sink = acc;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public void HandWritten()
    {
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += HandWrittenGradients.Mix20(x[i], y[i], z[i], w[i], out var d1, out var d2, out var d3, out var d4);
            acc += d1 + d2 + d3 + d4;
        }

        sink = acc;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void FiniteDifference()
    {
        var acc = 0.0;
        for (var i = 0; i < N; i++)
        {
            acc += FiniteDifferenceGradients.Mix20(x[i], y[i], z[i], w[i], out var d1, out var d2, out var d3, out var d4);
            acc += d1 + d2 + d3 + d4;
        }

        sink = acc;
    }
}
