namespace SymDiff.Training;

/// <summary>Thrown when training produces NaN or ±∞ in the loss or a gradient; names where and when.</summary>
public sealed class NonFiniteValueException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">The optimizer step (from 1) that produced the value.</param>
    /// <param name="epoch">The epoch (from 1), or 0 outside <c>Fit</c>.</param>
    /// <param name="loss">The loss of that step.</param>
    /// <param name="parameterName">The first parameter whose gradient is not finite, if any.</param>
    /// <param name="layerName">The first layer whose output is not finite, if any.</param>
    public NonFiniteValueException(long step, int epoch, float loss, string? parameterName, string? layerName)
        : base(BuildMessage(step, epoch, loss, parameterName, layerName))
    {
        Step = step;
        Epoch = epoch;
        Loss = loss;
        ParameterName = parameterName;
        LayerName = layerName;
    }

    /// <summary>The optimizer step.</summary>
    public long Step { get; }

    /// <summary>The epoch (0 outside <c>Fit</c>).</summary>
    public int Epoch { get; }

    /// <summary>The loss of the step.</summary>
    public float Loss { get; }

    /// <summary>The first parameter with a non-finite gradient, or null.</summary>
    public string? ParameterName { get; }

    /// <summary>The first layer with a non-finite output, or null.</summary>
    public string? LayerName { get; }

    private static string BuildMessage(long step, int epoch, float loss, string? parameterName, string? layerName)
    {
        var where = epoch > 0 ? $"step {step} (epoch {epoch})" : $"step {step}";
        var parts = new List<string> { $"Non-finite value during training at {where}: loss = {loss}" };
        if (parameterName is not null)
        {
            parts.Add($"gradient of parameter '{parameterName}' is not finite");
        }

        if (layerName is not null)
        {
            parts.Add($"first non-finite output in layer '{layerName}'");
        }

        return string.Join("; ", parts) + ". Lower the learning rate, clip gradients or check the inputs.";
    }
}
