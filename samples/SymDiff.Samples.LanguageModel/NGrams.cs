using SymDiff.Tensors;

namespace SymDiff.Samples.LanguageModel;

/// <summary>The training examples of an n-gram model: each word of a sentence with the words before it as its context.</summary>
public static class NGrams
{
    /// <summary>
    /// One example per word (end of sentence included): the indices of the <paramref name="contextSize"/> previous
    /// words, padded with <see cref="Vocabulary.Start"/> at the start of the sentence, and the word's index.
    /// </summary>
    /// <param name="sentences">The sentences.</param>
    /// <param name="vocabulary">The vocabulary.</param>
    /// <param name="contextSize">Context words per example.</param>
    /// <returns>Contexts (n×contextSize, word indices stored as floats) and targets (n class indices).</returns>
    public static (Tensor<float> Contexts, Tensor<float> Targets) Examples(
        IReadOnlyList<string[]> sentences, Vocabulary vocabulary, int contextSize)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var count = sentences.Sum(s => s.Length);
        var contexts = new Tensor<float>(count, contextSize);
        var targets = new Tensor<float>(count);
        var row = 0;
        var start = vocabulary[Vocabulary.Start];
        foreach (var sentence in sentences)
        {
            for (var t = 0; t < sentence.Length; t++, row++)
            {
                for (var k = 0; k < contextSize; k++)
                {
                    var position = t - contextSize + k;
                    contexts[row, k] = position < 0 ? start : vocabulary[sentence[position]];
                }

                targets[row] = vocabulary[sentence[t]];
            }
        }

        return (contexts, targets);
    }

    /// <summary>Perplexity on <paramref name="evaluated"/> of the add-one smoothed word frequencies of <paramref name="counted"/>.</summary>
    /// <param name="counted">The training targets.</param>
    /// <param name="evaluated">The targets to score.</param>
    /// <param name="vocabularySize">|V|.</param>
    public static double UnigramPerplexity(Tensor<float> counted, Tensor<float> evaluated, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(evaluated);
        var counts = new double[vocabularySize];
        foreach (var word in counted.Span)
        {
            counts[(int)word]++;
        }

        var total = counted.Length + vocabularySize;
        var logLikelihood = 0.0;
        foreach (var word in evaluated.Span)
        {
            logLikelihood += Math.Log((counts[(int)word] + 1) / total);
        }

        return Math.Exp(-logLikelihood / evaluated.Length);
    }
}
