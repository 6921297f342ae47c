using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A value assigned to a local and overwritten before anything reads it is never computed (<c>Model/DeadStores.cs</c>):
/// the generated members do not compute it, the local is active only through the values that are read, and the
/// derivatives are those of the program without it. In a Hessian's tangent program the overwritten value's tangent was
/// the only one with a derivative once the tangents are held fixed, and the H·t pullback declared its adjoint and only
/// ever cleared it (CS0219; fuzzer seed 1190058, in <see cref="GeneratedCodeWarningsTests"/>).
/// </summary>
public sealed class OverwrittenStoreTests
{
    private const string Programs = """
        public static partial class P
        {
            [Differentiable(Hessian = true)]
            public static double Overwritten(double x, double y, [NoDerivative] ReadOnlySpan<double> w)
            {
                double t = Math.Sinh(x) * y;
                t = x * y;
                double s = Math.Exp(0.5 * t);
                if (s > 1.0)
                {
                    t = Math.Cosh(y);
                    t = s * 0.5;
                }

                for (int i = 0; i < w.Length; i++)
                {
                    double u = Math.Sinh(w[i] * s);
                    u = w[i] * x;
                    s += u * t;
                }

                return s;
            }
        }

        """;

    [Fact]
    public void AnOverwrittenValueIsNotComputed()
    {
        var run = GeneratorHarness.Run("using System;\nusing SymDiff;\n" + Programs);
        Assert.Empty(run.CompilationDiagnostics);
        foreach (var member in new[] { "OverwrittenGradient", "OverwrittenPullback", "OverwrittenPushforward", "OverwrittenHessian" })
        {
            var body = run.Member("P.Overwritten", member);
            Assert.DoesNotContain("Sinh", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Cosh", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DerivativesAreThoseOfTheValuesRead()
    {
        var result = Execution.RunDriver(Prelude + Programs + """
            public static class Driver
            {
                private static readonly double[] W = { 0.3, -0.2, 0.5 };

                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    // x·y below 0 and above it: s = e^(t/2) on both sides of 1.
                    foreach (var z in new[] { new[] { 0.7, -0.4 }, new[] { 0.9, 0.8 } })
                    {
                        var g = Gradient(z);
                        var (value, tangent) = P.OverwrittenPushforward(z[0], z[1], W, 0.6, -1.1);
                        errors.Add(value - P.Overwritten(z[0], z[1], W));
                        errors.Add(tangent - (0.6 * g[0] - 1.1 * g[1]));
                        var hessian = new double[4];
                        P.OverwrittenHessian(z[0], z[1], W, hessian);
                        for (int c = 0; c < 2; c++)
                        {
                            errors.Add(g[c] - Fd.D(a => P.Overwritten(a[0], a[1], W), z, c));
                            for (int r = 0; r < 2; r++)
                            {
                                errors.Add(hessian[r * 2 + c] - Fd.D(a => Gradient(a)[r], z, c));
                            }
                        }
                    }

                    return errors.ToArray();
                }

                private static double[] Gradient(double[] z)
                {
                    P.OverwrittenGradient(z[0], z[1], W, out var dX, out var dY);
                    return new[] { dX, dY };
                }
            }
            """);

        AssertClose(result, new double[result.Length]);
    }
}
