using System.Globalization;
using System.Text;

namespace SymDiff.GeneratorBenchmarks;

/// <summary>
/// A project's worth of realistic differentiable methods: 60 % scalar (losses, activations, small models with
/// branches and calls) and 40 % with loops over spans (dot products, log-sum-exp, a recurrence, a vector function),
/// spread over classes of 25 methods, each method with its own constants so nothing is shared by accident.
/// </summary>
internal static class Workload
{
    private static readonly Func<int, string>[] Scalar =
    [
        k => $"[Differentiable] public static double Loss{k}(double w, double b, [NoDerivative] double x, [NoDerivative] double y) {{ var z = w * x + b + {C(k)}; var s = 1 / (1 + Math.Exp(-z)); return -(y * Math.Log(s) + (1 - y) * Math.Log(1 - s)); }}",
        k => $"[Differentiable] public static double Act{k}(double z, [NoDerivative] double slope) => z > 0 ? z * {C(k)} : slope * z;",
        k => $"[Differentiable] public static double Huber{k}(double r, [NoDerivative] double d) {{ var a = Math.Abs(r); if (a <= d) return 0.5 * r * r; return d * (a - 0.5 * d) + {C(k)}; }}",
        k => $"[Differentiable] public static double Model{k}(double a, double b, double c, double d, double e) {{ var h = Math.Tanh(a * b + c); var g = Math.Sqrt(1 + d * d) * e; return h * g + Math.Sin(a * {C(k)}) - Math.Log(1 + e * e); }}",
        k => $"[Differentiable] public static float Gelu{k}(float x) => 0.5f * x * (1 + MathF.Tanh({C(k)}f * (x + 0.044715f * x * x * x)));",
        k => $"[Differentiable] public static double Chain{k}(double x, double y) => Square{k}(x * y + {C(k)}) * Math.Exp(-y * y);\n    [Differentiable] public static double Square{k}(double x) => x * x;",
    ];

    private static readonly Func<int, string>[] Loops =
    [
        k => $"[Differentiable] public static double Dot{k}(ReadOnlySpan<double> a, ReadOnlySpan<double> b) {{ double s = {C(k)}; for (int i = 0; i < a.Length; i++) {{ s += a[i] * b[i]; }} return s; }}",
        k => $"[Differentiable] public static double LogSumExp{k}(ReadOnlySpan<double> v) {{ double m = v[0]; for (int i = 1; i < v.Length; i++) {{ if (v[i] > m) m = v[i]; }} double s = 0; for (int i = 0; i < v.Length; i++) {{ s += Math.Exp(v[i] - m); }} return Math.Log(s) + m + {C(k)}; }}",
        k => $"[Differentiable] public static double Recurrence{k}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs) {{ double h = 0; for (int t = 0; t < xs.Length; t++) {{ h = Math.Tanh(w[0] * h + w[1] * xs[t] + {C(k)}); }} return h * h; }}",
        k => $"[Differentiable] public static void Affine{k}(ReadOnlySpan<double> x, double s, Span<double> y) {{ for (int i = 0; i < y.Length; i++) {{ y[i] = s * x[i] + {C(k)}; }} }}",
    ];

    private static string C(int k) => (0.5 + (k % 97) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// About <paramref name="methods"/> methods (a caller and its callee count as two) in classes of ~25, as one file;
    /// before each (a caller and its callee together), <paramref name="plainMembers"/> ordinary methods that SymDiff does
    /// not differentiate (a loop over <c>Math.Sin</c>): a file that is mostly other code.
    /// </summary>
    public static (string Source, int Methods, int ScalarMethods, int LoopMethods) Create(int methods, int plainMembers = 0)
    {
        var text = new StringBuilder("using System;\nusing SymDiff;\n\nnamespace Bench;\n");
        int scalar = 0, loops = 0, k = 0;
        while (scalar + loops < methods)
        {
            if (k % 25 == 0)
            {
                text.Append(k == 0 ? string.Empty : "}\n").Append(CultureInfo.InvariantCulture, $"\npublic static partial class Models{k / 25}\n{{\n");
            }

            for (var q = 0; q < plainMembers; q++)
            {
                text.Append(CultureInfo.InvariantCulture, $"    public static double Plain{k}_{q}(double x) {{ double s = 0; for (int i = 0; i < 10; i++) {{ s += Math.Sin(x * i) / (1 + i); }} return s * x; }}\n");
            }

            var useScalar = k % 5 < 3;
            var member = useScalar ? Scalar[k % Scalar.Length](k) : Loops[k % Loops.Length](k);
            text.Append("    ").Append(member).Append('\n');
            var count = member.Split(["[Differentiable]"], StringSplitOptions.None).Length - 1;
            if (useScalar)
            {
                scalar += count;
            }
            else
            {
                loops += count;
            }

            k++;
        }

        text.Append("}\n");
        return (text.ToString(), scalar + loops, scalar, loops);
    }
}
