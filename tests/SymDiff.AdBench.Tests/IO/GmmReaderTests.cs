using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;

namespace SymDiff.AdBench.Tests.IO;

public sealed class GmmReaderTests
{
    // d = 2, K = 2, n = 3: alphas on lines 2-3, means 4-5, icf 6-7, points 8-10, Wishart line 11.
    private const string Valid = """
        2 2 3
        0.5
        -0.25
        1 2
        3 4
        0.1 0.2 0.3
        0.4 0.5 0.6
        1 1
        2 2
        3 3
        1.000000 0
        """;

    [Fact]
    public void ReadsASmallWellFormedInput()
    {
        GmmInput input = Parse(Valid);

        Assert.Equal((2, 2, 3), (input.D, input.K, input.N));
        Assert.Equal([0.5, -0.25], input.Alphas);
        Assert.Equal([1.0, 2, 3, 4], input.Means);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], input.Icf);
        Assert.Equal([1.0, 1, 2, 2, 3, 3], input.X);
        Assert.Equal(1.0, input.WishartGamma);
        Assert.Equal(0, input.WishartM);
        Assert.Equal(2 + 4 + 6, input.ParameterCount);
    }

    [Theory]
    [InlineData("gmm_d2_K5", 2, 5)]
    [InlineData("gmm_d10_K25", 10, 25)]
    [InlineData("gmm_d64_K10", 64, 10)]
    public void ReadsTheAdBenchFiles(string name, int d, int k)
    {
        GmmInput input = GmmReader.Read(TestData.Gmm(name));

        Assert.Equal((d, k, 1000), (input.D, input.K, input.N));
        Assert.Equal(k * d * (d + 1) / 2, input.Icf.Length);
        Assert.Equal(1.0, input.WishartGamma);
        Assert.Equal(0, input.WishartM);
    }

    [Fact]
    public void ReadsTheFirstAndLastValuesOfD2K5()
    {
        GmmInput input = GmmReader.Read(TestData.Gmm("gmm_d2_K5"));

        Assert.Equal(-0.649014, input.Alphas[0]);
        Assert.Equal(-0.845551, input.Alphas[4]);
        Assert.Equal([0.345561, 0.396767], input.Means.AsSpan(0, 2).ToArray());
        Assert.Equal([0.166813, -1.965419, -1.270071], input.Icf.AsSpan(0, 3).ToArray());
        Assert.Equal([0.388815, -0.447613], input.X.AsSpan(input.X.Length - 2).ToArray());
    }

    [Theory]
    [InlineData(1, "2 2", "the header 'd K n' has only 2 values; expected 3")]
    [InlineData(1, "2 two 3", "value 2 of the header 'd K n' is 'two'; expected an integer")]
    [InlineData(1, "2 0 3", "expected three positive integers")]
    [InlineData(3, "-0.25 7", "alpha 1 has 2 values; expected 1")]
    [InlineData(5, "3", "mean 1 has only 1 value; expected 2")]
    [InlineData(4, "1 x", "value 2 of mean 0 is 'x'; expected a finite number")]
    [InlineData(6, "0.1 0.2", "icf 0 has only 2 values; expected 3")]
    [InlineData(7, "0.4 NaN 0.6", "value 2 of icf 1 is 'NaN'; expected a finite number")]
    [InlineData(9, "2 2 2", "point 1 has 3 values; expected 2")]
    [InlineData(11, "1.0", "the Wishart line 'gamma m' has only 1 value; expected 2")]
    [InlineData(11, "1.0 0.5", "value 2 of the Wishart line 'gamma m' is '0.5'; expected an integer")]
    public void RejectsAMalformedLine(int line, string replacement, string problem)
    {
        string[] lines = Valid.Split('\n');
        lines[line - 1] = replacement;

        var error = Assert.Throws<AdBenchFormatException>(() => Parse(string.Join('\n', lines)));

        Assert.Equal("bad.txt", error.FilePath);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"bad.txt, line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAFileThatEndsBeforeAllPoints()
    {
        string truncated = string.Join('\n', Valid.Split('\n')[..8]);

        var error = Assert.Throws<AdBenchFormatException>(() => Parse(truncated));

        Assert.Equal(9, error.LineNumber);
        Assert.Contains("unexpected end of file; expected point 1 (2 numbers)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAMissingWishartLine()
    {
        string truncated = string.Join('\n', Valid.Split('\n')[..10]);

        var error = Assert.Throws<AdBenchFormatException>(() => Parse(truncated));

        Assert.Equal(11, error.LineNumber);
        Assert.Contains("expected the Wishart line 'gamma m'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsDataAfterTheWishartLine()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => Parse(Valid + "\n\n4 4\n"));

        Assert.Equal(13, error.LineNumber);
        Assert.Contains("unexpected data after the Wishart line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnEmptyFile()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => Parse(""));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("expected the header 'd K n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipsBlankLinesAndToleratesTrailingSpaces()
    {
        string spaced = Valid.Replace("\n", " \n\n", StringComparison.Ordinal);

        GmmInput input = Parse(spaced);

        Assert.Equal([1.0, 1, 2, 2, 3, 3], input.X);
    }

    [Fact]
    public void NamesTheFileWhenReadingFromDisk()
    {
        string path = Path.Combine(Path.GetTempPath(), $"symdiff-gmm-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "2 2 3\n0.5\n");
        try
        {
            var error = Assert.Throws<AdBenchFormatException>(() => GmmReader.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.Equal(3, error.LineNumber);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static GmmInput Parse(string text) => GmmReader.Parse(new StringReader(text), "bad.txt");
}
