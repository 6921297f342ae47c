using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>SD0002 (method is not static): the fix makes it static, only when it reads no instance state.</summary>
public sealed class MakeMethodStaticTests
{
    [Fact]
    public Task A_method_that_uses_only_its_parameters_becomes_static() => SymDiffFixTest<MakeMethodStatic>.RunAsync(
        """
        using System;
        using SymDiff;

        public partial class Model
        {
            private const double Scale = 2;

            [Differentiable]
            public double {|SD0002:F|}(double x) => Scale * Math.Sin(x) + Twice(x);

            [Differentiable]
            private static double Twice(double x) => 2 * x;
        }
        """,
        """
        using System;
        using SymDiff;

        public partial class Model
        {
            private const double Scale = 2;

            [Differentiable]
            public static double F(double x) => Scale * Math.Sin(x) + Twice(x);

            [Differentiable]
            private static double Twice(double x) => 2 * x;
        }
        """);

    [Fact]
    public Task Static_goes_after_the_accessibility_or_first_when_there_is_none() => SymDiffFixTest<MakeMethodStatic>.RunAsync(
        """
        using SymDiff;

        public partial class Model
        {
            /// <summary>No modifiers.</summary>
            [Differentiable]
            double {|SD0002:F|}(double x) => x * x;

            [Differentiable]
            private protected double {|SD0002:G|}(double x) => x * x;

            [Differentiable] double {|SD0002:H|}(double x) => x;
        }
        """,
        """
        using SymDiff;

        public partial class Model
        {
            /// <summary>No modifiers.</summary>
            [Differentiable]
            static double F(double x) => x * x;

            [Differentiable]
            private protected static double G(double x) => x * x;

            [Differentiable] static double H(double x) => x;
        }
        """);

    [Theory]
    [InlineData("private readonly double _w = 1;", "x * {|SD0006:_w|}")]
    [InlineData("private double W => 1;", "x * {|SD0006:this.W|}")]
    [InlineData("private double Other(double v) => v;", "{|SD0006:Other(x)|}")]
    [InlineData("public override int GetHashCode() => 1;", "{|SD0006:base.GetHashCode()|} * x")]
    public Task Not_offered_when_the_method_uses_instance_state(string member, string body)
    {
        var source = $$"""
            using SymDiff;

            public partial class Model
            {
                {{member}}

                [Differentiable]
                public double {|SD0002:F|}(double x) => {{body}};
            }
            """;
        return SymDiffFixTest<MakeMethodStatic>.RunAsync(source, source);
    }

    [Fact]
    public Task Not_offered_for_an_override() => SymDiffFixTest<MakeMethodStatic>.RunAsync(
        """
        using SymDiff;

        public abstract class Base
        {
            public abstract double F(double x);
        }

        public partial class Model : Base
        {
            [Differentiable]
            public override double {|SD0002:F|}(double x) => x * x;
        }
        """,
        """
        using SymDiff;

        public abstract class Base
        {
            public abstract double F(double x);
        }

        public partial class Model : Base
        {
            [Differentiable]
            public override double {|SD0002:F|}(double x) => x * x;
        }
        """);

    [Fact]
    public Task Fix_all_makes_every_method_static()
    {
        var test = new SymDiffFixTest<MakeMethodStatic> { NumberOfFixAllIterations = 1, NumberOfFixAllInDocumentIterations = 2 };
        test.TestState.Sources.Add("""
            using SymDiff;

            public partial class A
            {
                [Differentiable]
                public double {|SD0002:F|}(double x) => x * x;

                [Differentiable]
                internal double {|SD0002:G|}(double x) => x + x;
            }
            """);
        test.TestState.Sources.Add("""
            using SymDiff;

            public partial class B
            {
                [Differentiable]
                public double {|SD0002:H|}(double x) => x * x * x;
            }
            """);
        test.FixedState.Sources.Add("""
            using SymDiff;

            public partial class A
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                internal static double G(double x) => x + x;
            }
            """);
        test.FixedState.Sources.Add("""
            using SymDiff;

            public partial class B
            {
                [Differentiable]
                public static double H(double x) => x * x * x;
            }
            """);
        return test.RunAsync();
    }
}
