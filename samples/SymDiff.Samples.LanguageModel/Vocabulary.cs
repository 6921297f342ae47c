namespace SymDiff.Samples.LanguageModel;

/// <summary>
/// The model's words: <see cref="Start"/> (padding before a sentence's first word), <see cref="Unknown"/> (every
/// word seen fewer than the minimum number of times, and every word not seen in training), the end of sentence,
/// then the training words by falling frequency.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The padding before a sentence's first word.</summary>
    public const string Start = "<s>";

    /// <summary>Rare and unseen words.</summary>
    public const string Unknown = "<unk>";

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];

    /// <summary>Builds the vocabulary of the training sentences.</summary>
    /// <param name="sentences">The training sentences.</param>
    /// <param name="minCount">Words seen fewer times become <see cref="Unknown"/>.</param>
    public Vocabulary(IEnumerable<string[]> sentences, int minCount)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        Add(Start);
        Add(Unknown);
        Add(TextCorpus.EndOfSentence);
        var counts = sentences.SelectMany(s => s).GroupBy(w => w, StringComparer.Ordinal)
            .Where(g => g.Count() >= minCount)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in counts)
        {
            Add(group.Key);
        }
    }

    /// <summary>The words; word i is embedding row i and output unit i.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>|V|.</summary>
    public int Size => _words.Count;

    /// <summary>The index of a word, or of <see cref="Unknown"/> for a word not in the vocabulary.</summary>
    /// <param name="word">The word.</param>
    public int this[string word] => _index.TryGetValue(word, out var i) ? i : _index[Unknown];

    private void Add(string word)
    {
        if (_index.TryAdd(word, _words.Count))
        {
            _words.Add(word);
        }
    }
}
