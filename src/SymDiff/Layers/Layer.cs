using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// A network layer working on mini-batches: tensors whose rows are examples. <see cref="Forward"/> returns a
/// tensor owned by the layer (valid until its next forward pass); <see cref="Backward(Tensor{float}, bool)"/> must follow the
/// forward pass it differentiates, overwrites the parameters' gradients and returns the gradient with
/// respect to the input (also owned by the layer).
/// </summary>
public abstract class Layer : IDisposable
{
    private string _name;

    /// <summary>Initializes the layer.</summary>
    /// <param name="name">The name, or null to let <see cref="Sequential"/> assign one from the position.</param>
    protected Layer(string? name)
    {
        _name = name ?? string.Empty;
        HasExplicitName = name is not null;
    }

    /// <summary>The name used in parameter names, checkpoints and error messages.</summary>
    public string Name
    {
        get => _name.Length == 0 ? Kind : _name;
        internal set => _name = value;
    }

    /// <summary>A short lowercase description of the layer type, for example <c>dense</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The trainable parameters (empty for parameterless layers).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The output of the latest forward pass, or null before the first one.</summary>
    public Tensor<float>? LastOutput { get; protected set; }

    internal bool HasExplicitName { get; }

    /// <summary>Computes the layer's output for a mini-batch.</summary>
    /// <param name="input">The input, one example per row.</param>
    /// <param name="training">True while training (enables dropout); false for inference.</param>
    /// <returns>The output, owned by the layer.</returns>
    public abstract Tensor<float> Forward(Tensor<float> input, bool training);

    /// <summary>Back-propagates through the latest forward pass.</summary>
    /// <param name="outputGradient">The gradient of the loss with respect to the output.</param>
    /// <param name="computeInputGradient">Whether the input gradient is needed (false for the first layer).</param>
    /// <returns>The gradient with respect to the input, or null when not requested or not defined (indices).</returns>
    public abstract Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient);

    /// <summary>
    /// Back-propagates through the latest forward pass and applies <paramref name="update"/> to the parameters the
    /// layer can update where their gradient is made (<see cref="FusedSgd.Claim"/>); the others get their gradient
    /// written as in <see cref="Backward(Tensor{float}, bool)"/>, which is all this default does. The input gradient is
    /// computed from the parameters before the update.
    /// </summary>
    /// <param name="outputGradient">The gradient of the loss with respect to the output.</param>
    /// <param name="computeInputGradient">Whether the input gradient is needed (false for the first layer).</param>
    /// <param name="update">The SGD step of <see cref="Sgd.BackwardAndStep"/>.</param>
    /// <returns>The gradient with respect to the input, or null when not requested or not defined (indices).</returns>
    public virtual Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient, FusedSgd update) =>
        Backward(outputGradient, computeInputGradient);

    /// <summary>Returns buffers and parameters to the pool.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns buffers and parameters to the pool.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var p in Parameters)
            {
                p.Dispose();
            }
        }
    }

    /// <summary>Creates a parameter owned by this layer (its name is prefixed with the layer's name).</summary>
    /// <param name="localName">The name within the layer, for example <c>weight</c>.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="regularize">Whether weight penalties apply.</param>
    protected Parameter CreateParameter(string localName, TensorShape shape, bool regularize) =>
        new(this, localName, shape, regularize);

    /// <summary>
    /// Returns <paramref name="buffer"/> with the given shape, reusing its pooled storage when it is large
    /// enough and renting new storage otherwise; steady-state training therefore allocates nothing.
    /// </summary>
    /// <param name="buffer">The cached buffer (created or replaced as needed).</param>
    /// <param name="shape">The required shape.</param>
    protected static Tensor<float> EnsureBuffer(ref Tensor<float>? buffer, TensorShape shape)
    {
        if (buffer is not null && (buffer.Shape == shape || buffer.TryReshape(shape)))
        {
            return buffer;
        }

        buffer?.Dispose();
        buffer = new Tensor<float>(shape);
        return buffer;
    }

    /// <summary>Throws a <see cref="ShapeMismatchException"/> unless the input is a matrix with the given column count.</summary>
    /// <param name="input">The input.</param>
    /// <param name="columns">The required number of columns.</param>
    protected void CheckInputColumns(Tensor<float> input, int columns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var expected = TensorShape.Matrix(input.Rows, columns);
        if (input.Rank != 2 || input.Columns != columns)
        {
            throw new ShapeMismatchException($"{Kind} layer '{Name}' input", expected, input.Shape);
        }
    }

    /// <summary>Throws a <see cref="ShapeMismatchException"/> unless the gradient has the shape of the latest output.</summary>
    /// <param name="outputGradient">The gradient passed to <see cref="Backward(Tensor{float}, bool)"/>.</param>
    /// <param name="outputShape">The shape of the latest output.</param>
    protected void CheckOutputGradient(Tensor<float> outputGradient, TensorShape outputShape)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (outputGradient.Shape != outputShape)
        {
            throw new ShapeMismatchException($"{Kind} layer '{Name}' output gradient", outputShape, outputGradient.Shape);
        }
    }
}
