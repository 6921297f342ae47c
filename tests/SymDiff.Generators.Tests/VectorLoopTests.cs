using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// SIMD loops in generated members (<c>Emit/VectorLoop.cs</c>, <c>DerivativePrinter.Vector.cs</c>): which innermost loops
/// run on <c>Vector256</c> registers, which stay as written and why, and that the vector loop computes what the scalar
/// loop does at every length (the remainder loop, both directions, a second counter, sums, float), and throws where it
/// throws (an index out of range is left to the scalar loop).
/// </summary>
public class VectorLoopTests
{
    /// <summary>ADBench GMM's triangular product: a second counter (l) moves with j, in both sweeps.</summary>
    private const string Triangular = """
        using System;
        using SymDiff;
        public static partial class T
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> lower, [NoDerivative] int d)
            {
                Span<double> y = new double[d];
                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    double xi = x[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        y[j] += lower[l] * xi;
                        l += 1;
                    }
                }

                double s = 0;
                for (int j = 0; j < d; j++)
                {
                    s += y[j] * y[j] + x[j];
                }

                return s;
            }
        }
        """;

    [Fact]
    public void TheTriangularProductRunsOnVectorsInBothSweeps()
    {
        var run = GeneratorHarness.Run(Triangular);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = Member(run.Sources.Values.Single(), "public static double FPullback(");

        // Forward: y[j] += lower[l] * xi, l stepping with j. Reverse: the same elements, and dXi summed per lane.
        Assert.Contains("global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref yRef, (nuint)jLocal) + global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref lowerRef, (nuint)lLocal) * xiLocalV, ref yRef, (nuint)jLocal);", pullback, StringComparison.Ordinal);
        Assert.Matches(@"dXiLocalLanes \+= ", pullback);
        Assert.Contains("dXiLocal += global::System.Runtime.Intrinsics.Vector256.Sum(dXiLocalLanes);", pullback, StringComparison.Ordinal);

        // The reverse loop steps l before it reads it: its register of elements starts 4 below.
        Assert.Contains("(nuint)(lLocal - 4)", pullback, StringComparison.Ordinal);

        // Checked once per loop: the first and last index of every moving element. That the written adjoint and the
        // input it reads share no memory is checked once, on entry (an ArgumentException), not before every loop; the
        // local buffer y shares memory with nothing.
        Assert.Contains("(uint)(lLocal - vectorTrips) < (uint)dLower.Length", pullback, StringComparison.Ordinal);
        Assert.Contains("global::SymDiff.GeneratedChecks.NoOverlap(global::System.MemoryExtensions.Overlaps<double>(dLower, lower)", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("!global::System.MemoryExtensions.Overlaps", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenSpansTheEntryDidNotCheckApartAreCheckedBeforeTheVectorLoop()
    {
        // dA and dB are both written and may be one buffer (the entry checks outputs against inputs only): the vector
        // loop runs when they share no memory, the loop as written otherwise.
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class V
            {
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
                    return s;
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = Member(run.Sources.Values.Single(), "public static double DotPullback(");
        Assert.Contains("&& !global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<double>)dA, (global::System.ReadOnlySpan<double>)dB))", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("Overlaps((global::System.ReadOnlySpan<double>)dA, (global::System.ReadOnlySpan<double>)a)", pullback, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTriangularGradientMatchesTheScalarReferenceAtEveryLength()
    {
        // d from 0 to 19: vector passes of 4 (Vector256) or 8 (Vector512) and every remainder, the inner loops' lengths all different.
        var result = Execution.RunDriver(Triangular + """
            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var random = new Random(3);
                    for (int d = 0; d <= 19; d++)
                    {
                        var x = new double[d];
                        var lower = new double[d * (d - 1) / 2];
                        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() - 0.5;
                        for (int i = 0; i < lower.Length; i++) lower[i] = random.NextDouble() - 0.5;
                        var dX = new double[d];
                        var dLower = new double[lower.Length];
                        double value = T.FGradient(x, lower, d, dX, dLower);

                        // Reference: y = L x (strictly lower, column by column), F = |y|² + Σx; dF/dx = 1 + 2 Lᵀy, dF/dL = 2 y xᵀ.
                        var y = new double[d];
                        int l = 0;
                        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) { y[j] += lower[l] * x[i]; l++; }
                        double f = 0;
                        for (int j = 0; j < d; j++) f += y[j] * y[j] + x[j];
                        errors.Add(Math.Abs(value - f));
                        l = 0;
                        var gx = new double[d];
                        for (int i = 0; i < d; i++) gx[i] = 1;
                        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) { gx[i] += 2 * y[j] * lower[l]; errors.Add(Math.Abs(dLower[l] - 2 * y[j] * x[i])); l++; }
                        for (int i = 0; i < d; i++) errors.Add(Math.Abs(dX[i] - gx[i]));
                    }

                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(e <= 1e-12, $"error {e}"));
    }

    [Fact]
    public void ElementWiseLoopsGiveTheScalarLoopsBitsAndFloatsRunEightLanes()
    {
        // Element-wise loops add nothing up across iterations: the vector loop's results are the scalar loop's, bit for bit.
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;
            public static partial class E
            {
                [Differentiable]
                public static double Weighted(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) { s += w[i] * x[i] * x[i]; }
                    return s;
                }

                [Differentiable]
                public static float Squares(ReadOnlySpan<float> x)
                {
                    float s = 0;
                    for (int i = x.Length - 1; i >= 0; i--) { s += x[i] * x[i]; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var mismatches = 0.0;
                    var random = new Random(5);
                    for (int n = 0; n <= 19; n++)
                    {
                        var x = new double[n];
                        var w = new double[n];
                        var xf = new float[n];
                        for (int i = 0; i < n; i++) { x[i] = random.NextDouble() * 4 - 2; w[i] = random.NextDouble(); xf[i] = (float)x[i]; }
                        var dX = new double[n];
                        var dW = new double[n];
                        E.WeightedGradient(x, w, dX, dW);
                        var dXf = new float[n];
                        E.SquaresGradient(xf, dXf);
                        for (int i = 0; i < n; i++)
                        {
                            // What the scalar reverse sweep computes: g·(w·x)·... in the generated order; compare by value.
                            if (dW[i] != x[i] * x[i]) mismatches++;
                            if (Math.Abs(dX[i] - 2 * w[i] * x[i]) > 1e-15 * Math.Abs(w[i] * x[i]) * 4) mismatches++;
                            if (dXf[i] != 2 * xf[i]) mismatches++;
                        }
                    }

                    return [mismatches];
                }
            }
            """);
        Assert.Equal([0.0], result);
    }

    /// <summary>
    /// The vector loop is printed once per register width, widest first: on <c>Vector512</c> (eight doubles, sixteen
    /// floats) where the hardware accelerates it, else on <c>Vector256</c> (four, eight); the JIT keeps one of them, and
    /// the scalar loop runs what is left.
    /// </summary>
    [Fact]
    public void TheWidestAcceleratedRegisterRunsTheLoop()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class E
            {
                [Differentiable]
                public static double Weighted(ReadOnlySpan<double> x, double w)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) { s += w * x[i] * x[i]; }
                    return s;
                }

                [Differentiable]
                public static float Scaled(ReadOnlySpan<float> x, float w)
                {
                    float s = 0;
                    for (int i = 0; i < x.Length; i++) { s += w * x[i] * x[i]; }
                    return s;
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var v = System.Text.RegularExpressions.Regex.Escape("global::System.Runtime.Intrinsics.Vector");
        foreach (var (file, wide, narrow) in new[] { ("E.Weighted.g.cs", 8, 4), ("E.Scaled.g.cs", 16, 8) })
        {
            var pullback = Member(run.Sources.Single(s => s.Key.EndsWith(file, StringComparison.Ordinal)).Value, "Pullback(global::");
            var pattern = $@"if \({v}512\.IsHardwareAccelerated\)\s*\{{\s*int (\w+) = \(int\)\([^;]*& -{wide}L\);[\s\S]*?{v}512\.Sum\("
                + $@"[\s\S]*?else if \({v}256\.IsHardwareAccelerated\)\s*\{{\s*int \1 = \(int\)\([^;]*& -{narrow}L\);[\s\S]*?{v}256\.Sum\(";
            Assert.Matches(pattern, pullback);
        }
    }

    [Fact]
    public void FloatLoopsUseEightLanes()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class E
            {
                [Differentiable]
                public static float Squares(ReadOnlySpan<float> x)
                {
                    float s = 0;
                    for (int i = 0; i < x.Length; i++) { s += x[i] * x[i]; }
                    return s;
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var text = run.Sources.Values.Single();
        Assert.Contains("& -8L", text, StringComparison.Ordinal);
        Assert.Contains("iLocal -= 8)", text, StringComparison.Ordinal);
        Assert.Contains("ref float xRef", text, StringComparison.Ordinal);
    }

    /// <summary>Loops whose trip count is a constant, their reverse sweeps element-wise: two, five and nine doubles, nine and seventeen floats.</summary>
    private const string Fixed = """
        using System;
        using SymDiff;
        public static partial class K
        {
            [Differentiable]
            public static double Sizes(ReadOnlySpan<double> x, ReadOnlySpan<double> z, ReadOnlySpan<float> y)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) { s += z[i] * z[i]; }
                for (int i = 0; i < 5; i++) { s += z[i + 2] * z[i + 2] * z[i + 2]; }
                for (int i = 0; i <= 8; i++) { s += x[i] * x[i] * x[i]; }
                float f = 0;
                for (int i = 8; i >= 0; i--) { f += y[i] * y[i]; }
                for (int i = 0; i < 17; i++) { f += y[i] * y[i] * y[i]; }
                return s + f;
            }
        }
        """;

    /// <summary>
    /// A loop whose trip count is a constant smaller than a <c>Vector512</c> register's lanes stays as written
    /// (<c>VectorLoop.UsefulWidths</c>): two or five doubles, nine floats. Nine doubles and seventeen floats get both
    /// widths. The values match the loops' own at the widths the machine has.
    /// </summary>
    [Fact]
    public void ConstantTripCountsBelowAVector512StayAsWritten()
    {
        var run = GeneratorHarness.Run(Fixed);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = Member(run.Sources.Values.Single(), "public static double SizesPullback(");
        const string v = @"global::System\.Runtime\.Intrinsics\.Vector";
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(pullback, $@"(?<!else )if \({v}512\.IsHardwareAccelerated\)").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(pullback, $@"else if \({v}256\.IsHardwareAccelerated\)").Count);
        Assert.DoesNotMatch($@"(?<!else )if \({v}256\.IsHardwareAccelerated\)", pullback);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(pullback, @"int vectorTrips\d* = ").Count);
        Assert.Matches(@"for \(\w+ = 0; \w+ < 2; \w+ \+= 1\)", pullback);

        var result = Execution.RunDriver(Fixed + """
            public static class Driver
            {
                public static double[] Run()
                {
                    var (x, z, y) = (new double[9], new double[7], new float[17]);
                    for (int i = 0; i < x.Length; i++) x[i] = 0.3 * i - 1.1;
                    for (int i = 0; i < z.Length; i++) z[i] = 0.7 - 0.2 * i;
                    for (int i = 0; i < y.Length; i++) y[i] = 0.25f * i - 0.6f;
                    var (dx, dz, dy) = (new double[x.Length], new double[z.Length], new float[y.Length]);
                    double value = K.SizesGradient(x, z, y, dx, dz, dy);
                    var errors = new System.Collections.Generic.List<double> { Math.Abs(value - K.Sizes(x, z, y)) };
                    for (int i = 0; i < x.Length; i++) errors.Add(Math.Abs(dx[i] - 3 * x[i] * x[i]));
                    for (int i = 0; i < z.Length; i++) errors.Add(Math.Abs(dz[i] - (i < 2 ? 2 * z[i] : 0) - (i >= 2 ? 3 * z[i] * z[i] : 0)));
                    for (int i = 0; i < y.Length; i++)
                    {
                        double g = (i < 9 ? 2.0 * y[i] : 0) + 3.0 * y[i] * y[i];
                        errors.Add(Math.Abs(dy[i] - g) / (1 + Math.Abs(g)));
                    }

                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(e <= 1e-6, $"error {e}"));
    }

    /// <summary>A buffer overwritten in a loop (its old values pushed) and an exponential saved for the reverse sweep (popped).</summary>
    private const string Taped = """
        using System;
        using SymDiff;
        public static partial class S
        {
            [Differentiable]
            public static double Lse(ReadOnlySpan<double> v)
            {
                double max = v[0];
                for (int i = 1; i < v.Length; i++) { max = Math.Max(max, v[i]); }
                double sum = 0;
                for (int i = 0; i < v.Length; i++) { sum += Math.Exp(v[i] - max); }
                return Math.Log(sum) + max;
            }

            // c is read after the loop, so the loop is reversed as a whole (not iteration by iteration, where no value
            // from an earlier iteration is saved): c's old values are pushed and popped. Its derivative adds 1 - 1.
            [Differentiable]
            public static double Centered(ReadOnlySpan<double> x, ReadOnlySpan<double> m)
            {
                Span<double> c = new double[x.Length];
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    for (int j = 0; j < x.Length; j++) { c[j] = x[j] - m[j] * r; }
                    for (int j = 0; j < x.Length; j++) { s += c[j] * c[j] * (r + 1); }
                }

                return s + c[0] - c[0];
            }
        }
        """;

    [Fact]
    public void TapePushesAndPopsMoveWithTheLoop()
    {
        var run = GeneratorHarness.Run(Taped);
        Assert.Empty(run.CompilationDiagnostics);
        var centered = Member(run.Sources.Values.Single(s => s.Contains("CenteredPullback(", StringComparison.Ordinal)), "public static double CenteredPullback(");
        var lse = Member(run.Sources.Values.Single(s => s.Contains("LsePullback(", StringComparison.Ordinal)), "public static double LsePullback(");

        // Forward: c's old values pushed four at a time; reverse: popped four at a time (the register below the height).
        Assert.Contains("global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref cRef, (nuint)jLocal), ref tapeValuesRef, (nuint)tapeTop);", centered, StringComparison.Ordinal);
        Assert.Contains("global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref tapeValuesRef, (nuint)(tapeTop - 4))", centered, StringComparison.Ordinal);

        // The saved exponentials are read back, not recomputed with Vector256.Exp; the forward sweep keeps Math.Exp.
        Assert.Contains("global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref tapeValuesRef, (nuint)(tapeTop - 4))", lse, StringComparison.Ordinal);
        Assert.DoesNotContain("Vector256.Exp", lse, StringComparison.Ordinal);
    }

    [Fact]
    public void TapedLoopsMatchTheirReferenceAtEveryLength()
    {
        var result = Execution.RunDriver(Taped + """
            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var random = new Random(11);
                    for (int n = 1; n <= 13; n++)
                    {
                        var x = new double[n];
                        var m = new double[n];
                        for (int i = 0; i < n; i++) { x[i] = random.NextDouble() * 4 - 2; m[i] = random.NextDouble() - 0.5; }

                        // Log-sum-exp: the gradient is the softmax.
                        var dV = new double[n];
                        double lse = S.LseGradient(x, dV);
                        errors.Add(Math.Abs(lse - S.Lse(x)));
                        for (int i = 0; i < n; i++) errors.Add(Math.Abs(dV[i] - Math.Exp(x[i] - lse)));

                        // s = Σ_r (r+1) Σ_j (x_j − r m_j)²
                        var dX = new double[n];
                        var dM = new double[n];
                        double s = S.CenteredGradient(x, m, dX, dM);
                        errors.Add(Math.Abs(s - S.Centered(x, m)));
                        for (int j = 0; j < n; j++)
                        {
                            double gx = 0, gm = 0;
                            for (int r = 0; r < 3; r++) { gx += 2 * (r + 1) * (x[j] - m[j] * r); gm -= 2 * r * (r + 1) * (x[j] - m[j] * r); }
                            errors.Add(Math.Abs(dX[j] - gx) / (1 + Math.Abs(gx)));
                            errors.Add(Math.Abs(dM[j] - gm) / (1 + Math.Abs(gm)));
                        }
                    }

                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(e <= 1e-13, $"error {e}"));
    }

    [Fact]
    public void AnIndexOutOfRangeIsLeftToTheScalarLoop()
    {
        // n beyond x's length: the vector loop's check fails and the loop as written throws where it always did.
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;
            public static partial class O
            {
                [Differentiable]
                public static double Head(ReadOnlySpan<double> x, [NoDerivative] int n)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++) { s += x[i] * x[i]; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var x = new double[8];
                    var dX = new double[8];
                    try { O.HeadPullback(x, 12, 1.0, dX); return [0]; }
                    catch (IndexOutOfRangeException) { }
                    O.HeadGradient(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 9, dX = new double[9]);
                    return dX;
                }
            }
            """);
        Assert.Equal([2.0, 4, 6, 8, 10, 12, 14, 16, 18], result);
    }

    [Theory]
    [InlineData("a[i] = a[i - 1] * 0.5 + x[i];", "an element written in one iteration is read in the next")]
    [InlineData("if (x[i] > 0) { a[i] = x[i]; }", "a branch of the program")]
    [InlineData("a[i] = x[2 * i];", "an index that moves by two")]
    [InlineData("a[i] = x[n - 1 - i];", "elements moving in opposite directions")]
    public void LoopsWhoseIterationsDependOnEachOtherStayAsWritten(string statement, string why)
    {
        var run = GeneratorHarness.Run($$"""
            using System;
            using SymDiff;
            public static partial class D
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, [NoDerivative] int n)
                {
                    Span<double> a = new double[n];
                    for (int i = 1; i < n; i++) { {{statement}} }
                    double s = 0;
                    for (int k = 0; k < n; k++) { s += a[k]; }
                    return s;
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var text = run.Sources.Values.Single();

        // The sum's loop over k runs on vectors in the reverse sweep (dA[k] += g); the statement's loop over i never, in
        // any member (the pushforward has no tape, so only the dependence between iterations keeps it scalar).
        Assert.Matches(@"for \(int vectorEnd\w* = k\w* ", text);
        Assert.DoesNotMatch(@"for \(int vectorEnd\w* = i\w* ", text);
        Assert.True(text.Contains("for (; i", StringComparison.Ordinal) is false, why);
    }

    [Fact]
    public void AForwardSweepKeepsTheMethodsRoundingSoMembersReturnItsValue()
    {
        // A sum and an exponential in the forward sweep would round differently on vectors (lanes added after the loop,
        // Vector256.Exp's own approximation): the value a gradient returns is the method's, bit for bit.
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    Span<double> e = new double[x.Length];
                    for (int i = 0; i < x.Length; i++) { e[i] = Math.Exp(x[i]); }
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) { s += e[i] * x[i]; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var random = new Random(9);
                    var x = new double[37];
                    for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 3;
                    var dX = new double[x.Length];
                    double value = P.FGradient(x, dX);
                    double worst = 0;
                    for (int i = 0; i < x.Length; i++) worst = Math.Max(worst, Math.Abs(dX[i] - Math.Exp(x[i]) * (1 + x[i])) / (Math.Exp(x[i]) * (1 + x[i])));
                    return [value == P.F(x) ? 1 : 0, P.FPushforward(x, new double[x.Length]).Value == P.F(x) ? 1 : 0, worst];
                }
            }
            """);
        Assert.Equal(1.0, result[0]);
        Assert.Equal(1.0, result[1]);
        Assert.True(result[2] <= 1e-14, $"relative error {result[2]}");
    }

    /// <summary>The text of the generated member starting at <paramref name="signature"/>, up to the next member's doc comment.</summary>
    private static string Member(string file, string signature)
    {
        var start = file.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{signature}' in\n{file}");
        var end = file.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        return end < 0 ? file[start..] : file[start..end];
    }
}
