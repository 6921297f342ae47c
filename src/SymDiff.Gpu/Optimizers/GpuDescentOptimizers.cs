using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>Plain gradient descent on an accelerator, θ ← θ − η·g, as <c>Sgd</c> on the CPU.</summary>
public sealed class GpuSgd : GpuOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    public GpuSgd(IReadOnlyList<GpuParameter> parameters, float learningRate)
        : base(parameters, learningRate, 0)
    {
    }

    /// <summary>One step of plain gradient descent on every layer's weights and biases (no optimizer object needed).</summary>
    /// <param name="learningRate">η.</param>
    /// <param name="layers">The layers.</param>
    public static void Step(float learningRate, params GpuDense[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var p in GpuDense.ParametersOf(layers))
        {
            Descend(p, learningRate);
        }
    }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter) => Descend(parameter, LearningRate);

    private static void Descend(GpuParameter p, float learningRate)
    {
        var kernels = Kernels(p);
        kernels.Axpy ??= p.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(GpuKernels.Axpy);
        kernels.Axpy(p.Value.Length, p.Gradient.View, p.Value.View, -learningRate);
    }
}

/// <summary>Momentum on an accelerator, as <c>Momentum</c> on the CPU: v ← γv + ηg, θ ← θ − v.</summary>
public class GpuMomentum : GpuOptimizer
{
    private readonly bool _nesterov;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">γ.</param>
    public GpuMomentum(IReadOnlyList<GpuParameter> parameters, float learningRate, float momentum = 0.9f)
        : this(parameters, learningRate, momentum, nesterov: false)
    {
    }

    private protected GpuMomentum(IReadOnlyList<GpuParameter> parameters, float learningRate, float momentum, bool nesterov)
        : base(parameters, learningRate, 1) => (Gamma, _nesterov) = (momentum, nesterov);

    /// <summary>γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter)
    {
        var kernels = Kernels(parameter);
        kernels.Momentum ??= parameter.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, int>(GpuKernels.Momentum);
        kernels.Momentum(parameter.Value.Length, parameter.Value.View, parameter.Gradient.View, Slot(index, 0), Gamma, LearningRate, _nesterov ? 1 : 0);
    }
}

/// <summary>Nesterov momentum on an accelerator, as <c>Nesterov</c> on the CPU: v ← γv + ηg, θ ← θ − (γv + ηg).</summary>
public sealed class GpuNesterov : GpuMomentum
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">γ.</param>
    public GpuNesterov(IReadOnlyList<GpuParameter> parameters, float learningRate, float momentum = 0.9f)
        : base(parameters, learningRate, momentum, nesterov: true)
    {
    }
}

/// <summary>Adagrad on an accelerator, as <c>Adagrad</c> on the CPU: s ← s + g², θ ← θ − η/√(s + ε)·g.</summary>
public sealed class GpuAdagrad : GpuOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdagrad(IReadOnlyList<GpuParameter> parameters, float learningRate = 0.01f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 1) => Epsilon = epsilon;

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter)
    {
        var kernels = Kernels(parameter);
        kernels.SquareAverage ??= parameter.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float>(GpuKernels.SquareAverage);
        kernels.SquareAverage(parameter.Value.Length, parameter.Value.View, parameter.Gradient.View, Slot(index, 0), -1f, LearningRate, Epsilon);
    }
}

/// <summary>RMSProp on an accelerator, as <c>RmsProp</c> on the CPU: s ← ρs + (1 − ρ)g², θ ← θ − η/√(s + ε)·g.</summary>
public sealed class GpuRmsProp : GpuOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="rho">ρ.</param>
    /// <param name="epsilon">ε.</param>
    public GpuRmsProp(IReadOnlyList<GpuParameter> parameters, float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 1) => (Rho, Epsilon) = (rho, epsilon);

    /// <summary>ρ.</summary>
    public float Rho { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter)
    {
        var kernels = Kernels(parameter);
        kernels.SquareAverage ??= parameter.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float>(GpuKernels.SquareAverage);
        kernels.SquareAverage(parameter.Value.Length, parameter.Value.View, parameter.Gradient.View, Slot(index, 0), Rho, LearningRate, Epsilon);
    }
}

/// <summary>
/// Adadelta on an accelerator, as <c>Adadelta</c> on the CPU: E[g²] ← ρE[g²] + (1 − ρ)g², Δ = −√(E[Δ²] + ε)/√(E[g²] + ε)·g,
/// E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ², θ ← θ + ηΔ.
/// </summary>
public sealed class GpuAdadelta : GpuOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="rho">ρ.</param>
    /// <param name="epsilon">ε.</param>
    public GpuAdadelta(IReadOnlyList<GpuParameter> parameters, float learningRate = 1f, float rho = 0.9f, float epsilon = 1e-6f)
        : base(parameters, learningRate, 2) => (Rho, Epsilon) = (rho, epsilon);

    /// <summary>ρ.</summary>
    public float Rho { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, GpuParameter parameter)
    {
        var kernels = Kernels(parameter);
        kernels.Adadelta ??= parameter.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float>(GpuKernels.Adadelta);
        kernels.Adadelta(parameter.Value.Length, parameter.Value.View, parameter.Gradient.View, Slot(index, 0), Slot(index, 1), Rho, LearningRate, Epsilon);
    }
}
