using SymDiff.Samples.Common;

namespace SymDiff.Samples.Tests;

public class SampleArgsTests
{
    [Fact]
    public void DefaultsAreQuickRunsWithSeedOneInTheWorkingDirectory()
    {
        var args = SampleArgs.Parse([]);
        Assert.Equal(new SampleArgs { Seed = 1, OutputDirectory = "." }, args);
        Assert.Null(args.Epochs);
        Assert.False(args.Long);
    }

    [Fact]
    public void ParsesEveryOption()
    {
        var args = SampleArgs.Parse(["--seed", "-3", "--epochs", "7", "--long", "--out", "charts", "--data", "my.tsv", "--plain"]);
        Assert.Equal(new SampleArgs { Seed = -3, Epochs = 7, Long = true, OutputDirectory = "charts", DataPath = "my.tsv", Plain = true }, args);
        Assert.True(SampleArgs.Parse(["--help"]).Help);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "many")]
    [InlineData("--seed")]
    public void RejectsUnknownOptionsAndBadValues(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => SampleArgs.Parse(args));
    }
}
