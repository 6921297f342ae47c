using SymDiff.AdBench.Ba;
using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;

namespace SymDiff.AdBench.Tests.IO;

public sealed class BaReaderTests
{
    private const string Valid = """
        2 3 5
        0.1 0.2 0.3 1 2 3 100 4 5 0.01 0.001
        7 8 9
        0.5
        10 20
        """;

    [Fact]
    public void ExpandsTheCompactFormat()
    {
        BaInput input = Parse(Valid);

        Assert.Equal((2, 3, 5), (input.N, input.M, input.P));
        Assert.Equal(22, input.Cams.Length);
        Assert.Equal([0.1, 0.2, 0.3, 1, 2, 3, 100, 4, 5, 0.01, 0.001], input.Cams.AsSpan(11).ToArray());
        Assert.Equal([7.0, 8, 9, 7, 8, 9, 7, 8, 9], input.Points);
        Assert.Equal([0.5, 0.5, 0.5, 0.5, 0.5], input.Weights);
        Assert.Equal([10.0, 20], input.FeatureOf(4).ToArray());
        Assert.Equal([0, 1, 0, 1, 0], Enumerable.Range(0, 5).Select(input.ObsCamera));
        Assert.Equal([0, 1, 2, 0, 1], Enumerable.Range(0, 5).Select(input.ObsPoint));
        Assert.Equal(15, input.ResidualCount);
        Assert.Equal((11 * 2) + (3 * 3) + 5, input.ParameterCount);
    }

    [Theory]
    [InlineData(TestData.Ba1, 49, 7776, 31843)]
    [InlineData(TestData.Ba5, 257, 65132, 225911)]
    public void ReadsTheAdBenchFiles(string name, int n, int m, int p)
    {
        BaInput input = BaReader.Read(TestData.Ba(name));

        Assert.Equal((n, m, p), (input.N, input.M, input.P));
        Assert.Equal(-0.758453, input.Cams[0]);
        Assert.Equal(0.002739, input.Cams[(11 * n) - 1]);
        Assert.Equal(3.023326, input.Points[(3 * m) - 1]);
        Assert.Equal(0.417022, input.Weights[p - 1]);
        Assert.Equal(834.209256, input.Features[(2 * p) - 1]);
        Assert.Equal((p - 1) % n, input.ObsCamera(p - 1));
        Assert.Equal((p - 1) % m, input.ObsPoint(p - 1));
    }

    [Theory]
    [InlineData(1, "2 3", "the header 'n m p' has only 2 values; expected 3")]
    [InlineData(1, "2 3 5.5", "value 3 of the header 'n m p' is '5.5'; expected an integer")]
    [InlineData(1, "2 -3 5", "expected three positive integers")]
    [InlineData(2, "0.1 0.2 0.3 1 2 3 100 4 5 0.01", "the camera has only 10 values; expected 11")]
    [InlineData(2, "0.1 0.2 0.3 1 2 3 f 4 5 0.01 0.001", "value 7 of the camera is 'f'; expected a finite number")]
    [InlineData(3, "7 8 9 10", "the point has 4 values; expected 3")]
    [InlineData(4, "Infinity", "value 1 of the weight is 'Infinity'; expected a finite number")]
    [InlineData(5, "10", "the feature has only 1 value; expected 2")]
    public void RejectsAMalformedLine(int line, string replacement, string problem)
    {
        string[] lines = Valid.Split('\n');
        lines[line - 1] = replacement;

        var error = Assert.Throws<AdBenchFormatException>(() => Parse(string.Join('\n', lines)));

        Assert.Equal("ba.txt", error.FilePath);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAMissingFeature()
    {
        string truncated = string.Join('\n', Valid.Split('\n')[..4]);

        var error = Assert.Throws<AdBenchFormatException>(() => Parse(truncated));

        Assert.Equal(5, error.LineNumber);
        Assert.Contains("unexpected end of file; expected the feature (2 numbers)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsASecondCamera()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => Parse(Valid + "\n0.1 0.2 0.3 1 2 3 100 4 5 0.01 0.001\n"));

        Assert.Equal(6, error.LineNumber);
        Assert.Contains("unexpected data after the feature", error.Message, StringComparison.Ordinal);
    }

    private static BaInput Parse(string text) => BaReader.Parse(new StringReader(text), "ba.txt");
}
