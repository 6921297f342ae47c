using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// A row-wise softmax layer on an accelerator, the twin of <c>SoftmaxLayer</c> (one thread per row, the CPU's formula:
/// max-shifted exponentials over their sum); backward dz = p ∘ (g − Σ g∘p) per row. Pair it with
/// <see cref="GpuNegativeLogLikelihood"/>, or use <see cref="GpuSoftmaxCrossEntropy"/> on the logits instead.
/// </summary>
public sealed class GpuSoftmax : IDisposable
{
    private GpuMatrix? _output;
    private GpuMatrix? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="accelerator">Where it runs.</param>
    public GpuSoftmax(Accelerator accelerator) => Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));

    /// <summary>Where it runs.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Each row's probabilities.</summary>
    /// <param name="input">The logits, one example per row.</param>
    /// <returns>The probabilities (owned by this layer until the next call).</returns>
    public GpuMatrix Forward(GpuMatrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.CheckShape(Accelerator, input.Rows, input.Columns, "The input", nameof(input));
        _output = GpuMatrix.Ensure(_output, Accelerator, input.Rows, input.Columns);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.SoftmaxRow ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(GpuKernels.SoftmaxRow);
        kernels.SoftmaxRow(input.Rows, input.View, _output.View, input.Columns);
        return _output;
    }

    /// <summary>∂loss/∂logits from ∂loss/∂probabilities.</summary>
    /// <param name="outputGradient">∂loss/∂probabilities.</param>
    /// <returns>∂loss/∂logits (owned by this layer until the next call).</returns>
    public GpuMatrix Backward(GpuMatrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var output = _output ?? throw new InvalidOperationException("GpuSoftmax: Backward called before Forward.");
        outputGradient.CheckShape(Accelerator, output.Rows, output.Columns, "The output gradient", nameof(outputGradient));
        _dx = GpuMatrix.Ensure(_dx, Accelerator, output.Rows, output.Columns);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.SoftmaxBackwardRow ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(GpuKernels.SoftmaxBackwardRow);
        kernels.SoftmaxBackwardRow(output.Rows, output.View, outputGradient.View, _dx.View, output.Columns);
        return _dx;
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        _output?.Dispose();
        _dx?.Dispose();
    }
}
