namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Where finite differences of the primal are no reference for a derivative, the classifier does not count the
/// disagreement as a wrong derivative (everywhere else it still does: <see cref="FuzzTests"/> plants one). Each
/// program is a minimized fuzzer finding whose generated members are right, run with its seed so the driver evaluates
/// it at the same points.
/// </summary>
/// <remarks>One collection with <see cref="FuzzTests"/>: the classifier times the generator, and the two at once would slow each other.</remarks>
[Collection(nameof(FuzzTests))]
public sealed class ClassifierReferenceTests
{
    /// <summary>
    /// Seed 40877: <c>-x[1] ≥ ((-x[1]) − (x[1] + x[0]) + x[0]) + x[1]</c> holds in exact arithmetic, so which return
    /// is taken is decided by rounding. At the driver's point 1 it fails, at every point a step away it holds: the
    /// primal jumps at that point alone. The generated members take the primal's branch there (same value), so their
    /// derivative is the other branch's; the differences see only the neighbours' branch.
    /// </summary>
    [Fact]
    public void PointWherePrimalJumpsByRoundingIsNotChecked()
    {
        var method = Loop("L1", "ReadOnlySpan<ℝ> xs0, int n1", new[] { new Param("xs0", ParamKind.Span), new Param("n1", ParamKind.Int) }, """
                    ℝ acc0 = (𝕄.Sinh(𝕄.Tanh(xs0[1])) + (xs0[0] + 0.25ʳ));
                    for (int i2 = 0; i2 < xs0.Length; i2++)
                    {
                        foreach (var v3 in xs0)
                        {
                            ℝ t4 = ((-xs0[i2]) - (xs0[i2] + xs0[0])) + v3;
                            if ((-xs0[i2]) >= (t4 + xs0[1])) return 𝕄.Sqrt(1 + (t4 - t4) * (t4 - t4)) + acc0;
                        }
                    }
                    return 𝕄.Cbrt(1 + acc0 * acc0) + acc0;
            """);
        AssertOk(new FuzzProgram(40877, IsFloat: false, new[] { method }));
    }

    /// <summary>
    /// Seed 40525: the <c>float</c> loop's accumulator underflows to 0 where its <c>double</c> twin's is −6e−23, so
    /// <c>acc0·2 ≥ acc0</c> holds in the primal and fails in the twin: the two return different inputs and the twin's
    /// differences are no reference for the primal's derivative at that point.
    /// </summary>
    [Fact]
    public void FloatPointWhereDoubleTwinTakesAnotherBranchIsNotChecked()
    {
        var method = Loop("L7", "ReadOnlySpan<ℝ> xs0, ReadOnlySpan<ℝ> xs1", new[] { new Param("xs0", ParamKind.Span), new Param("xs1", ParamKind.Span) }, """
                    ℝ acc0 = 𝕄.Exp(𝕄.Sin(((-0.25ʳ) * 0.75ʳ)));
                    for (int i1 = 0; i1 < xs0.Length; i1++)
                    {
                        acc0 *= 𝕄.Cos(𝕄.Min((xs1[0] - xs0[i1]), (-xs1[0])));
                        acc0 += 𝕄.Atan((acc0 * Math.Clamp(xs1[1], -1ʳ, 1ʳ)));
                        acc0 = 𝕄.Tanh(acc0 * 𝕄.Exp(𝕄.Sin(𝕄.Pow(2ʳ + 𝕄.Sin(xs1[0]), 𝕄.Tanh(xs1[i1])))));
                    }
                    if ((acc0 * 2.0ʳ) >= acc0) return xs0[0] + acc0;
                    return xs0[1] + acc0;
            """);
        AssertOk(new FuzzProgram(40525, IsFloat: true, new[] { method }));
    }

