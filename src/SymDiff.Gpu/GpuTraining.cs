using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Softmax fused with cross-entropy on an accelerator, the GPU twin of <c>SoftmaxCrossEntropyLoss</c> with class-index
/// targets: per example log Σ e^(z − max) − (z_c − max), averaged over the batch; gradient (softmax(z) − onehot(c))/batch.
/// </summary>
public static class GpuSoftmaxCrossEntropy
{
    /// <summary>The mean loss of <paramref name="logits"/> against <paramref name="classes"/>; writes the gradient.</summary>
    /// <param name="logits">batch×k logits (the last layer has no softmax).</param>
    /// <param name="classes">The class of each example, on the same accelerator (0 ≤ c &lt; k).</param>
    /// <param name="gradient">batch×k, overwritten with ∂loss/∂logits.</param>
    /// <exception cref="ArgumentException">The shapes or lengths disagree.</exception>
    public static float Compute(GpuMatrix logits, ArrayView<int> classes, GpuMatrix gradient)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(gradient);
        if (classes.Length != logits.Rows)
        {
            throw new ArgumentException($"There are {classes.Length} classes for {logits.Rows} examples.", nameof(classes));
        }

        gradient.CheckShape(logits.Accelerator, logits.Rows, logits.Columns, "The gradient", nameof(gradient));
        var accelerator = logits.Accelerator;
        using var losses = accelerator.Allocate1D<float>(logits.Rows);
        var kernels = GpuKernelCache.For(accelerator);
        kernels.SoftmaxCrossEntropyRow ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, float>(GpuKernels.SoftmaxCrossEntropyRow);
        kernels.SoftmaxCrossEntropyRow(logits.Rows, logits.View, classes, gradient.View, losses.View, logits.Columns, 1f / logits.Rows);
        return GpuKernels.MeanOnHost(losses);
    }

    /// <summary>The mean loss of <paramref name="logits"/> against target distributions (one-hot rows); writes the gradient.</summary>
    /// <param name="logits">batch×k logits.</param>
    /// <param name="targets">batch×k target rows (one-hot, or any non-negative weights).</param>
    /// <param name="gradient">batch×k, overwritten with ∂loss/∂logits.</param>
    /// <exception cref="ArgumentException">The shapes disagree.</exception>
    public static float Compute(GpuMatrix logits, GpuMatrix targets, GpuMatrix gradient)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(gradient);
        targets.CheckShape(logits.Accelerator, logits.Rows, logits.Columns, "The targets", nameof(targets));
        gradient.CheckShape(logits.Accelerator, logits.Rows, logits.Columns, "The gradient", nameof(gradient));
        var accelerator = logits.Accelerator;
        using var losses = accelerator.Allocate1D<float>(logits.Rows);
        var kernels = GpuKernelCache.For(accelerator);
        kernels.SoftmaxCrossEntropyDistributionRow ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>(GpuKernels.SoftmaxCrossEntropyDistributionRow);
        kernels.SoftmaxCrossEntropyDistributionRow(logits.Rows, logits.View, targets.View, gradient.View, losses.View, logits.Columns, 1f / logits.Rows);
        return GpuKernels.MeanOnHost(losses);
    }
}
