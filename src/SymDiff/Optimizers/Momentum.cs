using System.Numerics;
using System.Runtime.InteropServices;
using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>SGD with momentum: v_t = γ·v_{t−1} + η·g; θ ← θ − v_t.</summary>
public sealed class Momentum : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">γ in [0, 1), usually 0.9.</param>
    public Momentum(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0.9f)
        : base(parameters, learningRate, 1)
    {
        CheckRange(momentum, 0f, 1f, nameof(momentum));
        Gamma = momentum;
    }

    /// <summary>The momentum coefficient γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public override string Kind => "momentum";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var v = State(index, 0);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            var tv = MemoryMarshal.Cast<float, Vector<float>>(value);
            var gamma = new Vector<float>(Gamma);
            var eta = new Vector<float>(LearningRate);
            for (var j = 0; j < vv.Length; j++)
            {
                vv[j] = gamma * vv[j] + eta * gv[j];
                tv[j] -= vv[j];
            }

            i = vv.Length * Vector<float>.Count;
        }

        for (; i < v.Length; i++)
        {
            v[i] = Gamma * v[i] + LearningRate * gradient[i];
            value[i] -= v[i];
        }
    }
}
