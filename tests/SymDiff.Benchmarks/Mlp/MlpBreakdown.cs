using System.Diagnostics;
using System.Globalization;
using SymDiff.Functions;
using SymDiff.Layers;
using SymDiff.Linear;
using SymDiff.Tensors;

namespace SymDiff.Benchmarks.Mlp;

/// <summary>
/// Where the time of an <see cref="MlpStep"/> goes (<c>--mlp-breakdown</c>): first the phases of the step with the update
/// after the backward pass (<see cref="MlpStep.RunUnfused"/>) timed inside the step (forward and backward of each layer,
/// the loss, the update), then both steps whole, then the operations inside them timed one at a
/// time in loops of their own on the step's own shapes (the GEMMs, the activation kernels, the bias row sums, the
/// SGD update). Isolated operations run with warm caches, so they add up to a little less than the phases.
/// </summary>
internal static class MlpBreakdown
{
    private const int Rounds = 15;

    public static int Run(string[] args)
    {
        var activations = args.Contains("sigmoid") && !args.Contains("relu") ? [Activation.Sigmoid]
            : args.Contains("relu") && !args.Contains("sigmoid") ? [Activation.Relu]
            : new[] { Activation.Relu, Activation.Sigmoid };
        foreach (var activation in activations)
        {
            using var step = new MlpStep(activation);
            Console.WriteLine($"--- {activation.ToString().ToLowerInvariant()}: phases of the step (median µs of {Rounds} rounds of 1000 steps)");
            Phases(step);
            Console.WriteLine($"--- {activation.ToString().ToLowerInvariant()}: operations timed alone (median µs)");
            Operations(step);
        }

        return 0;
    }

