using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// The generated batched kernels of every corpus function: <c>{F}Batch</c> is the scalar function per element and
/// <c>{F}PullbackBatch</c> is upstream·gradient per element, at lengths that run only the scalar tail (1), every SIMD
/// width plus the tail (31 = 16 + 8 + 4 + 3 floats, 8·3 + 4 + 2 + 1 doubles), a longer SIMD body (100) and the split
/// across cores (40003 ≥ 32768, three chunks with a tail in the last).
/// </summary>
public class BatchTests
{
    public static TheoryData<string, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in CorpusCases.Names)
            {
                foreach (var length in new[] { 1, 31, 100, 40003 })
                {
                    data.Add(name, length);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchIsTheScalarFunctionPerElement(string function, int length)
    {
        var batch = new BatchCase(CorpusCases.Get(function), length);
        var result = batch.RunBatch();
        for (var i = 0; i < length; i++)
        {
            AssertClose(batch.Expected(i).Value, result.GetValue(i)!, batch.Function.RoundingTolerance, $"{function}Batch, element {i} of {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PullbackBatchIsUpstreamTimesGradientPerElement(string function, int length)
    {
        var batch = new BatchCase(CorpusCases.Get(function), length);
        var adjoints = batch.RunPullbackBatch();
        for (var i = 0; i < length; i++)
        {
            var gradient = batch.Expected(i).Gradient;
            for (var k = 0; k < adjoints.Length; k++)
            {
                var name = batch.Function.Parameters[batch.Function.Differentiable[k]].Name;
                AssertClose(batch.UpstreamAt(i) * gradient[k], adjoints[k].GetValue(i)!, batch.Function.RoundingTolerance, $"d{name} of {function}PullbackBatch, element {i} of {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CorpusCases.Names), MemberType = typeof(CorpusCases))]
    public void KernelsTakeSpansForDifferentiableAndPerElementParametersAndBroadcastTheRest(string function)
    {
        var batch = new BatchCase(CorpusCases.Get(function), 1);
        var f = batch.Function;
        var real = f.Primal.ReturnType;
        var expectedInputs = f.Parameters.Select((p, j) => (Name: p.Name!, Type: batch.IsSpan[j] ? typeof(ReadOnlySpan<>).MakeGenericType(p.ParameterType) : p.ParameterType)).ToList();
        Assert.Equal(
            expectedInputs.Append(("result", typeof(Span<>).MakeGenericType(real))),
            batch.Batch.GetParameters().Select(p => (p.Name!, p.ParameterType)));
        Assert.Equal(
            expectedInputs.Append(("upstream", typeof(ReadOnlySpan<>).MakeGenericType(real)))
                .Concat(f.DerivativeNames("d").Select(name => (name, typeof(Span<>).MakeGenericType(real)))),
            batch.PullbackBatch.GetParameters().Select(p => (p.Name!, p.ParameterType)));
        Assert.Equal(typeof(void), batch.Batch.ReturnType);
        Assert.Equal(typeof(void), batch.PullbackBatch.ReturnType);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(40003)]
    public void PullbackBatchMayWriteOverItsUpstream(int length)
    {
        var (yHat, y, upstream) = (Floats(length, 1), Floats(length, 2), Floats(length, 3));
        var expected = new float[length];
        BatchCorpus.SquaredErrorPullbackBatch(yHat, y, upstream, expected);

        // What the runtime's losses do: seed the gradient buffer, then overwrite it with the adjoint.
        var gradient = (float[])upstream.Clone();
        BatchCorpus.SquaredErrorPullbackBatch(yHat, y, gradient, gradient);
        Assert.Equal(expected, gradient);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(40003)]
    public void AdjointsMayWriteOverAnyInput(int length)
    {
        var (x, y, z, upstream) = (Floats(length, 1), Floats(length, 2), Floats(length, 3), Floats(length, 4));
        var (dX, dY, dZ) = (new float[length], new float[length], new float[length]);
        FloatCorpus.GraphPullbackBatch(x, y, z, upstream, dX, dY, dZ);

        // Each adjoint overwrites a different input than its own: every input of an element must be read first.
        FloatCorpus.GraphPullbackBatch(x, y, z, upstream, dX: y, dY: z, dZ: x);
        Assert.Equal(dX, y);
        Assert.Equal(dY, z);
        Assert.Equal(dZ, x);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(40003)]
    public void AdjointsMustNotOverlapEachOther(int length)
    {
        var (x, y, z, upstream) = (Floats(length, 1), Floats(length, 2), Floats(length, 3), Floats(length, 4));
        var buffer = new float[length + 1];
        var same = Assert.Throws<ArgumentException>(() => FloatCorpus.GraphPullbackBatch(x, y, z, upstream, buffer.AsSpan(0, length), new float[length], buffer.AsSpan(0, length)));
        Assert.Contains("'dX' and 'dZ' overlap", same.Message, StringComparison.Ordinal);
        Assert.Equal("dZ", same.ParamName);

        var shifted = Assert.Throws<ArgumentException>(() => FloatCorpus.GraphPullbackBatch(x, y, z, upstream, new float[length], buffer.AsSpan(1), buffer.AsSpan(0, length)));
        Assert.Contains("'dY' and 'dZ' overlap", shifted.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(40003)]
    public void BatchMayWriteOverItsInput(int length)
    {
        var z = Floats(length, 1);
        var expected = new float[length];
        FloatCorpus.SigmoidBatch(z, expected);
        FloatCorpus.SigmoidBatch(z, z);
        Assert.Equal(expected, z);

        var t = Floats(length, 2);
        var upstream = Floats(length, 3);
        var dT = new float[length];
        FloatCorpus.TanhMathPullbackBatch(t, upstream, dT);
        FloatCorpus.TanhMathPullbackBatch(t, upstream, t);
        Assert.Equal(dT, t);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(40003)]
    public void OutputOverlappingAnInputOtherwiseThanExactlyIsRejected(int length)
    {
        // An output one element past its input overwrote inputs not yet read: every element after the first was wrong.
        var buffer = Floats(length + 1, 1);
        var before = (float[])buffer.Clone();
        var shifted = Assert.Throws<ArgumentException>(() => FloatCorpus.SigmoidBatch(buffer.AsSpan(0, length), buffer.AsSpan(1, length)));
        Assert.Contains("The output 'result' overlaps the input 'z' without being the same span", shifted.Message, StringComparison.Ordinal);
        Assert.Equal("result", shifted.ParamName);
        Assert.Equal(before, buffer);

        var upstream = Floats(length, 2);
        var adjoint = Assert.Throws<ArgumentException>(() => FloatCorpus.TanhMathPullbackBatch(buffer.AsSpan(1, length), upstream, buffer.AsSpan(0, length)));
        Assert.Contains("overlaps the input 'z' without being the same span", adjoint.Message, StringComparison.Ordinal);
        var seeds = Assert.Throws<ArgumentException>(() => FloatCorpus.TanhMathPullbackBatch(Floats(length, 3), buffer.AsSpan(1, length), buffer.AsSpan(0, length)));
        Assert.Contains("overlaps the input 'upstream' without being the same span", seeds.Message, StringComparison.Ordinal);
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void LengthMismatchNamesBothSpansAndTheirLengths()
    {
        var five = new float[5];
        var input = Assert.Throws<ArgumentException>(() => FloatCorpus.GraphPullbackBatch(five, five, new float[4], five, five, five, five));
        Assert.Equal("z", input.ParamName);
        Assert.Contains("GraphPullbackBatch: z has 4 elements but x has 5", input.Message, StringComparison.Ordinal);

        var output = Assert.Throws<ArgumentException>(() => BatchCorpus.SquaredErrorBatch(five, five, new float[6]));
        Assert.Equal("result", output.ParamName);
        Assert.Contains("SquaredErrorBatch: result has 6 elements but yHat has 5", output.Message, StringComparison.Ordinal);

        var upstream = Assert.Throws<ArgumentException>(() => FloatCorpus.SigmoidPullbackBatch(five, new float[3], five));
        Assert.Equal("upstream", upstream.ParamName);
        Assert.Contains("upstream has 3 elements but z has 5", upstream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySpansAreFine()
    {
        FloatCorpus.SigmoidBatch([], []);
        BatchCorpus.SquaredErrorPullbackBatch([], [], [], []);
    }

    private static float[] Floats(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
    }

    private static void AssertClose(double expected, object actual, double tolerance, string what)
    {
        var value = Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture);
        var close = expected.Equals(value) || Math.Abs(expected - value) <= tolerance * Math.Max(1, Math.Abs(expected));
        Assert.True(close, $"{what}: expected {expected:R}, got {value:R}");
    }
}
