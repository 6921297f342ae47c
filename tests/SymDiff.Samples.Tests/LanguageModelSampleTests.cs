using SymDiff.Samples.LanguageModel;

namespace SymDiff.Samples.Tests;

public class LanguageModelSampleTests
{
    private static readonly LanguageModelResult Default = LanguageModelSample.Train(new LanguageModelSettings());

    [Fact]
    public void HeldOutPerplexityIsWellBelowTheVocabularySizeAndTheUnigramModel()
    {
        Assert.True(Default.HeldOutPerplexity < Default.VocabularySize / 4.0,
            $"held-out perplexity {Default.HeldOutPerplexity} with |V| = {Default.VocabularySize}");
        Assert.True(Default.HeldOutPerplexity < Default.UnigramPerplexity / 2,
            $"held-out perplexity {Default.HeldOutPerplexity}, unigram {Default.UnigramPerplexity}");
        Assert.True(Default.TrainingPerplexity < Default.HeldOutPerplexity);
    }

    [Fact]
    public void ShippedTextIsAFewKilobytesOfSentences()
    {
        Assert.InRange(new FileInfo(TextCorpus.DefaultPath).Length, 3_000, 20_000);
        Assert.True(TextCorpus.Load(TextCorpus.DefaultPath).Count >= 80);
    }

    [Fact]
    public void ContinuationsAreVocabularyWordsEndingAtTheSentenceEnd()
    {
        var vocabulary = new Vocabulary(TextCorpus.Load(TextCorpus.DefaultPath), 1);
        Assert.Equal(LanguageModelSample.Prompts.Length, Default.Continuations.Count);
        foreach (var c in Default.Continuations)
        {
            var words = c.Words.TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(words.Length, 0, 20);
            Assert.True(c.Words.EndsWith('.') || words.Length == 20, c.Words);
            Assert.All(words, w => Assert.True(vocabulary[w] != vocabulary[Vocabulary.Unknown], $"'{w}' is not a word of the text"));
        }
    }

    [Fact]
    public void NextWordProbabilitiesAreSortedAndAtMostOne()
    {
        var p = Default.NextWords.Select(w => w.Probability).ToArray();
        Assert.Equal(p.OrderDescending(), p);
        Assert.InRange(p.Sum(), 0f, 1.0001f);
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var a = LanguageModelSample.Train(new LanguageModelSettings(Seed: 5, Epochs: 5));
        var b = LanguageModelSample.Train(new LanguageModelSettings(Seed: 5, Epochs: 5));
        var c = LanguageModelSample.Train(new LanguageModelSettings(Seed: 6, Epochs: 5));
        Assert.Equal(a.Training.History, b.Training.History);
        Assert.Equal(a.Continuations, b.Continuations);
        Assert.NotEqual(a.Training.History, c.Training.History);
    }

    [Fact]
    public void LossCurveHasTrainingAndValidationCurves()
    {
        SvgAssert.WritesLossCurve(Default.Training.History, expectValidation: true);
    }

    [Fact]
    public void SentencesSplitAtPunctuationAndEndWithTheEndToken()
    {
        var sentences = TextCorpus.Sentences("\"Have you seen my cat?\" she asked. The cat sat");
        Assert.Equal(["have", "you", "seen", "my", "cat", "."], sentences[0]);
        Assert.Equal(["she", "asked", "."], sentences[1]);
        Assert.Equal(["the", "cat", "sat", "."], sentences[2]);
    }

    [Fact]
    public void ContextsArePaddedWithTheStartToken()
    {
        var sentences = new[] { new[] { "a", "b", "." } };
        var vocabulary = new Vocabulary(sentences, 1);
        var (x, y) = NGrams.Examples(sentences, vocabulary, 3);
        using (x)
        using (y)
        {
            var start = vocabulary[Vocabulary.Start];
            Assert.Equal([start, start, start, start, start, vocabulary["a"], start, vocabulary["a"], vocabulary["b"]], x.ToArray());
            Assert.Equal([vocabulary["a"], vocabulary["b"], vocabulary["."]], y.ToArray());
        }
    }
}
