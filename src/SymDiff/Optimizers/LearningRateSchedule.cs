namespace SymDiff.Optimizers;

/// <summary>
/// Learning-rate decay: the rate for epoch t (counting from 0) given the initial rate η₀. The trainer sets
/// <see cref="Optimizer.LearningRate"/> from it at the start of every epoch.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for an epoch.</summary>
    /// <param name="initialRate">η₀.</param>
    /// <param name="epoch">t, from 0.</param>
    public abstract float GetLearningRate(float initialRate, int epoch);
}

/// <summary>Step decay: η_t = η₀·γ^⌊t/s⌋ (multiply by γ every s epochs).</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">s, epochs between decays (positive).</param>
    /// <param name="gamma">γ, the factor (for example 0.5).</param>
    public StepDecay(int stepSize, float gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>s.</summary>
    public int StepSize { get; }

    /// <summary>γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public override float GetLearningRate(float initialRate, int epoch) =>
        initialRate * MathF.Pow(Gamma, epoch / StepSize);
}

/// <summary>Exponential decay: η_t = η₀·e^(−k·t).</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">k (non-negative).</param>
    public ExponentialDecay(float rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        Rate = rate;
    }

    /// <summary>k.</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override float GetLearningRate(float initialRate, int epoch) => initialRate * MathF.Exp(-Rate * epoch);
}

/// <summary>1/t (inverse time) decay: η_t = η₀/(1 + k·t).</summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">k (non-negative).</param>
    public InverseTimeDecay(float rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        Rate = rate;
    }

    /// <summary>k.</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override float GetLearningRate(float initialRate, int epoch) => initialRate / (1f + Rate * epoch);
}
