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
            [Differentiable]
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
            [Differentiable]
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

            [Differentiable]
            public static double Relu(double z) => z >= 0 ? z : 0;
        }
        """);

    [Fact]
    public void ChainRuleAcrossMethodsAndCustomDerivative() => Verify(nameof(ChainRuleAcrossMethodsAndCustomDerivative), """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Net
        {
            [Differentiable]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(nameof(Softplus))]
            public static double SoftplusPullback(double x, double seed, ref double dX)
            {
                dX += seed * Sigmoid(x);
                return Softplus(x);
            }

            [Differentiable]
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
                [Differentiable]
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

    private static void Verify(string test, string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify(test, run.Sources);
    }
}
