using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>
/// SD0025 (a derivative stops at a callee's [NoDerivative] parameter): when the caller's parameters that reach that
/// argument are used for nothing else, they are data, and the fix marks them [NoDerivative] too.
/// </summary>
public sealed class MarkParameterNoDerivativeTests
{
    private const string Scale = """
            [Differentiable]
            public static double Scale(double x, [NoDerivative] double k) => k * x;
        """;

    [Fact]
    public Task A_parameter_used_only_as_a_no_derivative_argument_is_marked() => SymDiffFixTest<MarkParameterNoDerivative>.RunAsync(
        $$"""
        using SymDiff;

        public static partial class Model
        {
        {{Scale}}

            [Differentiable]
            public static double F(double x, double k) => {|SD0025:Scale(x, k)|};
        }
        """,
        $$"""
        using SymDiff;

        public static partial class Model
        {
        {{Scale}}

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Scale(x, k);
        }
        """);

    [Fact]
    public Task Every_parameter_of_the_argument_is_marked_and_layout_is_kept() => SymDiffFixTest<MarkParameterNoDerivative>.RunAsync(
        $$"""
        using System;
        using SymDiff;

        public static partial class Model
        {
        {{Scale}}

            [Differentiable]
            public static double F(
                double x,
                double k,
                float c)
            {
                return {|SD0025:Scale(x, 2 * k + Math.Abs(c))|};
            }
        }
        """,
        $$"""
        using System;
        using SymDiff;

        public static partial class Model
        {
        {{Scale}}

            [Differentiable]
            public static double F(
                double x,
                [NoDerivative] double k,
                [NoDerivative] float c)
            {
                return Scale(x, 2 * k + Math.Abs(c));
            }
        }
        """);

    [Fact]
    public Task The_using_is_added_when_the_file_has_none() => SymDiffFixTest<MarkParameterNoDerivative>.RunAsync(
        $$"""
        public static partial class Model
        {
            [SymDiff.Differentiable]
            public static double Scale(double x, [SymDiff.NoDerivative] double k) => k * x;

            [SymDiff.Differentiable]
            public static double F(double x, double k) => {|SD0025:Scale(x, k)|};
        }
        """,
        $$"""
        using SymDiff;

        public static partial class Model
        {
            [SymDiff.Differentiable]
            public static double Scale(double x, [SymDiff.NoDerivative] double k) => k * x;

            [SymDiff.Differentiable]
            public static double F(double x, [NoDerivative] double k) => Scale(x, k);
        }
        """);

    [Theory]
    [InlineData("public static double F(double x) => {|SD0025:Scale(x, x * x)|};")]
    [InlineData("public static double F(double x, double k) => {|SD0025:Scale(x, k)|} + k;")]
    [InlineData("public static double F(double x, double k) { var k2 = k * k; return {|SD0025:Scale(x, k2)|}; }")]
    public Task Not_offered_when_the_parameter_also_carries_a_derivative_elsewhere(string method)
    {
        var source = $$"""
            using SymDiff;

            public static partial class Model
            {
            {{Scale}}

                [Differentiable]
                {{method}}
            }
            """;
        return SymDiffFixTest<MarkParameterNoDerivative>.RunAsync(source, source);
    }

    [Fact]
    public Task Fix_all_marks_each_parameter_once()
    {
        var test = new SymDiffFixTest<MarkParameterNoDerivative> { NumberOfFixAllIterations = 1 };
        test.TestState.Sources.Add($$"""
            using SymDiff;

            public static partial class Model
            {
            {{Scale}}

                [Differentiable]
                public static double F(double x, double k) => {|SD0025:Scale(x, k)|} + {|SD0025:Scale(x * x, k)|};

                [Differentiable]
                public static double G(double x, double s) => {|SD0025:Scale(x, s)|};
            }
            """);
        test.FixedState.Sources.Add($$"""
            using SymDiff;

            public static partial class Model
            {
            {{Scale}}

                [Differentiable]
                public static double F(double x, [NoDerivative] double k) => Scale(x, k) + Scale(x * x, k);

                [Differentiable]
                public static double G(double x, [NoDerivative] double s) => Scale(x, s);
            }
            """);
        return test.RunAsync();
    }
}
