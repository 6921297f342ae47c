using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A program without loops over fixed elements (every element read or written at a constant index: a camera model, a
/// rotation, a residual block) is differentiated whole, as one island, the way a body of scalars is: its pullback and
/// its reverse-mode Jacobian run the values once and then one fused reverse sweep (per row), with no tape, nothing
/// saved and nothing restored. Checked against central differences in each arm of its branches, with outputs written
/// twice, read back, and read as they came in, inputs read at indices computed from a parameter, and elements read or
/// written only under a guard that keeps them in range.
/// </summary>
public class IslandTests
{
    private const string Programs = """
        using System;
        using SymDiff;
        public static partial class P
        {
            private static readonly double[] Table = { 0.5, 1.5 };

            [Differentiable]
            public static void Rotate(ReadOnlySpan<double> r, double k, Span<double> e)
            {
                double theta2 = r[0] * r[0] + r[1] * r[1];
                double c;
                double s;
                if (theta2 > 0.5)
                {
                    double theta = Math.Sqrt(theta2);
                    c = Math.Cos(theta);
                    s = Math.Sin(theta) / theta;
                }
                else
                {
                    c = 1.0 - 0.5 * theta2;
                    s = 1.0 - theta2 / 6.0;
                }

                e[0] = c * k + s * r[1];
                e[1] = s * r[0] * k - c;
            }

            [Differentiable]
            public static void OneArm(ReadOnlySpan<double> p, Span<double> e)
            {
                e[0] = p[0] * p[1];
                if (p[1] > 0.0)
                {
                    e[1] = Math.Sin(p[0]) * p[1];
                    e[0] = e[0] + e[1] * e[1];
                }

                e[2] = e[2] * 0.5 + Table[1] * p[0];
            }

            [Differentiable]
            public static void Gather(ReadOnlySpan<double> points, [NoDerivative] int j, double s, Span<double> e)
            {
                double x = points[3 * j];
                double y = points[3 * j + 1];
                e[0] = s * x * points[1] + y;
                e[1] = Math.Sin(y) * points[3 * j + 2];
            }

            [Differentiable]
            public static double Guarded(ReadOnlySpan<double> x, [NoDerivative] int k)
            {
                double s = x[0] * x[1];
                if (k < x.Length)
                {
                    s = s + x[k] * x[k];
                }

                if (x.Length > 2)
                {
                    s = s * x[2];
                }

                return s;
            }

            [Differentiable]
            public static void GuardedOutput(ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = x[0] * x[1];
                if (y.Length > 2)
                {
                    y[2] = x[1];
                }
            }

            [Differentiable]
            public static void Scale(ReadOnlySpan<double> p, Span<double> e)
            {
                e[0] = e[0] * p[0];
                e[1] = e[1] + p[1] * p[0];
            }

            [Differentiable]
            public static void Swap(ReadOnlySpan<double> p, Span<double> e)
            {
                double t = e[1];
                e[1] = p[0] * p[1];
                e[0] = t * p[0];
            }

            [Differentiable]
            public static double WithOutput(ReadOnlySpan<double> p, [NoDerivative] int n, Span<double> e)
            {
                double s = p[0] * n;
                e[0] = Math.Exp(s) * p[1];
                double r = s > 1.0 ? s * p[1] : e[0] + p[1];
                return r;
            }
        }
        """;

    [Fact]
    public void AProgramWithoutLoopsOverFixedElementsIsOneIslandWithNoTape()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        foreach (var name in new[] { "P.Rotate", "P.Gather", "P.Guarded", "P.Scale", "P.WithOutput" })
        {
            var source = run.File(name);
            var member = name.Substring(2);
            foreach (var generated in new[] { member + "Pullback", member + "JacobianReverse" })
            {
                if (GeneratedSource.MemberBody(source, generated) is { } body)
                {
                    Assert.DoesNotContain("tape", body, StringComparison.Ordinal);
                }
            }
        }

        // Swap's store into e[0] reads the e[1] it came with, which an island would have stored over; an output element
        // written in one arm only would be stored where the primal may not write it: both keep the tape.
        foreach (var name in new[] { "Swap", "OneArm", "GuardedOutput" })
        {
            var source = run.File($"P.{name}");
            Assert.Contains("tape", GeneratedSource.MemberBody(source, name + "Pullback")!, StringComparison.Ordinal);
        }

        // An element read only inside a branch may be out of range when it is not taken: its adjoint is added where it is not 0.
        var guarded = run.File("P.Guarded");
        Assert.Matches(@"if \(\w+ != 0\.0\)\s*\{\s*dX\[k\] \+=", GeneratedSource.MemberBody(guarded, "GuardedPullback")!);

        var rotate = run.File("P.Rotate");
        Assert.Contains("The body runs once, with no tape; each row is one reverse sweep over its values.", rotate, StringComparison.Ordinal);

        // The values are computed once, in one region: each row's sweep reads them; its entries go to their columns.
        Assert.Contains("jacobian.Clear();", GeneratedSource.MemberBody(rotate, "RotateJacobianReverse")!, StringComparison.Ordinal);
        Assert.Contains("jacobian[columns + r.Length] =", GeneratedSource.MemberBody(rotate, "RotateJacobianReverse")!, StringComparison.Ordinal);
    }

    /// <summary>
    /// An island's members say what they are, in the words a body of scalars' members use: one fused sweep with no tape
    /// (not the thread's tape, which they never touch), and they are not compiled fully optimized on their first call
    /// (that is for loops, which tiering would otherwise run unoptimized or replace mid-run); a member with the tape is both.
    /// </summary>
    [Fact]
    public void AnIslandsMembersAreDocumentedAsOneSweepAndLeftToTiering()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        const string FullyOptimized = "MethodImplOptions.AggressiveOptimization";
        foreach (var name in new[] { "Rotate", "Guarded", "Scale" })
        {
            var source = run.File($"P.{name}");
            foreach (var member in new[] { "Pullback", "Pushforward" })
            {
                var shell = Shell(source, name + member);
                Assert.DoesNotContain("tape", shell.Replace("with no tape", string.Empty), StringComparison.Ordinal);
                Assert.DoesNotContain(FullyOptimized, shell, StringComparison.Ordinal);
            }
        }

        Assert.Contains("in one fused forward and reverse sweep with no tape.", Shell(run.File("P.Rotate"), "RotatePullback"), StringComparison.Ordinal);
        var guarded = Shell(run.File("P.Guarded"), "GuardedPullback");
        Assert.Contains("adds <paramref name=\"seed\"/>·∂Guarded/∂p", guarded, StringComparison.Ordinal);
        Assert.Contains("<param name=\"dX\">Accumulates seed·∂Guarded/∂x (same length as x).</param>", guarded, StringComparison.Ordinal);

        var swap = Shell(run.File("P.Swap"), "SwapPullback");
        Assert.Contains("The forward sweep saves on the thread's tape", swap, StringComparison.Ordinal);
        Assert.Contains(FullyOptimized, swap, StringComparison.Ordinal);
    }

    /// <summary>The documentation and attributes of generated member <paramref name="member"/>: the lines above its header.</summary>
    private static string Shell(string source, string member)
    {
        var lines = source.Split('\n');
        var header = Array.FindIndex(lines, l => l.Contains($" {member}(", StringComparison.Ordinal) && l.TrimStart().StartsWith("public", StringComparison.Ordinal));
        Assert.True(header >= 0, $"no member {member}");
        var first = header;
        while (first > 0 && (lines[first - 1].TrimStart().StartsWith("///", StringComparison.Ordinal) || lines[first - 1].TrimStart().StartsWith("[", StringComparison.Ordinal)))
        {
            first--;
        }

        return string.Join("\n", lines[first..header]);
    }

    [Fact]
    public void JoinsAreNamedAfterTheirLocalsAndABranchThatJoinsNothingIsLeftOut()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class J
            {
                [Differentiable]
                public static void Fold(ReadOnlySpan<double> x, Span<double> y)
                {
                    double magnitude = x[0] > 0 ? x[0] : -x[0];
                    if (x[1] > 2.0)
                    {
                        double unused = Math.Exp(x[1]);
                    }

                    y[0] = magnitude * x[1];
                }

                [Differentiable]
                public static double Energy(ReadOnlySpan<double> x, [NoDerivative] int k)
                {
                    double s = x[0] * x[0];
                    if (k < x.Length && x[k] > 0.1)
                    {
                        s += x[k] * x[k];
                    }

                    return s;
                }

                [Differentiable]
                public static double Boost(ReadOnlySpan<double> p, double x)
                {
                    x = x * p[0] + p[1];
                    return x * x + p[0];
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var source = run.File("J.Fold");
        foreach (var member in new[] { "FoldPullback", "FoldJacobianReverse", "FoldPushforward" })
        {
            var body = GeneratedSource.MemberBody(source, member)!;
            Assert.DoesNotContain("tape", body, StringComparison.Ordinal);

            // The ?:'s choice is the local it is assigned to, as in a body of scalars (not v, v2).
            Assert.Contains("double magnitude;", body, StringComparison.Ordinal);

            // The branch assigns nothing that lives after it: nothing of it is computed.
            Assert.DoesNotContain("Exp", body, StringComparison.Ordinal);
            Assert.DoesNotContain("2.0", body, StringComparison.Ordinal);
        }

        // An assigned parameter's own adjoint name is free too: the value assigned to x is x2, its adjoint dX2, not dX22.
        Assert.Contains("double dX2 = ", run.Member("J.Boost", "BoostPullback"), StringComparison.Ordinal);
        Assert.DoesNotContain("dX22", run.Member("J.Boost", "BoostPullback"), StringComparison.Ordinal);

        // A local's adjoint is named after it: every name of the method's locals is free in an island (dS, not dS2).
        foreach (var member in new[] { "EnergyGradient", "EnergyPullback" })
        {
            var body = run.Member("J.Energy", member);
            Assert.Contains("double dS = 0.0;", body, StringComparison.Ordinal);
            Assert.DoesNotContain("dS2", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IslandsMatchCentralDifferencesInEachArm()
    {
        var result = Execution.RunDriver(Programs + DerivativeChecks.SpanFunctionChecks + """
            public static class Driver
            {
                public static double[] Run()
                {
                    foreach (var (p0, p1, k) in new[] { (0.9, 0.8, 1.3), (0.3, 0.4, -0.7), (-1.2, -0.5, 2.0), (0.2, -0.6, 0.9) })
                    {
                        // Rotate: the reverse-mode Jacobian and a pullback (columns r0, r1, k).
                        var rotate = new double[6];
                        P.RotateJacobianReverse(new[] { p0, p1 }, k, new double[2], rotate);
                        var dR = new double[2];
                        double dK = 0.25;
                        P.RotatePullback(new[] { p0, p1 }, k, new double[2], new[] { 0.7, -1.3 }, dR, ref dK);
                        Vf.Check(z => Vf.Outputs(2, e => P.Rotate(z[..2], z[2], e)), new[] { p0, p1, k }, rotate, new[] { 0.7, -1.3 }, new[] { dR[0], dR[1], dK - 0.25 });

                        // OneArm: outputs written in one arm, written twice, read back, and read as they came in.
                        var oneArm = new double[6];
                        var e3 = new double[] { 0.1, 0.2, 0.3 };
                        P.OneArmJacobianReverse(new[] { p0, p1 }, e3, oneArm);
                        Vf.Same(e3, Vf.Outputs(3, e => P.OneArm(new[] { p0, p1 }, e), 0.1, 0.2, 0.3));
                        Vf.Check(z => Vf.Outputs(3, e => P.OneArm(z, e), 0.1, 0.2, 0.3), new[] { p0, p1 }, oneArm);

                        // Guarded and GuardedOutput with the guarded elements out of range: the primal never reads or writes them.
                        foreach (var (x, at) in new[] { (new[] { p0, p1 }, 5), (new[] { p0, p1, k }, 1), (new[] { p0, p1, k }, 7) })
                        {
                            var dX = new double[x.Length];
                            Vf.Same(new[] { P.GuardedGradient(x, at, dX) }, new[] { P.Guarded(x, at) });
                            Vf.Check(z => new[] { P.Guarded(z, at) }, x, dX);
                        }

                        var guardedOutput = new double[4];
                        P.GuardedOutputJacobianReverse(new[] { p0, p1 }, new double[2], guardedOutput);
                        Vf.Same(guardedOutput, new[] { p1, p0, 0, 0 });

                        // Gather reads elements at indices computed from j: at j = 0, points[3 * j + 1] is points[1].
                        for (int j = 0; j < 2; j++)
                        {
                            double[] points = { p0, p1, k, p1 * k, 0.3, p0 - 0.2 };
                            var gathered = new double[14];
                            P.GatherJacobianReverse(points, j, 0.7, new double[2], gathered);
                            var dPoints = new double[6];
                            double dS = 0;
                            P.GatherPullback(points, j, 0.7, new double[2], new[] { 0.5, -1.5 }, dPoints, ref dS);
                            Vf.Check(z => Vf.Outputs(2, e => P.Gather(z[..6], j, z[6], e)), [.. points, 0.7], gathered, new[] { 0.5, -1.5 }, [.. dPoints, dS]);
                        }

                        // Scale and Swap read the outputs' incoming values (2, 3): their derivatives too, before they are stored over.
                        var scale = new double[4];
                        var scaled = new double[] { 2.0, 3.0 };
                        P.ScaleJacobianReverse(new[] { p0, p1 }, scaled, scale);
                        Vf.Same(scaled, Vf.Outputs(2, e => P.Scale(new[] { p0, p1 }, e), 2.0, 3.0));
                        var dScale = new double[2];
                        P.ScalePullback(new[] { p0, p1 }, new[] { 2.0, 3.0 }, new[] { 0.5, -1.5 }, dScale);
                        Vf.Check(z => Vf.Outputs(2, e => P.Scale(z, e), 2.0, 3.0), new[] { p0, p1 }, scale, new[] { 0.5, -1.5 }, dScale);

                        var swap = new double[4];
                        var swapped = new double[] { 2.0, 3.0 };
                        P.SwapJacobianReverse(new[] { p0, p1 }, swapped, swap);
                        Vf.Same(swapped, Vf.Outputs(2, e => P.Swap(new[] { p0, p1 }, e), 2.0, 3.0));
                        Vf.Check(z => Vf.Outputs(2, e => P.Swap(z, e), 2.0, 3.0), new[] { p0, p1 }, swap);

                        // WithOutput: a scalar result (seeded) next to an output, an int read as a number.
                        var dW = new double[2];
                        var value = P.WithOutputPullback(new[] { p0, p1 }, 2, new double[1], 1.5, dW);
                        Vf.Same(new[] { value }, new[] { P.WithOutput(new[] { p0, p1 }, 2, new double[1]) });
                        Vf.Check(z => new[] { P.WithOutput(z, 2, new double[1]) }, new[] { p0, p1 }, null, new[] { 1.5 }, dW);
                    }

                    return new[] { Vf.Worst };
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
    }

    /// <summary>
    /// The pushforward of an island is one forward sweep too: values and tangents computed once, shared across
    /// statements, no tape (the programs that keep it for their pullback keep it here too); along a direction, its
    /// tangents are central differences of the outputs and the result, and its outputs and value the function's. Vector
    /// forward mode sweeps its lanes over the island too, each direction equal to its own pushforward.
    /// </summary>
    [Fact]
    public void PushforwardsOfIslandsAreOneSweepAndMatchCentralDifferences()
    {
        var run = GeneratorHarness.Run(Programs);
        foreach (var name in new[] { "Rotate", "Gather", "Guarded", "Scale", "WithOutput" })
        {
            var source = run.File($"P.{name}");
            Assert.DoesNotContain("tape", GeneratedSource.MemberBody(source, name + "Pushforward")!, StringComparison.Ordinal);
        }

        foreach (var name in new[] { "Swap", "OneArm", "GuardedOutput" })
        {
            var source = run.File($"P.{name}");
            Assert.Contains("tape", GeneratedSource.MemberBody(source, name + "Pushforward")!, StringComparison.Ordinal);
        }

        // Rotate's θ², cos θ and sin θ/θ are computed once for both outputs and their tangents.
        var rotate = run.Member("P.Rotate", "RotatePushforward");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(rotate, @"Math\.Cos\("));
        var rotateN = run.Member("P.Rotate", "RotatePushforwardN");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(rotateN, @"Math\.Cos\("));

        var result = Execution.RunDriver(Programs + DerivativeChecks.SpanFunctionChecks + """
            public static class Driver
            {
                public static double[] Run()
                {
                    foreach (var (p0, p1, k) in new[] { (0.9, 0.8, 1.3), (0.3, 0.4, -0.7), (-1.2, -0.5, 2.0), (0.2, -0.6, 0.9) })
                    {
                        double[] t = { 0.3, -0.7, 1.1, 0.6, -0.2, 0.5, 0.9 };
                        double[] p = { p0, p1 };

                        var (e, te) = (new double[2], new double[2]);
                        P.RotatePushforward(p, k, e, t[..2], t[2], te);
                        Vf.Along(z => Vf.Outputs(2, o => P.Rotate(z[..2], z[2], o)), [p0, p1, k], t[..3], te, e);

                        // Vector forward mode: 4 directions in one sweep over the island, the fifth through Pushforward;
                        // each direction's tangents as Pushforward's alone, the outputs the function's.
                        var (nR, nK, nE, eN) = (new double[10], new double[5], new double[10], new double[2]);
                        for (int i = 0; i < 10; i++) { nR[i] = Math.Sin(i + p0); }
                        for (int i = 0; i < 5; i++) { nK[i] = Math.Cos(i * k); }
                        P.RotatePushforwardN(p, k, eN, 5, nR, nK, nE);
                        Vf.Same(eN, e);
                        for (int dir = 0; dir < 5; dir++)
                        {
                            var one = new double[2];
                            P.RotatePushforward(p, k, new double[2], nR[(2 * dir)..(2 * dir + 2)], nK[dir], one);
                            Vf.Same(nE[(2 * dir)..(2 * dir + 2)], one);
                        }

                        (e, te) = (new double[] { 0.1, 0.2, 0.3 }, new double[3]);
                        P.OneArmPushforward(p, e, t[..2], te);
                        Vf.Along(z => Vf.Outputs(3, o => P.OneArm(z, o), 0.1, 0.2, 0.3), p, t[..2], te, e);

                        for (int j = 0; j < 2; j++)
                        {
                            double[] points = { p0, p1, k, p1 * k, 0.3, p0 - 0.2 };
                            (e, te) = (new double[2], new double[2]);
                            P.GatherPushforward(points, j, 0.7, e, t[..6], t[6], te);
                            Vf.Along(z => Vf.Outputs(2, o => P.Gather(z[..6], j, z[6], o)), [.. points, 0.7], t, te, e);
                        }

                        foreach (var (x, at) in new[] { (new[] { p0, p1 }, 5), (new[] { p0, p1, k }, 1), (new[] { p0, p1, k }, 7) })
                        {
                            var (value, tangent) = P.GuardedPushforward(x, at, t[..x.Length]);
                            Vf.Along(z => new[] { P.Guarded(z, at) }, x, t[..x.Length], new[] { tangent }, new[] { value });
                        }

                        (e, te) = (new double[2], new double[2]);
                        P.GuardedOutputPushforward(p, e, t[..2], te);
                        Vf.Along(z => Vf.Outputs(2, o => P.GuardedOutput(z, o)), p, t[..2], te, e);

                        (e, te) = (new double[] { 2.0, 3.0 }, new double[2]);
                        P.ScalePushforward(p, e, t[..2], te);
                        Vf.Along(z => Vf.Outputs(2, o => P.Scale(z, o), 2.0, 3.0), p, t[..2], te, e);

                        (e, te) = (new double[] { 2.0, 3.0 }, new double[2]);
                        P.SwapPushforward(p, e, t[..2], te);
                        Vf.Along(z => Vf.Outputs(2, o => P.Swap(z, o), 2.0, 3.0), p, t[..2], te, e);

                        (e, te) = (new double[1], new double[1]);
                        var (r, tR) = P.WithOutputPushforward(p, 2, e, t[..2], te);
                        Vf.Along(z => { var o = new double[1]; var v = P.WithOutput(z, 2, o); return new[] { v, o[0] }; }, p, t[..2], [tR, te[0]], [r, e[0]]);
                    }

                    return new[] { Vf.Worst };
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
    }

    /// <summary>
    /// Second derivatives of an island: its tangent program is an island as well, so H·t is one sweep of it from a seed
    /// of 1 (no pullback member of its own), and <c>PushforwardPullback</c> (over the tangents too) one reverse sweep over
    /// the values and tangents; neither has a tape. The
    /// dense Hessian matches central differences of the gradient in each arm of the branch, and
    /// <c>PushforwardPullback</c> puts ∇F into the tangents' adjoints. <c>G</c> writes span outputs beside its result:
    /// its tangent program allocates the outputs' tangents (H·t read an unallocated span before: IndexOutOfRange).
    /// </summary>
    [Fact]
    public void SecondDerivativesOfAnIslandMatchDifferencesOfItsGradient()
    {
        const string Hessian = """
            using System;
            using SymDiff;
            public static partial class H
            {
                [Differentiable(Hessian = true)]
                public static double F(ReadOnlySpan<double> x, double k)
                {
                    double s = x[0] * x[1] * k;
                    double r = s > 0.2 ? Math.Sin(x[0] * s) : s * s / (1.0 + x[1] * x[1]);
                    return r + Math.Exp(0.3 * x[2]) * k;
                }

                [Differentiable(Hessian = true)]
                public static double G(ReadOnlySpan<double> p, Span<double> e)
                {
                    e[0] = p[0] * p[1];
                    e[1] = Math.Sin(p[1]) * e[0];
                    return Math.Sin(e[0]) * p[1] + e[1] * p[0];
                }
            }
            """;
        var run = GeneratorHarness.Run(Hessian);
        Assert.Empty(run.CompilationDiagnostics);
        var source = run.File("H.F");
        // H·t is one sweep of the tangent program's island, seeded with 1: no pullback member of its own, no tape.
        Assert.Null(GeneratedSource.MemberBody(source, "FHessianVectorProductPullback"));
        Assert.DoesNotContain("tape", GeneratedSource.MemberBody(source, "FHessianVectorProduct")!, StringComparison.Ordinal);
        Assert.DoesNotContain("seed", GeneratedSource.MemberBody(source, "FHessianVectorProduct")!, StringComparison.Ordinal);
        Assert.DoesNotContain("tape", GeneratedSource.MemberBody(source, "FPushforwardPullback")!, StringComparison.Ordinal);

        var result = Execution.RunDriver(Hessian, """
            using System;
            public static class Driver
            {
                public static double[] Run()
                {
                    double worst = 0;
                    foreach (var (a, b, c, k) in new[] { (0.9, 0.8, 0.3, 1.3), (0.3, -0.4, -0.7, 0.5), (-1.2, -0.5, 0.2, 2.0) })
                    {
                        double[] x = { a, b, c };
                        var hessian = new double[16];
                        H.FHessian(x, k, hessian);
                        for (int column = 0; column < 4; column++)
                        {
                            double[] Gradient(double h)
                            {
                                var xs = (double[])x.Clone();
                                var kk = k;
                                if (column < 3) { xs[column] += h; } else { kk += h; }
                                var dX = new double[3];
                                H.FGradient(xs, kk, dX, out var dK);
                                return new[] { dX[0], dX[1], dX[2], dK };
                            }

                            var (plus, minus) = (Gradient(1e-6), Gradient(-1e-6));
                            for (int row = 0; row < 4; row++)
                            {
                                var fd = (plus[row] - minus[row]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(hessian[row * 4 + column] - fd) / (1 + Math.Abs(fd)));
                            }
                        }

                        // G writes outputs (and reads them back) beside its result: its Hessian over p, and its outputs.
                        var g2 = new double[4];
                        var eG = new double[] { 0.0, 0.5 };
                        var gValue = H.GHessian(new[] { a, b }, eG, g2);
                        var eExpected = new double[] { 0.0, 0.5 };
                        worst = Math.Max(worst, Math.Abs(gValue - H.G(new[] { a, b }, eExpected)) + Math.Abs(eG[0] - eExpected[0]) + Math.Abs(eG[1] - eExpected[1]));
                        for (int column = 0; column < 2; column++)
                        {
                            double[] Gradient(double h)
                            {
                                var ps = new[] { a, b };
                                ps[column] += h;
                                var dP = new double[2];
                                H.GGradient(ps, new double[] { 0.0, 0.5 }, dP);
                                return dP;
                            }

                            var (plus, minus) = (Gradient(1e-6), Gradient(-1e-6));
                            for (int row = 0; row < 2; row++)
                            {
                                var fd = (plus[row] - minus[row]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(g2[row * 2 + column] - fd) / (1 + Math.Abs(fd)));
                            }
                        }

                        // Both return the value of F, not the tangent ∇F·t their reverse sweep is seeded at (found by the fuzzer).
                        var f = H.F(x, k);
                        var hvp = new double[3];
                        worst = Math.Max(worst, Math.Abs(H.FHessianVectorProduct(x, k, new[] { 0.5, -1.0, 2.0 }, 0.25, hvp, out _) - f));

                        // The pullback over the tangents too: seed 1 puts ∇F·(∂/∂t) = ∇F into the tangents' adjoints.
                        var (ax, atx) = (new double[3], new double[3]);
                        double ak = 0, atk = 0;
                        worst = Math.Max(worst, Math.Abs(H.FPushforwardPullback(x, k, new[] { 0.5, -1.0, 2.0 }, 0.25, 1.0, ax, ref ak, atx, ref atk) - f));
                        var g = new double[3];
                        H.FGradient(x, k, g, out var gk);
                        for (int i = 0; i < 3; i++) { worst = Math.Max(worst, Math.Abs(atx[i] - g[i]) / (1 + Math.Abs(g[i]))); }
                        worst = Math.Max(worst, Math.Abs(atk - gk) / (1 + Math.Abs(gk)));
                    }

                    return new[] { worst };
                }
            }
            """);
        Assert.True(result[0] < 1e-6, $"largest relative error: {result[0]:E3}");
    }
}
