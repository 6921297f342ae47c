using System.Reflection;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// The batched kernels of a corpus function (<c>{F}Batch</c>, <c>{F}PullbackBatch</c>) with inputs of a given length:
/// span parameters cycle through the function's test points, each slightly scaled (by 1 + 0.002·(−2…2)) so that
/// neighbouring SIMD lanes differ; broadcast parameters take the first point's value. The expected values come from
/// the scalar primal and its generated gradient at each element's point.
/// </summary>
public sealed class BatchCase
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
    private const int Scales = 5;

    private readonly Dictionary<int, (double Value, double[] Gradient)> _expected = new();

    public BatchCase(DifferentiableFunction function, int length)
    {
        Function = function;
        Length = length;
        var type = function.Primal.DeclaringType!;
        Batch = type.GetMethod(function.Primal.Name + "Batch", Static) ?? throw new MissingMethodException(type.FullName, function.Primal.Name + "Batch");
        PullbackBatch = type.GetMethod(function.Primal.Name + "PullbackBatch", Static)
            ?? throw new MissingMethodException(type.FullName, function.Primal.Name + "PullbackBatch");
        IsSpan = function.Parameters.Select(p => function.Differentiable.Contains(p.Position) || IsPerElement(p)).ToArray();
        Inputs = function.Parameters.Select((p, j) => IsSpan[j]
            ? Column(p.ParameterType, Enumerable.Range(0, length).Select(i => ElementPoint(i)[j]))
            : Scalar(p.ParameterType, function.Points[0][j])).ToArray();
        Upstream = Column(function.Primal.ReturnType, Enumerable.Range(0, length).Select(i => 0.5 + (i % 3)));
    }

    public DifferentiableFunction Function { get; }

    public int Length { get; }

    public MethodInfo Batch { get; }

    public MethodInfo PullbackBatch { get; }

    /// <summary>Per primal parameter: a span in the kernels (differentiable or per-element), or a broadcast scalar.</summary>
    public bool[] IsSpan { get; }

    /// <summary>Per primal parameter: the array passed as its span, or its boxed scalar.</summary>
    public object[] Inputs { get; }

    public Array Upstream { get; }

    public static bool IsPerElement(ParameterInfo p) => p.GetCustomAttribute<NoDerivativeAttribute>()?.PerElement == true;

    /// <summary>Runs <c>{F}Batch</c> into a new array.</summary>
    public Array RunBatch()
    {
        var result = NewReal();
        SpanInvoker.Invoke(Batch, [.. Inputs, result]);
        return result;
    }

    /// <summary>Runs <c>{F}PullbackBatch</c> into new arrays, one per differentiable parameter.</summary>
    public Array[] RunPullbackBatch()
    {
        var adjoints = Function.Differentiable.Select(_ => NewReal()).ToArray();
        SpanInvoker.Invoke(PullbackBatch, [.. Inputs, Upstream, .. adjoints]);
        return adjoints;
    }

    /// <summary>The primal at element <paramref name="i"/>'s point, and its gradient there.</summary>
    public (double Value, double[] Gradient) Expected(int i)
    {
        var key = i % (Function.Points.Length * Scales);
        if (!_expected.TryGetValue(key, out var expected))
        {
            _expected[key] = expected = Function.ValueAndGradient(ElementPoint(i));
        }

        return expected;
    }

    public double UpstreamAt(int i) => Convert.ToDouble(Upstream.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>All arguments of element <paramref name="i"/>, rounded to their parameters' types.</summary>
    private double[] ElementPoint(int i)
    {
        var basePoint = Function.Points[i % Function.Points.Length];
        var scale = 1 + 0.002 * ((i / Function.Points.Length % Scales) - 2);
        return Function.Parameters.Select((p, j) =>
            !IsSpan[j] ? Function.Points[0][j]
            : p.ParameterType == typeof(double) ? basePoint[j] * scale
            : p.ParameterType == typeof(float) ? (float)(basePoint[j] * scale)
            : basePoint[j]).ToArray();
    }

    private Array NewReal() => Array.CreateInstance(Function.Primal.ReturnType, Length);

    private static Array Column(Type type, IEnumerable<double> values)
    {
        var list = values.ToList();
        var array = Array.CreateInstance(type, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            array.SetValue(Scalar(type, list[i]), i);
        }

        return array;
    }

    private static object Scalar(Type type, double value) =>
        type == typeof(double) ? value
        : type == typeof(float) ? (float)value
        : type == typeof(int) ? checked((int)value)
        : type == typeof(bool) ? value != 0
        : throw new NotSupportedException(type.Name);
}
