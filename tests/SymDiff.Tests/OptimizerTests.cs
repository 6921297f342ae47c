using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Tests;

/// <summary>First two steps of every optimizer against the update equations evaluated by hand (in double).</summary>
public class OptimizerTests
{
    private static readonly double[] Theta0 = [1.0, -2.0];
    private static readonly double[] G1 = [0.5, -1.0];
    private static readonly double[] G2 = [0.2, 0.4];
    private const double Eta = 0.1;

    private static (Parameter P, Func<Optimizer, double[][]> Run) Setup()
    {
        var p = new Parameter("w", TensorShape.Vector(2));
        p.Value[0] = (float)Theta0[0];
        p.Value[1] = (float)Theta0[1];
        return (p, opt =>
        {
            var results = new double[2][];
            foreach (var (g, k) in new[] { (G1, 0), (G2, 1) })
            {
                p.Gradient[0] = (float)g[0];
                p.Gradient[1] = (float)g[1];
                opt.Step();
                results[k] = [p.Value[0], p.Value[1]];
            }

            return results;
        });
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5);
        }
    }

    [Fact]
    public void Sgd()
    {
        var (p, run) = Setup();
        using var _ = p;
        var r = run(new Sgd([p], (float)Eta));
        // θ ← θ − η·g
        AssertClose([1 - 0.1 * 0.5, -2 + 0.1 * 1.0], r[0]);
        AssertClose([0.95 - 0.1 * 0.2, -1.9 - 0.1 * 0.4], r[1]);
    }

    [Fact]
    public void SgdWithL2PenalizesWeightsOnly()
    {
        var (p, run) = Setup();
        using var _ = p;
        using var bias = new Parameter("b", TensorShape.Vector(1), regularize: false);
        bias.Value[0] = 3f;
        bias.Gradient[0] = 0f;
        var opt = new Sgd([p, bias], (float)Eta) { L2 = 0.5f };
        var r = run(opt);
        // θ ← θ − η·(g + λθ)
        var t1 = new[] { 1 - 0.1 * (0.5 + 0.5 * 1), -2 - 0.1 * (-1 + 0.5 * -2) };
        AssertClose(t1, r[0]);
        AssertClose([t1[0] - 0.1 * (0.2 + 0.5 * t1[0]), t1[1] - 0.1 * (0.4 + 0.5 * t1[1])], r[1]);
        Assert.Equal(3f, bias.Value[0]);
    }

    [Fact]
    public void Momentum()
    {
        var (p, run) = Setup();
        using var _ = p;
        var r = run(new Momentum([p], (float)Eta, 0.9f));
        // v_t = γ·v_{t−1} + η·g; θ ← θ − v_t
        double[] v1 = [0.1 * 0.5, 0.1 * -1.0];
        double[] t1 = [1 - v1[0], -2 - v1[1]];
        AssertClose(t1, r[0]);
        double[] v2 = [0.9 * v1[0] + 0.1 * 0.2, 0.9 * v1[1] + 0.1 * 0.4];
        AssertClose([t1[0] - v2[0], t1[1] - v2[1]], r[1]);
    }

    [Fact]
    public void Nesterov()
    {
        var (p, run) = Setup();
        using var _ = p;
        var r = run(new Nesterov([p], (float)Eta, 0.9f));
        // Stored φ = θ − γv; g is ∇J at φ; v_t = γ·v_{t−1} + η·g; φ ← φ − γ·v_t − η·g.
        double[] v1 = [0.1 * 0.5, 0.1 * -1.0];
        double[] p1 = [1 - 0.9 * v1[0] - 0.1 * 0.5, -2 - 0.9 * v1[1] - 0.1 * -1.0];
        AssertClose(p1, r[0]);
        double[] v2 = [0.9 * v1[0] + 0.1 * 0.2, 0.9 * v1[1] + 0.1 * 0.4];
        AssertClose([p1[0] - 0.9 * v2[0] - 0.1 * 0.2, p1[1] - 0.9 * v2[1] - 0.1 * 0.4], r[1]);
    }

    [Fact]
    public void NesterovMatchesTheLookAheadFormulaOnAQuadratic()
    {
        // J(θ) = ½·a·θ², ∇J(θ) = a·θ. Seed formula: v_t = γv_{t−1} + η∇J(θ − γv_{t−1}); θ ← θ − v_t.
        const double a = 3, gamma = 0.9, eta = 0.05;
        double theta = 2, v = 0;
        using var p = new Parameter("w", TensorShape.Vector(1));
        p.Value[0] = 2f;
        var opt = new Nesterov([p], (float)eta, (float)gamma);
        for (var t = 0; t < 6; t++)
        {
            v = gamma * v + eta * a * (theta - gamma * v);
            theta -= v;
            p.Gradient[0] = (float)a * p.Value[0];
            opt.Step();
            Assert.Equal(theta - gamma * v, p.Value[0], 1e-5);
        }
    }

    [Fact]
    public void Adagrad()
    {
        var (p, run) = Setup();
        using var _ = p;
        const double eps = 1e-8;
        var r = run(new Adagrad([p], (float)Eta, (float)eps));
        // G_t = Σ g²; θ ← θ − η/√(G_t + ε)·g
        double[] gsum1 = [0.25, 1.0];
        double[] t1 = [1 - 0.1 / Math.Sqrt(gsum1[0] + eps) * 0.5, -2 - 0.1 / Math.Sqrt(gsum1[1] + eps) * -1.0];
        AssertClose(t1, r[0]);
        double[] gsum2 = [0.25 + 0.04, 1.0 + 0.16];
        AssertClose([t1[0] - 0.1 / Math.Sqrt(gsum2[0] + eps) * 0.2, t1[1] - 0.1 / Math.Sqrt(gsum2[1] + eps) * 0.4], r[1]);
    }

    [Fact]
    public void Adadelta()
    {
        var (p, run) = Setup();
        using var _ = p;
        const double rho = 0.9, eps = 1e-6;
        var r = run(new Adadelta([p], 1f, (float)rho, (float)eps));
        double[] theta = [.. Theta0], eg = [0, 0], ed = [0, 0];
        foreach (var (g, k) in new[] { (G1, 0), (G2, 1) })
        {
            for (var i = 0; i < 2; i++)
            {
                eg[i] = rho * eg[i] + (1 - rho) * g[i] * g[i];
                var delta = -Math.Sqrt(ed[i] + eps) / Math.Sqrt(eg[i] + eps) * g[i];
                ed[i] = rho * ed[i] + (1 - rho) * delta * delta;
                theta[i] += delta;
            }

            AssertClose(theta, r[k]);
        }

        // The first Adadelta step is tiny by design: √ε/√((1−ρ)g²)·g = √(1e-6/0.1) ≈ 0.00316 per unit sign.
        Assert.Equal(1 - Math.Sqrt(eps / 0.1), r[0][0], 1e-5);
    }

    [Fact]
    public void RmsProp()
    {
        var (p, run) = Setup();
        using var _ = p;
        const double rho = 0.9, eps = 1e-8, eta = 0.01;
        var r = run(new RmsProp([p], (float)eta, (float)rho, (float)eps));
        // E[g²]_t = ρE[g²]_{t−1} + (1−ρ)g²; θ ← θ − η/√(E[g²]_t + ε)·g
        double[] e1 = [0.1 * 0.25, 0.1 * 1.0];
        double[] t1 = [1 - eta / Math.Sqrt(e1[0] + eps) * 0.5, -2 - eta / Math.Sqrt(e1[1] + eps) * -1.0];
        AssertClose(t1, r[0]);
        double[] e2 = [0.9 * e1[0] + 0.1 * 0.04, 0.9 * e1[1] + 0.1 * 0.16];
        AssertClose([t1[0] - eta / Math.Sqrt(e2[0] + eps) * 0.2, t1[1] - eta / Math.Sqrt(e2[1] + eps) * 0.4], r[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AdamAndAdamW(bool decoupled)
    {
        var (p, run) = Setup();
        using var _ = p;
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8, eta = 0.01, lambda = 0.1;
        Optimizer opt = decoupled
            ? new AdamW([p], (float)eta, (float)lambda, (float)b1, (float)b2, (float)eps)
            : new Adam([p], (float)eta, (float)b1, (float)b2, (float)eps);
        var r = run(opt);
        double[] theta = [.. Theta0], m = [0, 0], v = [0, 0];
        var t = 0;
        foreach (var (g, k) in new[] { (G1, 0), (G2, 1) })
        {
            t++;
            for (var i = 0; i < 2; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                var mHat = m[i] / (1 - Math.Pow(b1, t));
                var vHat = v[i] / (1 - Math.Pow(b2, t));
                theta[i] -= eta * (mHat / (Math.Sqrt(vHat) + eps) + (decoupled ? lambda * theta[i] : 0));
            }

            AssertClose(theta, r[k]);
        }

        // Bias correction makes the first Adam step ≈ η·sign(g).
        Assert.Equal(1 - eta * (decoupled ? 1 + lambda : 1), r[0][0], 1e-5);
    }

    [Fact]
    public void StepCountAndResetAndStateSlots()
    {
        using var p = new Parameter("w", TensorShape.Vector(3));
        using var opt = new Adam([p]);
        p.Gradient.Fill(1f);
        opt.Step();
        opt.Step();
        Assert.Equal(2, opt.StepCount);
        Assert.Equal(2, opt.SlotsPerParameter);
        Assert.NotEqual(0f, opt.GetSlot(0, 0)[0]);
        opt.Reset();
        Assert.Equal(0, opt.StepCount);
        Assert.Equal(0f, opt.GetSlot(0, 1)[0]);
    }

    [Fact]
    public void RejectsBadHyperparameters()
    {
        using var p = new Parameter("w", TensorShape.Vector(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta1: 1.5f));
    }
}
