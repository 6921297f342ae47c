using SymDiff.Samples.Sentiment;

namespace SymDiff.Samples.Tests;

public class SentimentSampleTests
{
    private static readonly SentimentResult Default = SentimentSample.Train(new SentimentSettings());

    [Fact]
    public void ShippedCorpusHasAFewHundredSentencesOfEachClass()
    {
        var corpus = SentimentCorpus.Load(SentimentCorpus.DefaultPath);
        Assert.InRange(corpus.Count, 300, 1000);
        Assert.All(Enumerable.Range(0, 3), k => Assert.True(corpus.Count(s => s.Label == k) >= 100));
        Assert.Equal(corpus.Count, corpus.Select(s => s.Text).Distinct().Count());
    }

    [Fact]
    public void BeatsTheMajorityClassOnHeldOutSentences()
    {
        Assert.True(Default.TestAccuracy >= Default.MajorityBaseline + 0.2,
            $"test accuracy {Default.TestAccuracy} against the majority class's {Default.MajorityBaseline}");
    }

    [Fact]
    public void ConfusionCountsEveryTestSentenceOnceAndMatchesTheAccuracy()
    {
        var total = 0;
        var diagonal = 0;
        for (var t = 0; t < 3; t++)
        {
            for (var p = 0; p < 3; p++)
            {
                total += Default.Confusion[t, p];
                diagonal += t == p ? Default.Confusion[t, p] : 0;
            }
        }

        Assert.Equal(Default.TestCount, total);
        Assert.Equal(Default.TestAccuracy, (double)diagonal / total, 10);
    }

    [Fact]
    public void ClassifiesClearExamples()
    {
        var museum = Default.Examples.Single(e => e.Text.StartsWith("The museum", StringComparison.Ordinal));
        var waiter = Default.Examples.Single(e => e.Text.StartsWith("The waiter", StringComparison.Ordinal));
        Assert.Equal("neutral", SentimentCorpus.Labels[museum.Predicted]);
        Assert.Equal("positive", SentimentCorpus.Labels[waiter.Predicted]);
        Assert.All(Default.Examples, e => Assert.Equal(1f, e.Probabilities.Sum(), 4));
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var again = SentimentSample.Train(new SentimentSettings());
        var other = SentimentSample.Train(new SentimentSettings(Seed: 2));
        Assert.Equal(Default.Training.History, again.Training.History);
        Assert.Equal(Default.Confusion, again.Confusion);
        Assert.NotEqual(Default.Training.History, other.Training.History);
    }

    [Fact]
    public void LossCurveHasTrainingAndValidationCurves()
    {
        SvgAssert.WritesLossCurve(Default.Training.History, expectValidation: true);
    }

    [Fact]
    public void TokenizerKeepsApostrophesInsideWords()
    {
        Assert.Equal(["can't", "say", "i", "didn't", "like", "it"], SentimentCorpus.Tokenize("Can't say I didn't like it!"));
    }

    [Fact]
    public void MalformedCorpusLineIsReportedWithItsLineNumber()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "bad.tsv");
        File.WriteAllText(path, "# comment\npositive\tFine.\nhappy\tNot a label.\n");
        var e = Assert.Throws<InvalidDataException>(() => SentimentCorpus.Load(path));
        Assert.Contains("(3)", e.Message, StringComparison.Ordinal);
    }
}
