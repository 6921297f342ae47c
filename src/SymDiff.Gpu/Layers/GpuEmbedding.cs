using ILGPU;
using ILGPU.Runtime;
using SymDiff.Layers;

namespace SymDiff.Gpu;

/// <summary>
/// An embedding layer on an accelerator, the twin of <c>Embedding</c>: each row of the input holds
/// <see cref="ContextSize"/> word indices, and the output row is their embeddings side by side. The indices are checked
/// on the host (a kernel cannot throw) and uploaded per batch. The gradient is deterministic and equal to the CPU
/// layer's bit for bit: one thread per table entry adds the output gradient of every position holding its word, in
/// position order, as the CPU loop does (work V·E·N for a vocabulary V, width E and N positions: fine for the sizes
/// the samples use; atomics would be the choice for vocabularies of millions).
/// </summary>
public sealed class GpuEmbedding : IDisposable
{
    private MemoryBuffer1D<int, Stride1D.Dense>? _indices;
    private GpuMatrix? _output;
    private int _rows;

    private GpuEmbedding(Accelerator accelerator, int vocabularySize, int embeddingSize, int contextSize, string name)
    {
        Accelerator = accelerator;
        VocabularySize = vocabularySize;
        EmbeddingSize = embeddingSize;
        ContextSize = contextSize;
        Name = name;
        Table = new GpuMatrix(accelerator, vocabularySize, embeddingSize);
        TableGradient = new GpuMatrix(accelerator, vocabularySize, embeddingSize);
    }

    /// <summary>Where it runs.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The layer's name (the CPU layer's).</summary>
    public string Name { get; }

    /// <summary>Words in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>Values per embedding.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Words per input row.</summary>
    public int ContextSize { get; }

    /// <summary>The embedding table, vocabulary × embedding size.</summary>
    public GpuMatrix Table { get; }

    /// <summary>The table's gradient after <see cref="Backward"/>.</summary>
    public GpuMatrix TableGradient { get; }

    /// <summary>The table (regularized, as on the CPU), for a <see cref="GpuOptimizer"/>.</summary>
    public IReadOnlyList<GpuParameter> Parameters => [new($"{Name}.embeddings", Table, TableGradient, true)];

    /// <summary>A GPU layer with the CPU layer's sizes, name and table.</summary>
    /// <param name="layer">The CPU layer.</param>
    /// <param name="accelerator">Where the GPU layer runs.</param>
    public static GpuEmbedding FromCpu(Embedding layer, Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(accelerator);
        var gpu = new GpuEmbedding(accelerator, layer.VocabularySize, layer.EmbeddingSize, layer.ContextSize, layer.Name);
        gpu.Table.CopyFromHost(layer.Embeddings.Value.Span);
        return gpu;
    }

    /// <summary>The embeddings of a batch of word indices (rows × <see cref="ContextSize"/>, row-major).</summary>
    /// <param name="indices">The words, <see cref="ContextSize"/> per row.</param>
    /// <returns>rows × (context·embedding size), owned by this layer until the next call.</returns>
    /// <exception cref="ArgumentException">The count is not a whole number of rows, or a word is outside the vocabulary.</exception>
    public GpuMatrix Forward(ReadOnlySpan<int> indices)
    {
        if (indices.Length == 0 || indices.Length % ContextSize != 0)
        {
            throw new ArgumentException($"Embedding layer '{Name}': {indices.Length} indices are not whole rows of {ContextSize}.", nameof(indices));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i],
                    $"Embedding layer '{Name}': input element {i} (row {i / ContextSize}) is not a word index in [0, {VocabularySize}).");
            }
        }

        if (_indices is null || _indices.Length != indices.Length)
        {
            _indices?.Dispose();
            _indices = Accelerator.Allocate1D<int>(indices.Length);
        }

        _indices.View.CopyFromCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(indices), indices.Length);
        _rows = indices.Length / ContextSize;
        _output = GpuMatrix.Ensure(_output, Accelerator, _rows, ContextSize * EmbeddingSize);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.EmbeddingGather ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(GpuKernels.EmbeddingGather);
        kernels.EmbeddingGather(_output.Length, Table.View, _indices.View, _output.View, EmbeddingSize);
        return _output;
    }

    /// <summary>Overwrites <see cref="TableGradient"/> with the table's gradient (the input has none).</summary>
    /// <param name="outputGradient">∂loss/∂output, the output's shape.</param>
    public void Backward(GpuMatrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var output = _output ?? throw new InvalidOperationException($"Embedding layer '{Name}': Backward called before Forward.");
        outputGradient.CheckShape(Accelerator, output.Rows, output.Columns, "The output gradient", nameof(outputGradient));
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.EmbeddingScatter ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(GpuKernels.EmbeddingScatter);
        kernels.EmbeddingScatter(TableGradient.Length, outputGradient.View, _indices!.View, TableGradient.View, EmbeddingSize);
    }

    /// <summary>Copies the table of <paramref name="layer"/>, a CPU layer of the same sizes, onto the accelerator.</summary>
    /// <param name="layer">The CPU layer.</param>
    public void CopyFromCpu(Embedding layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.VocabularySize != VocabularySize || layer.EmbeddingSize != EmbeddingSize)
        {
            throw new ArgumentException($"The CPU layer is {layer.VocabularySize}×{layer.EmbeddingSize}, this one {VocabularySize}×{EmbeddingSize}.", nameof(layer));
        }

        Table.CopyFromHost(layer.Embeddings.Value.Span);
    }

    /// <summary>Copies the table into <paramref name="layer"/>, a CPU layer of the same sizes.</summary>
    /// <param name="layer">The CPU layer.</param>
    public void CopyToCpu(Embedding layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.VocabularySize != VocabularySize || layer.EmbeddingSize != EmbeddingSize)
        {
            throw new ArgumentException($"The CPU layer is {layer.VocabularySize}×{layer.EmbeddingSize}, this one {VocabularySize}×{EmbeddingSize}.", nameof(layer));
        }

        Table.CopyToHost(layer.Embeddings.Value.Span);
    }

    /// <summary>Frees the table, its gradient and the buffers.</summary>
    public void Dispose()
    {
        Table.Dispose();
        TableGradient.Dispose();
        _indices?.Dispose();
        _output?.Dispose();
    }
}
