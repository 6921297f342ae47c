using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Activity is one analysis over the front-end IR for every kind of body (<c>Differentiation/Activity.cs</c>): a call
/// needs a derivative only when a derivative reaches through it, whether the body has loops or not.
/// </summary>
public sealed class ActivityTests
{
    /// <summary>
    /// Found by the fuzzer when scalar bodies moved to the one analysis: a call whose value only decides a condition is
    /// passive, and the scalar back end made it as an active call all the same (a pullback's name with the primal's
    /// arguments: CS1501), in the Hessian members too.
    /// </summary>
    [Fact]
    public void ScalarCallThatOnlyDecidesABranchIsMadeAsWritten()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
            """ + CustomPullbackCallee + """

                [Differentiable(Hessian = true)]
                public static double F(double x, double y) => Math.Ceiling(y) <= Cu(2.0, x) ? x * Math.Exp(y) : Math.Tanh(y);
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.7, y = 0.4;
            """ + ChecksOfF + """
                    var hv = P.FHessianVectorProduct(x, y, 1, 0, out var hx, out var hy);
                    var fdHx = Fd.D(a => { P.FGradient(a, y, out var g, out _); return g; }, x);
                    var fdHy = Fd.D(a => { P.FGradient(a, y, out _, out var g); return g; }, x);
                    return [.. errorsOfF, hv - P.F(x, y), hx - fdHx, hy - fdHy];
                }
            }
            """);
        AssertClose(result, new double[10]);
    }

    /// <summary>
    /// Such a call needs no derivative, so a callee without one is not SD0007 on either path; the same callee whose
    /// value reaches the result is.
    /// </summary>
    [Theory]
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(double x)
        {
            if (G(x) > 1) { x = 2 * x; }
            return x * [|G(x)|];
        }
        """)]
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(ReadOnlySpan<double> v)
        {
            double s = 0;
            for (int i = 0; i < v.Length; i++) { if (G(v[i]) > 1) { s += v[i]; } }
            return s * [|G(s)|];
        }
        """)]
    // Flow-sensitive at the call: y is active, but the y that G reads is the constant assigned after it was used.
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(double x)
        {
            double y = x;
            double z = y * 3;
            y = 2;
            return z + G(y) + [|G(z)|];
        }
        """)]
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(ReadOnlySpan<double> v)
        {
            double s = 0;
            double y = 1;
            for (int i = 0; i < v.Length; i++) { s += G(y) * v[i]; y = 2; }
            y = s;
            return s + [|G(y)|];
        }
        """)]
    // ... and through a loop: the y of the second iteration is varied, so G(y) in the loop needs a derivative.
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(ReadOnlySpan<double> v)
        {
            double s = 0;
            double y = 1;
            for (int i = 0; i < v.Length; i++) { s += [|G(y)|]; y = v[i]; }
            return s;
        }
        """)]
    public void OnlyCallsADerivativeReachesNeedOne(string members)
    {
        var (source, spans) = Markup.ParseAll("using System;\nusing SymDiff;\npublic static partial class C\n{\n" + members + "\n}\n");
        var run = GeneratorHarness.Run(source);
        Assert.Equal(spans.Select(s => ("SD0007", s)), run.Diagnostics.Select(d => (d.Id, d.Location.SourceSpan)));
    }

    /// <summary>With its value-bearing use gone, the same scalar method is accepted and its branch is right.</summary>
    [Fact]
    public void ScalarMethodWhoseHelperOnlyDecidesABranchIsAccepted()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                static double G(double x) => x * x;

                [Differentiable]
                public static double F(double x, double y)
                {
                    if (G(x) > 1) { y = 2 * y * x; }
                    return x * y;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 1.5, y = 0.4;
            """ + ChecksOfF + """
                    return errorsOfF;
                }
            }
            """);
        AssertClose(result, new double[7]);
    }

    /// <summary>Both paths, where the argument a call reads is varied in one place and constant in another.</summary>
    [Fact]
    public void CallsOfAReassignedLocalAreDifferentiatedWhereItIsVaried()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double G(double x) => Math.Sin(x) * x;

                [Differentiable]
                public static double F(double x, double y)
                {
                    double u = x;
                    double z = G(u) * y;
                    u = 2;
                    z += G(u) * y;
                    u = y;
                    return z + G(u);
                }

                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    double u = 0.5;
                    for (int i = 0; i < v.Length; i++) { s += G(u) * v[i]; u = v[i]; }
                    u = 3;
                    return s + G(u) * s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.7, y = -0.4;
            """ + ChecksOfF + ChecksOfH + """
                    return [.. errorsOfF, .. errorsOfH];
                }
            }
            """);
        AssertClose(result, new double[11]);
    }
}
