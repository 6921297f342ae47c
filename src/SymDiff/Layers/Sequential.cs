using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Layers;

/// <summary>
/// A stack of layers applied in order. Layers added without a name are named after their kind and position
/// (<c>dense0</c>, <c>relu1</c>, …) so parameter names are stable across runs, which checkpoints rely on.
/// </summary>
public sealed class Sequential : IDisposable
{
    private readonly List<Layer> _layers = [];
    private readonly List<Parameter> _parameters = [];

    /// <summary>Creates a model from layers.</summary>
    /// <param name="layers">The layers, first to last.</param>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>All layers' parameters, in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Appends a layer, naming it after its kind and position unless it was given a name.</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>This model, for chaining.</returns>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!layer.HasExplicitName)
        {
            layer.Name = layer.Kind + _layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var existing in _layers)
        {
            if (ReferenceEquals(existing, layer))
            {
                throw new ArgumentException($"Layer '{layer.Name}' was already added.", nameof(layer));
            }

            if (existing.Name == layer.Name)
            {
                throw new ArgumentException($"A layer named '{layer.Name}' already exists; layer names must be unique.", nameof(layer));
            }
        }

        _layers.Add(layer);
        _parameters.AddRange(layer.Parameters);
        return this;
    }

    /// <summary>Runs every layer's forward pass.</summary>
    /// <param name="input">The mini-batch, one example per row.</param>
    /// <param name="training">True while training (enables dropout).</param>
    /// <returns>The last layer's output (owned by that layer, valid until the next forward pass).</returns>
    public Tensor<float> Forward(Tensor<float> input, bool training = false)
    {
        var x = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Forward(x, training);
        }

        return x;
    }

    /// <summary>Inference: <see cref="Forward"/> with training off.</summary>
    /// <param name="input">The mini-batch.</param>
    public Tensor<float> Predict(Tensor<float> input) => Forward(input, training: false);

    /// <summary>
    /// Back-propagates the loss gradient through every layer (last to first), overwriting all parameter
    /// gradients. The first layer's input gradient is computed only when requested.
    /// </summary>
    /// <param name="lossGradient">The gradient of the loss with respect to the model output.</param>
    /// <param name="computeInputGradient">Whether to return the gradient with respect to the model input.</param>
    /// <returns>The input gradient when requested, else null.</returns>
    public Tensor<float>? Backward(Tensor<float> lossGradient, bool computeInputGradient = false) =>
        Backward(lossGradient, computeInputGradient, layerDone: null);

    /// <summary>
    /// <see cref="Backward(Tensor{float}, bool)"/>, calling <paramref name="layerDone"/> as soon as each layer's
    /// parameter gradients are final (last layer first): data-parallel training starts reducing them there, while the
    /// layers before it are still computing.
    /// </summary>
    /// <param name="lossGradient">The gradient of the loss with respect to the model output.</param>
    /// <param name="computeInputGradient">Whether to return the gradient with respect to the model input.</param>
    /// <param name="layerDone">Called with each layer after its backward pass, or null.</param>
    /// <returns>The input gradient when requested, else null.</returns>
    public Tensor<float>? Backward(Tensor<float> lossGradient, bool computeInputGradient, Action<Layer>? layerDone) =>
        Backward(lossGradient, computeInputGradient, layerDone, update: null);

    /// <summary>
    /// The backward pass with <paramref name="update"/> applied inside each layer's
    /// (<see cref="Layer.Backward(Tensor{float}, bool, FusedSgd)"/>); what <see cref="Sgd.BackwardAndStep"/> runs.
    /// </summary>
    internal void Backward(Tensor<float> lossGradient, FusedSgd update) =>
        Backward(lossGradient, computeInputGradient: false, layerDone: null, update);

    private Tensor<float>? Backward(Tensor<float> lossGradient, bool computeInputGradient, Action<Layer>? layerDone, FusedSgd? update)
    {
        var g = lossGradient;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            var needInput = i > 0 || computeInputGradient;
            var next = update is null ? _layers[i].Backward(g!, needInput) : _layers[i].Backward(g!, needInput, update);
            if (i > 0 && next is null)
            {
                throw new InvalidOperationException(
                    $"Layer '{_layers[i].Name}' produces no input gradient, so it must be the first layer.");
            }

            layerDone?.Invoke(_layers[i]);
            g = next;
        }

        return g;
    }

    /// <summary>Disposes every layer.</summary>
    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }
}
