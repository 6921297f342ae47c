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
    /// <c>RESULT symdiff {activation} median={µs} min={µs} max={µs} loss={first loss}</c>, and the same line for
    /// <c>symdiff-unfused</c>, the step with the update after the backward pass (<see cref="MlpStep.RunUnfused"/>).
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
            // The step as SymDiff runs it (the update inside the backward pass) and as PyTorch runs it (backward, then
            // the update), each on its own model, their rounds alternating so both see the same machine.
            using var fused = new MlpStep(activation);
            using var unfused = new MlpStep(activation);
            var variants = new (string Name, MlpStep Step, Func<float> Run)[]
            {
                ("symdiff", fused, fused.Run),
                ("symdiff-unfused", unfused, unfused.RunUnfused),
            };
            var firstLoss = variants.Select(v => v.Run()).ToArray();
            var warmup = Stopwatch.StartNew();
            while (warmup.Elapsed.TotalSeconds < WarmupSeconds)
            {
                foreach (var v in variants)
                {
                    v.Run();
                }
            }

            var perStep = new double[variants.Length, rounds];
            var allocated = new long[variants.Length];
            for (var r = 0; r < rounds; r++)
            {
                for (var k = 0; k < variants.Length; k++)
                {
                    var v = variants[(k + r) % variants.Length];
                    var index = Array.IndexOf(variants, v);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var start = Stopwatch.GetTimestamp();
                    for (var s = 0; s < steps; s++)
                    {
                        v.Run();
                    }

                    perStep[index, r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / steps;
                    allocated[index] += GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }

            for (var k = 0; k < variants.Length; k++)
            {
                var times = Enumerable.Range(0, rounds).Select(r => perStep[k, r]).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT {variants[k].Name} {activation.ToString().ToLowerInvariant()} median={times[rounds / 2]:F1} min={times[0]:F1} max={times[^1]:F1} loss={firstLoss[k]:F4} allocated={allocated[k]}"));
            }
        }

        return 0;
    }
}
