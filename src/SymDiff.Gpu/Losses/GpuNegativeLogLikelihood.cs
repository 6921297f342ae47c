using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// The negative log-likelihood of probabilities (a softmax layer's output) against class indices on an accelerator,
/// the twin of <c>NegativeLogLikelihoodLoss</c> with class-index targets: −mean log max(p_c, 10⁻³⁰); gradient
/// −1/(rows·max(p_c, 10⁻³⁰)) at each row's class, 0 elsewhere. Rows' losses are summed on the host in order.
/// </summary>
public static class GpuNegativeLogLikelihood
{
    /// <summary>The mean loss; writes the gradient when given.</summary>
    /// <param name="probabilities">batch×k probabilities.</param>
    /// <param name="classes">The class of each example, on the same accelerator (0 ≤ c &lt; k).</param>
    /// <param name="gradient">batch×k, overwritten with ∂loss/∂probabilities; or null.</param>
    /// <exception cref="ArgumentException">The shapes or lengths disagree.</exception>
    public static float Compute(GpuMatrix probabilities, ArrayView<int> classes, GpuMatrix? gradient)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (classes.Length != probabilities.Rows)
        {
            throw new ArgumentException($"There are {classes.Length} classes for {probabilities.Rows} examples.", nameof(classes));
        }

        gradient?.CheckShape(probabilities.Accelerator, probabilities.Rows, probabilities.Columns, "The gradient", nameof(gradient));
        var accelerator = probabilities.Accelerator;
        using var losses = accelerator.Allocate1D<float>(probabilities.Rows);
        using var none = gradient is null ? new GpuMatrix(accelerator, probabilities.Rows, probabilities.Columns) : null;
        var g = gradient ?? none!;
        g.Fill(0f);
        var kernels = GpuKernelCache.For(accelerator);
        kernels.NegativeLogLikelihoodRow ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, float>(GpuKernels.NegativeLogLikelihoodRow);
        kernels.NegativeLogLikelihoodRow(probabilities.Rows, probabilities.View, classes, g.View, losses.View, probabilities.Columns, 1f / probabilities.Rows);
        return GpuKernels.MeanOnHost(losses);
    }

    /// <summary>The mean loss against target distributions (one-hot rows); writes the gradient when given.</summary>
    /// <param name="probabilities">batch×k probabilities.</param>
    /// <param name="targets">batch×k target rows.</param>
    /// <param name="gradient">batch×k, overwritten with ∂loss/∂probabilities; or null.</param>
    /// <exception cref="ArgumentException">The shapes disagree.</exception>
    public static float Compute(GpuMatrix probabilities, GpuMatrix targets, GpuMatrix? gradient)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(targets);
        targets.CheckShape(probabilities.Accelerator, probabilities.Rows, probabilities.Columns, "The targets", nameof(targets));
        gradient?.CheckShape(probabilities.Accelerator, probabilities.Rows, probabilities.Columns, "The gradient", nameof(gradient));
        var accelerator = probabilities.Accelerator;
        using var losses = accelerator.Allocate1D<float>(probabilities.Rows);
        using var none = gradient is null ? new GpuMatrix(accelerator, probabilities.Rows, probabilities.Columns) : null;
        var kernels = GpuKernelCache.For(accelerator);
        kernels.NegativeLogLikelihoodDistributionRow ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>(GpuKernels.NegativeLogLikelihoodDistributionRow);
        kernels.NegativeLogLikelihoodDistributionRow(probabilities.Rows, probabilities.View, targets.View, (gradient ?? none!).View, losses.View, probabilities.Columns, 1f / probabilities.Rows);
        return GpuKernels.MeanOnHost(losses);
    }
}
