using System.Reflection;
using System.Runtime.CompilerServices;
using SymDiff.Consumer.Tests.Corpus.Realistic;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Every method of the realistic corpus (<c>Corpus/Realistic</c>: numerical recipes, physics, geometry, statistics,
/// kinematics, written as users write them) at each of its <see cref="AtAttribute"/> points: the generated Pullback's
/// gradient (seed 1, adjoints starting at zero) against central differences of the primal in every differentiable
/// scalar and span element, the Gradient's value and gradient equal to the Pullback's, and the Pushforward's tangent
/// equal to the gradient's dot product with a direction; where the method asks for <c>PushforwardN</c> (the corpus asks
/// everywhere), its tangents along several directions. One test case per method, so the pass rate reads per method.
/// </summary>
public sealed class RealisticCorpusTests
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var method in Corpus())
        {
            data.Add($"{method.DeclaringType!.Name}.{method.Name}");
        }

        return data;
    }

    /// <summary>The corpus is large enough to matter (the issue asks for 150 methods) and every method has points.</summary>
    [Fact]
    public void TheCorpusHasItsMethodsAndEachHasPoints()
    {
        var methods = Corpus().ToList();
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.NotEmpty(m.GetCustomAttributes<AtAttribute>()));
        Assert.All(methods, m => Assert.NotNull(m.GetCustomAttribute<ConstructsAttribute>()));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void DerivativesMatchFiniteDifferences(string name)
    {
        var method = Corpus().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        foreach (var at in method.GetCustomAttributes<AtAttribute>())
        {
            Check(method, at.Arguments);
        }
    }

    private static IEnumerable<MethodInfo> Corpus() =>
        typeof(AtAttribute).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AtAttribute).Namespace && t.IsClass && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(Static))
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null)
            .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal);

    private static void Check(MethodInfo primal, object[] point)
    {
        var type = primal.DeclaringType!;
        var parameters = primal.GetParameters();
        Assert.Equal(parameters.Length, point.Length);
        var isFloat = primal.ReturnType == typeof(float);
        var where = $"{type.Name}.{primal.Name}({string.Join(", ", point.Select(Show))})";
        double F(object?[] args) => Convert.ToDouble(SpanInvoker.Call(primal, args));
        object?[] Arguments() => parameters.Select((p, k) => Argument(p.ParameterType, point[k])).ToArray();

        // The pullback: seed 1 into adjoints starting at zero is the gradient.
        var pullback = type.GetMethod(primal.Name + "Pullback", Static) ?? throw new MissingMethodException(type.Name, primal.Name + "Pullback");
        var differentiable = Enumerable.Range(0, parameters.Length).Where(k => IsDifferentiable(parameters[k])).ToList();
        var adjoints = differentiable.ToDictionary(k => k, k => IsSpanLike(parameters[k].ParameterType)
            ? Array.CreateInstance(Element(parameters[k].ParameterType), Count(point[k]))
            : Array.CreateInstance(parameters[k].ParameterType, 1));
        var seed = isFloat ? (object)1f : 1.0;
        var value = Convert.ToDouble(SpanInvoker.Call(pullback, [.. Arguments(), seed, .. differentiable.Select(k => adjoints[k])]));
        var at = F(Arguments());
        AssertClose(at, value, isFloat ? 1e-5 : 1e-12, $"{where}: Pullback value");

        var gradient = new List<double>();
        foreach (var k in differentiable)
        {
            var adjoint = adjoints[k];
            for (var e = 0; e < (IsSpanLike(parameters[k].ParameterType) ? adjoint.Length : 1); e++)
            {
                var (index, element) = (k, e);
                double Moved(double x)
                {
                    var args = Arguments();
                    if (args[index] is Array { Rank: 2 } matrix)
                    {
                        // A two-dimensional array's derivatives are row-major: element e is [e / columns, e % columns].
                        matrix.SetValue(Convert.ChangeType(x, matrix.GetType().GetElementType()!, System.Globalization.CultureInfo.InvariantCulture), element / matrix.GetLength(1), element % matrix.GetLength(1));
                    }
                    else if (args[index] is Array array)
                    {
                        array.SetValue(Convert.ChangeType(x, array.GetType().GetElementType()!, System.Globalization.CultureInfo.InvariantCulture), element);
                    }
                    else
                    {
                        args[index] = Convert.ChangeType(x, parameters[index].ParameterType, System.Globalization.CultureInfo.InvariantCulture);
                    }

                    return F(args);
                }

                var x0 = point[k] is double[] or object[] ? Flattened(point[k])[e] : Convert.ToDouble(point[k], System.Globalization.CultureInfo.InvariantCulture);
                var derivative = Convert.ToDouble(adjoint.GetValue(e), System.Globalization.CultureInfo.InvariantCulture);
                gradient.Add(derivative);
                AssertClose(Central(Moved, x0, isFloat), derivative, isFloat ? FloatTolerance : DoubleTolerance, $"{where}: ∂/∂{parameters[k].Name}{(IsSpanLike(parameters[k].ParameterType) ? $"[{e}]" : string.Empty)}");
            }
        }

        // The pushforward in direction t: the gradient's dot product with t.
        var pushforward = type.GetMethod(primal.Name + "Pushforward", Static) ?? throw new MissingMethodException(type.Name, primal.Name + "Pushforward");
        var direction = new List<double>();
        var tangents = differentiable.Select(k =>
        {
            if (IsSpanLike(parameters[k].ParameterType))
            {
                var length = Count(point[k]);
                var t = Enumerable.Range(0, length).Select(i => Math.Sin(direction.Count + i + 1.0)).ToArray();
                direction.AddRange(t);
                return Argument(Tangent(parameters[k].ParameterType), t);
            }

            var d = Math.Sin(direction.Count + 1.0);
            direction.Add(d);
            return Argument(parameters[k].ParameterType, d);
        }).ToList();
        var pair = (ITuple)SpanInvoker.Call(pushforward, [.. Arguments(), .. tangents])!;
        AssertClose(at, Convert.ToDouble(pair[0], System.Globalization.CultureInfo.InvariantCulture), isFloat ? 1e-5 : 1e-12, $"{where}: Pushforward value");
        AssertClose(gradient.Zip(direction, (g, d) => g * d).Sum(), Convert.ToDouble(pair[1], System.Globalization.CultureInfo.InvariantCulture), isFloat ? 1e-4 : 1e-9, $"{where}: Pushforward tangent");

        if (primal.GetCustomAttribute<DifferentiableAttribute>()!.PushforwardN)
        {
            CheckPushforwardN(primal, point, differentiable, gradient, at, where);
        }
    }

    /// <summary>
    /// <c>PushforwardN</c> along 0, 1, 4 (one full sweep), 5 and 9 directions (full sweeps and the rest one at a time):
    /// the value, each direction's tangent against the gradient's dot product with it and against <c>Pushforward</c>
    /// along that direction alone.
    /// </summary>
    private static void CheckPushforwardN(MethodInfo primal, object[] point, List<int> differentiable, List<double> gradient, double at, string where)
    {
        var type = primal.DeclaringType!;
        var parameters = primal.GetParameters();
        var isFloat = primal.ReturnType == typeof(float);
        var vector = type.GetMethod(primal.Name + "PushforwardN", Static) ?? throw new MissingMethodException(type.Name, primal.Name + "PushforwardN");
        var single = type.GetMethod(primal.Name + "Pushforward", Static)!;
        object?[] Arguments() => parameters.Select((p, k) => Argument(p.ParameterType, point[k])).ToArray();
        // Each differentiable parameter's share of a direction: its span's length, or 1.
        var lengths = differentiable.Select(k => IsSpanLike(parameters[k].ParameterType) ? Count(point[k]) : 1).ToList();
        foreach (var count in new[] { 0, 1, 4, 5, 9 })
        {
            // Direction d: element i of the flattened inputs gets sin(7·d + i + 1).
            var directions = Enumerable.Range(0, count).Select(d => Enumerable.Range(0, gradient.Count).Select(i => Math.Sin(7.0 * d + i + 1)).ToArray()).ToList();
            var spans = new List<object>();
            var offset = 0;
            foreach (var (k, length) in differentiable.Zip(lengths))
            {
                var element = IsSpanLike(parameters[k].ParameterType) ? Element(parameters[k].ParameterType) : parameters[k].ParameterType;
                spans.Add(Argument(element.MakeArrayType(), directions.SelectMany(d => d.Skip(offset).Take(length)).ToArray()));
                offset += length;
            }

            var tangents = Array.CreateInstance(primal.ReturnType, count);
            var value = Convert.ToDouble(SpanInvoker.Call(vector, [.. Arguments(), count, .. spans, tangents]), System.Globalization.CultureInfo.InvariantCulture);
            AssertClose(at, value, isFloat ? 1e-5 : 1e-12, $"{where}: PushforwardN({count}) value");
            for (var d = 0; d < count; d++)
            {
                var tangent = Convert.ToDouble(tangents.GetValue(d), System.Globalization.CultureInfo.InvariantCulture);
                AssertClose(gradient.Zip(directions[d], (g, t) => g * t).Sum(), tangent, isFloat ? 1e-4 : 1e-9, $"{where}: PushforwardN({count}) direction {d}");
                var along = new List<object>();
                offset = 0;
                foreach (var (k, length) in differentiable.Zip(lengths))
                {
                    var entries = directions[d].Skip(offset).Take(length).ToArray();
                    along.Add(IsSpanLike(parameters[k].ParameterType) ? Argument(Tangent(parameters[k].ParameterType), entries) : Argument(parameters[k].ParameterType, entries[0]));
                    offset += length;
                }

                var pair = (ITuple)SpanInvoker.Call(single, [.. Arguments(), .. along])!;
                AssertClose(Convert.ToDouble(pair[1], System.Globalization.CultureInfo.InvariantCulture), tangent, isFloat ? 1e-6 : 1e-13, $"{where}: PushforwardN({count}) direction {d} against Pushforward");
            }
        }
    }

    private static bool IsDifferentiable(ParameterInfo p) =>
        p.GetCustomAttribute<NoDerivativeAttribute>() is null
        && (p.ParameterType == typeof(double) || p.ParameterType == typeof(float)
            || SpanInvoker.IsSpan(p.ParameterType) && Element(p.ParameterType) is var e && (e == typeof(double) || e == typeof(float))
            || p.ParameterType == typeof(double[]) || p.ParameterType == typeof(float[])
            || p.ParameterType == typeof(double[,]) || p.ParameterType == typeof(float[,]));

    private static bool IsSpanLike(Type type) => SpanInvoker.IsSpan(type) || type.IsArray;

    private static Type Element(Type span) => span.IsArray ? span.GetElementType()! : span.GetGenericArguments()[0];

    /// <summary>
    /// A point's entry for a two-dimensional array lists its rows (<c>new object[] { new[] { … }, new[] { … } }</c>):
    /// its elements in row-major order, the order of its derivatives.
    /// </summary>
    private static double[] Flattened(object value) => value is object[] rows ? rows.Cast<double[]>().SelectMany(r => r).ToArray() : (double[])value;

    /// <summary>How many elements a span or array entry of a point has (a two-dimensional array's all).</summary>
    private static int Count(object value) => Flattened(value).Length;

    /// <summary>The type a tangent of an array parameter is passed as: a span of all its elements (a two-dimensional array's row-major).</summary>
    private static Type Tangent(Type type) => type.IsArray && type.GetArrayRank() == 2 ? type.GetElementType()!.MakeArrayType() : type;

    /// <summary>A fresh argument of <paramref name="type"/> from a point's entry (arrays copied, so a callee's writes do not leak).</summary>
    private static object Argument(Type type, object value)
    {
        if (type.IsArray && type.GetArrayRank() == 2)
        {
            var rows = ((object[])value).Cast<double[]>().ToArray();
            var matrix = Array.CreateInstance(type.GetElementType()!, rows.Length, rows.Length == 0 ? 0 : rows[0].Length);
            for (var i = 0; i < rows.Length; i++)
            {
                for (var j = 0; j < rows[i].Length; j++)
                {
                    matrix.SetValue(Convert.ChangeType(rows[i][j], type.GetElementType()!, System.Globalization.CultureInfo.InvariantCulture), i, j);
                }
            }

            return matrix;
        }

        if (IsSpanLike(type))
        {
            var element = Element(type);
            var source = (double[])value;
            var array = Array.CreateInstance(element, source.Length);
            for (var i = 0; i < source.Length; i++)
            {
                array.SetValue(Convert.ChangeType(source[i], element, System.Globalization.CultureInfo.InvariantCulture), i);
            }

            return array;
        }

        return Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Show(object value) => value switch
    {
        double[] values => "[" + string.Join(", ", values) + "]",
        object[] rows => "[" + string.Join("; ", rows.Cast<double[]>().Select(r => string.Join(", ", r))) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