    /// <summary>
    /// Seed 21487: <c>L0</c> is about 1.7e5 (a sinh), so the <c>float</c> <c>sin(L0(xs0, xs0) − xs0[0])</c> has an
    /// argument off by about 0.1 from its twin's and a cosine 11% off: the twin's Jacobian is not the primal's.
    /// </summary>
    [Fact]
    public void FloatRowWhoseTwinAmplifiesRoundingIsNotChecked()
    {
        var callee = Loop("L0", "ReadOnlySpan<ℝ> xs1, ReadOnlySpan<ℝ> xs0", new[] { new Param("xs1", ParamKind.Span), new Param("xs0", ParamKind.Span) }, """
                    ℝ acc0 = ((xs0[1] + xs1[0]) - (xs1[1] / (0.25ʳ + xs0[0] * xs0[0])));
                    for (int i5 = 0; i5 < xs1.Length; i5++)
                    {
                        acc0 += 𝕄.Atan(((xs0[1] * i5) - 2.0ʳ));
                    }
                    return 𝕄.Sinh(1ʳ + (2.0ʳ - xs0[1]) * (2.0ʳ - xs0[1])) + acc0;
            """);
        var vector = new MethodSpec("V3", MethodKind.Vector, new[] { new Param("xs0", ParamKind.Span), new Param("s1", ParamKind.Real), new Param("ys", ParamKind.Output) }, "[Differentiable]", """
                public static void V3(ReadOnlySpan<ℝ> xs0, ℝ s1, Span<ℝ> ys)
                {
                    for (int i1 = 0; i1 < ys.Length; i1++)
                    {
                        ys[i1] += 𝕄.Sin((L0(xs0, xs0) - xs0[0]));
                    }
                }

            """) { MinLength = 2 };
        AssertOk(new FuzzProgram(21487, IsFloat: true, new[] { callee, vector }));
    }

