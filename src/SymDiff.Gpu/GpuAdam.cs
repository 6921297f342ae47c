using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Adam on an accelerator, as <c>Adam</c> on the CPU (same defaults, same bias correction, same update):
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
/// The moments live on the accelerator, one pair per layer parameter.
/// </summary>
public sealed class GpuAdam : IDisposable
{
    private readonly GpuDense[] _layers;
    private readonly List<(GpuMatrix Value, GpuMatrix Gradient, GpuMatrix M, GpuMatrix V)> _slots = new();

    /// <summary>Creates the optimizer over every weight and bias of <paramref name="layers"/>.</summary>
    /// <param name="layers">The layers.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdam(IReadOnlyList<GpuDense> layers, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        foreach (var layer in _layers)
        {
            foreach (var (value, gradient) in new[] { (layer.Weight, layer.WeightGradient), (layer.Bias, layer.BiasGradient) })
            {
                _slots.Add((value, gradient, new GpuMatrix(layer.Accelerator, value.Rows, value.Columns), new GpuMatrix(layer.Accelerator, value.Rows, value.Columns)));
            }
        }
    }

    /// <summary>η.</summary>
    public float LearningRate { get; }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter from its gradient (enqueued on each accelerator's default stream).</summary>
    public void Step()
    {
        StepCount++;
        var c1 = (float)(1.0 - Math.Pow(Beta1, StepCount));
        var c2 = (float)(1.0 - Math.Pow(Beta2, StepCount));
        foreach (var (value, gradient, m, v) in _slots)
        {
            var kernels = GpuKernelCache.For(value.Accelerator);
            kernels.Adam ??= value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars>(GpuKernels.Adam);
            kernels.Adam(value.Length, value.View, gradient.View, m.View, v.View, new AdamScalars(Beta1, Beta2, Epsilon, LearningRate, c1, c2));
        }
    }

    /// <summary>Frees the moments.</summary>
    public void Dispose()
    {
        foreach (var (_, _, m, v) in _slots)
        {
            m.Dispose();
            v.Dispose();
        }
    }
}

/// <summary>Adam's scalars for one step (a kernel parameter).</summary>
internal readonly record struct AdamScalars(float Beta1, float Beta2, float Epsilon, float Eta, float C1, float C2);
