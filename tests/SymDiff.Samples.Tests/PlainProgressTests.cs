using SymDiff.Samples.Common;
using SymDiff.Training;

namespace SymDiff.Samples.Tests;

public class PlainProgressTests
{
    private static TrainingProgress Epoch(int epoch, int epochs, bool end = true, float? validation = null) =>
        new(epoch, epochs, end ? 4 : 2, 4, epoch * 4L, 0.5f, 0.75f, validation, validation is null ? null : 0.8f, 0.01f, end);

    [Fact]
    public void WritesTheFirstTheLastAndAboutTenEpochsInBetween()
    {
        var text = new StringWriter();
        var progress = new PlainProgress(text);
        for (var e = 1; e <= 200; e++)
        {
            progress.Report(Epoch(e, 200, end: false));
            progress.Report(Epoch(e, 200));
        }

        progress.Finish();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("  epoch   1/200", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  epoch 200/200", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void FinishWritesTheLastEpochWhenTrainingStoppedEarly()
    {
        var text = new StringWriter();
        var progress = new PlainProgress(text);
        for (var e = 1; e <= 33; e++)
        {
            progress.Report(Epoch(e, 100, validation: 0.25f));
        }

        progress.Finish();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("  epoch  33/100", lines[^1], StringComparison.Ordinal);
        Assert.Contains("val loss 0.2500", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void CompactTextFitsBesideTheBar()
    {
        var text = ProgressText.Compact(Epoch(120, 1000, validation: 0.1234f));
        Assert.Equal("epoch 120/1000 loss 0.5000 val 0.1234 acc 80.0%", text);
    }

    [Fact]
    public void ANaNAccuracyIsLeftOutAsForARegression()
    {
        var report = new TrainingProgress(3, 10, 1, 1, 3, 0.0123f, float.NaN, 0.0234f, null, 0.01f, EndOfEpoch: true);
        Assert.Equal("epoch  3/10  loss 0.0123  val loss 0.0234", ProgressText.Describe(report));
        Assert.Equal("epoch 3/10 loss 0.0123 val 0.0234", ProgressText.Compact(report));
    }
}
