using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>SD0001 (containing type is not partial): the fix makes the type and every type around the method partial.</summary>
public sealed class MakeContainingTypesPartialTests
{
    [Fact]
    public Task A_non_partial_type_becomes_partial() => SymDiffFixTest<MakeContainingTypesPartial>.RunAsync(
        """
        using SymDiff;

        public static class {|SD0001:Model|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task A_type_without_modifiers_keeps_its_comment_and_indentation() => SymDiffFixTest<MakeContainingTypesPartial>.RunAsync(
        """
        using SymDiff;

        namespace App
        {
            // The model.
            class {|SD0001:Model|}
            {
                [Differentiable]
                static double F(double x) => x * x;
            }
        }
        """,
        """
        using SymDiff;

        namespace App
        {
            // The model.
            partial class Model
            {
                [Differentiable]
                static double F(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task One_fix_makes_every_enclosing_type_partial() => SymDiffFixTest<MakeContainingTypesPartial>.RunAsync(
        """
        using SymDiff;

        public static class {|SD0001:Outer|}
        {
            internal static class {|SD0001:Inner|}
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """,
        """
        using SymDiff;

        public static partial class Outer
        {
            internal static partial class Inner
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """,
        test => test.NumberOfIncrementalIterations = 1);

    [Fact]
    public Task Fixing_the_outer_type_also_fixes_the_types_between_it_and_the_method() => SymDiffFixTest<MakeContainingTypesPartial>.RunAsync(
        """
        using SymDiff;

        public static class {|SD0001:Outer|}
        {
            public static partial class Middle
            {
                public static class {|SD0001:Inner|}
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }

            public static class Plain
            {
                public static double G(double x) => x;
            }
        }
        """,
        """
        using SymDiff;

        public static partial class Outer
        {
            public static partial class Middle
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }

            public static class Plain
            {
                public static double G(double x) => x;
            }
        }
        """,
        test => test.NumberOfIncrementalIterations = 1);

    [Fact]
    public Task Not_offered_for_a_file_local_type() => SymDiffFixTest<MakeContainingTypesPartial>.RunAsync(
        """
        using SymDiff;

        file static partial class {|SD0020:Hidden|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        using SymDiff;

        file static partial class {|SD0020:Hidden|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task Fix_all_makes_each_type_partial_once_in_every_document()
    {
        const string Before = """
            using SymDiff;

            public static class {|SD0001:{|SD0001:Model{0}|}|}
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double G(double x) => x * x * x;
            }
            """;
        const string After = """
            using SymDiff;

            public static partial class Model{0}
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double G(double x) => x * x * x;
            }
            """;
        var test = new SymDiffFixTest<MakeContainingTypesPartial> { NumberOfFixAllIterations = 1, NumberOfFixAllInDocumentIterations = 2 };
        test.TestState.Sources.Add(Before.Replace("{0}", "A", StringComparison.Ordinal));
        test.TestState.Sources.Add(Before.Replace("{0}", "B", StringComparison.Ordinal));
        test.FixedState.Sources.Add(After.Replace("{0}", "A", StringComparison.Ordinal));
        test.FixedState.Sources.Add(After.Replace("{0}", "B", StringComparison.Ordinal));
        return test.RunAsync();
    }
}
