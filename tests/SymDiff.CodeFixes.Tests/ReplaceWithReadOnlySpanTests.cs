using SymDiff.CodeFixes.Tests.Infrastructure;

namespace SymDiff.CodeFixes.Tests;

/// <summary>
/// SD0006 on a list parameter's use (SymDiff reads elements from spans and arrays, not lists): the fix makes the
/// parameter a ReadOnlySpan of its element type when the body only indexes, counts and enumerates it.
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
            public static double Mean(List<double> xs, double w)
            {
                double s = 0;
                for (int i = 0; i < {|SD0006:xs.Count|}; i++)
                {
                    s += w * {|SD0006:xs[i]|};
                }

                return s / {|SD0006:xs.Count|};
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
            public static float SumOfSquares(IReadOnlyList<float> xs, float scale)
            {
                float s = 0;
                foreach (var x in {|SD0006:xs|})
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

    [Theory]
    [InlineData("{|SD0006:xs.Add(x)|};")]
    [InlineData("{|SD0005:xs[0] = x|};")]
    [InlineData("var n = {|SD0006:xs.IndexOf(x)|};")]
    public Task Not_offered_when_the_body_uses_the_list_as_a_list(string statement)
    {
        var source = $$"""
            using System.Collections.Generic;
            using SymDiff;

            public static partial class Model
            {
                [Differentiable]
                public static double F(List<double> xs, double x)
                {
                    {{statement}}
                    return x * {|SD0006:xs[1]|};
                }
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
                public static double Dot(List<double> a, IList<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < {|SD0006:a.Count|}; i++) s += {|SD0006:a[i]|} * {|SD0006:b[i]|};
                    return s;
                }

                [Differentiable]
                public static double Last(List<double> v) => {|SD0006:v[v.Count - 1]|};
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
