using SymDiff.Functions;

namespace SymDiff.Tests;

public class ActivationKernelTests
{
    private static readonly float[] Inputs = MakeInputs();

    private static float[] MakeInputs()
    {
        // 37 values: enough for several SIMD vectors plus a scalar tail; includes 0, ±1 and extremes.
        var xs = new List<float> { 0f, 1f, -1f, 1000f, -1000f, 0.01f, -0.01f, 0.2f, 30f, -30f };
        var rng = new Random(3);
        while (xs.Count < 37)
        {
            xs.Add((float)(rng.NextDouble() * 8 - 4));
        }

        return [.. xs];
    }

    public static TheoryData<string> Names => new() { "sigmoid", "tanh", "relu", "leaky", "hardtanh" };

    private static (Func<float, float> F, Action<float[], float[]> Batch, Action<float[], float[], float[]> Pullback) Get(string name) => name switch
    {
        "sigmoid" => (Activations.Sigmoid, (z, r) => Activations.SigmoidBatch(z, r), (z, u, d) => Activations.SigmoidPullbackBatch(z, u, d)),
        "tanh" => (Activations.Tanh, (z, r) => Activations.TanhBatch(z, r), (z, u, d) => Activations.TanhPullbackBatch(z, u, d)),
        "relu" => (Activations.Relu, (z, r) => Activations.ReluBatch(z, r), (z, u, d) => Activations.ReluPullbackBatch(z, u, d)),
        "leaky" => (z => Activations.LeakyRelu(z, 0.1f), (z, r) => Activations.LeakyReluBatch(z, 0.1f, r), (z, u, d) => Activations.LeakyReluPullbackBatch(z, 0.1f, u, d)),
        "hardtanh" => (Activations.HardTanh, (z, r) => Activations.HardTanhBatch(z, r), (z, u, d) => Activations.HardTanhPullbackBatch(z, u, d)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void BatchMatchesScalarFunction(string name)
    {
        var (f, batch, _) = Get(name);
        var result = new float[Inputs.Length];
        batch(Inputs, result);
        for (var i = 0; i < Inputs.Length; i++)
        {
            Assert.True(float.IsFinite(result[i]));
            Assert.Equal(f(Inputs[i]), result[i], 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PullbackMatchesCentralDifference(string name)
    {
        var (f, _, pullback) = Get(name);
        var upstream = Inputs.Select((_, i) => 0.5f + i % 3).ToArray();
        var d = new float[Inputs.Length];
        pullback(Inputs, upstream, d);
        for (var i = 0; i < Inputs.Length; i++)
        {
            var z = (double)Inputs[i];
            Assert.True(float.IsFinite(d[i]));
            if (Math.Abs(z) < 1e-3 || Math.Abs(Math.Abs(z) - 1) < 1e-3)
            {
                continue; // kinks of ReLU / hard tanh: checked by the convention tests
            }

            var zp = (float)(z + 1e-3 * Math.Max(1, Math.Abs(z)));
            var zm = (float)(z - 1e-3 * Math.Max(1, Math.Abs(z)));
            var numeric = (f(zp) - (double)f(zm)) / ((double)zp - zm);
            Assert.Equal(upstream[i] * numeric, d[i], 2e-3 * Math.Max(1, Math.Abs(upstream[i] * numeric)));
        }
    }

    [Fact]
    public void ConventionsAtKinks()
    {
        float[] z = [0f, -1f, 1f, -1.0001f, 1.0001f, 0f, 0f, 0f, 0f];
        float[] u = [1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f];
        var d = new float[z.Length];
        Activations.ReluPullbackBatch(z, u, d);
        Assert.Equal(1f, d[0]); // ReLU'(0) = 1
        Activations.HardTanhPullbackBatch(z, u, d);
        Assert.Equal([1f, 1f, 1f, 0f, 0f], d[..5]);
        var r = new float[z.Length];
        Activations.HardTanhBatch(z, r);
        Assert.Equal([0f, -1f, 1f, -1f, 1f], r[..5]);
    }

    [Fact]
    public void KernelsWorkInPlace()
    {
        var z = (float[])Inputs.Clone();
        Activations.SigmoidBatch(z, z);
        for (var i = 0; i < z.Length; i++)
        {
            Assert.Equal(Activations.Sigmoid(Inputs[i]), z[i], 1e-6f);
        }
    }

    [Fact]
    public void LengthMismatchThrows()
    {
        Assert.Throws<ArgumentException>(() => Activations.SigmoidBatch(new float[3], new float[4]));
    }

    [Fact]
    public void SoftmaxIsStableAndSumsToOne()
    {
        float[] z = [1000f, 0f, -1000f, 1f, 2f, 3f];
        var p = new float[6];
        Softmax.Forward(z, 3, p);
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, p[0], 1e-6f);
        Assert.Equal(1f, p[3] + p[4] + p[5], 1e-6f);
        Assert.Equal(MathF.Exp(3) / (MathF.Exp(1) + MathF.Exp(2) + MathF.Exp(3)), p[5], 1e-6f);
        Assert.Equal(1000f, Softmax.LogSumExp(z.AsSpan(0, 3)), 1e-3f);
    }
}
