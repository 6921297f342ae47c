using System.Text.RegularExpressions;

namespace SymDiff.Samples.LanguageModel;

/// <summary>Splits a plain-English text into sentences of lower-case words, each ending with <see cref="EndOfSentence"/>.</summary>
public static partial class TextCorpus
{
    /// <summary>The token that ends every sentence (for '.', '!' and '?').</summary>
    public const string EndOfSentence = ".";

    /// <summary>The text shipped with the sample, copied next to the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "story.txt");

    /// <summary>Reads a text file; lines starting with <c>#</c> are comments.</summary>
    /// <param name="path">The file.</param>
    public static IReadOnlyList<string[]> Load(string path) =>
        Sentences(string.Join('\n', File.ReadLines(path).Where(line => !line.StartsWith('#'))));

    /// <summary>The sentences of a text: words (apostrophes kept inside them) up to each '.', '!' or '?'.</summary>
    /// <param name="text">The text.</param>
    public static IReadOnlyList<string[]> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string[]>();
        var current = new List<string>();
        foreach (Match token in TokenPattern().Matches(text.ToLowerInvariant()))
        {
            if (char.IsLetter(token.Value[0]))
            {
                current.Add(token.Value);
            }
            else if (current.Count > 0)
            {
                current.Add(EndOfSentence);
                sentences.Add([.. current]);
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            current.Add(EndOfSentence);
            sentences.Add([.. current]);
        }

        return sentences;
    }

    [GeneratedRegex("[a-z]+(?:'[a-z]+)?|[.!?]")]
    private static partial Regex TokenPattern();
}
