using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A scalar parameter assigned in one arm of a branch keeps its value on entry on the other path. A program without
/// loops is differentiated as one island (<c>ProgramIsland</c>), which had dropped such an assignment as local to its
/// arm: a vector function's generated members wrote outputs and derivatives as if the branch were not there. Every
/// member is checked against the primal and central differences at points in each arm.
/// </summary>
public sealed class AssignedParameterTests
{
    private const string Programs = """
        public static partial class P
        {
            [Differentiable]
            public static void Shrink(double x, ReadOnlySpan<double> p, Span<double> e)
            {
                if (p[0] > x)
                {
                    x *= Math.Cos(p[1]);
                }

                e[0] = x * p[0];
                e[1] = x + p[1];
            }

            [Differentiable(PushforwardN = true)]
            public static double Bend(double x, double y)
            {
                double t = Math.Pow(2 + Math.Sin(x / (1.0 + y * y)), Math.Tanh(y));
                if ((y > x ? y : t) >= x + t)
                {
                    x *= Math.Cos(t);
                }

                return x * y;
            }

            [Differentiable]
            public static double Overwritten(double x, double z, ReadOnlySpan<double> w)
            {
                z = Math.Atan(x * x);
                double s = z * x;
                for (int i = 0; i < w.Length; i++)
                {
                    s += w[i] * s;
                }

                return s;
            }

            public static double Cu0(double x, double y) => Math.Sin(x) * y;

            [DerivativeOf(nameof(Cu0))]
            public static double Cu0Pullback(double x, double y, double seed, ref double dX, ref double dY)
            {
                dX += seed * (Math.Cos(x) * y);
                dY += seed * Math.Sin(x);
                return Cu0(x, y);
            }

            [Differentiable(Hessian = true)]
            public static double Called(double x, double y, double z)
            {
                double t1 = -Cu0(x, y);
                double t2 = 0.5 + z < Math.FusedMultiplyAdd(x, y, z) ? y / 1.75 : y;
                z = Math.Atan(t2 > -1.5 ? 2.0 : x);
                return 3.0 * z + t1 * Math.Sqrt(1 + Math.Log(1 + t2 * t2) * Math.Log(1 + t2 * t2));
            }
        }

        """;

