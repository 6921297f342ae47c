using System.Diagnostics;
using System.Globalization;
using SymDiff.Layers;

namespace SymDiff.Benchmarks.Mlp;

/// <summary>
/// The timing loop <c>mlp.sh</c> runs for SymDiff (<c>--mlp</c>); <c>mlp_torch.py</c> runs the same loop for PyTorch:
/// warm up for <see cref="WarmupSeconds"/>, then time <c>rounds</c> rounds of <c>steps</c> consecutive steps each
/// and report the per-step time of the median, fastest and slowest round in µs. Medians resist the odd slow round
/// when other processes share the cores; the fastest round is the best estimate of the code's own cost.
/// </summary>
internal static class MlpTiming
{
    /// <summary>Long enough for tiered compilation to settle on optimized code (and for PyTorch's caches to fill).</summary>
    private const double WarmupSeconds = 2.0;

    /// <summary>
    /// Arguments after <c>--mlp</c>: activations (<c>relu</c>, <c>sigmoid</c>; default both), <c>--rounds R</c>
    /// (default 30), <c>--steps N</c> (default 200). Prints one line per activation:
    /// <c>RESULT symdiff {activation} median={µs} min={µs} max={µs} loss={first loss}</c>.
    /// </summary>
    public static int Run(string[] args)
    {
        var rounds = 30;
        var steps = 200;
        var activations = new List<Activation>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mlp":
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--steps":
                    steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "relu":
                    activations.Add(Activation.Relu);
                    break;
                case "sigmoid":
                    activations.Add(Activation.Sigmoid);
                    break;
                default:
                    Console.Error.WriteLine($"--mlp: unknown argument '{args[i]}' (expected relu, sigmoid, --rounds R, --steps N).");
                    return 2;
            }
        }

        if (activations.Count == 0)
        {
            activations.AddRange([Activation.Relu, Activation.Sigmoid]);
        }

        foreach (var activation in activations)
        {
            using var step = new MlpStep(activation);
            var firstLoss = step.Run();
            var warmup = Stopwatch.StartNew();
            while (warmup.Elapsed.TotalSeconds < WarmupSeconds)
            {
                step.Run();
            }

            var perStep = new double[rounds];
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < rounds; r++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var s = 0; s < steps; s++)
                {
                    step.Run();
                }

                perStep[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / steps;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Array.Sort(perStep);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT symdiff {activation.ToString().ToLowerInvariant()} median={perStep[rounds / 2]:F1} min={perStep[0]:F1} max={perStep[^1]:F1} loss={firstLoss:F4} allocated={allocated}"));
        }

        return 0;
    }
}
