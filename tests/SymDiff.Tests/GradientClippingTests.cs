using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Tests;

public class GradientClippingTests
{
    [Fact]
    public void GlobalNormScalesAllGradientsTogether()
    {
        using var a = new Parameter("a", TensorShape.Vector(2));
        using var b = new Parameter("b", TensorShape.Vector(1));
        a.Gradient[0] = 3f;
        a.Gradient[1] = 0f;
        b.Gradient[0] = 4f; // global norm 5
        var norm = GradientClipping.ClipByGlobalNorm([a, b], 1f);
        Assert.Equal(5f, norm, 1e-6f);
        Assert.Equal(0.6f, a.Gradient[0], 1e-6f);
        Assert.Equal(0.8f, b.Gradient[0], 1e-6f);
        Assert.Equal(1f, GradientClipping.GlobalNorm([a, b]), 1e-6f);

        GradientClipping.ClipByGlobalNorm([a, b], 10f);
        Assert.Equal(0.6f, a.Gradient[0], 1e-6f); // below the threshold: unchanged
    }

    [Fact]
    public void ByValueClampsEachElement()
    {
        using var a = new Parameter("a", TensorShape.Vector(3));
        a.Gradient[0] = -5f;
        a.Gradient[1] = 0.5f;
        a.Gradient[2] = 7f;
        GradientClipping.ClipByValue([a], 1f);
        Assert.Equal([-1f, 0.5f, 1f], a.Gradient.ToArray());
    }
}
