using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>
/// SD0007 (call to a method without a derivative): the fix writes a [DerivativeOf] pullback with the signature SymDiff
/// validates, whose body says what to write. The fixed code is analyzed again, so a signature SymDiff rejects (SD0010)
/// or a call still without a derivative (SD0007) fails the test.
/// </summary>
public sealed class AddDerivativeOfStubTests
{
    [Fact]
    public Task A_callee_of_the_same_type_gets_a_pullback_next_to_the_caller() => SymDiffFixTest<AddDerivativeOfStub>.RunAsync(
        """
        using System;
        using SymDiff;

        public static partial class Model
        {
            private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => {|SD0007:Softplus(k * x)|};
        }
        """,
        """
        using System;
        using SymDiff;

        public static partial class Model
        {
            private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Softplus(k * x);

            [DerivativeOf(nameof(Softplus))]
            internal static double SoftplusPullback(double x, double seed, ref double dX)
            {
                throw new NotImplementedException("Write the pullback of Softplus(x): dX += seed * ∂Softplus/∂x; then return Softplus(x).");
            }
        }
        """);

    [Fact]
    public Task A_library_method_gets_a_pullback_naming_its_type_with_the_usings_it_needs() => SymDiffFixTest<AddDerivativeOfStub>.RunAsync(
        """
        namespace App
        {
            public static partial class Model
            {
                [SymDiff.Differentiable]
                public static float F(float a, float b) => {|SD0007:float.Atan2Pi(a, b)|} * a;
            }
        }
        """,
        """
        using System;
        using SymDiff;

        namespace App
        {
            public static partial class Model
            {
                [SymDiff.Differentiable]
                public static float F(float a, float b) => float.Atan2Pi(a, b) * a;

                [DerivativeOf(typeof(float), nameof(float.Atan2Pi))]
                internal static float Atan2PiPullback(float y, float x, float seed, ref float dY, ref float dX)
                {
                    throw new NotImplementedException("Write the pullback of float.Atan2Pi(y, x): dY += seed * ∂Atan2Pi/∂y; dX += seed * ∂Atan2Pi/∂x; then return float.Atan2Pi(y, x).");
                }
            }
        }
        """);

    [Fact]
    public Task Only_differentiable_parameters_get_adjoints_and_taken_names_are_avoided() => SymDiffFixTest<AddDerivativeOfStub>.RunAsync(
        """
        using System;
        using SymDiff;

        public static class Shapes
        {
            public static double Bump(double seed, [NoDerivative] double width, int power) => Math.Pow(seed / width, power);
        }

        public static partial class Model
        {
            private static double BumpPullback(double x) => x;

            [Differentiable]
            public static double F(double x) => {|SD0007:Shapes.Bump(x, 2.0, 3)|};
        }
        """,
        """
        using System;
        using SymDiff;

        public static class Shapes
        {
            public static double Bump(double seed, [NoDerivative] double width, int power) => Math.Pow(seed / width, power);
        }

        public static partial class Model
        {
            private static double BumpPullback(double x) => x;

            [Differentiable]
            public static double F(double x) => Shapes.Bump(x, 2.0, 3);

            [DerivativeOf(typeof(Shapes), nameof(Shapes.Bump))]
            internal static double BumpPullback2(double seed, double width, int power, double seed2, ref double dSeed)
            {
                throw new NotImplementedException("Write the pullback of Shapes.Bump(seed, width, power): dSeed += seed2 * ∂Bump/∂seed; then return Shapes.Bump(seed, width, power).");
            }
        }
        """);

    [Fact]
    public Task Not_offered_for_a_callee_over_spans()
    {
        const string Source = """
            using System;
            using SymDiff;

            public static partial class Model
            {
                private static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];

                [Differentiable]
                public static double F(ReadOnlySpan<double> v) => {|SD0007:Sum(v)|};
            }
            """;
        return SymDiffFixTest<AddDerivativeOfStub>.RunAsync(Source, Source);
    }

    [Fact]
    public Task Fix_all_writes_one_pullback_per_callee()
    {
        var test = new SymDiffFixTest<AddDerivativeOfStub> { NumberOfFixAllIterations = 1, NumberOfFixAllInDocumentIterations = 1 };
        test.TestState.Sources.Add(("Special.cs", """
            public static class Special
            {
                public static double Softplus(double x) => System.Math.Log(1 + System.Math.Exp(x));
            }
            """));
        test.TestState.Sources.Add(("Model.cs", """
            using System;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => {|SD0007:Special.Softplus(x)|} + {|SD0007:Special.Softplus(2 * x)|};

                [Differentiable]
                public static double G(double x, double y) => {|SD0007:double.Atan2Pi(x, y)|};
            }
            """));
        test.TestState.Sources.Add(("Other.cs", """
            using SymDiff;

            public static partial class Other
            {
                [Differentiable]
                public static double H(double x) => {|SD0007:Special.Softplus(x)|};
            }
            """));
        test.FixedState.Sources.Add(("Special.cs", """
            public static class Special
            {
                public static double Softplus(double x) => System.Math.Log(1 + System.Math.Exp(x));
            }
            """));
        test.FixedState.Sources.Add(("Model.cs", """
            using System;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => Special.Softplus(x) + Special.Softplus(2 * x);

                [DerivativeOf(typeof(Special), nameof(Special.Softplus))]
                internal static double SoftplusPullback(double x, double seed, ref double dX)
                {
                    throw new NotImplementedException("Write the pullback of Special.Softplus(x): dX += seed * ∂Softplus/∂x; then return Special.Softplus(x).");
                }

                [Differentiable]
                public static double G(double x, double y) => double.Atan2Pi(x, y);

                [DerivativeOf(typeof(double), nameof(double.Atan2Pi))]
                internal static double Atan2PiPullback(double y, double x, double seed, ref double dY, ref double dX)
                {
                    throw new NotImplementedException("Write the pullback of double.Atan2Pi(y, x): dY += seed * ∂Atan2Pi/∂y; dX += seed * ∂Atan2Pi/∂x; then return double.Atan2Pi(y, x).");
                }
            }
            """));
        test.FixedState.Sources.Add(("Other.cs", """
            using SymDiff;

            public static partial class Other
            {
                [Differentiable]
                public static double H(double x) => Special.Softplus(x);
            }
            """));
        return test.RunAsync();
    }
}
