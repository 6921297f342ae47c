using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SymDiff.AdBench.Ba;
using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;

namespace SymDiff.Benchmarks.AdBench;

/// <summary>
/// SymDiff's ADBench derivatives side by side with ADBench's hand-written C++ ("Manual"), in one process and one run
/// (<c>--adbench-side-by-side [--manual libadbench_manual.so] [--rounds R] [--only WORKLOAD]</c>;
/// adbench_side_by_side.sh builds the library from an ADBench checkout; <c>--only "GMM d2"</c> runs the workloads whose
/// name contains it). For every workload the two are first checked against each other at ADBench's criterion (|x − y| / max(1, |x| + |y|) &lt; 1e-8 on every entry), then timed in alternating rounds, each round
/// filling about 50 ms, after a warm-up: both see the same machine and the same load. Without the library, the SymDiff
/// side alone. Times are the median round's ms per call; the ratio is SymDiff ÷ Manual (below 1: SymDiff is faster).
/// The bytes a warm call of SymDiff's J allocates are printed too (the BA Jacobian writes into CSR storage made once).
/// </summary>
internal static unsafe class AdBenchSideBySide
{
    public static int Run(string[] args)
    {
        var rounds = 15;
        string? library = null;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--rounds" or "--manual" or "--only" && i + 1 == args.Length)
            {
                Console.Error.WriteLine($"{args[i]} needs a value (--rounds R, --manual PATH, --only WORKLOAD).");
                return 2;
            }

            if (args[i] == "--rounds")
            {
                if (!int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out rounds) || rounds < 1)
                {
                    Console.Error.WriteLine($"--rounds: '{args[i]}' is not a positive whole number.");
                    return 2;
                }
            }
            else if (args[i] == "--manual")
            {
                library = args[++i];
            }
            else if (args[i] == "--only")
            {
                only = args[++i];
            }
        }

        var gmm = new[] { (D: 2, K: 5), (D: 10, K: 25), (D: 64, K: 10) };
        var ba = new[] { "ba1_n49_m7776_p31843", "ba5_n257_m65132_p225911" };
        static string GmmName((int D, int K) g) => $"GMM d{g.D} K{g.K}";
        static string BaName(string file) => $"BA {file[..3]}";
        var workloads = gmm.Select(GmmName).Concat(ba.Select(BaName)).ToList();
        bool Selected(string name) => only is null || name.Contains(only, StringComparison.OrdinalIgnoreCase);
        if (!workloads.Any(Selected))
        {
            Console.Error.WriteLine($"--only: no workload's name contains '{only}' (the workloads: {string.Join(", ", workloads)}).");
            return 2;
        }

        Manual? manual = null;
        if (library is not null)
        {
            if (!NativeLibrary.TryLoad(Path.GetFullPath(library), out var handle))
            {
                Console.Error.WriteLine($"--manual: cannot load '{library}' (build it with tests/SymDiff.Benchmarks/adbench_side_by_side.sh).");
                return 2;
            }

            manual = new Manual(handle);
        }

        var rows = new List<Row>();
        foreach (var g in gmm.Where(g => Selected(GmmName(g))))
        {
            rows.Add(Gmm(GmmName(g), GmmReader.Read(AdBenchData.GmmFile(g.D, g.K)), manual, rounds));
        }

        foreach (var file in ba.Where(file => Selected(BaName(file))))
        {
            rows.Add(Ba(BaName(file), BaReader.Read(AdBenchData.BaFile(file)), manual, rounds));
        }

        Console.WriteLine(manual is null
            ? "SymDiff alone (pass --manual, or run adbench_side_by_side.sh with an ADBench checkout, for the C++ side)"
            : "SymDiff and ADBench's Manual C++ (g++ -O3 -march=native), same process, alternating rounds");
        Console.WriteLine($"median of {rounds} rounds, ms per call, one thread");
        Console.WriteLine();
        Console.WriteLine("| workload | Manual J | SymDiff J | SymDiff / Manual | Manual J/F | SymDiff J/F | SymDiff J allocates | agree (1e-8) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {Text(r.ManualJ, "F3")} | {r.SymDiffJ:F3} | {Text(r.SymDiffJ / r.ManualJ, "F2")} | {Text(r.ManualJ / r.ManualF, "F2")} | {r.SymDiffJ / r.SymDiffF:F2} | {r.Allocated} B | {r.Agreement} |"));
        }

        return rows.All(r => r.Agreement is "yes" or "—") ? 0 : 1;
    }

    private static string Text(double value, string format) => double.IsNaN(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);

    private static Row Gmm(string name, GmmInput input, Manual? manual, int rounds)
    {
        var gradient = new double[input.ParameterCount];
        var objective = input.Gradient(gradient);
        if (manual is null)
        {
            var (f, j) = Alternate(rounds, () => input.Objective(), () => input.Gradient(gradient));
            return new Row(name, double.NaN, double.NaN, f[0], j[0], "—") { Allocated = AllocatedBy(() => input.Gradient(gradient)) };
        }

        fixed (double* alphas = input.Alphas, means = input.Means, icf = input.Icf, x = input.X)
        {
            var test = manual.GmmCreate(input.D, input.K, input.N, alphas, means, icf, x, input.WishartGamma, input.WishartM);
            try
            {
                manual.GmmRun(test, 0, 1);
                var theirs = new double[gradient.Length];
                double theirObjective;
                fixed (double* g = theirs)
                {
                    theirObjective = manual.GmmOutput(test, g, theirs.Length);
                }

                var agree = Agree(objective, theirObjective) && gradient.Zip(theirs).All(p => Agree(p.First, p.Second));
                var times = Alternate(rounds, () => input.Objective(), () => input.Gradient(gradient),
                    () => manual.GmmRun(test, 1, 1), () => manual.GmmRun(test, 0, 1));
                return new Row(name, times[0][1], times[1][1], times[0][0], times[1][0], agree ? "yes" : "NO") { Allocated = AllocatedBy(() => input.Gradient(gradient)) };
            }
            finally
            {
                manual.GmmDestroy(test);
            }
        }
    }

    private static Row Ba(string name, BaInput input, Manual? manual, int rounds)
    {
        var reprojection = new double[2 * input.P];
        var weightErrors = new double[input.P];
        double Objective()
        {
            BaObjective.ComputeAll(input, reprojection, weightErrors);
            return reprojection[0];
        }

        // One storage, filled by every call: ADBench's module keeps its output matrix between runs too.
        var ours = BaSparseJacobian.For(input);
        double Jacobian()
        {
            ours.Evaluate(input, AdBenchGradientBenchmarks.Block, AdBenchGradientBenchmarks.WeightDerivative);
            return ours.NonZeroCount;
        }

        if (manual is null)
        {
            var (f, j) = Alternate(rounds, Objective, Jacobian);
            return new Row(name, double.NaN, double.NaN, f[0], j[0], "—") { Allocated = AllocatedBy(Jacobian) };
        }

        Jacobian();
        fixed (double* cams = input.Cams, points = input.Points, weights = input.Weights, features = input.Features)
        fixed (int* observations = input.Observations)
        {
            var test = manual.BaCreate(input.N, input.M, input.P, cams, points, weights, features, observations);
            try
            {
                manual.BaRun(test, 0, 1);
                var theirs = new double[ours.Values.Length];
                int count;
                fixed (double* v = theirs)
                {
                    count = manual.BaOutput(test, v, theirs.Length);
                }

                var agree = count == ours.Values.Length && ours.Values.Zip(theirs).All(p => Agree(p.First, p.Second));
                var times = Alternate(rounds, Objective, Jacobian, () => manual.BaRun(test, 1, 1), () => manual.BaRun(test, 0, 1));
                return new Row(name, times[0][1], times[1][1], times[0][0], times[1][0], agree ? "yes" : "NO") { Allocated = AllocatedBy(Jacobian) };
            }
            finally
            {
                manual.BaDestroy(test);
            }
        }
    }

    private static bool Agree(double x, double y) => Math.Abs(x - y) / Math.Max(1, Math.Abs(x) + Math.Abs(y)) < 1e-8;

    /// <summary>
    /// Medians of alternating rounds: SymDiff's F and J, then (where given) Manual's F and J. Returns [F, J] arrays of
    /// [SymDiff, Manual].
    /// </summary>
    private static (double[] F, double[] J) Alternate(int rounds, Func<double> f, Func<double> j)
    {
        var times = Alternate(rounds, f, j, null, null);
        return (times[0], times[1]);
    }

    private static double[][] Alternate(int rounds, Func<double> f, Func<double> j, Action? manualF, Action? manualJ)
    {
        var bodies = new List<Action> { () => f(), () => j() };
        if (manualF is not null)
        {
            bodies.Add(manualF);
            bodies.Add(manualJ!);
        }

        // Warm up for a second and at least 60 calls each (tier-1 code for the .NET side), then alternate.
        var warm = Stopwatch.StartNew();
        for (var calls = 0; calls < 60 || warm.Elapsed.TotalSeconds < 1.0; calls++)
        {
            bodies.ForEach(b => b());
        }

        var samples = bodies.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var b = 0; b < bodies.Count; b++)
            {
                samples[b].Add(Measure(bodies[b]));
            }
        }

        var medians = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
        return manualF is null
            ? [[medians[0], double.NaN], [medians[1], double.NaN]]
            : [[medians[0], medians[2]], [medians[1], medians[3]]];
    }

    /// <summary>Milliseconds per call, from enough calls to fill about 50 ms.</summary>
    internal static double Measure(Action body)
    {
        var calls = 1;
        while (true)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                body();
            }

            var ms = watch.Elapsed.TotalMilliseconds;
            if (ms >= 50 || calls >= 1 << 20)
            {
                return ms / calls;
            }

            calls *= ms < 1 ? 16 : 2;
        }
    }

    private sealed record Row(string Name, double ManualF, double ManualJ, double SymDiffF, double SymDiffJ, string Agreement)
    {
        /// <summary>Bytes SymDiff's J allocates per call, measured on a warm call.</summary>
        public long Allocated { get; init; }
    }

    /// <summary>The bytes one call of <paramref name="j"/> allocates on this thread (after it has run warm).</summary>
    private static long AllocatedBy(Func<double> j)
    {
        j();
        var before = GC.GetAllocatedBytesForCurrentThread();
        j();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The shim's entry points (adbench_manual_shim.cpp).</summary>
    private sealed class Manual(nint library)
    {
        public readonly delegate* unmanaged<int, int, int, double*, double*, double*, double*, double, int, nint> GmmCreate =
            (delegate* unmanaged<int, int, int, double*, double*, double*, double*, double, int, nint>)NativeLibrary.GetExport(library, "symdiff_gmm_create");

        public readonly delegate* unmanaged<nint, int, int, void> GmmRun = (delegate* unmanaged<nint, int, int, void>)NativeLibrary.GetExport(library, "symdiff_gmm_run");

        public readonly delegate* unmanaged<nint, double*, int, double> GmmOutput = (delegate* unmanaged<nint, double*, int, double>)NativeLibrary.GetExport(library, "symdiff_gmm_output");

        public readonly delegate* unmanaged<nint, void> GmmDestroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "symdiff_gmm_destroy");

        public readonly delegate* unmanaged<int, int, int, double*, double*, double*, double*, int*, nint> BaCreate =
            (delegate* unmanaged<int, int, int, double*, double*, double*, double*, int*, nint>)NativeLibrary.GetExport(library, "symdiff_ba_create");

        public readonly delegate* unmanaged<nint, int, int, void> BaRun = (delegate* unmanaged<nint, int, int, void>)NativeLibrary.GetExport(library, "symdiff_ba_run");

        public readonly delegate* unmanaged<nint, double*, int, int> BaOutput = (delegate* unmanaged<nint, double*, int, int>)NativeLibrary.GetExport(library, "symdiff_ba_output");

        public readonly delegate* unmanaged<nint, void> BaDestroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "symdiff_ba_destroy");
    }
}
