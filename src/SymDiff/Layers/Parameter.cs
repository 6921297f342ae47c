using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// A trainable tensor with its gradient. Layers expose their parameters; optimizers update
/// <see cref="Value"/> from <see cref="Gradient"/>. A layer's backward pass overwrites (does not accumulate)
/// the gradient.
/// </summary>
public sealed class Parameter : IDisposable
{
    private readonly Layer? _owner;
    private readonly string _localName;

    /// <summary>Creates a zero-initialized parameter of the given shape.</summary>
    /// <param name="name">The name (prefixed by the owning layer's name when there is one).</param>
    /// <param name="shape">The shape of the value and the gradient.</param>
    /// <param name="regularize">Whether weight penalties (L2, AdamW decay) apply; false for biases.</param>
    public Parameter(string name, TensorShape shape, bool regularize = true)
        : this(null, name, shape, regularize)
    {
    }

    internal Parameter(Layer? owner, string localName, TensorShape shape, bool regularize)
    {
        ArgumentException.ThrowIfNullOrEmpty(localName);
        _owner = owner;
        _localName = localName;
        Value = new Tensor<float>(shape);
        Gradient = new Tensor<float>(shape);
        Regularize = regularize;
    }

    /// <summary>The full name, for example <c>dense0.weight</c>; used in checkpoints and diagnostics.</summary>
    public string Name => _owner is null ? _localName : $"{_owner.Name}.{_localName}";

    /// <summary>The layer that owns the parameter, if any.</summary>
    public Layer? Owner => _owner;

    /// <summary>The current value.</summary>
    public Tensor<float> Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, same shape.</summary>
    public Tensor<float> Gradient { get; }

    /// <summary>Whether L2 regularization and decoupled weight decay apply (true for weights, false for biases).</summary>
    public bool Regularize { get; }

    /// <summary>The shape of the value and the gradient.</summary>
    public TensorShape Shape => Value.Shape;

    /// <summary>Returns both tensors' storage to the pool.</summary>
    public void Dispose()
    {
        Value.Dispose();
        Gradient.Dispose();
    }

    /// <summary>The name and shape.</summary>
    public override string ToString() => $"{Name} {Shape}";
}
