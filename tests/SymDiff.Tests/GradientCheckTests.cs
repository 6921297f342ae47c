using SymDiff.Diagnostics;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Tests;

public class GradientCheckTests
{
    [Fact]
    public void CentralDifferenceOfAKnownFunction()
    {
        // f(x, y) = (x² + 1)³ + x·y: ∂f/∂x = 6x(x² + 1)² + y, ∂f/∂y = x (the lectures' chain-rule example plus a product).
        using var v = Tensor<float>.FromVector([0.5f, -2f]);
        var g = new float[2];
        GradientCheck.NumericGradient(() => Math.Pow(v[0] * (double)v[0] + 1, 3) + v[0] * (double)v[1], v, g, 1e-3f);
        Assert.Equal(6 * 0.5 * Math.Pow(1.25, 2) - 2, g[0], 1e-3);
        Assert.Equal(0.5, g[1], 1e-3);
        Assert.Equal([0.5f, -2f], v.ToArray()); // restored
    }

    [Fact]
    public void DetectsAWrongGradient()
    {
        var rng = new Random(1);
        using var model = new Sequential(new Dense(2, 2, rng, Activation.Sigmoid), new SabotagedLayer());
        using var x = TestData.RandomMatrix(3, 2, 1);
        using var y = TestData.RandomMatrix(3, 2, 2);
        using var loss = new SquaredErrorLoss();
        var result = GradientCheck.Check(model, loss, x, y, 1e-2f);
        Assert.True(result.MaxError > 0.5, result.ToString());
    }

    /// <summary>Identity forward, but a backward pass that doubles the gradient.</summary>
    private sealed class SabotagedLayer : Layer
    {
        private Tensor<float>? _dx;

        public SabotagedLayer()
            : base(null)
        {
        }

        public override string Kind => "sabotaged";

        public override Tensor<float> Forward(Tensor<float> input, bool training) => input;

        public override Tensor<float>? Backward(Tensor<float> outputGradient, bool computeInputGradient)
        {
            var dx = EnsureBuffer(ref _dx, outputGradient.Shape);
            for (var i = 0; i < dx.Length; i++)
            {
                dx[i] = 2 * outputGradient[i];
            }

            return dx;
        }

        protected override void Dispose(bool disposing)
        {
            _dx?.Dispose();
            base.Dispose(disposing);
        }
    }
}
