using SymDiff.Initialization;
using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// The projection layer of the lectures' neural language model: each input row holds the vocabulary indices
/// of <see cref="ContextSize"/> context words (stored as floats holding whole numbers), and the output row is
/// the concatenation of their embeddings e = (E·x₁, E·x₂, …) — the rows of the embedding matrix E selected
/// by the indices, without materializing one-hot vectors. Backward scatters the output gradient into dE;
/// there is no gradient with respect to the (discrete) input.
/// </summary>
public sealed class Embedding : Layer
{
    private readonly Parameter _table;
    private readonly Parameter[] _parameters;
    private Tensor<float>? _input;
    private Tensor<float>? _output;

    /// <summary>Creates the layer with an initialized embedding matrix.</summary>
    /// <param name="vocabularySize">Number of words |V| (rows of E).</param>
    /// <param name="embeddingSize">Embedding dimension d (columns of E).</param>
    /// <param name="contextSize">Number of context words per example (3 in the lectures).</param>
    /// <param name="random">The seeded random source.</param>
    /// <param name="init">The initialization (default: uniform in [−0.1, 0.1]).</param>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public Embedding(int vocabularySize, int embeddingSize, int contextSize, Random random,
        WeightInit init = WeightInit.Uniform, string? name = null)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextSize);
        ArgumentNullException.ThrowIfNull(random);
        VocabularySize = vocabularySize;
        EmbeddingSize = embeddingSize;
        ContextSize = contextSize;
        _table = CreateParameter("embeddings", TensorShape.Matrix(vocabularySize, embeddingSize), regularize: true);
        _parameters = [_table];
        Initializers.Initialize(_table.Value.Span, init, vocabularySize, embeddingSize, random);
    }

    /// <inheritdoc />
    public override string Kind => "embedding";

    /// <summary>Number of words.</summary>
    public int VocabularySize { get; }

    /// <summary>Embedding dimension.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Number of context words per example.</summary>
    public int ContextSize { get; }

    /// <summary>Output width: ContextSize·EmbeddingSize.</summary>
    public int OutputSize => ContextSize * EmbeddingSize;

    /// <summary>The embedding matrix E, VocabularySize×EmbeddingSize (row i is word i's embedding).</summary>
    public Parameter Embeddings => _table;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        CheckInputColumns(input, ContextSize);
        var output = EnsureBuffer(ref _output, TensorShape.Matrix(input.Rows, OutputSize));
        var table = _table.Value.Span;
        var idx = input.Span;
        var o = output.Span;
        for (var i = 0; i < idx.Length; i++)
        {
            var word = WordIndex(idx[i], i);
            table.Slice(word * EmbeddingSize, EmbeddingSize).CopyTo(o.Slice(i * EmbeddingSize, EmbeddingSize));
        }

        _input = input;
        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        CheckOutputGradient(outputGradient, _output!.Shape);
        var grad = _table.Gradient.Span;
        grad.Clear();
        var idx = input.Span;
        var g = outputGradient.Span;
        for (var i = 0; i < idx.Length; i++)
        {
            var word = WordIndex(idx[i], i);
            TensorMath.Axpy(1f, g.Slice(i * EmbeddingSize, EmbeddingSize), grad.Slice(word * EmbeddingSize, EmbeddingSize));
        }

        return null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int WordIndex(float value, int position)
    {
        var word = (int)value;
        if (word != value || (uint)word >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                $"Embedding layer '{Name}': input element {position} (row {position / ContextSize}) is not a word index in [0, {VocabularySize}).");
        }

        return word;
    }
}
