using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Tests;

public class ProgressLayoutTests
{
    private static readonly TrainingProgress Report = new(300, 1000, 1, 1, 300, 0.0890f, 0.98f, 0.1065f, 0.98f, 0.05f, EndOfEpoch: true);

    /// <summary>Description, bar, "100%" and "00:00:00" with a space between columns, as the live display lays them out.</summary>
    private static int LineWidth(ProgressLayout layout, string description) => description.Length + 1 + layout.BarWidth + 1 + 4 + 1 + 8;

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(200)]
    public void TheLiveLineFitsTheTerminalWithABarOfAtLeastTenCharacters(int width)
    {
        var layout = ProgressLayout.For(width)!;
        var description = layout.Describe("perceptron 2-3-1", Report);
        Assert.True(LineWidth(layout, description.Text) < width, $"{LineWidth(layout, description.Text)} columns of {width}: {description.Text}");
        Assert.InRange(layout.BarWidth, ProgressLayout.MinBarWidth, ProgressLayout.MaxBarWidth);
        Assert.Contains("loss 0.0890", description.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AWideTerminalShowsEverything()
    {
        var layout = ProgressLayout.For(160)!;
        Assert.Equal(ProgressLayout.MaxBarWidth, layout.BarWidth);
        Assert.Equal("perceptron 2-3-1 epoch 300/1000 loss 0.0890 val 0.1065 acc 98.0%", layout.Describe("perceptron 2-3-1", Report).Text);
    }

    [Fact]
    public void ANarrowTerminalDropsTheAccuracyThenTheValidationLossThenTheTitle()
    {
        Assert.Equal("perceptron 2-3-1 epoch 300/1000 loss 0.0890 val 0.1065", new ProgressLayout(10, 56).Describe("perceptron 2-3-1", Report).Text);
        Assert.Equal("perceptron 2-3-1 epoch 300/1000 loss 0.0890", new ProgressLayout(10, 45).Describe("perceptron 2-3-1", Report).Text);
        Assert.Equal("epoch 300/1000 loss 0.0890", new ProgressLayout(10, 30).Describe("perceptron 2-3-1", Report).Text);
        Assert.Equal("epoch 300/10…", new ProgressLayout(10, 13).Describe("perceptron 2-3-1", Report).Text);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(50)]
    public void ATerminalTooNarrowForABarAndTheLossGetsPlainLines(int width) => Assert.Null(ProgressLayout.For(width));
}
