namespace SymDiff.Initialization;

/// <summary>How a layer's weights are initialized (biases start at zero).</summary>
public enum WeightInit
{
    /// <summary>Xavier/Glorot uniform: U[−√(6/(fan_in + fan_out)), +√(6/(fan_in + fan_out))].</summary>
    XavierUniform,

    /// <summary>Uniform in [−0.1, 0.1].</summary>
    Uniform,

    /// <summary>He (Kaiming) normal: N(0, 2/fan_in), suited to ReLU layers.</summary>
    HeNormal,

    /// <summary>He uniform: U[−√(6/fan_in), +√(6/fan_in)].</summary>
    HeUniform,
}
