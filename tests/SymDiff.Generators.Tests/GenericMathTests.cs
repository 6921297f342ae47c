using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The generic-math statics of <c>double</c> and <c>float</c> (<c>double.Exp</c>, <c>float.Sqrt</c>, …) are the
/// functions of <c>Math</c>/<c>MathF</c> under another name, and are differentiated as such on every path.
/// </summary>
public sealed class GenericMathTests
{
    /// <summary>Every supported function, written on <c>{0}</c> (double) and <c>{1}</c> (float).</summary>
    private const string Functions = """
        public static partial class P
        {
            [Differentiable]
            public static double F(double x, double y)
            {
                double r = {0}.Exp(x) * {0}.Sin(y) + {0}.Log(x) + {0}.Log(y, 3) + {0}.Log2(x) + {0}.Log10(y) + {0}.Sqrt(x) + {0}.Cbrt(y);
                r += {0}.Pow(x, y) + {0}.Cos(x) * {0}.Tan(y) + {0}.Asin(x / 2) + {0}.Acos(y / 3) + {0}.Atan(x) + {0}.Atan2(y, x);
                r += {0}.Sinh(x) + {0}.Cosh(y) + {0}.Tanh(x * y) + {0}.Abs(x - y) + {0}.Max(x, y) + {0}.Min(x, 2 * y);
                r += {0}.Clamp(x * y, 0, 1) + {0}.FusedMultiplyAdd(x, y, x);
                return r + {0}.Floor(x) + {0}.Ceiling(y) + {0}.Round(x) + {0}.Truncate(y) + {0}.Sign(y);
            }

            [Differentiable(Batch = true)]
            public static float G(float z, [NoDerivative] float k) => {1}.Max(k * z, z) / (1 + {1}.Exp(-z)) + {1}.Sqrt({1}.Abs(z) + 1) + {1}.Tanh(z) + {1}.Log(z * z + 1, 2);

            [Differentiable]
            public static double H(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) { s += {0}.Exp(v[i]) * {0}.Cos(v[i]) + {0}.Pow(v[i] * v[i] + 1, 1.5); }
                return s;
            }

            [Differentiable]
            public static void V(ReadOnlySpan<float> x, Span<float> y)
            {
                for (int i = 0; i < x.Length; i++) { y[i] = {1}.Sin(x[i]) * {1}.Atan(x[i]); }
            }
        }
        """;

    [Fact]
    public void DoubleAndFloatStaticsGenerateWhatMathAndMathFDo()
    {
        const string Usings = "using System;\nusing SymDiff;\n";
        var generic = GeneratorHarness.Run(TestOptions.AllKernels, Usings + Functions.Replace("{0}", "double").Replace("{1}", "float"));
        var math = GeneratorHarness.Run(TestOptions.AllKernels, Usings + Functions.Replace("{0}", "Math").Replace("{1}", "MathF"));

        Assert.Empty(generic.Diagnostics);
        Assert.Empty(generic.CompilationDiagnostics);
        Assert.Empty(math.Diagnostics);
        Assert.Equal(math.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal), generic.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Contains("P.G.Batch.g.cs", generic.Sources.Keys);
        Assert.All(math.Sources, source => Assert.Equal(source.Value, generic.Sources[source.Key]));
    }

    [Fact]
    public void DoubleStaticsHaveTheDerivativesOfFiniteDifferences()
    {
        var result = Execution.RunDriver(Prelude + Functions.Replace("{0}", "double").Replace("{1}", "float") + """

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.7, y = 1.3;
            """ + ChecksOfF + ChecksOfH + """
                    return [.. errorsOfF, .. errorsOfH, fdX, fdY];
                }
            }
            """);

        // The last two are the derivatives themselves: both non-zero, so the differences above compare something.
        AssertClose(result[..^2], new double[result.Length - 2]);
        Assert.All(result[^2..], d => Assert.True(Math.Abs(d) > 0.1, $"derivative {d}"));
    }
}