    private static void Phases(MlpStep step)
    {
        const int steps = 1000;
        var names = new[] { "hidden forward", "output forward", "loss", "output backward", "hidden backward", "SGD update" };
        var totals = new double[Rounds, names.Length];
        var whole = new double[Rounds];
        Warm(() => step.RunUnfused());
        var stamps = new long[names.Length + 1];
        for (var r = 0; r < Rounds; r++)
        {
            var sums = new long[names.Length];
            var start = Stopwatch.GetTimestamp();
            for (var s = 0; s < steps; s++)
            {
                stamps[0] = Stopwatch.GetTimestamp();
                var h = step.HiddenLayer.Forward(step.X, training: true);
                stamps[1] = Stopwatch.GetTimestamp();
                var o = step.OutputLayer.Forward(h, training: true);
                stamps[2] = Stopwatch.GetTimestamp();
                step.Loss.Compute(o, step.Y, step.LossGradient);
                stamps[3] = Stopwatch.GetTimestamp();
                var dh = step.OutputLayer.Backward(step.LossGradient, computeInputGradient: true);
                stamps[4] = Stopwatch.GetTimestamp();
                step.HiddenLayer.Backward(dh!, computeInputGradient: false);
                stamps[5] = Stopwatch.GetTimestamp();
                step.Optimizer.Step();
                stamps[6] = Stopwatch.GetTimestamp();
                for (var i = 0; i < names.Length; i++)
                {
                    sums[i] += stamps[i + 1] - stamps[i];
                }
            }

            whole[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / steps;
            for (var i = 0; i < names.Length; i++)
            {
                totals[r, i] = sums[i] * 1e6 / Stopwatch.Frequency / steps;
            }
        }

        for (var i = 0; i < names.Length; i++)
        {
            var column = new double[Rounds];
            for (var r = 0; r < Rounds; r++)
            {
                column[r] = totals[r, i];
            }

            Print(names[i], Median(column));
        }

        Print("whole step (with the timer calls)", Median(whole));
        TimeSteps("MlpStep.Run (forward, loss, backward with SGD inside)", () => step.Run());
        TimeSteps("MlpStep.RunUnfused (forward, loss, backward, then SGD)", () => step.RunUnfused());
        TimeSteps("Trainer.TrainStep (+ NaN/∞ scan, accuracy)", () => step.RunTrainer());
    }

    private static void Operations(MlpStep step)
    {
        const int n = MlpStep.Inputs, h = MlpStep.Hidden, c = MlpStep.Classes, b = MlpStep.Batch;
        var x = step.X.Span.ToArray();
        var w1 = step.HiddenLayer.Weight.Value.Span.ToArray();
        var w2 = step.OutputLayer.Weight.Value.Span.ToArray();
        var gw1 = new float[w1.Length];
        var gw2 = new float[w2.Length];
        var z1 = new float[b * h];
        var a1 = new float[b * h];
        var d1 = new float[b * h];
        var z2 = new float[b * c];
        var d2 = new float[b * c];
        var bias = new float[h];
        for (var i = 0; i < z1.Length; i++)
        {
            z1[i] = (i % 17 - 8) * 0.1f;
            d1[i] = (i % 13 - 6) * 0.01f;
        }

        var activation = step.Activation;
        Time("GEMM X·W1ᵀ 64×128×784 (hidden forward)", () => Gemm.Multiply(false, true, b, h, n, 1f, x, n, w1, n, 1f, z1, h));
        Time("bias rows 64×128 (hidden forward)", () =>
        {
            for (var r = 0; r < b; r++)
            {
                bias.CopyTo(z1.AsSpan(r * h, h));
            }
        });
        Time($"{activation} forward 64×128", () =>
        {
            if (activation == Activation.Relu)
            {
                Activations.ReluBatch(z1, a1);
            }
            else
            {
                Activations.SigmoidBatch(z1, a1);
            }
        });
        Time("GEMM H·W2ᵀ 64×10×128 (output forward)", () => Gemm.Multiply(false, true, b, c, h, 1f, a1, h, w2, h, 1f, z2, c));
        Time("softmax cross-entropy 64×10", () => step.Loss.Compute(step.OutputLayer.LastOutput!, step.Y, step.LossGradient));
        Time("GEMM d2ᵀ·H 10×128×64 (output dW)", () => Gemm.Multiply(true, false, c, h, b, 1f, d2, c, a1, h, 0f, gw2, h));
        Time("GEMM d2·W2 64×128×10 (output dX)", () => Gemm.Multiply(false, false, b, h, c, 1f, d2, c, w2, h, 0f, d1, h));
        // What the dense layer runs: ReLU's pullback reads z, the sigmoid's backward step reads the output a.
        var dz1 = new float[b * h];
        Time(activation == Activation.Relu ? "Relu pullback 64×128" : "Sigmoid backward from the output 64×128", () =>
        {
            if (activation == Activation.Relu)
            {
                Activations.ReluPullbackBatch(z1, d1, dz1);
            }
            else
            {
                Activations.SigmoidBackwardBatch(a1, d1, dz1);
            }
        });
        Time("GEMM d1ᵀ·X 128×784×64 (hidden dW)", () => Gemm.Multiply(true, false, h, n, b, 1f, d1, h, x, n, 0f, gw1, n));
        Time("bias gradient row sums 64×128", () =>
        {
            var db = bias.AsSpan();
            db.Clear();
            for (var r = 0; r < b; r++)
            {
                TensorMath.Axpy(1f, d1.AsSpan(r * h, h), db);
            }
        });
        Time("SGD update (all 101,770 parameters)", () =>
        {
            TensorMath.Axpy(-0.01f * 1e-6f, gw1, w1);
            TensorMath.Axpy(-0.01f * 1e-6f, gw2, w2);
        });
    }

    private static void TimeSteps(string name, Action action)
    {
        const int steps = 1000;
        Warm(action);
        var rounds = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var s = 0; s < steps; s++)
            {
                action();
            }

            rounds[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / steps;
        }

        Print(name, Median(rounds));
    }

    private static void Warm(Action action)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 1)
        {
            action();
        }
    }

    private static void Time(string name, Action action)
    {
        Warm(action);
        var rounds = new double[Rounds];
        var reps = 2000;
        for (var r = 0; r < Rounds; r++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < reps; i++)
            {
                action();
            }

            rounds[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / reps;
        }

        Print(name, Median(rounds));
    }

    private static double Median(double[] values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static void Print(string name, double microseconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {microseconds,8:F2} µs"));
}
