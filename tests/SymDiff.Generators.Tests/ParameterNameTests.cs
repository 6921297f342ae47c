using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Parameters named like something the generated code relies on: <c>_</c> (a discard is a discard only while no
/// variable of that name is in scope: <c>out _</c> would write the parameter), <c>nameof</c> (<c>nameof(x)</c> becomes
/// a call of the parameter), the generated members' own parameter and local names, and contextual keywords.
/// </summary>
public sealed class ParameterNameTests
{
    [Theory]
    // Scalar path, batched kernels included.
    [InlineData("[Differentiable] public static double F(double _, double y) => _ * y + Math.Sin(_);")]
    [InlineData("[Differentiable] public static double F(double x, [NoDerivative] double _) => x * _;")]
    [InlineData("[Differentiable] public static double F(double nameof, double y) => nameof * y;")]
    [InlineData("[Differentiable] public static double F(double value, double tape, double seed, double result, double upstream) => value * tape * seed * result * upstream;")]
    [InlineData("[Differentiable] public static double F(double global, double var, double dynamic) => global * var + dynamic;")]
    [InlineData("[Differentiable] public static float F(float _, float nameof, float value, float result) => _ * nameof * value * result;")]
    // Loop path.
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> _, double y) { double s = 0; for (int i = 0; i < _.Length; i++) { s += _[i] * y; } return s; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> nameof, double y) { double s = 0; for (int i = 0; i < nameof.Length; i++) { s += nameof[i] * y; } return s; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> value, double tape, double seed, double result, double upstream) { double s = 0; for (int i = 0; i < value.Length; i++) { s += value[i] * tape * seed * result * upstream; } return s; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> global, double var, double dynamic) { double s = 0; for (int i = 0; i < global.Length; i++) { s += global[i] * var + dynamic; } return s; }")]
    [InlineData("[Differentiable, Checkpoint] public static double F(ReadOnlySpan<double> _, double nameof) { double s = 0; for (int i = 0; i < _.Length; i++) { s = s * nameof + _[i]; } return s; }")]
    // Vector functions and their Jacobians.
    [InlineData("[Differentiable] public static void F(ReadOnlySpan<double> _, Span<double> nameof) { for (int i = 0; i < nameof.Length; i++) { nameof[i] = _[i] * _[i]; } }")]
    [InlineData("[Differentiable] public static void F(ReadOnlySpan<double> value, double seed, Span<double> result) { for (int i = 0; i < result.Length; i++) { result[i] = value[i] * seed; } }")]
    [InlineData("[Differentiable] public static void F(ReadOnlySpan<double> tape, double upstream, Span<double> global) { for (int i = 0; i < global.Length; i++) { global[i] = tape[i] * upstream; } }")]
    // Calls, whose derivatives use discards for the partials nothing reads.
    [InlineData("[Differentiable] public static double Two(double a, double b) => a * b; [Differentiable] public static double F(double x, [NoDerivative] double _) => Two(x, _) * _;")]
    [InlineData("[Differentiable] public static double Two(double a, double b) => a * b; [Differentiable] public static double F(ReadOnlySpan<double> x, [NoDerivative] double _) { double s = 0; for (int i = 0; i < x.Length; i++) { s += Two(x[i], _) * _; } return s; }")]
    [InlineData("[Differentiable] public static double Two(double _, double nameof) => _ * nameof; [Differentiable] public static double F(double x, double y) => Two(x, y) + Two(y, x);")]
    [InlineData("static double Cube(double x) => x * x * x; [DerivativeOf(nameof(Cube))] static (double Value, double Tangent) CubePushforward(double x, double tX) => (x * x * x, 3 * x * x * tX); [Differentiable] public static double F(double _, double nameof) => Cube(_) * Cube(nameof);")]
    public void ParametersNamedLikeWhatGeneratedCodeUsesCompile(string members) =>
        GeneratedCodeWarningsTests.AssertNoGeneratedWarnings(members);

    /// <summary>
    /// A parameter named <c>_</c> must not receive what generated code discards: <c>out _</c> for a partial nothing reads
    /// (Gradient strategy) and <c>(_, ∂) = …</c> for a second pushforward (two differentiable callee parameters) compile
    /// against it and overwrite its value.
    /// </summary>
    [Fact]
    public void DiscardsDoNotWriteAParameterNamedUnderscore()
    {
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;

            public static partial class P
            {
                [Differentiable] public static double Two(double a, double b) => a * b;
                [Differentiable] public static double F(double x, [NoDerivative] double _) => Two(x, _) * _;

                static double Three(double a, double b, double c) => a * b * c;
                [DerivativeOf(nameof(Three))]
                static (double Value, double Tangent) ThreePushforward(double a, double b, double c, double tA, double tB, double tC) =>
                    (a * b * c, b * c * tA + a * c * tB + a * b * tC);
                [Differentiable] public static double G(double x, double y, [NoDerivative] double _) => Three(x, y, _) * _;
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var f = P.FGradient(2, 3, out var dX);
                    var g = P.GGradient(2, 3, 5, out var gX, out var gY);
                    var (fv, ft) = P.FPushforward(2, 3, 1);
                    return new[] { f, dX, g, gX, gY, fv, ft };
                }
            }
            """);
        // F = x·_², ∂F/∂x = _²; G = x·y·_², ∂G/∂x = y·_², ∂G/∂y = x·_².
        Assert.Equal(new double[] { 18, 9, 150, 75, 50, 18, 9 }, result);
    }
}
