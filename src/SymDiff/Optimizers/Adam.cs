using System.Numerics;
using System.Runtime.InteropServices;
using SymDiff.Layers;

namespace SymDiff.Optimizers;

/// <summary>
/// Adam: m_t = β₁·m_{t−1} + (1 − β₁)·g; v_t = β₂·v_{t−1} + (1 − β₂)·g²; m̂ = m_t/(1 − β₁^t);
/// v̂ = v_t/(1 − β₂^t); θ ← θ − η/(√v̂ + ε)·m̂. <see cref="AdamW"/> adds decoupled weight decay.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">η (0.001 is usual).</param>
    /// <param name="beta1">β₁, the decay of the first moment (0.9).</param>
    /// <param name="beta2">β₂, the decay of the second moment (0.999).</param>
    /// <param name="epsilon">ε.</param>
    public Adam(IReadOnlyList<Parameter> parameters, float learningRate = 0.001f, float beta1 = 0.9f,
        float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, learningRate, 2)
    {
        CheckRange(beta1, 0f, 1f, nameof(beta1));
        CheckRange(beta2, 0f, 1f, nameof(beta2));
        CheckRange(epsilon, 0f, 1f, nameof(epsilon));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override string Kind => "adam";

    /// <summary>The decoupled weight decay applied to parameter <paramref name="index"/> (0 for plain Adam).</summary>
    /// <param name="index">The parameter's position.</param>
    protected virtual float DecayFor(int index) => 0f;

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, Span<float> gradient)
    {
        var m = State(index, 0);
        var v = State(index, 1);
        var c1 = (float)(1.0 - Math.Pow(Beta1, StepCount));
        var c2 = (float)(1.0 - Math.Pow(Beta2, StepCount));
        var eta = LearningRate;
        var decay = eta * DecayFor(index);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            var tv = MemoryMarshal.Cast<float, Vector<float>>(value);
            for (var j = 0; j < mv.Length; j++)
            {
                var g = gv[j];
                mv[j] = new Vector<float>(Beta1) * mv[j] + new Vector<float>(1f - Beta1) * g;
                vv[j] = new Vector<float>(Beta2) * vv[j] + new Vector<float>(1f - Beta2) * g * g;
                var mHat = mv[j] / new Vector<float>(c1);
                var vHat = vv[j] / new Vector<float>(c2);
                tv[j] = tv[j] - new Vector<float>(decay) * tv[j]
                    - new Vector<float>(eta) * mHat / (Vector.SquareRoot(vHat) + new Vector<float>(Epsilon));
            }

            i = mv.Length * Vector<float>.Count;
        }

        for (; i < m.Length; i++)
        {
            var g = gradient[i];
            m[i] = Beta1 * m[i] + (1f - Beta1) * g;
            v[i] = Beta2 * v[i] + (1f - Beta2) * g * g;
            var mHat = m[i] / c1;
            var vHat = v[i] / c2;
            value[i] = value[i] - decay * value[i] - eta * mHat / (MathF.Sqrt(vHat) + Epsilon);
        }
    }
}
