using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>A trainable matrix on an accelerator and its gradient (the GPU twin of <c>Parameter</c>).</summary>
/// <param name="Name">"layer.weight", as the CPU parameter is named.</param>
/// <param name="Value">The values.</param>
/// <param name="Gradient">The gradient, of the same shape.</param>
/// <param name="Regularize">Whether L2 regularization and AdamW's decay apply (weights yes, biases no).</param>
public sealed record GpuParameter(string Name, GpuMatrix Value, GpuMatrix Gradient, bool Regularize);

/// <summary>
/// An optimizer on an accelerator, the twin of the CPU runtime's <c>Optimizer</c>: the same state per parameter
/// (slots, on the accelerator), the same L2 regularization (λ·θ added to the gradient of regularized parameters before
/// the update) and, in each subclass, the same update, element by element in one kernel launch per parameter, enqueued
/// on the accelerator's default stream. On the same parameters and gradients the two agree to float rounding.
/// </summary>
public abstract class GpuOptimizer : IDisposable
{
    private readonly GpuParameter[] _parameters;
    private readonly GpuMatrix[][] _slots;

    /// <summary>Creates the optimizer and its zeroed state.</summary>
    /// <param name="parameters">The parameters it updates (for example <see cref="GpuDense.Parameters"/> of every layer).</param>
    /// <param name="learningRate">η.</param>
    /// <param name="slotsPerParameter">State matrices per parameter.</param>
    protected GpuOptimizer(IReadOnlyList<GpuParameter> parameters, float learningRate, int slotsPerParameter)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        }

        LearningRate = learningRate;
        SlotsPerParameter = slotsPerParameter;
        _slots = [.. _parameters.Select(p => Enumerable.Range(0, slotsPerParameter).Select(_ => new GpuMatrix(p.Value.Accelerator, p.Value.Rows, p.Value.Columns)).ToArray())];
    }

    /// <summary>The parameters updated.</summary>
    public IReadOnlyList<GpuParameter> Parameters => _parameters;

    /// <summary>η.</summary>
    public float LearningRate
    {
        get;
        set => field = value > 0f && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be positive and finite.");
    }

    /// <summary>The L2 regularization strength λ (0 disables it).</summary>
    public float L2 { get; set; }

    /// <summary>Steps taken t (Adam's bias correction uses it); set when restoring a state (as from the CPU optimizer).</summary>
    public long StepCount
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The step count cannot be negative.");
    }

    /// <summary>State matrices per parameter.</summary>
    public int SlotsPerParameter { get; }

    /// <summary>A parameter's state matrix (Adam: 0 is m, 1 is v).</summary>
    /// <param name="parameterIndex">The parameter.</param>
    /// <param name="slot">The slot.</param>
    public GpuMatrix GetSlot(int parameterIndex, int slot) => _slots[parameterIndex][slot];

    /// <summary>Applies L2 regularization and one update to every parameter.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (L2 != 0f && p.Regularize)
            {
                var kernels = GpuKernelCache.For(p.Value.Accelerator);
                kernels.Axpy ??= p.Value.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(GpuKernels.Axpy);
                kernels.Axpy(p.Value.Length, p.Value.View, p.Gradient.View, L2);
            }

            Update(i, p);
        }
    }

    /// <summary>Frees the state.</summary>
    public void Dispose()
    {
        foreach (var slot in _slots.SelectMany(s => s))
        {
            slot.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Enqueues the update of parameter <paramref name="index"/>.</summary>
    /// <param name="index">Its index (for its slots).</param>
    /// <param name="parameter">The parameter.</param>
    protected abstract void Update(int index, GpuParameter parameter);

    /// <summary>Parameter <paramref name="index"/>'s state <paramref name="slot"/>, as a view.</summary>
    protected ArrayView<float> Slot(int index, int slot) => _slots[index][slot].View;

    /// <summary>The kernels loaded on <paramref name="parameter"/>'s accelerator.</summary>
    internal static GpuKernelCache Kernels(GpuParameter parameter) => GpuKernelCache.For(parameter.Value.Accelerator);
}