    /// <summary>
    /// Seed 20069: <c>Truncate(Sinh(1 + 4x²))</c> near 6,400 steps through an integer every 1.4e-5 in x, finer than
    /// the difference steps, so the differences see the slope of the staircase's envelope; its derivative is 0 almost
    /// everywhere, as the scalar and batch members say. A step a hundred times smaller lands between two jumps.
    /// </summary>
    [Fact]
    public void StaircaseFinerThanTheStepIsNotChecked()
    {
        var truncated = new MethodSpec("S2", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("n2", ParamKind.Int), new Param("y1", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S2(ℝ x0, int n2, ℝ y1)
                {
                    ℝ t2 = 𝕄.Truncate(𝕄.Sinh(1 + x0 * x0));
                    return (t2 / (0.25ʳ + t2 * t2));
                }

            """);
        var caller = new MethodSpec("S3", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("f1", ParamKind.Bool) }, "[Differentiable]", """
                public static ℝ S3(ℝ x0, bool f1)
                {
                    x0 -= S2((x0 + x0), 3, 𝕄.Min(3.0ʳ, x0));
                    return x0;
                }

            """);
        AssertOk(new FuzzProgram(20069, IsFloat: false, new[] { truncated, caller }));
    }

    /// <summary>
    /// Seed 20488: <c>Sinh(1 + ((1 + x²)^1.5)²)</c> at x = −1.94 is about 1e47, past <c>float</c>'s range: the float
    /// primal's intermediate is ∞ where its twin's is finite. Derivatives through a value that overflowed are not
    /// defined (the tangent is ∞, the next partial 0, and ∞·0 = NaN), so the twin, which never overflowed, is no
    /// reference for them at that point.
    /// </summary>
    [Fact]
    public void FloatPointWhereAnIntermediateOverflowsIsNotChecked()
    {
        var vector = new MethodSpec("V3", MethodKind.Vector, new[] { new Param("xs0", ParamKind.Span, SpanType.Array), new Param("s1", ParamKind.Real), new Param("ys", ParamKind.Output) }, "[Differentiable]", """
                public static void V3(ℝ[] xs0, ℝ s1, Span<ℝ> ys)
                {
                    for (int i0 = 0; i0 < ys.Length; i0++)
                    {
                        ℝ t1 = 𝕄.Sinh(1ʳ + 𝕄.Pow(1ʳ + xs0[i0] * xs0[i0], 1.5ʳ) * 𝕄.Pow(1ʳ + xs0[i0] * xs0[i0], 1.5ʳ)) + xs0[i0];
                        ys[i0] = 𝕄.Exp(-𝕄.Asin(0.5ʳ * 𝕄.Tanh(t1)) * 𝕄.Asin(0.5ʳ * 𝕄.Tanh(t1)));
                    }
                }

            """);
        AssertOk(new FuzzProgram(20488, IsFloat: true, new[] { vector }));
    }

    /// <summary>
    /// Seed 80138: <c>Atan(Sinh(1 + u²))</c> with u = acc·x + x growing over the loop: <c>Sinh</c> is ∞ in the double
    /// program while <c>Atan</c> brings the value back to π/2, so the primal is finite. The chain rule gives
    /// 1/(1 + ∞²)·cosh(…) = 0·∞ = NaN: a derivative through a value that overflowed, not defined (README).
    /// </summary>
    [Fact]
    public void DoublePointWhereAnIntermediateOverflowsIsNotChecked()
    {
        var method = Loop("L6", "ReadOnlySpan<ℝ> xs1, ℝ s2, ℝ[] xs0", new[] { new Param("xs1", ParamKind.Span), new Param("s2", ParamKind.Real), new Param("xs0", ParamKind.Span, SpanType.Array) }, """
                    ℝ acc0 = (𝕄.FusedMultiplyAdd(xs0[0], 1.0ʳ, s2) + (xs0[1] * 0.75ʳ));
                    int k3 = 0;
                    while (k3 < xs1.Length)
                    {
                        k3++;
                        for (int j4 = 0; j4 < xs1.Length; j4++)
                        {
                            acc0 += 𝕄.Atan(𝕄.Sinh(1ʳ + 𝕄.FusedMultiplyAdd(acc0, xs1[1], xs1[1]) * 𝕄.FusedMultiplyAdd(acc0, xs1[1], xs1[1])));
                        }
                    }
                    return 𝕄.Pow(1ʳ + xs1[0] * xs1[0], 3ʳ) + acc0;
            """);
        AssertOk(new FuzzProgram(80138, IsFloat: false, new[] { method }));
    }

    /// <summary>
    /// Seed 201023: the float program's <c>√(1 + a²) / (0.5 + sinh(1 + a²)·sinh(1 + a²))</c> with a ≈ 7: each sinh is
    /// finite in float, their product is ∞ and the quotient 0, so the result is finite and its derivative, through the
    /// overflowed product, is NaN; the double twin never overflows. Its math functions stayed in range, so only the
    /// twin's range-checked arithmetic says the float program overflowed there.
    /// </summary>
    [Fact]
    public void FloatPointWhereAProductOverflowsIsNotChecked()
    {
        var l3 = new MethodSpec("L3", MethodKind.Loop, new[] { new Param("s1", ParamKind.Real), new Param("xs0", ParamKind.Span), new Param("c2", ParamKind.RealConstant) }, "[Differentiable, Checkpoint(Every = 2)]", """
                public static ℝ L3(ℝ s1, ReadOnlySpan<ℝ> xs0, [NoDerivative] ℝ c2)
                {
                    ℝ acc0 = 𝕄.Cbrt(𝕄.Tanh(xs0[1]));
                    return 𝕄.Sqrt(1ʳ + xs0[1] * xs0[1]) + acc0;
                }

            """) { MinLength = 2 };
        var s4 = new MethodSpec("S4", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S4(ℝ x0, ℝ y1)
                {
                    ℝ t0 = (𝕄.Exp(-x0 * x0) + (y1 - 0.5ʳ));
                    return 𝕄.Min(𝕄.Sinh(𝕄.Tanh(0.5ʳ)), ((t0 + y1) * 0.5ʳ));
                }

            """);
        var l5 = Loop("L5", "ReadOnlySpan<ℝ> xs1, ReadOnlySpan<ℝ> xs0", new[] { new Param("xs1", ParamKind.Span), new Param("xs0", ParamKind.Span) }, """
                    ℝ acc0 = xs1[0];
                    int k1 = 0;
                    do
                    {
                        acc0 = 𝕄.Tanh(acc0 * 𝕄.Exp(𝕄.Sin(S4(xs1[k1], xs0[k1]))));
                        int k2 = 0;
                        while (k2 < xs1.Length)
                        {
                            k2++;
                            acc0 += 𝕄.Atan(𝕄.Sinh(𝕄.Tanh(L3(xs0[0], xs0, 1.0ʳ))));
                        }
                        k1++;
                    } while (k1 < xs1.Length);
                    for (int i3 = 0; i3 < xs1.Length; i3++)
                    {
                        acc0 += 𝕄.Atan(𝕄.Exp(𝕄.Sin((acc0 > xs0[i3] ? 0.75ʳ : xs1[0]))));
                    }
                    return (𝕄.Sqrt(1ʳ + acc0 * acc0) / (0.5ʳ + 𝕄.Sinh(1ʳ + acc0 * acc0) * 𝕄.Sinh(1ʳ + acc0 * acc0))) + acc0;
            """);
        AssertOk(new FuzzProgram(201023, IsFloat: true, new[] { l3, s4, l5 }));
    }

    /// <summary>
    /// Seed 404098: <c>Round(S3(…))</c> of a value about 1.7e13 whose derivative is about 4e14: the staircase steps every
    /// 2.5e-15 in x, finer than even the smallest difference step, so all three steps agree on the envelope's slope
    /// while the derivative of Round is 0, as every generated member says. Past 1e8 a staircase is not checked.
    /// </summary>
    [Fact]
    public void StaircaseFinerThanEveryStepIsNotChecked()
    {
        var s3 = new MethodSpec("S3", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real), new Param("z2", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S3(ℝ x0, ℝ y1, ℝ z2)
                {
                    ℝ t0 = 𝕄.Sqrt(1ʳ + x0 * x0);
                    {
                    }
                    t0 -= ((z2 * y1) - x0);
                    if ((0.75ʳ * t0) < z2) return (𝕄.Sinh(1ʳ + t0 * t0) + t0);
                    return (-x0);
                }

            """);
        var s6 = new MethodSpec("S6", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real), new Param("z2", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S6(ℝ x0, ℝ y1, ℝ z2)
                {
                    ℝ t0 = ((y1 + x0) * (z2 * y1));
                    ℝ t2 = (𝕄.Cbrt(1ʳ + y1 * y1) * (-z2));
                    return 𝕄.Round(S3(𝕄.Sqrt(1ʳ + y1 * y1), S3(x0, t0, t2), S3(t0, t0, 2.0ʳ)));
                }

            """);
        AssertOk(new FuzzProgram(404098, IsFloat: false, new[] { s3, s6 }));
    }

    /// <summary>
    /// Seed 951360: <c>S3</c> passes <c>t0 ≈ 0.3·sinh(1 + 4x²)</c>, about 3.6e6 at x = −1.9, to <c>S2</c>, which takes
    /// <c>Round(0.5 − √(1 + (t0 + 1.5)²))</c>. Below 1e8, but the smallest difference step moves that argument by about
    /// 100 stairs: the differences see the staircase's envelope (a slope of −1) where Round's derivative is 0, and so
    /// twice the chain rule's value, in every member and the batch kernels alike. A staircase whose argument crosses
    /// more than a stair between the two points of a difference is not checked.
    /// </summary>
    [Fact]
    public void StaircaseCrossedByTheDifferenceStepIsNotChecked()
    {
        var s2 = new MethodSpec("S2", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S2(ℝ x0, ℝ y1)
                {
                    ℝ t0 = 𝕄.Sqrt(1ʳ + (y1 + 1.5ʳ) * (y1 + 1.5ʳ));
                    ℝ t1 = 𝕄.Round((0.5ʳ - t0));
                    if ((t1 - t0) <= (y1 + y1)) return ((t1 * (-0.25ʳ)) / (0.5ʳ + t0 * t0));
                    return y1;
                }

            """);
        var s3 = new MethodSpec("S3", MethodKind.Scalar, new[] { new Param("c1", ParamKind.RealConstant), new Param("x0", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S3([NoDerivative] ℝ c1, ℝ x0)
                {
                    ℝ t0 = (𝕄.Exp(-c1 * c1) / (0.75ʳ + 1.5ʳ * 1.5ʳ));
                    t0 += t0++ * 𝕄.Sinh(1ʳ + (x0 * (-2.0ʳ)) * (x0 * (-2.0ʳ)));
                    Acc3(ref t0, c1);
                    return S2((-x0), t0);
                    static void Acc3(ref ℝ s, ℝ v) { s += 𝕄.Exp(-𝕄.Round(v) * 𝕄.Round(v)); }
                }

            """);
        AssertOk(new FuzzProgram(951360, IsFloat: false, new[] { s2, s3 }));
    }

    /// <summary>
    /// Seed 400602: <c>t3 = sinh(1 + (x·t)²)</c> is about 1e24 and 1e41 at two batch elements, and the result adds
    /// <c>(2 + sin(t3))^…</c> to it. A sine of such an argument turns many times over the smallest step, so the
    /// differences average its term away and see t3′ alone, while the chain rule adds cos(t3)·t3′·…, as large. Past 1e8
    /// a sine is not checked.
    /// </summary>
    [Fact]
    public void SineOfAnArgumentPastEveryStepIsNotChecked()
    {
        var s8 = new MethodSpec("S8", MethodKind.Scalar, new[] { new Param("c1", ParamKind.RealConstant), new Param("x0", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S8([NoDerivative] ℝ c1, ℝ x0) => c1;

            """);
        var s9 = new MethodSpec("S9", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real), new Param("f2", ParamKind.Bool) }, "[Differentiable]", """
                public static ℝ S9(ℝ x0, ℝ y1, bool f2)
                {
                    ℝ t0 = (𝕄.Atan(x0) - 2.0ʳ);
                    t0 += ((t0 * 1.5ʳ) - (x0 - y1));
                    ℝ t3 = 𝕄.Sinh(1ʳ + (x0 * t0) * (x0 * t0));
                    ℝ t4 = 𝕄.Pow(2ʳ + 𝕄.Sin(t3), 𝕄.Tanh(𝕄.Pow(2ʳ + 𝕄.Sin(x0), 𝕄.Tanh(t0))));
                    return 𝕄.Max((S8(0.25ʳ, y1) - (x0 * 1.0ʳ)), 𝕄.Sqrt(1ʳ + (t4 + t3) * (t4 + t3)));
                }

            """);
        AssertOk(new FuzzProgram(400602, IsFloat: false, new[] { s8, s9 }));
    }

    /// <summary>
    /// Seed 700072: a float loop's value is about 5.7e37 and its derivative about 1.3e39, past float's range: the float
    /// Gradient says ∞, the double twin's differences 1.3e39. A derivative float cannot hold is not checked.
    /// </summary>
    [Fact]
    public void FloatDerivativePastFloatRangeIsNotChecked()
    {
        var l4 = new MethodSpec("L4", MethodKind.Loop, new[] { new Param("c4", ParamKind.RealConstant), new Param("s3", ParamKind.Real), new Param("xs0", ParamKind.Span), new Param("xs1", ParamKind.Span, SpanType.Array), new Param("s2", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ L4([NoDerivative] ℝ c4, ℝ s3, ReadOnlySpan<ℝ> xs0, ℝ[] xs1, ℝ s2)
                {
                    ℝ acc0 = 𝕄.Floor(𝕄.Cos(xs0[1]));
                    for (int i2 = 0; i2 < xs0.Length; i2++)
                    {
                        {
                            acc0 -= 𝕄.Tanh((𝕄.Max(xs0[i2], xs1[0]) * 0.75ʳ));
                        }
                        acc0 += 𝕄.Atan(s3);
                    }
                    return 𝕄.Pow(1ʳ + 𝕄.Sinh(1ʳ + acc0 * acc0) * 𝕄.Sinh(1ʳ + acc0 * acc0), 1.5ʳ) + acc0;
                }

            """) { MinLength = 2 };
        var s1 = new MethodSpec("S1", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S1(ℝ x0) => 𝕄.Log(1ʳ + 𝕄.Cos((x0 * (-3.0ʳ))) * 𝕄.Cos((x0 * (-3.0ʳ))));

            """);
        var l2 = Loop("L2", "ℝ[] xs0, ℝ s1", new[] { new Param("xs0", ParamKind.Span, SpanType.Array), new Param("s1", ParamKind.Real) }, """
                    ℝ acc0 = (𝕄.Atan(s1) + 3.0ʳ);
                    return (3.0ʳ - xs0[1]) + acc0;
            """);
        AssertOk(new FuzzProgram(700072, IsFloat: true, new[] { s1, l2, l4 }));
    }

    /// <summary>
    /// Seed 711069: in the float program <c>acc</c> grows so that <c>cos(Pow(1 + acc², 2)·x + …)</c> takes an argument
    /// near 1e4, which float holds to about 1e-3: the float value agrees with the double twin's, but its slope is 1.5%
    /// off (every partial of the float Gradient is, consistently: 112.8 where the twin's differences say 111.1). The float
    /// program's own differences at a step float resolves say so, and the point is not checked.
    /// </summary>
    [Fact]
    public void FloatPointWhoseSlopeRoundingMovesIsNotChecked()
    {
        var l3 = Loop("L3", "ReadOnlySpan<ℝ> xs0, ℝ s1", new[] { new Param("xs0", ParamKind.Span), new Param("s1", ParamKind.Real) }, """
                    ℝ acc0 = 𝕄.Exp(𝕄.Sin((s1 + xs0[0])));
                    int k1 = 0;
                    while (k1 < xs0.Length)
                    {
                        k1++;
                        acc0 += 𝕄.Atan(𝕄.FusedMultiplyAdd(𝕄.Atanh(0.5ʳ * 𝕄.Tanh(xs0[1])), 𝕄.FusedMultiplyAdd(xs0[1], 1.0ʳ, xs0[k1 - 1]), (xs0[1] * s1)));
                        acc0 *= 𝕄.Cos(𝕄.FusedMultiplyAdd(𝕄.Pow(1ʳ + acc0 * acc0, 2ʳ), (xs0[0] >= (-1.5ʳ) ? xs0[k1 - 1] : acc0), 𝕄.Asin(0.5ʳ * 𝕄.Tanh(acc0))));
                    }
                    return ((xs0[0] - xs0[0]) + (s1 / (0.5ʳ + xs0[1] * xs0[1]))) + acc0;
            """);
        AssertOk(new FuzzProgram(711069, IsFloat: true, new[] { l3 }));
    }

    /// <summary>
    /// Seed 702195: in the float <c>L1</c> a chain of <c>tanh(acc·m)</c> with |m| up to 137 carries an adjoint of 4.4e13,
    /// which reaches <c>xs0[1]</c> as +5.3e13 and −5.3e13; their exact sum leaves the direct path's 1, but float holds
    /// each to ±3e6, and the Gradient says 0 (the double program says 1). Any reverse or forward sweep sums these
    /// paths: the derivative is rounding-bound in float at that point, and the twin's intermediates, which move by
    /// 1e7 per unit of <c>xs0[1]</c>, say so.
    /// </summary>
    [Fact]
    public void FloatDerivativeWhoseSweepCancelsPastFloatPrecisionIsNotChecked()
    {
        var l1 = new MethodSpec("L1", MethodKind.Loop, new[] { new Param("s1", ParamKind.Real), new Param("xs0", ParamKind.Span, SpanType.Array) }, "[Differentiable]", """
                public static ℝ L1(ℝ s1, ℝ[] xs0)
                {
                    ℝ acc0 = (𝕄.Cos(xs0[0]) * xs0[1]);
                    ℝ[] b1 = new ℝ[xs0.Length];
                    int k2 = 0;
                    do
                    {
                        for (int j3 = 0; j3 < xs0.Length; j3++)
                        {
                            b1[j3] = (𝕄.Exp(𝕄.Sin(xs0[j3])) - (b1[j3] * j3));
                        }
                        for (int j4 = 0; j4 < xs0.Length; j4++)
                        {
                            acc0 = 𝕄.Tanh(acc0 * 𝕄.Min(b1[j4], 𝕄.FusedMultiplyAdd(b1[k2], xs0[k2], b1[j4])));
                        }
                        k2++;
                    } while (k2 < xs0.Length);
                    return xs0[1] + acc0;
                }

            """) { MinLength = 2 };
        var l5 = Loop("L5", "ReadOnlySpan<ℝ> xs0", new[] { new Param("xs0", ParamKind.Span) }, """
                    ℝ acc0 = 𝕄.Pow(1ʳ + (xs0[0] * xs0[0]) * (xs0[0] * xs0[0]), 2ʳ);
                    return (0.75ʳ - xs0[1]) + acc0;
            """);
        var l7 = new MethodSpec("L7", MethodKind.Loop, new[] { new Param("xs1", ParamKind.Span), new Param("xs0", ParamKind.Span, SpanType.Array) }, "[Differentiable, Checkpoint]", """
                public static ℝ L7(ReadOnlySpan<ℝ> xs1, ℝ[] xs0)
                {
                    ℝ acc0 = (𝕄.Tanh(xs1[1]) - L1(xs1[1], xs0));
                    return xs0[0] + acc0;
                }

            """) { MinLength = 2 };
        AssertOk(new FuzzProgram(702195, IsFloat: true, new[] { l1, l5, l7 }));
    }

    /// <summary>
    /// Seed 711147: <c>acc += sin((1 + 4acc²)³)</c> four times makes acc chaotic in <c>xs0[0]</c> and <c>s2</c>
    /// (d acc/d xs0[0] ≈ 7.4e15: one ulp of the input moves acc by 0.57), then eight <c>tanh(0.0155·acc)</c> damp it
    /// by 3e-15. The chain rule's 41 is the derivative of an oscillation whose amplitude is below the value's rounding:
    /// the differences at every step see none of it. The sine's argument moves by far more than a radian over every
    /// difference step, so the differences are no reference there.
    /// </summary>
    [Fact]
    public void SineWhoseArgumentTurnsFasterThanTheStepIsNotChecked()
    {
        var s1 = new MethodSpec("S1", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("n3", ParamKind.Int), new Param("y1", ParamKind.Real), new Param("z2", ParamKind.Real) }, "[Differentiable]", """
                public static ℝ S1(ℝ x0, int n3, ℝ y1, ℝ z2)
                {
                    return x0;
                }

            """);
        var l2 = new MethodSpec("L2", MethodKind.Loop, new[] { new Param("s2", ParamKind.Real), new Param("s1", ParamKind.Real), new Param("xs0", ParamKind.Span, SpanType.Span) }, "[Differentiable, Checkpoint]", """
                public static ℝ L2(ℝ s2, ℝ s1, Span<ℝ> xs0)
                {
                    ℝ acc0 = (𝕄.Log(1 + s2 * s2) + xs0[0]);
                    int k2 = 0;
                    while (k2 < xs0.Length)
                    {
                        k2++;
                        acc0 += 𝕄.Sin(𝕄.Pow(1 + (acc0 + acc0) * (acc0 + acc0), 3));
                    }
                    foreach (var v6 in xs0)
                    {
                        for (int j7 = 0; j7 < xs0.Length; j7++)
                        {
                            if (S1(s2, 1, v6, v6) <= v6) break;
                            acc0 = 𝕄.Tanh(acc0 * 𝕄.Log(1 + (0.25 * 0.5) * (0.25 * 0.5)));
                        }
                    }
                    return ((acc0 - 3.0) * (s2 + xs0[1])) + acc0;
                }

            """) { MinLength = 2 };
        AssertOk(new FuzzProgram(711147, IsFloat: false, new[] { s1, l2 }));
    }

    /// <summary>
    /// Seed 722235: <c>cos(sinh(1 + sinh(1 + y²)²))</c> takes an argument of about 1e100, where the cosine turns over
    /// far more than a period within any difference step. The first derivatives are not checked there (the twin's
    /// argument is past 1e8), and neither are the second: differences of the generated gradient along t see the
    /// oscillation's envelope (12410 against H·t's 6.5e119, a derivative of terms of size 1e120).
    /// </summary>
    [Fact]
    public void HessianWhereTheFirstDerivativesHaveNoReferenceIsNotChecked()
    {
        var s4 = new MethodSpec("S4", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real), new Param("y1", ParamKind.Real) }, "[Differentiable(Hessian = true)]", """
                public static ℝ S4(ℝ x0, ℝ y1)
                {
                    ℝ t0 = ((1.5ʳ * y1) * (y1 + x0));
                    t0 *= 𝕄.Cos(𝕄.Sinh(1 + 𝕄.Sinh(1 + y1 * y1) * 𝕄.Sinh(1 + y1 * y1)));
                    return t0;
                }

            """);
        AssertOk(new FuzzProgram(722235, IsFloat: false, new[] { s4 }));
    }

    /// <summary>
    /// Seed 1020409: in float, <c>sinh(1 + t3²)²</c> overflows to ∞, so <c>atan(acosh(1.5 + ∞))</c> is π/2 and its
    /// derivative 0·∞: NaN in the generated C# gradient, where the differences are no reference either (the twin left
    /// float's range). The per-example GPU kernel computes the same NaN; it agrees with the C# member it is checked
    /// against, which is all that check asks (NaN against NaN, or ∞ against ∞, is the same value).
    /// </summary>
    [Fact]
    public void GpuKernelThatAgreesWithTheCSharpMemberOnANaNIsNotWrong()
    {
        var model = new[] { new Param("s1", ParamKind.Real), new Param("c2", ParamKind.RealConstant) { PerElement = true }, new Param("xs0", ParamKind.Span, SpanType.Array) };
        var l3 = new MethodSpec("L3", MethodKind.Loop, model, "[Differentiable(Inline = false), Checkpoint]", """
                public static ℝ L3(ℝ s1, [NoDerivative(PerElement = true)] ℝ c2, ℝ[] xs0)
                {
                    ℝ acc0 = 𝕄.Pow(1ʳ + (-1.5ʳ) * (-1.5ʳ), (-0.5ʳ));
                    foreach (var t1 in L3Table)
                    {
                        acc0 += t1 * 𝕄.Sin(acc0 * L3Scale);
                    }
                    for (int i2 = 0; i2 < xs0.Length; i2++)
                    {
                        ℝ t3 = 𝕄.Sin(𝕄.Abs(1ʳ + s1 * s1)) + acc0;
                        int k4 = 0;
                        while (k4 < xs0.Length)
                        {
                            k4++;
                            acc0 += 𝕄.Atan(𝕄.Acosh(1.5ʳ + 𝕄.Sinh(1ʳ + t3 * t3) * 𝕄.Sinh(1ʳ + t3 * t3)));
                        }
                    }
                    return c2 + acc0;
                }

                static readonly ℝ[] L3Table = { 0.5ʳ, -1.25ʳ, 2.0ʳ };

                static readonly ℝ L3Scale = 0.75ʳ;

            """);
        AssertOk(new FuzzProgram(1020409, IsFloat: true, new[] { l3 }));
    }

    private static MethodSpec Loop(string name, string parameters, Param[] model, string body) =>
        new(name, MethodKind.Loop, model, "[Differentiable]", $"    public static ℝ {name}({parameters})\n    {{\n{body}\n    }}\n") { MinLength = 2 };

    private static void AssertOk(FuzzProgram program)
    {
        var outcome = Classifier.Classify(program);
        Assert.True(outcome.Class == FuzzClass.Ok, $"{outcome.Class} {outcome.Key}\n{outcome.Detail}\n{program.UserSource}");
    }
}
