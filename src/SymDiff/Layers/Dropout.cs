using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// Inverted dropout: while training each element is zeroed with probability <see cref="Rate"/> and the
/// survivors are scaled by 1/(1 − rate), so inference needs no rescaling and passes the input through.
/// The mask comes from a generator seeded at construction, so runs are reproducible.
/// </summary>
public sealed class Dropout : Layer
{
    private ulong _state;
    private Tensor<float>? _mask;
    private Tensor<float>? _output;
    private Tensor<float>? _dx;
    private bool _lastWasTraining;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The drop probability p in [0, 1).</param>
    /// <param name="seed">The seed of the mask generator.</param>
    /// <param name="name">The layer name, or null for a position-based one.</param>
    public Dropout(float rate, int seed, string? name = null)
        : base(name)
    {
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        Rate = rate;
        Seed = seed;
        _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
    }

    /// <summary>The drop probability.</summary>
    public float Rate { get; }

    /// <summary>The seed of the masks (a GPU twin with the same seed draws the same masks).</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public override string Kind => "dropout";

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        _lastWasTraining = training && Rate > 0f;
        if (!_lastWasTraining)
        {
            LastOutput = input;
            return input;
        }

        var mask = EnsureBuffer(ref _mask, input.Shape);
        var output = EnsureBuffer(ref _output, input.Shape);
        var m = mask.Span;
        var x = input.Span;
        var o = output.Span;
        var keep = 1f / (1f - Rate);
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = NextUniform() >= Rate ? keep : 0f;
            o[i] = x[i] * m[i];
        }

        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!computeInputGradient)
        {
            return null;
        }

        if (!_lastWasTraining)
        {
            return outputGradient;
        }

        var mask = _mask!;
        CheckOutputGradient(outputGradient, mask.Shape);
        var dx = EnsureBuffer(ref _dx, mask.Shape);
        var m = mask.Span;
        var g = outputGradient.Span;
        var d = dx.Span;
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = g[i] * m[i];
        }

        return dx;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _mask?.Dispose();
            _output?.Dispose();
            _dx?.Dispose();
        }

        base.Dispose(disposing);
    }

    // SplitMix64: small, fast and fully determined by the seed.
    private float NextUniform()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (1f / (1 << 24));
    }
}
