using SymDiff.Layers;
using SymDiff.Tensors;
using SoftmaxFunction = SymDiff.Functions.Softmax;

namespace SymDiff.Samples.LanguageModel;

/// <summary>Reads the trained model's next-word distribution and samples text from it.</summary>
public sealed class TextGenerator
{
    private readonly Sequential _model;
    private readonly Vocabulary _vocabulary;
    private readonly int _contextSize;

    /// <summary>Wraps a trained model.</summary>
    /// <param name="model">The model: word indices in, one logit per vocabulary word out.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="contextSize">Context words.</param>
    public TextGenerator(Sequential model, Vocabulary vocabulary, int contextSize)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        _contextSize = contextSize;
    }

    /// <summary>P(w | the last words of <paramref name="prompt"/>) for every vocabulary word w.</summary>
    /// <param name="prompt">The words so far (a sentence beginning; shorter prompts are padded with &lt;s&gt;).</param>
    public float[] NextWordProbabilities(IReadOnlyList<string> prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        using var context = new Tensor<float>(1, _contextSize);
        for (var k = 0; k < _contextSize; k++)
        {
            var position = prompt.Count - _contextSize + k;
            context[0, k] = _vocabulary[position < 0 ? Vocabulary.Start : prompt[position]];
        }

        var logits = _model.Predict(context);
        var probabilities = new float[logits.Length];
        SoftmaxFunction.Forward(logits.Span, logits.Columns, probabilities);
        return probabilities;
    }

    /// <summary>The <paramref name="count"/> most probable next words after a prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="count">How many words.</param>
    public IReadOnlyList<(string Word, float Probability)> MostProbableNext(string prompt, int count)
    {
        var p = NextWordProbabilities(TextCorpus.Sentences(prompt).SelectMany(s => s[..^1]).ToList());
        return [.. Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i).Take(count).Select(i => (_vocabulary.Words[i], p[i]))];
    }

    /// <summary>Samples words after a prompt until the end of the sentence or <paramref name="maxWords"/>.</summary>
    /// <param name="prompt">The sentence beginning.</param>
    /// <param name="temperature">Divides the log-probabilities before sampling: below 1 favours likely words.</param>
    /// <param name="maxWords">The most words to add.</param>
    /// <param name="random">The seeded generator.</param>
    public string Continue(string prompt, double temperature, int maxWords, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var words = TextCorpus.Sentences(prompt).SelectMany(s => s[..^1]).ToList();
        var added = new List<string>();
        while (added.Count < maxWords)
        {
            var p = NextWordProbabilities(words);
            var next = Sample(p, temperature, random);
            added.Add(next);
            if (next == TextCorpus.EndOfSentence)
            {
                break;
            }

            words.Add(next);
        }

        return string.Join(' ', added).Replace(" .", ".", StringComparison.Ordinal);
    }

    private string Sample(float[] probabilities, double temperature, Random random)
    {
        // Never emit the padding or <unk>; sharpen or flatten the rest by the temperature.
        var weights = new double[probabilities.Length];
        var start = _vocabulary[Vocabulary.Start];
        var unknown = _vocabulary[Vocabulary.Unknown];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = i == start || i == unknown ? 0 : Math.Pow(probabilities[i], 1 / temperature);
        }

        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return _vocabulary.Words[i];
            }
        }

        return TextCorpus.EndOfSentence;
    }
}
