using SymDiff.Layers;
using SymDiff.Tensors;

namespace SymDiff.Optimizers;

/// <summary>
/// Updates a fixed list of parameters from their gradients. Each <see cref="Step"/> first applies L2
/// regularization (g ← g + λ·θ for parameters with <see cref="Parameter.Regularize"/>, the gradient of the
/// penalty ½λ‖θ‖²), then the optimizer's update rule. Per-parameter state (velocities, moment estimates)
/// lives in pooled "slots" that checkpoints save and restore.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor<float>[][] _slots;
    private float _learningRate;

    /// <summary>Initializes the optimizer and zero-filled state.</summary>
    /// <param name="parameters">The parameters to update (usually <see cref="Sequential.Parameters"/>).</param>
    /// <param name="learningRate">The learning rate η.</param>
    /// <param name="slotsPerParameter">How many state tensors (each shaped like its parameter) the rule needs.</param>
    protected Optimizer(IReadOnlyList<Parameter> parameters, float learningRate, int slotsPerParameter)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        LearningRate = learningRate;
        _slots = new Tensor<float>[_parameters.Length][];
        for (var i = 0; i < _parameters.Length; i++)
        {
            _slots[i] = new Tensor<float>[slotsPerParameter];
            for (var s = 0; s < slotsPerParameter; s++)
            {
                _slots[i][s] = new Tensor<float>(_parameters[i].Shape);
            }
        }

        SlotsPerParameter = slotsPerParameter;
    }

    /// <summary>A short name identifying the update rule (stored in checkpoints).</summary>
    public abstract string Kind { get; }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The learning rate η (schedules set it between epochs).</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0f) || float.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and non-negative.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The L2 regularization strength λ (0 disables it).</summary>
    public float L2 { get; set; }

    /// <summary>Number of completed steps t (Adam's bias correction uses it).</summary>
    public long StepCount { get; internal set; }

    /// <summary>Number of state tensors per parameter.</summary>
    public int SlotsPerParameter { get; }

    /// <summary>Applies L2 regularization and one update to every parameter.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < _parameters.Length; i++)
        {
            StepParameter(i);
        }
    }

    /// <summary>Applies L2 regularization and the update to parameter <paramref name="index"/> from its gradient.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/>.</param>
    private protected void StepParameter(int index)
    {
        var p = _parameters[index];
        if (L2 != 0f && p.Regularize)
        {
            TensorMath.Axpy(L2, p.Value.Span, p.Gradient.Span);
        }

        Update(index, p.Value.Span, p.Gradient.Span);
    }

    /// <summary>Zeroes the state and the step count.</summary>
    public void Reset()
    {
        StepCount = 0;
        foreach (var slots in _slots)
        {
            foreach (var s in slots)
            {
                s.Clear();
            }
        }
    }

    /// <summary>Returns the state storage to the pool.</summary>
    public void Dispose()
    {
        foreach (var slots in _slots)
        {
            foreach (var s in slots)
            {
                s.Dispose();
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The state tensor <paramref name="slot"/> of parameter <paramref name="parameterIndex"/>.</summary>
    /// <param name="parameterIndex">The parameter's position in <see cref="Parameters"/>.</param>
    /// <param name="slot">The slot number.</param>
    public Tensor<float> GetSlot(int parameterIndex, int slot) => _slots[parameterIndex][slot];

    /// <summary>Updates one parameter in place.</summary>
    /// <param name="index">The parameter's position (for <see cref="State"/>).</param>
    /// <param name="value">The parameter value θ.</param>
    /// <param name="gradient">The gradient g (already including L2).</param>
    protected abstract void Update(int index, Span<float> value, Span<float> gradient);

    /// <summary>The span of state slot <paramref name="slot"/> of parameter <paramref name="index"/>.</summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="slot">The slot number.</param>
    protected Span<float> State(int index, int slot) => _slots[index][slot].Span;

    /// <summary>Throws unless <paramref name="value"/> is in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The hyperparameter.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <param name="name">Its name.</param>
    protected static void CheckRange(float value, float min, float max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
        }
    }
}
