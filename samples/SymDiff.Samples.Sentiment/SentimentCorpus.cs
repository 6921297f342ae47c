using System.Text.RegularExpressions;

namespace SymDiff.Samples.Sentiment;

/// <summary>A labelled sentence.</summary>
/// <param name="Label">The class index into <see cref="SentimentCorpus.Labels"/>.</param>
/// <param name="Text">The sentence.</param>
public sealed record LabelledSentence(int Label, string Text);

/// <summary>Reads the labelled corpus (<c>label&lt;TAB&gt;sentence</c> per line, <c>#</c> comments) and splits sentences into words.</summary>
public static partial class SentimentCorpus
{
    /// <summary>The classes, in the order of the model's outputs.</summary>
    public static readonly string[] Labels = ["positive", "negative", "neutral"];

    /// <summary>The corpus shipped with the sample, copied next to the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "sentiment.tsv");

    /// <summary>Reads a corpus file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">A line is not <c>label&lt;TAB&gt;sentence</c> with a known label.</exception>
    public static IReadOnlyList<LabelledSentence> Load(string path)
    {
        var sentences = new List<LabelledSentence>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var label = tab < 0 ? -1 : Array.IndexOf(Labels, line[..tab]);
            if (label < 0 || string.IsNullOrWhiteSpace(line[(tab + 1)..]))
            {
                throw new InvalidDataException(
                    $"{path}({lineNumber}): expected 'label<TAB>sentence' with a label of {string.Join(", ", Labels)}.");
            }

            sentences.Add(new LabelledSentence(label, line[(tab + 1)..].Trim()));
        }

        return sentences;
    }

    /// <summary>Lower-case words, apostrophes kept inside them ("didn't"); punctuation and digits dropped.</summary>
    /// <param name="text">The sentence.</param>
    public static IEnumerable<string> Tokenize(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex("[a-z]+(?:'[a-z]+)?")]
    private static partial Regex WordPattern();
}
