using System.Reflection;
using System.Runtime.CompilerServices;
using SymDiff.Consumer.Tests.Corpus;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// <c>{F}PushforwardN</c> (vector forward mode, four directions per sweep and the rest one at a time) against
/// <c>{F}Pushforward</c> along each direction alone: the value, the outputs, every output tangent and every value
/// tangent, for 0 to 9 directions; vector functions (which always have it), loops calling other methods (scalar,
/// span-taking with an inactive span, custom pullbacks and pushforwards), float and mixed precision, a scalar result
/// that also writes a span, bodies over scalars; and the argument checks.
/// </summary>
public sealed class PushforwardNTests
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    public static TheoryData<string> Cases() => new(Points.Keys);

    /// <summary>A point for each method: an array stands for a span, and outputs start with these contents.</summary>
    private static readonly Dictionary<string, Func<object[]>> Points = new()
    {
        ["Loops.TwoOutputs"] = () => [new[] { 0.3, -1.2, 0.8, 2.1 }, new double[4], new double[4]],
        ["Loops.AccumulateInto"] = () => [new[] { 0.1, -0.3, 0.5, 0.7, 0.2, -0.6 }, new[] { 0.3, -1.2 }, new[] { 1.0, 1.0, 1.0 }],
        ["Loops.Polar"] = () => [new[] { 1.5, 0.7 }, 2.0, new double[3]],
        ["Loops.MixedOutputs"] = () => [new[] { 0.3f, -1.2f, 0.8f }, new float[3], new double[3]],
        ["Loops.MixedInputs"] = () => [new[] { 0.3f, -1.2f, 0.8f, 2.1f }, new[] { 1.1, 0.5, -0.7, 0.2 }, 0.6f, new double[4]],
        ["Loops.PowersOf"] = () => [0.8, new float[4]],
        ["Loops.SmoothedSteps"] = () => [new[] { 0.9, -0.4, 0.7 }, 0.35, new double[7]],
        ["Loops.ScaleInPlace"] = () => [new[] { 0.5, 2.0, -3.0 }, new[] { 1.0, 2.0, 3.0 }],
        ["Loops.Arm"] = () => [new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }, 0.7, new double[5], new double[5], new double[5]],
        ["Loops.SigmoidLayer"] = () => [new[] { 0.2, -0.4, 0.6 }, 0.1, new[] { 1.0, 0.5, -0.5, 0.3, 0.2, 0.9 }],
        ["Loops.SpanCallsInALoop"] = () => [new[] { 0.2, -0.4, 0.6 }, new[] { 1.0, 0.5, -0.5 }],
        ["Loops.CustomDerivativesInALoop"] = () => [new[] { 0.2, -0.4, 0.6, 1.1, -0.9 }],
        ["Loops.WithWorkBuffer"] = () => [new[] { 0.2, -0.4, 0.6 }, new double[3]],
        ["Loops.WeightedSigmoids"] = () => [new[] { 0.2f, -0.4f, 0.6f, 1.5f }],
        ["Loops.Recurrence"] = () => [0.7, -0.3, 0.1, new[] { 0.5, -1.0, 0.25 }],
        ["Loops.RowPrefixNorms"] = () => [new[] { 0.5, -1.0, 0.25, 0.75, 1.5, -0.5 }, 3, 2.0],
        ["Loops.IntAndBoolBuffers"] = () => [new[] { 0.5, -1.0, 0.25, 0.75 }],
        ["Loops.MixedPrecision"] = () => [new[] { 0.5f, -1.0f, 0.25f }, 1.5f],
        ["Activations.SoftplusUnit"] = () => [0.7, -0.2, 1.3],
        ["Activations.LogCoshLoss"] = () => [0.7, -0.2],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsPushforwardAlongEachDirection(string name)
    {
        var (typeName, methodName) = (name[..name.IndexOf('.')], name[(name.IndexOf('.') + 1)..]);
        var type = typeof(Loops).Assembly.GetType($"{typeof(Loops).Namespace}.{typeName}")!;
        var primal = type.GetMethod(methodName, Static)!;
        var vector = type.GetMethod(methodName + "PushforwardN", Static) ?? throw new MissingMethodException(type.Name, methodName + "PushforwardN");
        var single = type.GetMethod(methodName + "Pushforward", Static)!;
        var primalCount = primal.GetParameters().Length;
        var isFloat = primal.ReturnType == typeof(float) || primal.GetParameters().Any(p => p.ParameterType == typeof(float) || p.ParameterType == typeof(Span<float>) || p.ParameterType == typeof(ReadOnlySpan<float>));
        var tolerance = isFloat ? 1e-6 : 1e-13;

        // The tangent parameters, in order, with each one's length per direction (its primal span's length, or 1).
        var point = Points[name]();
        var tangentParameters = single.GetParameters().Skip(primalCount).ToList();
        var perDirection = tangentParameters.Select(t => SpanInvoker.IsSpan(t.ParameterType)
            ? ((Array)point[primal.GetParameters().Single(p => "t" + char.ToUpperInvariant(p.Name![0]) + p.Name[1..] == t.Name).Position]).Length
            : 1).ToList();
        var outputs = tangentParameters.Select((t, k) => (t, k)).Where(t => t.t.ParameterType.IsGenericType && t.t.ParameterType.GetGenericTypeDefinition() == typeof(Span<>)).Select(t => t.k).ToHashSet();

        foreach (var count in new[] { 0, 1, 3, 4, 5, 8, 9 })
        {
            var random = new Random(count + 17);
            var tangents = tangentParameters.Select((t, k) =>
            {
                var element = SpanInvoker.IsSpan(t.ParameterType) ? t.ParameterType.GetGenericArguments()[0] : t.ParameterType;
                var array = Array.CreateInstance(element, count * perDirection[k]);
                for (var i = 0; i < array.Length && !outputs.Contains(k); i++)
                {
                    array.SetValue(Convert.ChangeType(random.NextDouble() * 2 - 1, element, System.Globalization.CultureInfo.InvariantCulture), i);
                }

                return array;
            }).ToList();
            var valueTangents = primal.ReturnType == typeof(void) ? null : Array.CreateInstance(primal.ReturnType, count);
            var args = Points[name]();
            object?[] vectorArgs = [.. args, count, .. tangents, .. valueTangents is null ? Array.Empty<object>() : [valueTangents]];
            var value = SpanInvoker.Call(vector, vectorArgs);

            // The outputs and the value are the primal's.
            var reference = Points[name]();
            var expected = SpanInvoker.Call(primal, reference);
            for (var k = 0; k < primalCount; k++)
            {
                if (args[k] is Array written)
                {
                    Assert.Equal((Array)reference[k], written);
                }
            }

            if (valueTangents is not null)
            {
                AssertClose(Convert.ToDouble(expected), Convert.ToDouble(value), tolerance, $"{name}: PushforwardN({count}) value");
            }

            for (var d = 0; d < count; d++)
            {
                var along = tangentParameters.Select((t, k) =>
                {
                    var slice = Array.CreateInstance(tangents[k].GetType().GetElementType()!, perDirection[k]);
                    Array.Copy(tangents[k], d * perDirection[k], slice, 0, perDirection[k]);
                    return SpanInvoker.IsSpan(t.ParameterType) ? slice : slice.GetValue(0)!;
                }).ToList();
                var alone = SpanInvoker.Call(single, [.. Points[name](), .. along]);
                foreach (var k in outputs)
                {
                    for (var i = 0; i < perDirection[k]; i++)
                    {
                        AssertClose(Convert.ToDouble(((Array)along[k]).GetValue(i)), Convert.ToDouble(tangents[k].GetValue(d * perDirection[k] + i)), tolerance, $"{name}: PushforwardN({count}) direction {d}, {tangentParameters[k].Name}[{i}]");
                    }
                }

                if (valueTangents is not null)
                {
                    AssertClose(Convert.ToDouble(((ITuple)alone!)[1]), Convert.ToDouble(valueTangents.GetValue(d)), tolerance, $"{name}: PushforwardN({count}) direction {d}");
                }
            }
        }
    }

    [Fact]
    public void EveryVectorFunctionHasItAndScalarMethodsOnlyWhenTheyAsk()
    {
        Assert.NotNull(typeof(Loops).GetMethod(nameof(Loops.TwoOutputs) + "PushforwardN"));
        Assert.NotNull(typeof(Loops).GetMethod(nameof(Loops.SigmoidLayer) + "PushforwardN"));
        Assert.Null(typeof(Loops).GetMethod(nameof(Loops.Dot) + "PushforwardN"));
        Assert.Null(typeof(Activations).GetMethod(nameof(Activations.AbsoluteValue) + "PushforwardN"));
    }

    [Fact]
    public void WrongArgumentsAreRejectedByName()
    {
        double[] w = [0.2, -0.4, 0.6];
        double[] x = [1.0, 0.5, -0.5, 0.3, 0.2, 0.9];
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Loops.SigmoidLayerPushforwardN(w, 0.1, x, -1, [], [], []));
        Assert.Equal("directions", negative.ParamName);

        // Two directions of w need 6 elements.
        var shortW = Assert.Throws<ArgumentException>(() => Loops.SigmoidLayerPushforwardN(w, 0.1, x, 2, new double[5], new double[2], new double[2]));
        Assert.Equal("tW", shortW.ParamName);
        Assert.Contains("2 directions of 'w'", shortW.Message, StringComparison.Ordinal);
        var shortBias = Assert.Throws<ArgumentException>(() => Loops.SigmoidLayerPushforwardN(w, 0.1, x, 2, new double[6], new double[3], new double[2]));
        Assert.Equal("tBias", shortBias.ParamName);
        var shortTangents = Assert.Throws<ArgumentException>(() => Loops.SigmoidLayerPushforwardN(w, 0.1, x, 2, new double[6], new double[2], new double[1]));
        Assert.Equal("tangents", shortTangents.ParamName);

        // An output's tangents in the buffer of an input's tangents: the sweep would clear and overwrite what it reads.
        var shared = new double[4];
        var sharedTangents = Assert.Throws<ArgumentException>(() => Loops.TwoOutputsPushforward([0.3, -1.2, 0.8, 2.1], new double[4], new double[4], shared, shared, new double[4]));
        Assert.Equal("tSquares", sharedTangents.ParamName);
        Assert.Contains("overlaps the input 'tX'", sharedTangents.Message, StringComparison.Ordinal);
        var sharedN = Assert.Throws<ArgumentException>(() => Loops.TwoOutputsPushforwardN([0.3, -1.2, 0.8, 2.1], new double[4], new double[4], 1, shared, new double[4], shared));
        Assert.Equal("tShifted", sharedN.ParamName);
        var bias = new double[2];
        var sharedValue = Assert.Throws<ArgumentException>(() => Loops.SigmoidLayerPushforwardN(w, 0.1, x, 2, new double[6], bias, bias));
        Assert.Equal("tangents", sharedValue.ParamName);
        Assert.Contains("overlaps the input 'tBias'", sharedValue.Message, StringComparison.Ordinal);

        // Output tangents that share memory with the outputs.
        var y = new double[4];
        var overlapping = Assert.Throws<ArgumentException>(() => Loops.TwoOutputsPushforwardN([0.3, -1.2, 0.8, 2.1], y, new double[4], 1, new double[4], y, new double[4]));
        Assert.Contains("overlap", overlapping.Message, StringComparison.Ordinal);
    }

    /// <summary>The tangents along the unit directions are the gradient (checked against central differences).</summary>
    [Fact]
    public void UnitDirectionsGiveTheGradient()
    {
        double[] w = [0.2, -0.4, 0.6];
        double[] x = [1.0, 0.5, -0.5, 0.3, 0.2, 0.9];
        const int n = 4;
        var tW = new double[n * w.Length];
        var tBias = new double[n];
        for (var d = 0; d < w.Length; d++)
        {
            tW[d * w.Length + d] = 1;
        }

        tBias[3] = 1;
        var tangents = new double[n];
        var value = Loops.SigmoidLayerPushforwardN(w, 0.1, x, n, tW, tBias, tangents);
        Assert.Equal(Loops.SigmoidLayer(w, 0.1, x), value);
        for (var d = 0; d < w.Length; d++)
        {
            var k = d;
            AssertClose(Central(z => Loops.SigmoidLayer(w.Select((v, i) => i == k ? z : v).ToArray(), 0.1, x), w[d], isFloat: false), tangents[d], DoubleTolerance, $"∂/∂w[{d}]");
        }

        AssertClose(Central(b => Loops.SigmoidLayer(w, b, x), 0.1, isFloat: false), tangents[3], DoubleTolerance, "∂/∂bias");
    }
}
