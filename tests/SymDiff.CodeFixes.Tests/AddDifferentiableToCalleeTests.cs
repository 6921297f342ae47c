using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>SD0007 (call to a method without a derivative): the fix marks a callee declared in the project [Differentiable].</summary>
public sealed class AddDifferentiableToCalleeTests
{
    [Fact]
    public Task A_callee_of_the_same_type_is_marked() => SymDiffFixTest<AddDifferentiableToCallee>.RunAsync(
        """
        using SymDiff;

        public static partial class Model
        {
            /// <summary>The square.</summary>
            private static double G(double x) => x * x;

            [Differentiable]
            public static double F(double x) => {|SD0007:G(x)|} + 1;
        }
        """,
        """
        using SymDiff;

        public static partial class Model
        {
            /// <summary>The square.</summary>
            [Differentiable]
            private static double G(double x) => x * x;

            [Differentiable]
            public static double F(double x) => G(x) + 1;
        }
        """);

    [Fact]
    public Task A_callee_in_another_file_is_marked_there_with_its_using()
    {
        var test = new SymDiffFixTest<AddDifferentiableToCallee>();
        test.TestState.Sources.Add(("Model.cs", """
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => {|SD0007:Shapes.Bump(x)|} * x;
            }
            """));
        test.TestState.Sources.Add(("Shapes.cs", """
            namespace Lib
            {
            }

            public static partial class Shapes
            {
                public static double Bump(double x)
                {
                    return 1 / (1 + x * x);
                }
            }
            """));
        test.FixedState.Sources.Add(("Model.cs", """
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => Shapes.Bump(x) * x;
            }
            """));
        test.FixedState.Sources.Add(("Shapes.cs", """
            using SymDiff;

            namespace Lib
            {
            }

            public static partial class Shapes
            {
                [Differentiable]
                public static double Bump(double x)
                {
                    return 1 / (1 + x * x);
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Not_offered_for_a_library_method()
    {
        const string Source = """
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => {|SD0007:double.Atan2Pi(x, 1.0)|};
            }
            """;
        return SymDiffFixTest<AddDifferentiableToCallee>.RunAsync(Source, Source);
    }

    [Fact]
    public Task Fix_all_marks_each_callee_once()
    {
        var test = new SymDiffFixTest<AddDifferentiableToCallee> { NumberOfFixAllIterations = 1 };
        test.TestState.Sources.Add("""
            using SymDiff;

            public static partial class Model
            {
                private static double G(double x) => x * x;

                private static double H(double x) => x + 1;

                [Differentiable]
                public static double F(double x) => {|SD0007:G(x)|} + {|SD0007:G(2 * x)|};

                [Differentiable]
                public static double K(double x) => {|SD0007:G(x)|} * {|SD0007:H(x)|};
            }
            """);
        test.FixedState.Sources.Add("""
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                private static double G(double x) => x * x;

                [Differentiable]
                private static double H(double x) => x + 1;

                [Differentiable]
                public static double F(double x) => G(x) + G(2 * x);

                [Differentiable]
                public static double K(double x) => G(x) * H(x);
            }
            """);
        return test.RunAsync();
    }
}
