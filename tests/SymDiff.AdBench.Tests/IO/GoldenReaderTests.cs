using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;

namespace SymDiff.AdBench.Tests.IO;

public sealed class GoldenReaderTests
{
    [Theory]
    [InlineData("gmm_d2_K5", 5 + 10 + 15)]
    [InlineData("gmm_d10_K25", 25 + 250 + (25 * 55))]
    [InlineData("gmm_d64_K10", 10 + 640 + (10 * 2080))]
    public void ReadsTheGoldenGradients(string name, int count)
    {
        double[] gradient = GoldenReader.Read(TestData.GmmGolden(name, "J"), count);

        Assert.Equal(count, gradient.Length);
    }

    [Fact]
    public void ReadsTheGoldenObjective()
    {
        double[] value = GoldenReader.Read(TestData.GmmGolden("gmm_d2_K5", "F"), 1);

        Assert.Equal(-5240.590562549647, value[0]);
    }

    [Fact]
    public void AcceptsSeveralValuesPerLine()
    {
        Assert.Equal([1.0, 2, 3], GoldenReader.Parse(new StringReader("1 2\n\n3\n"), "g.txt"));
    }

    [Fact]
    public void RejectsANonNumber()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => GoldenReader.Parse(new StringReader("1\n2\n3e\n"), "g.txt"));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("value 1 of this line is '3e'; expected a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTooFewValues()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => GoldenReader.Parse(new StringReader("1\n2\n"), "g.txt", 3));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("unexpected end of file after 2 values; expected 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTooManyValues()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => GoldenReader.Parse(new StringReader("1\n2 3\n"), "g.txt", 2));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("more values than expected; expected 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnEmptyFile()
    {
        var error = Assert.Throws<AdBenchFormatException>(() => GoldenReader.Parse(new StringReader(" \n"), "g.txt"));

        Assert.Contains("g.txt, line 2: unexpected end of file after 0 values; expected at least one", error.Message, StringComparison.Ordinal);
    }
}
