using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>
/// SD0004 on a list parameter's type (SymDiff reads numbers from spans and arrays, not lists; reported once, on the
/// type): the fix makes the parameter a ReadOnlySpan of its element type when the body only indexes, counts and
/// enumerates it.
/// </summary>
public sealed class ReplaceWithReadOnlySpanTests
{
    [Fact]
    public Task A_list_that_is_indexed_and_counted_becomes_a_span() => SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(
        """
        using System.Collections.Generic;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double Mean({|SD0004:List<double>|} xs, double w)
            {
                double s = 0;
                for (int i = 0; i < xs.Count; i++)
                {
                    s += w * xs[i];
                }

                return s / xs.Count;
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double Mean(ReadOnlySpan<double> xs, double w)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    s += w * xs[i];
                }

                return s / xs.Length;
            }
        }
        """,
        test => test.NumberOfIncrementalIterations = 1);

    [Fact]
    public Task An_enumerated_float_list_becomes_a_float_span() => SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(
        """
        using System;
        using System.Collections.Generic;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static float SumOfSquares({|SD0004:IReadOnlyList<float>|} xs, float scale)
            {
                float s = 0;
                foreach (var x in xs)
                {
                    s += scale * x * x;
                }

                return s;
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static float SumOfSquares(ReadOnlySpan<float> xs, float scale)
            {
                float s = 0;
                foreach (var x in xs)
                {
                    s += scale * x * x;
                }

                return s;
            }
        }
        """);

    [Fact]
    public Task A_collection_written_with_its_namespace_becomes_a_span() => SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(
        """
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double Mean({|SD0004:System.Collections.Generic.ICollection<double>|} xs)
            {
                double s = 0;
                foreach (var x in xs)
                {
                    s += x;
                }

                return s / xs.Count;
            }
        }
        """,
        """
        using System;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double Mean(ReadOnlySpan<double> xs)
            {
                double s = 0;
                foreach (var x in xs)
                {
                    s += x;
                }

                return s / xs.Length;
            }
        }
        """);

    [Theory]
    [InlineData("xs.Add(x);")]
    [InlineData("{|SD0005:xs[0] = x|};")]
    [InlineData("var n = xs.IndexOf(x);")]
    [InlineData("System.Func<int, double> at = {|SD0006:i => xs[i]|};")]
    public Task Not_offered_when_the_body_uses_the_list_as_a_list(string statement)
    {
        var source = $$"""
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F({|SD0004:List<double>|} xs, double x)
                {
                    {{statement}}
                    return x * xs[1];
                }
            }
            """;
        return SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(source, source);
    }

    [Theory]
    [InlineData("List<int>", "(double)xs[0]")]
    [InlineData("HashSet<double>", "xs.Count")]
    [InlineData("Memory<double>", "xs.Span[0]")]
    [InlineData("double[][]", "xs[0][1]")]
    public Task Not_offered_for_other_unsupported_parameter_types(string type, string read)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F({|SD0004:{{type}}|} xs, double x) => x * {{read}};
            }
            """;
        return SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(source, source);
    }

    /// <summary>SD0006 on an expression that reads a list is that expression's problem, not the list's (which is SD0004 once the expression is supported).</summary>
    [Fact]
    public Task Not_offered_on_an_unsupported_expression_that_reads_the_list()
    {
        var source = """
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(List<double> xs, double x) => {|SD0006:xs[0] is > 0|} ? x : -x;
            }
            """;
        return SymDiffFixTest<ReplaceWithReadOnlySpan>.RunAsync(source, source);
    }

    [Fact]
    public Task Fix_all_replaces_each_parameter_once()
    {
        var test = new SymDiffFixTest<ReplaceWithReadOnlySpan> { NumberOfFixAllIterations = 1 };
        test.TestState.Sources.Add("""
            using System;
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double Dot({|SD0004:List<double>|} a, {|SD0004:IList<double>|} b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Count; i++) s += a[i] * b[i];
                    return s;
                }

                [Differentiable]
                public static double Last({|SD0004:List<double>|} v) => v[v.Count - 1];
            }
            """);
        test.FixedState.Sources.Add("""
            using System;
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                    return s;
                }

                [Differentiable]
                public static double Last(ReadOnlySpan<double> v) => v[v.Length - 1];
            }
            """);
        return test.RunAsync();
    }
}
