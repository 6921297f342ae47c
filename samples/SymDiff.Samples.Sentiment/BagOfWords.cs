using SymDiff.Tensors;

namespace SymDiff.Samples.Sentiment;

/// <summary>
/// The bag-of-words features: a vocabulary of the training sentences' words, and for a sentence a 0/1 vector
/// with a 1 for every vocabulary word it contains. Words never seen in training are ignored.
/// </summary>
public sealed class BagOfWords
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Builds the vocabulary from sentences, in order of first appearance (so the same data gives the same columns).</summary>
    /// <param name="sentences">The training sentences.</param>
    public BagOfWords(IEnumerable<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in sentences.SelectMany(SentimentCorpus.Tokenize))
        {
            _index.TryAdd(word, _index.Count);
        }

        Words = [.. _index.OrderBy(p => p.Value).Select(p => p.Key)];
    }

    /// <summary>The vocabulary; word i is feature column i.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Number of features.</summary>
    public int Size => Words.Count;

    /// <summary>One row of 0/1 features per sentence.</summary>
    /// <param name="sentences">The sentences.</param>
    public Tensor<float> Encode(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var features = new Tensor<float>(sentences.Count, Size);
        for (var i = 0; i < sentences.Count; i++)
        {
            foreach (var word in SentimentCorpus.Tokenize(sentences[i]))
            {
                if (_index.TryGetValue(word, out var column))
                {
                    features[i, column] = 1f;
                }
            }
        }

        return features;
    }
}
