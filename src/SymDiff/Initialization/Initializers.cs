namespace SymDiff.Initialization;

/// <summary>Weight initializers drawing from a caller-supplied (seeded) <see cref="Random"/>.</summary>
public static class Initializers
{
    /// <summary>The default half-width of <see cref="WeightInit.Uniform"/>.</summary>
    public const float DefaultUniformRange = 0.1f;

    /// <summary>Fills <paramref name="values"/> according to <paramref name="init"/>.</summary>
    /// <param name="values">The weights.</param>
    /// <param name="init">The scheme.</param>
    /// <param name="fanIn">Number of input units.</param>
    /// <param name="fanOut">Number of output units.</param>
    /// <param name="random">The random source.</param>
    public static void Initialize(Span<float> values, WeightInit init, int fanIn, int fanOut, Random random)
    {
        switch (init)
        {
            case WeightInit.XavierUniform:
                XavierUniform(values, fanIn, fanOut, random);
                break;
            case WeightInit.Uniform:
                Uniform(values, -DefaultUniformRange, DefaultUniformRange, random);
                break;
            case WeightInit.HeNormal:
                HeNormal(values, fanIn, random);
                break;
            case WeightInit.HeUniform:
                var limit = MathF.Sqrt(6f / fanIn);
                Uniform(values, -limit, limit, random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown weight initialization.");
        }
    }

    /// <summary>Xavier/Glorot uniform: U[−√(6/(fan_in + fan_out)), +√(6/(fan_in + fan_out))].</summary>
    /// <param name="values">The weights.</param>
    /// <param name="fanIn">Number of input units n(l).</param>
    /// <param name="fanOut">Number of output units n(l+1).</param>
    /// <param name="random">The random source.</param>
    public static void XavierUniform(Span<float> values, int fanIn, int fanOut, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn + fanOut);
        var limit = MathF.Sqrt(6f / (fanIn + fanOut));
        Uniform(values, -limit, limit, random);
    }

    /// <summary>Uniform in [low, high).</summary>
    /// <param name="values">The weights.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound.</param>
    /// <param name="random">The random source.</param>
    public static void Uniform(Span<float> values, float low, float high, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var width = high - low;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = low + width * (float)random.NextDouble();
        }
    }

    /// <summary>He normal: N(0, 2/fan_in) by the Box–Muller transform.</summary>
    /// <param name="values">The weights.</param>
    /// <param name="fanIn">Number of input units.</param>
    /// <param name="random">The random source.</param>
    public static void HeNormal(Span<float> values, int fanIn, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        var std = Math.Sqrt(2.0 / fanIn);
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
