using System.Diagnostics;
using System.Globalization;
using SymDiff.AdBench.Ba;
using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;

namespace SymDiff.Benchmarks.AdBench;

/// <summary>
/// A quick J/F table (<c>--adbench-ratios</c>): for each workload, the objective F and the generated derivative J
/// are timed alternately in the same process (median of <c>rounds</c> rounds after a warm-up), so both see the same
/// machine load, and the table prints J/F beside ADBench's Manual C++ J time. BenchmarkDotNet
/// (<see cref="AdBenchGradientBenchmarks"/>) gives the full statistics; this one answers "did J/F move" in a minute.
/// </summary>
internal static class AdBenchRatios
{
    public static int Run(string[] args)
    {
        var rounds = 15;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }

        var rows = new List<(string Name, double F, double J, double Cpp)>();
        foreach (var (d, k, cpp) in new[] { (2, 5, 0.107), (10, 25, 2.44), (64, 10, 15.0) })
        {
            var input = GmmReader.Read(AdBenchData.GmmFile(d, k));
            var gradient = new double[input.ParameterCount];
            var (f, j) = Time(() => input.Objective(), () => input.Gradient(gradient), rounds);
            rows.Add(($"GMM d{d}K{k}", f, j, cpp));
        }

        var ba = BaReader.Read(AdBenchData.BaFile("ba1_n49_m7776_p31843"));
        var reprojection = new double[2 * ba.P];
        var weightErrors = new double[ba.P];
        double BaObjectiveAll()
        {
            BaObjective.ComputeAll(ba, reprojection, weightErrors);
            return reprojection[0] + weightErrors[ba.P - 1];
        }

        var baJacobian = BaSparseJacobian.For(ba);
        double BaJacobian()
        {
            baJacobian.Evaluate(ba, AdBenchGradientBenchmarks.Block, AdBenchGradientBenchmarks.WeightDerivative);
            return baJacobian.NonZeroCount;
        }

        var (baF, baJ) = Time(BaObjectiveAll, BaJacobian, rounds);
        rows.Add(("BA ba1", baF, baJ, 4.27));

        Console.WriteLine($"{"workload",-12} {"F (ms)",10} {"J (ms)",10} {"J/F",6} {"C++ J (ms)",11} {"J/C++",6}");
        foreach (var (name, f, j, cpp) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {f,10:F4} {j,10:F4} {j / f,6:F2} {cpp,11:F3} {j / cpp,6:F2}"));
        }

        return 0;
    }

    private static (double F, double J) Time(Func<double> objective, Func<double> derivative, int rounds)
    {
        // Warm up for a second and at least 60 calls each, so tiered compilation has settled on optimized code
        // (tier 1 needs 30 calls), then alternate F and J so both see the same load.
        var warm = Stopwatch.StartNew();
        for (var calls = 0; calls < 60 || warm.Elapsed.TotalSeconds < 1.0; calls++)
        {
            objective();
            derivative();
        }

        var f = new List<double>();
        var j = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            f.Add(Measure(objective));
            j.Add(Measure(derivative));
        }

        return (Median(f), Median(j));
    }

    /// <summary>Milliseconds per call, from enough calls to fill about 50 ms.</summary>
    private static double Measure(Func<double> body) => AdBenchSideBySide.Measure(() => body());

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
