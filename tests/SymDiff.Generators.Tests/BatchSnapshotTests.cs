using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Generated batched kernels (<c>{F}Batch</c>, <c>{F}PullbackBatch</c>), compared with reviewed baselines: SIMD loops
/// with broadcast and per-element parameters, branches as lane masks, the scalar loop when an operation has no SIMD
/// form, and the split across cores in a project that allows unsafe code.
/// </summary>
public sealed class BatchSnapshotTests
{
    [Fact]
    public void SigmoidAndLeakyReluWithBroadcastSlope() => Verify(nameof(SigmoidAndLeakyReluWithBroadcastSlope), allowUnsafe: false, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Activations
        {
            [Differentiable(Batch = true)]
            public static float Sigmoid(float z)
            {
                var e = MathF.Exp(-MathF.Abs(z));
                var s = 1f / (1f + e);
                return z >= 0f ? s : e * s;
            }

            [Differentiable(Batch = true)]
            public static float LeakyRelu(float z, [NoDerivative] float k) => z >= 0f ? z : k * z;
        }
        """);

    /// <summary>
    /// A learnable slope (<c>[Broadcast]</c>): one scalar for every element, its adjoint an <c>out</c> summed per SIMD
    /// lane, then across the lanes and the tail; split across cores, summed per chunk and then in chunk order.
    /// </summary>
    [Fact]
    public void BroadcastSlopeAdjointSummed() => Verify(nameof(BroadcastSlopeAdjointSummed), allowUnsafe: true, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Activations
        {
            [Differentiable(Batch = true)]
            public static float PRelu(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z;
        }
        """);

    [Fact]
    public void LossWithPerElementTarget() => Verify(nameof(LossWithPerElementTarget), allowUnsafe: false, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Losses
        {
            [Differentiable(Batch = true)]
            public static double BinaryCrossEntropyWithLogits(double logit, [NoDerivative(PerElement = true)] double y) =>
                Math.Max(logit, 0) - logit * y + Math.Log(1 + Math.Exp(-Math.Abs(logit)));
        }
        """);

    [Fact]
    public void NestedBranchesAndTwoAdjoints() => Verify(nameof(NestedBranchesAndTwoAdjoints), allowUnsafe: false, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Piecewise
        {
            [Differentiable(Batch = true)]
            public static float HardTanh(float z)
            {
                if (z < -1f)
                {
                    return -1f;
                }

                return z > 1f ? 1f : z;
            }

            [Differentiable(Batch = true)]
            public static float Blend(float x, float y, [NoDerivative] float scale, bool squared)
            {
                var t = scale * x;
                var r = squared ? t * t : t;
                return x > y ? r + y : MathF.Sqrt(x * x + 1f) * y;
            }
        }
        """);

    [Fact]
    public void ScalarLoopWithoutSimdForm() => Verify(nameof(ScalarLoopWithoutSimdForm), allowUnsafe: false, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Activations
        {
            [Differentiable(Batch = true)]
            public static float Tanh(float z) => MathF.Tanh(z);

            [Differentiable(Batch = true)]
            public static double Scaled(double x, int n) => (double)n * x + Sigmoid(x);

            [Differentiable(Batch = true)]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        }
        """);

    [Fact]
    public void SplitAcrossCoresWhenUnsafeIsAllowed() => Verify(nameof(SplitAcrossCoresWhenUnsafeIsAllowed), allowUnsafe: true, """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Losses
        {
            [Differentiable(Batch = true)]
            public static float Tanh(float z) => MathF.Tanh(z);

            [Differentiable(Batch = true)]
            public static float SquaredError(float yHat, [NoDerivative(PerElement = true)] float y)
            {
                var d = yHat - y;
                return 0.5f * d * d;
            }
        }
        """);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParametersNamedLikeTheKernelsLocalsStillCompile(bool allowUnsafe)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.Compile(allowUnsafe, """
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class Clashes
            {
                [Differentiable(Batch = true)]
                public static double F(double i, double length, [NoDerivative(PerElement = true)] double result, [NoDerivative] double upstream,
                    double iV, [NoDerivative] bool taken, [NoDerivative] int chunk) =>
                    taken ? Math.Exp(i * length) + result * upstream * iV + chunk : i - length;
            }
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains(run.Sources, s => s.Key.EndsWith(".Batch.g.cs", StringComparison.Ordinal) && s.Value.Contains("Span<double> values", StringComparison.Ordinal));
    }

    private static void Verify(string test, bool allowUnsafe, string source)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.Compile(allowUnsafe, source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify(test, run.Sources.Where(s => s.Key.EndsWith(".Batch.g.cs", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value));
    }
}
