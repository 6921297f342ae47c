using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// The plain SGD update θ ← (1 − ηλ)·θ − η·g that <see cref="Sgd.BackwardAndStep"/> hands to each layer's backward
/// pass (<see cref="Layer.Backward(Tensors.Tensor{float}, bool, FusedSgd)"/>), so a layer can apply it where its
/// gradient is made instead of writing the gradient and letting <see cref="Optimizer.Step"/> read it back: a
/// <see cref="Dense"/> layer's weight update is its weight-gradient GEMM itself, W ← (1 − ηλ)·W − η·dZᵀ·X. A layer
/// <see cref="Claim"/>s each parameter it updates this way; the optimizer updates the others from their gradients as
/// usual. Reused from step to step (nothing is allocated per step).
/// </summary>
public sealed class FusedSgd
{
    private readonly Dictionary<Parameter, int> _index;
    private readonly bool[] _claimed;

    internal FusedSgd(IReadOnlyList<Parameter> parameters)
    {
        _index = new Dictionary<Parameter, int>(parameters.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < parameters.Count; i++)
        {
            _index.TryAdd(parameters[i], i);
        }

        _claimed = new bool[parameters.Count];
    }

    /// <summary>The learning rate η of this step.</summary>
    public float LearningRate { get; private set; }

    /// <summary>The L2 strength λ of this step (applied to parameters with <see cref="Parameter.Regularize"/>).</summary>
    public float L2 { get; private set; }

    /// <summary>
    /// True when <paramref name="parameter"/> is one the optimizer updates and no layer has updated it yet in this step;
    /// the caller then must update it itself (<see cref="Decay"/>, <see cref="LearningRate"/>) and not write its gradient.
    /// False for a parameter the optimizer does not own: the layer writes its gradient as in a plain backward pass.
    /// </summary>
    /// <param name="parameter">One of the layer's parameters.</param>
    public bool Claim(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_index.TryGetValue(parameter, out var i) || _claimed[i])
        {
            return false;
        }

        _claimed[i] = true;
        return true;
    }

    /// <summary>The factor 1 − ηλ the update scales <paramref name="parameter"/>'s value by (1 without L2).</summary>
    /// <param name="parameter">A claimed parameter.</param>
    public float Decay(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return L2 != 0f && parameter.Regularize ? 1f - LearningRate * L2 : 1f;
    }

    internal void Begin(float learningRate, float l2)
    {
        LearningRate = learningRate;
        L2 = l2;
        Array.Clear(_claimed);
    }

    internal bool IsClaimed(int index) => _claimed[index];
}
