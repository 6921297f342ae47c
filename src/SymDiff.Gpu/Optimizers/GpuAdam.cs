using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Adam on an accelerator, as <c>Adam</c> on the CPU (same defaults, same bias correction, same update):
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
/// The moments live on the accelerator (slots 0 and 1).
/// </summary>
public class GpuAdam : GpuOptimizer
{
    /// <summary>Creates the optimizer over every weight and bias of <paramref name="layers"/>.</summary>
    /// <param name="layers">The layers.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdam(IReadOnlyList<GpuDense> layers, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : this(GpuDense.ParametersOf(layers), learningRate, beta1, beta2, epsilon)
    {
    }

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdam(IReadOnlyList<GpuParameter> parameters, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 2)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter)
    {
        var c1 = (float)(1.0 - Math.Pow(Beta1, StepCount));
        var c2 = (float)(1.0 - Math.Pow(Beta2, StepCount));
        var kernels = Kernels(parameter);
        kernels.Adam ??= parameter.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars>(GpuKernels.Adam);
        kernels.Adam(parameter.Value.Length, parameter.Value.View, parameter.Gradient.View, Slot(index, 0), Slot(index, 1),
            new AdamScalars(Beta1, Beta2, Epsilon, LearningRate, c1, c2, LearningRate * DecayFor(parameter)));
    }

    /// <summary>The decoupled weight decay λ of a parameter (Adam: none; AdamW: its weight decay on regularized parameters).</summary>
    protected virtual float DecayFor(GpuParameter parameter) => 0f;
}

/// <summary>
/// AdamW on an accelerator, as <c>AdamW</c> on the CPU: Adam with decoupled weight decay, θ ← θ − η·(m̂/(√v̂ + ε) + λ·θ)
/// on regularized parameters (weights; biases are not decayed).
/// </summary>
public sealed class GpuAdamW : GpuAdam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdamW(IReadOnlyList<GpuParameter> parameters, float learningRate = 0.001f, float weightDecay = 0.01f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, learningRate, beta1, beta2, epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        WeightDecay = weightDecay;
    }

    /// <summary>λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override float DecayFor(GpuParameter parameter) => parameter.Regularize ? WeightDecay : 0f;
}

/// <summary>Adam's scalars for one step (a kernel parameter): decay is η·λ (AdamW), 0 for Adam.</summary>
internal readonly record struct AdamScalars(float Beta1, float Beta2, float Epsilon, float Eta, float C1, float C2, float Decay);