    [Fact]
    public void AVectorFunctionSeesTheParameterAsAssignedInOneArm()
    {
        var result = Execution.RunDriver(Prelude + Programs + """
            public static class Driver
            {
                private static double worst;

                private static double[] Shrink(double[] z)
                {
                    var e = new double[2];
                    P.Shrink(z[0], z.AsSpan(1, 2), e);
                    return e;
                }

                public static double[] Run()
                {
                    // x below p[0] takes the arm (x is scaled by cos p[1]), above it does not.
                    foreach (var z in new[] { new[] { 0.3, 0.9, 0.7 }, new[] { 1.4, 0.9, 0.7 }, new[] { -0.8, -0.5, 1.9 } })
                    {
                        var (x, p) = (z[0], new[] { z[1], z[2] });
                        var expected = Shrink(z);
                        double[] seeds = { 0.6, -1.3 };
                        double[] t = { 0.4, -0.9, 1.2 };
                        double[] fd = new double[6];
                        for (int c = 0; c < 3; c++)
                        {
                            for (int r = 0; r < 2; r++)
                            {
                                fd[r * 3 + c] = Fd.D(a => Shrink(a)[r], z, c);
                            }
                        }

                        var e = new double[2];
                        double dX = 0;
                        var dP = new double[2];
                        P.ShrinkPullback(x, p, e, seeds, ref dX, dP);
                        Same(e, expected);
                        double[] pulled = { dX, dP[0], dP[1] };
                        for (int c = 0; c < 3; c++)
                        {
                            Same(new[] { pulled[c] }, new[] { seeds[0] * fd[c] + seeds[1] * fd[3 + c] });
                        }

                        var tE = new double[2];
                        P.ShrinkPushforward(x, p, e = new double[2], t[0], new[] { t[1], t[2] }, tE);
                        Same(e, expected);
                        for (int r = 0; r < 2; r++)
                        {
                            Same(new[] { tE[r] }, new[] { fd[r * 3] * t[0] + fd[r * 3 + 1] * t[1] + fd[r * 3 + 2] * t[2] });
                        }

                        // Five directions: one full sweep of four lanes and one left over; direction 4 is direction 0 again.
                        double[] tX = { t[0], 1, 0, 0, t[0] };
                        double[] tP = { t[1], t[2], 0, 0, 1, 0, 0, 1, t[1], t[2] };
                        var tEN = new double[10];
                        P.ShrinkPushforwardN(x, p, e = new double[2], 5, tX, tP, tEN);
                        Same(e, expected);
                        Same(tEN, new[] { tE[0], tE[1], fd[0], fd[3], fd[1], fd[4], fd[2], fd[5], tE[0], tE[1] });

                        foreach (var jacobian in new Action<double[]>[]
                        {
                            j => P.ShrinkJacobian(x, p, e = new double[2], j),
                            j => P.ShrinkJacobianForward(x, p, e = new double[2], j),
                            j => P.ShrinkJacobianReverse(x, p, e = new double[2], j),
                        })
                        {
                            var j = new double[6];
                            jacobian(j);
                            Same(e, expected);
                            Same(j, fd);
                        }
                    }

                    return new[] { worst };
                }

                private static void Same(double[] got, double[] expected)
                {
                    for (int i = 0; i < got.Length; i++)
                    {
                        worst = Math.Max(worst, Math.Abs(got[i] - expected[i]) / (1 + Math.Abs(expected[i])));
                    }
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against the primal and central differences: {result[0]:E3}");
    }

    /// <summary>
    /// The fuzzer's seed 1130244, minimized: the tangents of <c>{F}PushforwardN</c> of a body of scalars that assigns its
    /// parameter in one arm, against its gradient and central differences, in both arms.
    /// </summary>
    [Fact]
    public void PushforwardNOfABodyOfScalarsSeesTheParameterAsAssignedInOneArm()
    {
        var result = Execution.RunDriver(Prelude + Programs + """
            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new double[4 * 9];
                    int n = 0;
                    // (-2.0, 0.5) and (-1.0, 0.3) take the arm, (1.1, -0.4) and (0.2, 1.5) do not.
                    foreach (var (x, y) in new[] { (-2.0, 0.5), (-1.0, 0.3), (1.1, -0.4), (0.2, 1.5) })
                    {
                        var (fdX, fdY) = (Fd.D(a => P.Bend(a, y), x), Fd.D(b => P.Bend(x, b), y));
                        var value = P.BendGradient(x, y, out var dX, out var dY);
                        double[] tX = { 1, 0, 0.5, -2, 0.3 };
                        double[] tY = { 0, 1, 0.25, 1, -0.7 };
                        var tangents = new double[5];
                        var valueN = P.BendPushforwardN(x, y, 5, tX, tY, tangents);
                        foreach (var error in new[] { value - P.Bend(x, y), valueN - P.Bend(x, y), dX - fdX, dY - fdY })
                        {
                            errors[n++] = error;
                        }

                        for (int d = 0; d < 5; d++)
                        {
                            errors[n++] = tangents[d] - (fdX * tX[d] + fdY * tY[d]);
                        }
                    }

                    return errors;
                }
            }
            """);

        AssertClose(result, new double[result.Length]);
    }

    /// <summary>
    /// A parameter a run of statements assigns before anything reads it was taken for a value internal to the run, with
    /// no adjoint, where the member hands back the parameter's (0): SD0099 (<c>KeyNotFoundException</c>) for a method with
    /// loops, and for the second derivatives of a body of scalars that calls another (fuzzer seed 1130087, minimized).
    /// </summary>
    [Fact]
    public void AParameterOverwrittenBeforeItIsReadHasAZeroAdjoint()
    {
        var result = Execution.RunDriver(Prelude + Programs + """
            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new double[2 * 7 + 3 * 9];
                    int n = 0;
                    double[] w = { 0.3, -0.2, 0.5 };
                    foreach (var x in new[] { 0.7, -1.3 })
                    {
                        var value = P.OverwrittenGradient(x, 2.5, w, out var dX, out var dZ, new double[3]);
                        double aX = 0, aZ = 0;
                        P.OverwrittenPullback(x, 2.5, w, 2.0, ref aX, ref aZ, new double[3]);
                        var (pushed, tangent) = P.OverwrittenPushforward(x, 2.5, w, 1.0, 3.0, new double[3]);
                        var fd = Fd.D(a => P.Overwritten(a, 2.5, w), x);
                        foreach (var error in new[] { value - P.Overwritten(x, 2.5, w), pushed - value, dX - fd, dZ, aX - 2 * fd, aZ, tangent - fd })
                        {
                            errors[n++] = error;
                        }
                    }

                    // Called's Hessian against central differences of its gradient, on both sides of its condition (x·y > 0.5).
                    foreach (var z in new[] { new[] { 0.4, 0.9, -0.3 }, new[] { 0.8, -0.6, 1.7 }, new[] { 0.9, 0.8, -0.3 } })
                    {
                        var hessian = new double[9];
                        P.CalledHessian(z[0], z[1], z[2], hessian);
                        for (int c = 0; c < 3; c++)
                        {
                            for (int r = 0; r < 3; r++)
                            {
                                errors[n++] = hessian[r * 3 + c] - Fd.D(a => Gradient(a)[r], z, c);
                            }
                        }
                    }

                    return errors;
                }

                private static double[] Gradient(double[] z)
                {
                    P.CalledGradient(z[0], z[1], z[2], out var dX, out var dY, out var dZ);
                    return new[] { dX, dY, dZ };
                }
            }
            """);

        AssertClose(result, new double[result.Length]);
    }
}
