using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>Generated source for representative methods, compared with reviewed baselines.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void BinaryCrossEntropyOfSigmoid() => Verify(nameof(BinaryCrossEntropyOfSigmoid), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Logistic
        {
            [Differentiable(Batch = true)]
            public static double Loss(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
            {
                var z = w * x + b;
                var s = 1 / (1 + Math.Exp(-z));
                return -(y * Math.Log(s) + (1 - y) * Math.Log(1 - s));
            }
        }
        """);

    [Fact]
    public void BranchesAndEarlyReturns() => Verify(nameof(BranchesAndEarlyReturns), """
        using SymDiff;

        namespace Demo;

        public static partial class Activations
        {
            [Differentiable(Batch = true)]
            public static double HardTanh(double z)
            {
                if (z < -1)
                {
                    return -1;
                }

                if (z > 1)
                {
                    return 1;
                }

                return z;
            }

            [Differentiable(Batch = true)]
            public static double Relu(double z) => z >= 0 ? z : 0;
        }
        """);

    /// <summary>Helpers inlined at their calls: a ref parameter on the scalar path, a span-writing helper and a view argument on the loop path.</summary>
    [Fact]
    public void HelpersInlinedAtTheirCalls() => Verify(nameof(HelpersInlinedAtTheirCalls), """
        using System;
        using SymDiff;

        namespace Demo;

        public static class Algebra
        {
            public static void Accumulate(ref double s, double v) => s += v * v;

            public static void MatVec(ReadOnlySpan<double> m, ReadOnlySpan<double> v, Span<double> into)
            {
                for (int r = 0; r < into.Length; r++)
                {
                    double s = 0;
                    for (int c = 0; c < v.Length; c++)
                    {
                        s += m[r * v.Length + c] * v[c];
                    }

                    into[r] = s;
                }
            }
        }

        public static partial class Inlined
        {
            [Differentiable]
            public static double SumOfSquares(double x, double y)
            {
                double s = 0;
                Algebra.Accumulate(ref s, x);
                Algebra.Accumulate(ref s, x * y);
                return s;
            }

            [Differentiable]
            public static double Layer(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[2];
                Algebra.MatVec(w.Slice(0, 2 * x.Length), x, h);
                return Math.Tanh(h[0]) * h[1];
            }
        }
        """);

    [Fact]
    public void AssignmentsInsideConditions() => Verify(nameof(AssignmentsInsideConditions), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Embedded
        {
            [Differentiable]
            public static double AssignAfterAnd(double x, double y)
            {
                double r = 0;
                if (x > 0 && (r = x * y) > 1)
                {
                    return r;
                }

                return r + x;
            }

            [Differentiable]
            public static double WhileDecrement(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                double s = 0;
                while (n-- > 0)
                {
                    s += x[n] * x[n] * (n + 1);
                }

                return s;
            }
        }
        """);

    [Fact]
    public void SwitchStatementsAndExpressions() => Verify(nameof(SwitchStatementsAndExpressions), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Switches
        {
            [Differentiable]
            public static double Piecewise(double x, int mode)
            {
                switch (mode)
                {
                    case 0:
                        return x * x;
                    case 1:
                    case 2:
                        return Math.Sin(x) * mode;
                    default:
                        return Math.Exp(-x);
                }
            }

            [Differentiable]
            public static double SwitchExpressionInLoop(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += (i % 2) switch
                    {
                        0 => x[i] * 2,
                        _ => x[i] * x[i],
                    };
                }

                return s;
            }
        }
        """);

    [Fact]
    public void BuffersFromElementsAndPerIteration() => Verify(nameof(BuffersFromElementsAndPerIteration), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Buffers
        {
            [Differentiable]
            public static double Weighted(ReadOnlySpan<double> x)
            {
                ReadOnlySpan<double> w = [0.5, -1.0, 2.0];
                double s = 0;
                for (int i = 0; i < x.Length && i < w.Length; i++)
                {
                    s += w[i] * x[i] * x[i];
                }

                return s;
            }

            [Differentiable]
            public static double ScratchPerIteration(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    Span<double> pair = new double[2];
                    pair[0] = x[i] * x[i + 1];
                    pair[1] += Math.Sin(x[i]);
                    s += pair[0] * pair[1];
                }

                return s;
            }
        }
        """);

    [Fact]
    public void ChainRuleAcrossMethodsAndCustomDerivative() => Verify(nameof(ChainRuleAcrossMethodsAndCustomDerivative), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Net
        {
            [Differentiable(Batch = true)]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(nameof(Softplus))]
            public static double SoftplusPullback(double x, double seed, ref double dX)
            {
                dX += seed * Sigmoid(x);
                return Softplus(x);
            }

            [Differentiable(Batch = true)]
            public static double Unit(double w, double b, [NoDerivative] double x) => Softplus(Sigmoid(w * x + b));
        }
        """);

    [Fact]
    public void SinglePrecisionAndKinks() => Verify(nameof(SinglePrecisionAndKinks), """
        using System;
        using SymDiff;

        public partial class Outer
        {
            internal static partial class Inner
            {
                [Differentiable(Batch = true)]
                internal static float Mix(float x, float y, int n)
                {
                    var m = MathF.Max(x, y);
                    var r = MathF.Abs(x - y);
                    float acc = 0.5f * m;
                    acc += MathF.Pow(r, n) + MathF.Sqrt(x * x + 1f);
                    return n > 2 ? acc * MathF.Tanh(y) : acc;
                }
            }
        }
        """);

    [Fact]
    public void LoopDotProduct() => Verify(nameof(LoopDotProduct), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Vectors
        {
            [Differentiable(Batch = true)]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double sum = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    sum += a[i] * b[i];
                }

                return sum;
            }
        }
        """);

    /// <summary>
    /// A two-dimensional array input: read through the row-major span of its elements, its dimensions taken once on entry,
    /// passed whole to a helper; its adjoint and tangent are row-major spans.
    /// </summary>
    [Fact]
    public void MatrixInputRowByRow() => Verify(nameof(MatrixInputRowByRow), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Matrices2D
        {
            [Differentiable]
            public static double BilinearForm(double[,] a, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double sum = 0;
                for (int i = 0; i < a.GetLength(0); i++)
                {
                    sum += x[i] * RowDot(a, i, y);
                }

                return sum;
            }

            [Differentiable]
            public static double RowDot(double[,] a, int i, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int j = 0; j < a.GetLength(1); j++)
                {
                    s += a[i, j] * y[j];
                }

                return s;
            }
        }
        """);

    [Fact]
    public void LoopLogSumExpWithMaxShift() => Verify(nameof(LoopLogSumExpWithMaxShift), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Reductions
        {
            [Differentiable(Batch = true)]
            public static double LogSumExp(ReadOnlySpan<double> v)
            {
                double max = v[0];
                for (int i = 1; i < v.Length; i++)
                {
                    max = Math.Max(max, v[i]);
                }

                double sum = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    sum += Math.Exp(v[i] - max);
                }

                return Math.Log(sum) + max;
            }
        }
        """);

    [Fact]
    public void LoopCheckpointedRecurrence() => Verify(nameof(LoopCheckpointedRecurrence), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Recurrences
        {
            [Differentiable(Batch = true)]
            [Checkpoint(Every = 4)]
            public static double Rnn(double w, double u, [NoDerivative] ReadOnlySpan<double> xs)
            {
                double h = 0;
                for (int t = 0; t < xs.Length; t++)
                {
                    // z is dead at the top of every step, so the segment snapshots leave it out: they hold h and t.
                    double z = w * h + u * xs[t];
                    h = Math.Tanh(z);
                }

                return h * h;
            }
        }
        """);

    [Fact]
    public void LoopWithBreak() => Verify(nameof(LoopWithBreak), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Reductions
        {
            [Differentiable(Batch = true)]
            public static double SumUntil(ReadOnlySpan<double> x, [NoDerivative] double limit)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (sum > limit)
                    {
                        break;
                    }

                    sum += x[i] * x[i];
                }

                return sum;
            }
        }
        """);

    [Fact]
    public void LoopVectorFunctionWithSpanOutput() => Verify(nameof(LoopVectorFunctionWithSpanOutput), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Layers
        {
            /// <summary>y = tanh(W x + b) for W stored row-major (y.Length × x.Length).</summary>
            [Differentiable(Batch = true)]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, Span<double> y)
            {
                for (int r = 0; r < y.Length; r++)
                {
                    double z = b[r];
                    for (int c = 0; c < x.Length; c++)
                    {
                        z += w[r * x.Length + c] * x[c];
                    }

                    y[r] = Math.Tanh(z);
                }
            }
        }
        """);

    [Fact]
    public void VectorForwardModeOfScalarsAndLoops() => Verify(nameof(VectorForwardModeOfScalarsAndLoops), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Directions
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(nameof(Softplus))]
            public static double SoftplusPullback(double x, double seed, ref double dX)
            {
                dX += seed / (1 + Math.Exp(-x));
                return Softplus(x);
            }

            /// <summary>A body over scalars calling a custom pullback: one pullback gives the partials every lane multiplies.</summary>
            [Differentiable(PushforwardN = true)]
            public static double Unit(double w, double b, [NoDerivative] double x) => Softplus(w * x + b) * Math.Sin(w);

            /// <summary>A loop calling another method: one pushforward call per lane.</summary>
            [Differentiable(PushforwardN = true)]
            public static double Layer(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Unit(w[i], b, x[i]) * w[i];
                }

                return s;
            }
        }
        """);

    private static void Verify(string test, string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify(test, run.Sources);
    }
}
