using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Inverted dropout on an accelerator, the twin of <c>Dropout</c>: while training, each element is kept with
/// probability 1 − rate and scaled by 1/(1 − rate), else zeroed; in inference it passes its input through. The masks
/// are the CPU layer's, bit for bit, for the same seed: the CPU layer draws element i of a call from SplitMix64 after
/// i + 1 steps from its state, which a thread computes directly from the state before the call and its index.
/// </summary>
public sealed class GpuDropout : IDisposable
{
    private ulong _state;
    private GpuMatrix? _mask;
    private GpuMatrix? _output;
    private GpuMatrix? _dx;
    private bool _lastWasTraining;

    /// <summary>Creates the layer.</summary>
    /// <param name="accelerator">Where it runs.</param>
    /// <param name="rate">The probability of dropping an element, in [0, 1).</param>
    /// <param name="seed">The seed of its masks (the CPU layer's seed gives the CPU layer's masks).</param>
    public GpuDropout(Accelerator accelerator, float rate, int seed)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        Accelerator = accelerator;
        Rate = rate;
        _state = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) + 0x632BE59BD9B4E019UL);
    }

    /// <summary>Where it runs.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The drop probability.</summary>
    public float Rate { get; }

    /// <summary>Applies a fresh mask while training; returns the input itself in inference.</summary>
    /// <param name="input">The batch (owned by the caller).</param>
    /// <param name="training">Whether to drop.</param>
    /// <returns>The output (owned by this layer until the next call), or <paramref name="input"/>.</returns>
    public GpuMatrix Forward(GpuMatrix input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _lastWasTraining = training && Rate > 0f;
        if (!_lastWasTraining)
        {
            return input;
        }

        _mask = GpuMatrix.Ensure(_mask, Accelerator, input.Rows, input.Columns);
        _output = GpuMatrix.Ensure(_output, Accelerator, input.Rows, input.Columns);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.DropoutForward ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ulong, float>(GpuKernels.DropoutForward);
        kernels.DropoutForward(input.Length, input.View, _mask.View, _output.View, _state, Rate);
        _state = unchecked(_state + ((ulong)input.Length * 0x9E3779B97F4A7C15UL));
        return _output;
    }

    /// <summary>The gradient with respect to the input: the output gradient through the last mask.</summary>
    /// <param name="outputGradient">∂loss/∂output.</param>
    /// <returns>∂loss/∂input (owned by this layer), or <paramref name="outputGradient"/> after an inference pass.</returns>
    public GpuMatrix Backward(GpuMatrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!_lastWasTraining)
        {
            return outputGradient;
        }

        outputGradient.CheckShape(Accelerator, _mask!.Rows, _mask.Columns, "The output gradient", nameof(outputGradient));
        _dx = GpuMatrix.Ensure(_dx, Accelerator, _mask.Rows, _mask.Columns);
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.Multiply ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GpuKernels.Multiply);
        kernels.Multiply(_dx.Length, outputGradient.View, _mask.View, _dx.View);
        return _dx;
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        _mask?.Dispose();
        _output?.Dispose();
        _dx?.Dispose();
    }
}
