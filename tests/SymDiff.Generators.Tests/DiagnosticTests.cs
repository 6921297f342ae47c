using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>Every rejection: its ID, its exact location, and a message that names the problem.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("SD0001", "public static class [|NotPartial|] { [Differentiable] public static double F(double x) => x; }", "not partial")]
    [InlineData("SD0002", "public partial class C { [Differentiable] public double [|F|](double x) => x; }", "not static")]
    [InlineData("SD0003", "public static partial class C { [Differentiable] public static [|int|] F(double x) => (int)x; }", "returns 'int'")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F(ref double [|x|]) => x; }", "'ref' parameters")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F(in double [|x|], double y) => x * y; }", "'in' parameters are not supported; remove 'in' and take the value itself")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F(double x, params double[] [|y|]) => x * y[0]; }", "remove 'params' and take the array or span itself (callers then pass one: new[] { a, b } or [a, b])")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F([|System.Collections.Generic.List<double>|] xs) { double s = 0; foreach (var x in xs) { s += x * x; } return s; } }", "'List<double>' is not a supported input type: it is a collection, and SymDiff reads numbers only from spans, one-dimensional arrays and two-dimensional arrays (T[,]). Declare 'xs' as ReadOnlySpan<double> (pass a List<double> as CollectionsMarshal.AsSpan(list)")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static float F(float k, [|System.Collections.Generic.IEnumerable<float>|] xs) => k * System.Linq.Enumerable.Sum(xs); }", "Declare 'xs' as ReadOnlySpan<float>")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F([NoDerivative] [|System.Collections.Generic.IReadOnlyList<double>|] w, double b) { double s = b; for (int i = 0; i < w.Count; i++) { s += w[i] * b; } return s; } }", "'IReadOnlyList<double>' is not a supported input type")]
    [InlineData("SD0004", "public static partial class C { static double Mean(System.Collections.Generic.IList<double> v) => v[0]; [Differentiable] public static double F([|System.Collections.Generic.IList<double>|] v) => Mean(v) * 2; }", "Declare 'v' as ReadOnlySpan<double>")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F([|double[,,]|] m) => m[0, 1, 0] * m[1, 0, 1]; }", "'double[,,]' is not a supported input type: it is an array of more than two dimensions, and SymDiff reads numbers only from spans, one-dimensional arrays and two-dimensional arrays (T[,]). Declare 'm' as ReadOnlySpan<double>; keep the numbers in a double[,] or in one array indexed as m[(i * rows + j) * columns + k]")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F([|double[][]|] m) => m[0][1] * m[1][0]; }", "it is a jagged array")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { double[,] [|b = new double[2, 2]|]; b[0, 1] = x; return b[0, 1] * x; } }", "local 'b' is a two-dimensional array; only parameters may be two-dimensional")]
    [InlineData("SD0006", "public static partial class C { static readonly double[,] T = { { 1, 2 }, { 3, 4 } }; [Differentiable] public static double F(double x) => x * [|T|][1, 0]; }", "a two-dimensional static table is not read as constant data")]
    [InlineData("SD0006", "public static partial class C { [Differentiable] public static double F(double[,] m, int d) { double s = 0; for (int i = 0; i < [|m.GetLength(d)|]; i++) { s += m[i, i]; } return s; } }", "the dimension of a two-dimensional array must be the constant 0 (its rows) or 1 (its columns)")]
    [InlineData("SD0017", "public static partial class C { [Differentiable] public static double F(double[,] m, double x) { [|m[0, 1]|] = x; return m[0, 1] * x; } }", "'F' writes to 'm', which is an input")]
    [InlineData("SD0004", "public static partial class C { [Differentiable] public static double F([|ReadOnlyMemory<double>|] v) => v.Span[0]; }", "pass memory.Span")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { [|try|] { x *= 2; } finally { } return x; } }", "'try' statement")]
    [InlineData("SD0005", "public static partial class C { static (double, double) Pair(double x) => (x, x); [Differentiable] public static double F(double x) { [|var (a, b) = Pair(x)|]; return a * b; } }", "only from a tuple literal into scalar variables")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { (double, double) [|p = (x, x)|]; return p.Item1; } }", "locals must be double, float, int or bool")]
    [InlineData("SD0005", "public static partial class C { static double k = 2; [Differentiable] public static double F(double x) { ref double [|r = ref k|]; return r * x; } }", "ref local 'r' must alias an element of a span or buffer")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { double k = 2; return Scaled(x); [|double|] Scaled(double v) => k * v; } }", "local function 'Scaled' is not differentiated: it is not static")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { Span<double> b = stackalloc double[1]; Add(ref b); return x * b[0]; [|static|] void Add(ref Span<double> v) { v[0] += 1; } } }", "it takes a span by reference")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { return A(x); static double A(double v) => v > 1 ? B(v / 2) : v; static double B(double v) => [|A(v)|] * v; } }", "calls itself through another")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { [|lock|] (typeof(C)) { x *= 2; } return x; } }", "'lock' statement")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x, int k) { switch (k) { case 0: x *= 2; [|goto|] default; default: return x; } } }", "'goto' statement")]
    [InlineData("SD0006", "public static partial class C { static double k = 2; [Differentiable] public static double F(double x) => x * [|k|]; }", "[NoDerivative] parameter")]
    [InlineData("SD0006", "file static class T { public static readonly double[] W = { 1.0 }; } public static partial class C { [Differentiable] public static double F(double x) => x * [|T.W|][0]; }", "'T' is file-local")]
    [InlineData("SD0006", "public static partial class C { [Differentiable] public static double F(double x) { System.Func<double, double> f = [|v => v * x|]; return x; } }", "lambdas")]
    [InlineData("SD0007", "public static partial class C { static double G(double x) => x * x; [Differentiable] public static double F(double x) => [|G(x)|] + 1; }", "'G'")]
    [InlineData("SD0007", "public static partial class C { [Differentiable] public static double F(double x) => 1 + [|double.Exp10(x)|]; }", "'double.Exp10' is declared in a referenced assembly, not in this project, so it cannot be marked [Differentiable]: write double.Exp10(x) as Math.Pow(10, x), which SymDiff differentiates")]
    [InlineData("SD0007", "public static partial class C { [Differentiable] public static float F(float x) => [|MathF.ReciprocalSqrtEstimate(x)|] * x; }", "write MathF.ReciprocalSqrtEstimate(x) as 1 / MathF.Sqrt(x)")]
    [InlineData("SD0007", "public static partial class C { [Differentiable] public static float F(float x) => [|float.SinPi(x)|]; }", "write float.SinPi(x) as MathF.Sin(MathF.PI * x)")]
    [InlineData("SD0007", "public static partial class C { [Differentiable] public static double F(double x) => [|Math.Round(x, 2)|]; }", "'Math.Round' is declared in a referenced assembly, not in this project, so it cannot be marked [Differentiable]: supply its derivative with [DerivativeOf(typeof(Math), nameof(Math.Round))]")]
    [InlineData("SD0007", "public static class Other { public static double G(double x) => x * x; } public static partial class C { [Differentiable] public static double F(double x) => [|Other.G(x)|]; }", "Mark 'G' [Differentiable], supply its derivative with [DerivativeOf(typeof(Other), nameof(Other.G))]")]
    [InlineData("SD0006", "public static partial class C { [Differentiable] public static double F(double x) => [|Math.ILogB(x)|] * x; }", "'Math.ILogB' has no derivative rule in SymDiff")]
    [InlineData("SD0008", "public static partial class C { [Differentiable] public static double F(double x) => x > 1 ? [|F(x / 2)|] : x; }", "calls itself")]
    [InlineData("SD0009", "public static partial class C { [Differentiable] public static double [|F|](double x, [NoDerivative] double y) => y * 2; }", "identically zero")]
    [InlineData("SD0010", "public static partial class C { static double G(double x) => x; [DerivativeOf(nameof(G))] static double [|GPullback|](double x, ref double dX) => x; }", "pullback")]
    [InlineData("SD0011", "public static partial class C { [DerivativeOf(\"Missing\")] static double [|MissingPullback|](double x, double seed, ref double dX) => x; }", "'Missing'")]
    [InlineData("SD0015", "public static partial class C { [Differentiable] public static double F(System.ReadOnlySpan<double> v, double x) => v[[|(int)x|]]; }", "floating-point")]
    [InlineData("SD0016", "public static partial class C { static double[] Make() => new double[2]; [Differentiable] public static double F(System.ReadOnlySpan<double> v) { System.ReadOnlySpan<double> b = [|Make()|]; return b[0] * v[0]; } }", "spans come from parameters, local buffers and views of them")]
    [InlineData("SD0016", "public static partial class C { [Differentiable] public static double F(System.ReadOnlySpan<double> v) { var b = [|v.ToArray()|]; return b[0]; } }", "ToArray copies the span")]
    [InlineData("SD0016", "public static partial class C { [Differentiable] public static double F(double[] v) { double[] b = new double[3]; var w = b[1..]; [|w[0]|] = v[0]; return w[0] * b[1]; } }", "it is a range of an array, which C# copies")]
    [InlineData("SD0016", "public static partial class C { [Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) { System.Span<double> [|t = stackalloc double[i + 1]|]; t[0] = x; s += t[0]; } return s; } }", "its length cannot read what the loop assigns")]
    [InlineData("SD0017", "public static partial class C { [Differentiable] public static double F(double[] v) { [|v[0]|] = 1; return v[0] * v[1]; } }", "is an input")]
    [InlineData("SD0012", "public static partial class C { [Differentiable] public static double F[|<T>|](double x) => x; }", "generic")]
    [InlineData("SD0018", "public static partial class C { [Differentiable][[|Checkpoint|]] public static double F(double x) => x * x; }", "no loop")]
    [InlineData("SD0018", "public static partial class C { [Differentiable][[|Checkpoint(Every = 4)|]] public static double F(ReadOnlySpan<double> v) => v[0] * v[1]; }", "has no effect")]
    [InlineData("SD0019", "public static partial class C { [Differentiable][[|Checkpoint(Every = -2)|]] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; } }", "Every = -2")]
    public void RejectsWithIdAndLocation(string id, string markup, string messageFragment)
    {
        var (source, span) = Markup.Parse("using System;\nusing SymDiff;\n" + markup);
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains(messageFragment, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith(id + ".md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SD0015", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[[|(int)(v[i] * 3)|]]; } return s; }", "'(int)(v[i] * 3)' in 'F' is computed from a floating-point value")]
    [InlineData("SD0015", "[Differentiable] public static double F(double[] v, double x) { double s = 0; foreach (var e in v) { s += e * v[[|v.Length - 1 - (int)x|]]; } return s; }", "floating-point")]
    [InlineData("SD0016", "[Differentiable] public static double F(ReadOnlySpan<double> v) { Span<double> t = stackalloc double[2]; for (int i = 0; i < v.Length; i++) { [|t = stackalloc double[3]|]; t[0] = v[i]; } return t[0]; }", "'t' in 'F': a span or array variable cannot be reassigned")]
    [InlineData("SD0016", "[Differentiable] public static double F(ReadOnlySpan<double> v, ReadOnlySpan<double> w) { ReadOnlySpan<double> t = stackalloc double[2]; for (int i = 0; i < 2; i++) { [|t = w|]; } return t[0] * v[0]; }", "cannot be reassigned")]
    [InlineData("SD0016", "[Differentiable] public static double F(ReadOnlySpan<double> v, double x) { Span<double> t = [[|.. v|], x]; double s = 0; for (int i = 0; i < t.Length; i++) { s += t[i]; } return s; }", "a spread copies another collection")]
    [InlineData("SD0016", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { double[] [|prefix = new double[i + 1]|]; prefix[i] = v[i]; s += prefix[i] * s; } return s; }", "its length cannot read what the loop assigns")]
    [InlineData("SD0016", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { double[] [|t = new double[(int)Scale(v[0]) + 2]|]; t[0] = v[i]; s += t[0]; } return s; } [Differentiable] public static double Scale(double x) => 2 * x;", "cannot call methods")]
    [InlineData("SD0017", "[Differentiable] public static double F(double[] v) { for (int i = 0; i < v.Length; i++) { [|v[i]|] *= 2; } return v[0]; }", "'F' writes to 'v', which is an input")]
    [InlineData("SD0017", "[Differentiable] public static double F(double[] v) { for (int i = 0; i < v.Length; i++) { [|v[i]|]++; } return v[0]; }", "which is an input")]
    [InlineData("SD0017", "[Differentiable] public static double F(double[] v) { double s = 0; for (int i = 0; i < 2; i++) { s += [|Work(v)|]; } return s; } [Differentiable] public static double Work(Span<double> work) { work[0] = work[0] * 2; return work[0]; }", "'F' writes to 'v', which is an input")]
    [InlineData("SD0017", "[Differentiable] public static void F(double[] v, Span<double> y) { for (int i = 0; i < v.Length; i++) { y[i] = v[i]; [|Scale(v)|]; } } [Differentiable] public static void Scale(Span<double> y) { y[0] = y[0] * 2; }", "which is an input")]
    [InlineData("SD0025", "[Differentiable] public static double Scale(double x, [NoDerivative] double k) => k * x; [Differentiable] public static double F(double x) => [|Scale(x, x * x)|];", "parameter 'k' is [NoDerivative]")]
    [InlineData("SD0025", "[Differentiable] public static double Scale(double x, [NoDerivative] double k) => k * x; [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += [|Scale(v[i], v[0])|]; } return s; }", "'F' passes a value")]
    [InlineData("SD0023", "[Differentiable] public static double F(Span<double> [|v|]) { v[0] *= 2; return v[0] * v[1]; }", "'F' may read 'v' before writing it")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { double s = 0; for (int i = 0; i < x.Length; i++) { w[i] = x[i]; } for (int i = 0; i < x.Length; i++) { s += w[i]; } return s; }", "is an output")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { double s = 0; for (int i = 0; i < x.Length; i++) { if (x[i] > 0) { w[i] = x[i]; } s += w[i] * x[i]; } return s; }", "local buffer")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { for (int i = 1; i < w.Length; i++) { w[i] = x[i]; } return w[0] * x[0]; }", "is an output")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { for (int i = 0; i < w.Length; i++) { if (x[i] > 0) { w[i] = x[i]; } } return w[0] * x[0]; }", "is an output")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { for (int i = 0; i < w.Length; i++) { w[i] = x[i]; if (x[i] > 0) { break; } } return w[1] * x[0]; }", "is an output")]
    [InlineData("SD0023", "[Differentiable] public static double F(ReadOnlySpan<double> x, Span<double> [|w|]) { for (int i = 0; i < w.Length; i++) { w[i] = x[i]; if (x[i] > 0) { return x[i]; } } return w[1] * x[0]; }", "is an output")]
    [InlineData("SD0005", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { switch (i) { case 0: if (v[i] > 0) { [|break;|] } s += v[i]; break; default: s -= v[i]; break; } } return s; }", "a break that leaves a switch section before its end")]
    [InlineData("SD0006", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { switch (v[i]) { case [|> 0 and var t|]: s += t; break; default: s -= v[i]; break; } } return s; }", "declarations inside and/or/not, are not supported")]
    [InlineData("SD0006", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += [|(i % 2) switch { 0 => v[i], 1 => -v[i] }|]; } return s; }", "end the switch expression with a '_ => …' arm")]
    [InlineData("SD0005", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; foreach (var x in v) { [|try|] { s += x; } finally { } } return s; }", "'try' statement")]
    [InlineData("SD0005", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; int i = 0; while (i < v.Length) { [|lock|] (typeof(C)) { s += v[i]; } i++; } return s; }", "'lock' statement")]
    [InlineData("SD0006", "[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; int i = 0; while ([|i < v.Length && Sq(v[i]) < 4|]) { s += v[i]; i++; } return s; } [Differentiable(Inline = false)] public static double Sq(double x) => x * x;", "a loop condition is evaluated on every iteration")]
    public void RejectsInLoopBodiesWithIdAndLocation(string id, string members, string messageFragment) =>
        RejectsWithIdAndLocation(id, "public static partial class C { " + members + " }", messageFragment);

    /// <summary>
    /// Helpers inlined at their calls (ref/out parameters, span writes): what they cannot do is reported at the call in
    /// the differentiable method, naming the helper. And limits, each said precisely: a call in a loop condition, a write
    /// into static readonly data (which is read as constant data), an instance field, a static field of another type.
    /// </summary>
    [Theory]
    [InlineData("SD0006", "static double total; static void Add(ref double s, double v) { s += v; } [Differentiable] public static double F(double x) { Add([|ref total|], x); return x * x; }", "the argument for 's' of 'Add' must be a scalar local or parameter, or an element")]
    [InlineData("SD0005", "static void Repeat(ref double s, int n) { if (n > 0) { s *= 1.5; Repeat(ref s, n - 1); } } [Differentiable] public static double F(double x) { double s = x; [|Repeat(ref s, 3)|]; return s; }", "method 'Repeat' calls itself")]
    [InlineData("SD0006", "static void Stamp(ref double s) { s += Environment.ProcessorCount; } [Differentiable] public static double F(double x) { double s = x; [|Stamp(ref s)|]; return s * x; }", "(in 'Stamp', which SymDiff inlines at this call)")]
    [InlineData("SD0006", "static void Fill(Span<double> y, params double[] values) { y[0] = values[0]; } [Differentiable] public static double F(double x) { Span<double> b = stackalloc double[1]; [|Fill(b, x)|]; return b[0]; }", "parameter 'values' of 'Fill'")]
    [InlineData("SD0006", "[Differentiable(Inline = false)] public static double Step(double t) => t * 0.5; [Differentiable] public static double F(double x, [NoDerivative] int n) { double t = x, s = 0; int k = 0; while ([|k < n && Step(t) > 0.01|]) { t = Step(t); s += t; k++; } return s; }", "a loop condition is evaluated on every iteration, so it cannot call methods")]
    [InlineData("SD0017", "static readonly double[] Table = { 0.5, 1.25 }; [Differentiable] public static double F(double x) { [|Table[0]|] = x; return Table[1] * x; }", "writes to 'C.Table', which is an input")]
    [InlineData("SD0006", "public sealed class Box { public double V = 1; } static readonly Box B = new(); [Differentiable] public static double F(double x) => x * [|B.V|];", "reads only its parameters, locals, constants and static readonly data")]
    [InlineData("SD0006", "static readonly decimal[] Prices = { 1m }; [Differentiable] public static double F(double x) => x * (double)[|Prices|][0];", "holds a number or an array of numbers")]
    public void RejectsHelperBodiesAtTheCallAndSaysWhatToWrite(string id, string members, string messageFragment) =>
        RejectsWithIdAndLocation(id, "public static partial class C { " + members + " }", messageFragment);

    [Fact]
    public void RejectsGotoAndItsLabelInALoop()
    {
        const string Source = "using System; using SymDiff; public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { if (v[i] > 1) goto done; s += v[i]; } done: return s; } }";
        var run = GeneratorHarness.Run(Source);
        Assert.All(run.Diagnostics, d => Assert.Equal("SD0005", d.Id));
        Assert.Equal(
            new[] { Source.IndexOf("goto", StringComparison.Ordinal), Source.IndexOf("done:", StringComparison.Ordinal) },
            run.Diagnostics.Select(d => d.Location.SourceSpan.Start).OrderBy(s => s));
        Assert.Contains(run.Diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'goto' statement", StringComparison.Ordinal));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("SD0006", "[Differentiable] public static double F(double x) { Func<double, double> f = [|v => v * x|]; return f(x) + f(2 * x); }", "lambdas")]
    [InlineData("SD0006", "[Differentiable] public static double F(double x) { var f = [|(double v) => v * v|]; double y = f(x); return y * x; }", "lambdas")]
    [InlineData("SD0006", "[Differentiable] public static double F(double x) { Func<double, double> f = [|Math.Exp|]; return f(x); }", "static [Differentiable] method")]
    [InlineData("SD0012", "[Differentiable] public static T F[|<T>|](T x) where T : System.Numerics.INumber<T> => x * x;", "generic")]
    [InlineData("SD0012", "[Differentiable] public static T F[|<T>|](T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> { T s = x * y; return T.Exp(s) + (T)Convert.ChangeType(1.0, typeof(T)); }", "generic")]
    [InlineData("SD0012", "[Differentiable] public static double F[|<T>|](double x, T[] data) where T : System.Numerics.INumber<T> => x * double.CreateChecked(data[0]);", "generic")]
    public void OneLambdaOrGenericMethodIsOneDiagnostic(string id, string members, string messageFragment)
    {
        var (source, span) = Markup.Parse("using System;\nusing SymDiff;\npublic static partial class C { " + members + " }");
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal((id, span), (diagnostic.Id, diagnostic.Location.SourceSpan));
        Assert.Contains(messageFragment, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ACollectionParameterIsOneProblemHoweverOftenItIsRead()
    {
        var (source, span) = Markup.Parse("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using SymDiff;
            public static partial class C
            {
                [Differentiable]
                public static double F([|List<double>|] xs, double k)
                {
                    double s = xs[0] * k + xs.Count + xs.Sum();
                    foreach (var x in xs) { s += x * k; }
                    for (int i = 0; i < xs.Count; i++) { s += Math.Exp(xs[i]); }
                    return s;
                }
            }
            """);
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("SD0004", span), (diagnostic.Id, diagnostic.Location.SourceSpan));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void RejectedMethodsGenerateNothing()
    {
        var run = GeneratorHarness.Run("using SymDiff; public static partial class C { [Differentiable] public static double F(double x) { try { x /= 2; } finally { } return x; } }");
        Assert.Contains(run.Diagnostics, d => d.Id == "SD0005" && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ReportsEveryUnsupportedNodeAtOnce()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            public static partial class C
            {
                static double k = 2;
                [Differentiable]
                public static double F(double x)
                {
                    try { } finally { }
                    return x * k;
                }
            }
            """);
        Assert.Equal(new[] { "SD0005", "SD0006" }, run.Diagnostics.Select(d => d.Id).OrderBy(i => i));
    }

    [Theory]
    // Scalar path, rejected by the fence: every call without a derivative is reported with the rest; G(3) needs none,
    // and neither does G(a), whose value only decides a condition (the same rule as on the loop path).
    [InlineData("""
        static double k = 2;
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(double x)
        {
            [|try|] { } finally { }
            double a = [|G(x)|] * [|k|] + G(3);
            if (G(a) > 0) { a += 1; }
            return a + [|G(2 * x)|] + [|double.Exp10(x)|];
        }
        """, "SD0005 SD0007 SD0006 SD0007 SD0007")]
    // Loop path, rejected by the fence: a call whose value only decides a condition needs no derivative.
    [InlineData("""
        static double k = 2;
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(ReadOnlySpan<double> v)
        {
            double s = 0;
            for (int i = 0; i < v.Length; i++) { s += [|G(v[i])|] * [|k|]; if (G(v[i]) > 0) { s += 1; } }
            return s;
        }
        """, "SD0007 SD0006")]
    // Loop path, rejected by lowering: the same, from the lowered analysis.
    [InlineData("""
        static double G(double x) => x * x;
        [Differentiable]
        public static double F(ReadOnlySpan<double> v)
        {
            ReadOnlySpan<double> alias = [|Make()|];
            double s = 0;
            for (int i = 0; i < v.Length; i++) { s += [|G(v[i])|]; if (G(alias[i]) > 0) { s += 1; } }
            return s;
        }
        static double[] Make() => new double[4];
        """, "SD0016 SD0007")]
    public void ReportsEveryCallWithoutADerivativeWithTheOtherProblems(string members, string ids)
    {
        var (source, spans) = Markup.ParseAll("using System;\nusing SymDiff;\npublic static partial class C\n{\n" + members + "\n}\n");
        var run = GeneratorHarness.Run(source);
        var expected = ids.Split(' ').Zip(spans, (id, span) => (id, span));
        Assert.Equal(expected, run.Diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(d => d.SourceSpan.Start));
    }

    [Fact]
    public void ReportsEveryLoopProblemAtOnce()
    {
        var (source, spans) = Markup.ParseAll("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable]
                public static double F(double[] v, double x)
                {
                    ReadOnlySpan<double> alias = v;
                    Span<double> b = stackalloc double[2];
                    double s = alias[0];
                    for (int i = 0; i < v.Length; i++)
                    {
                        double[] [|t = new double[i + 2]|];
                        t[0] = v[i];
                        s += t[0] * v[[|(int)(x * 2)|]];
                        [|v[i]|] = s;
                        Fill(b, s);
                    }

                    return s + b[0];
                }

                [Differentiable]
                public static void Fill(Span<double> y, double c)
                {
                    for (int k = 0; k < y.Length; k++) { y[k] = c; }
                }
            }
            """);
        var run = GeneratorHarness.Run(source);
        var expected = new[] { "SD0016", "SD0015", "SD0017" }.Zip(spans, (id, span) => (id, span));
        Assert.Equal(expected, run.Diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(d => d.SourceSpan.Start));
        Assert.Contains(run.Diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("its length cannot read what the loop assigns", StringComparison.Ordinal));
        Assert.All(run.Sources.Keys, hint => Assert.StartsWith("C.Fill", hint, StringComparison.Ordinal));
    }

    [Fact]
    public void SupportedCorpusHasNoDiagnosticsAndCompiles()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, """
            using System;
            using SymDiff;
            namespace Corpus;
            public static partial class Seeds
            {
                [Differentiable] public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
                [Differentiable] public static double Tanh(double z) => Math.Tanh(z);
                [Differentiable] public static double Relu(double z) => Math.Max(0, z);
                [Differentiable] public static double Leaky(double z, [NoDerivative] double k) => Math.Max(z, k * z);
                [Differentiable] public static double HardTanh(double z) => Math.Clamp(z, -1, 1);
                [Differentiable] public static double Cube(double x) => Math.Pow(x * x + 1, 3);
                [Differentiable] public static double LnAx(double x, [NoDerivative] double a) => Math.Log(a * x);
                [Differentiable] public static double Graph(double x, double y, double z) => (x + y) * Math.Max(y, z);
                [Differentiable] public static double Everything(double x, double y)
                {
                    double r = Math.Exp(x) + Math.Log(y) + Math.Log(y, 3) + Math.Log2(y) + Math.Log10(y) + Math.Sqrt(y) + Math.Cbrt(x);
                    r += Math.Sin(x) * Math.Cos(y) - Math.Tan(x) + Math.Asin(x / 4) + Math.Acos(x / 4) + Math.Atan(y) + Math.Atan2(y, x);
                    r *= Math.Sinh(x) + Math.Cosh(y) + Math.Tanh(x) + Math.Abs(x - y) + Math.Min(x, y) + Math.Pow(x, y);
                    if (double.IsNaN(r) || !double.IsFinite(r)) { return 0; }
                    return r + Math.Floor(x) + Math.Ceiling(y) + Math.Round(x) + Math.Sign(y) + Math.Truncate(x) + (float)x + (int)y;
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(9, run.Sources.Keys.Count(hint => !hint.EndsWith(".Batch.g.cs", StringComparison.Ordinal)));
        Assert.Equal(9, run.Sources.Keys.Count(hint => hint.EndsWith(".Batch.g.cs", StringComparison.Ordinal)));
    }
}
