using SymDiff.Diagnostics;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Tensors;

namespace SymDiff.Tests;

public class LayerTests
{
    private const double Tolerance = 2e-2;

    public static TheoryData<Activation> AllActivations => new()
    {
        Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.HardTanh,
    };

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void DenseWithFusedActivationMatchesFiniteDifferences(Activation activation)
    {
        var rng = new Random(1);
        using var model = new Sequential(new Dense(4, 3, rng, activation, leakySlope: 0.2f), new Dense(3, 2, rng));
        using var x = TestData.RandomMatrix(5, 4, 2);
        using var y = TestData.RandomMatrix(5, 2, 3);
        TestData.KeepPreActivationsAwayFromZero((Dense)model.Layers[0], x);
        using var loss = new SquaredErrorLoss();
        var result = GradientCheck.Check(model, loss, x, y, epsilon: 1e-2f, checkInput: true);
        Assert.True(result.MaxError < Tolerance, result.ToString());
        Assert.Equal(5, result.Entries.Count);
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void ActivationLayerMatchesFiniteDifferences(Activation activation)
    {
        using var model = new Sequential(new ActivationLayer(activation, 0.2f));
        using var x = TestData.AwayFromKinks(4, 5, 4);
        using var y = TestData.RandomMatrix(4, 5, 5);
        using var loss = new SquaredErrorLoss();
        var result = GradientCheck.Check(model, loss, x, y, epsilon: 1e-2f, checkInput: true);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }

    /// <summary>
    /// The sigmoid's and tanh's backward steps read the layer's output (g·a(1 − a), g·(1 − a²)) instead of computing the
    /// exponential again, and agree with the generated pullbacks at z to float rounding over z in [−20, 20], where the
    /// output saturates too; both layers use them.
    /// </summary>
    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void BackwardFromTheOutputMatchesThePullbackAtZ(Activation activation)
    {
        var z = Enumerable.Range(0, 401).Select(i => -20f + (0.1f * i)).ToArray();
        var g = z.Select((_, i) => 0.5f + (0.01f * (i % 7))).ToArray();
        var (a, fromOutput, atZ) = (new float[z.Length], new float[z.Length], new float[z.Length]);
        if (activation == Activation.Sigmoid)
        {
            Functions.Activations.SigmoidBatch(z, a);
            Functions.Activations.SigmoidBackwardBatch(a, g, fromOutput);
            Functions.Activations.SigmoidPullbackBatch(z, g, atZ);
        }
        else
        {
            Functions.Activations.TanhBatch(z, a);
            Functions.Activations.TanhBackwardBatch(a, g, fromOutput);
            Functions.Activations.TanhPullbackBatch(z, g, atZ);
        }

        for (var i = 0; i < z.Length; i++)
        {
            Assert.True(Math.Abs(fromOutput[i] - atZ[i]) <= (1e-5f * Math.Abs(atZ[i])) + 2e-7f, $"z = {z[i]}: {fromOutput[i]} from the output, {atZ[i]} at z");
        }

        using var layer = new ActivationLayer(activation);
        using var input = Tensor<float>.FromVector(z);
        using var gradient = Tensor<float>.FromVector(g);
        layer.Forward(input, training: true);
        Assert.Equal(fromOutput, layer.Backward(gradient, computeInputGradient: true)!.ToArray());

        // A dense layer whose pre-activations are z: the identity weight, no bias.
        using var dense = new Dense(1, 1, new Random(1), activation);
        dense.Parameters[0].Value.Span[0] = 1f;
        dense.Parameters[1].Value.Span[0] = 0f;
        using var column = Tensor<float>.FromMatrix(z.Length, 1, z);
        using var upstream = Tensor<float>.FromMatrix(z.Length, 1, g);
        dense.Forward(column, training: true);
        Assert.Equal(fromOutput, dense.Backward(upstream, computeInputGradient: true)!.ToArray());
    }

    /// <summary>
    /// The parametric ReLU's input gradient and its slope's gradient (the generated kernel's sum over the batch) against
    /// finite differences, behind a dense layer whose outputs cross zero; and the slope learns.
    /// </summary>
    [Fact]
    public void PReluMatchesFiniteDifferencesAndLearnsItsSlope()
    {
        var rng = new Random(4);
        using var model = new Sequential(new Dense(3, 5, rng), new PRelu(0.3f));
        using var x = TestData.RandomMatrix(6, 3, 11);
        using var y = TestData.RandomMatrix(6, 5, 12);
        using var loss = new SquaredErrorLoss();
        var result = GradientCheck.Check(model, loss, x, y, epsilon: 1e-2f, checkInput: true);
        Assert.True(result.MaxError < Tolerance, result.ToString());
        Assert.Equal(["dense0.weight", "dense0.bias", "prelu1.slope"], model.Parameters.Select(p => p.Name));

        // Only the slope is trained: negative pre-activations pulled towards targets of the other sign change it.
        using var prelu = new PRelu(0.25f);
        using var z = Tensor<float>.FromVector([-1f, -2f, 0.5f, -0.5f]);
        using var target = Tensor<float>.FromVector([0.5f, 1f, 0.5f, 0.25f]);
        var before = prelu.Slope.Value.Span[0];
        for (var step = 0; step < 50; step++)
        {
            var output = prelu.Forward(z, training: true);
            using var gradient = Tensor<float>.FromVector(output.ToArray().Zip(target.ToArray(), (o, t) => o - t).ToArray());
            prelu.Backward(gradient, computeInputGradient: false);
            prelu.Slope.Value.Span[0] -= 0.1f * prelu.Slope.Gradient.Span[0];
        }

        // The least-squares slope for these points is −0.5: z·a ≈ t for z = −1, −2, −0.5 and t = 0.5, 1, 0.25.
        Assert.NotEqual(before, prelu.Slope.Value.Span[0]);
        Assert.Equal(-0.5f, prelu.Slope.Value.Span[0], 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PRelu(float.NaN));
    }

    [Fact]
    public void SoftmaxLayerWithNllMatchesFiniteDifferences()
    {
        var rng = new Random(6);
        using var model = new Sequential(new Dense(3, 4, rng), new SoftmaxLayer());
        using var x = TestData.RandomMatrix(6, 3, 7);
        using var y = TestData.Classes(6, 4, 8);
        using var loss = new NegativeLogLikelihoodLoss();
        var result = GradientCheck.Check(model, loss, x, y, epsilon: 1e-2f, checkInput: true);
        Assert.True(result.MaxError < Tolerance, result.ToString());
    }

    [Fact]
    public void NeuralLanguageModelMatchesFiniteDifferences()
    {
        // The lectures' model: 3 context words -> concatenated embeddings -> hidden layer -> softmax over V.
        var rng = new Random(9);
        const int vocabulary = 7;
        using var model = new Sequential(
            new Embedding(vocabulary, 4, 3, rng, name: "embed"),
            new Dense(12, 5, rng, Activation.Sigmoid, name: "hidden"),
            new Dense(5, vocabulary, rng, name: "output"));
        using var contexts = Tensor<float>.FromMatrix(4, 3, [0, 1, 2, 3, 4, 5, 6, 0, 6, 2, 2, 2]);
        using var next = Tensor<float>.FromVector([3f, 6f, 1f, 2f]);
        using var loss = new SoftmaxCrossEntropyLoss();
        var result = GradientCheck.Check(model, loss, contexts, next, epsilon: 1e-2f);
        Assert.True(result.MaxError < Tolerance, result.ToString());
        Assert.Equal("embed.embeddings", result.Entries[0].Name);
    }

    [Fact]
    public void EmbeddingConcatenatesRowsOfE()
    {
        var rng = new Random(1);
        using var embedding = new Embedding(5, 2, 3, rng);
        using var x = Tensor<float>.FromMatrix(1, 3, [4f, 0f, 4f]);
        var e = embedding.Embeddings.Value;
        var output = embedding.Forward(x, training: false);
        Assert.Equal(TensorShape.Matrix(1, 6), output.Shape);
        Assert.Equal(e.Row(4).ToArray(), output.Span[..2].ToArray());
        Assert.Equal(e.Row(0).ToArray(), output.Span[2..4].ToArray());
        Assert.Equal(e.Row(4).ToArray(), output.Span[4..].ToArray());
        using var g = Tensor<float>.FromMatrix(1, 6, [1f, 2f, 3f, 4f, 5f, 6f]);
        Assert.Null(embedding.Backward(g, computeInputGradient: true));
        Assert.Equal([6f, 8f], embedding.Embeddings.Gradient.Row(4).ToArray());
        Assert.Equal([3f, 4f], embedding.Embeddings.Gradient.Row(0).ToArray());
        Assert.Equal([0f, 0f], embedding.Embeddings.Gradient.Row(1).ToArray());
    }

    [Fact]
    public void EmbeddingRejectsBadIndices()
    {
        using var embedding = new Embedding(5, 2, 3, new Random(1), name: "emb");
        using var x = Tensor<float>.FromMatrix(1, 3, [1f, 5f, 0f]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward(x, false));
        Assert.Contains("emb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropoutScalesSurvivorsAndIsIdentityAtInference()
    {
        using var dropout = new Dropout(0.25f, seed: 42);
        using var x = new Tensor<float>(100, 40);
        x.Fill(2f);
        var y = dropout.Forward(x, training: true);
        var kept = y.ToArray().Count(v => v != 0f);
        Assert.All(y.ToArray(), v => Assert.True(v == 0f || Math.Abs(v - (2f / 0.75f)) < 1e-6f));
        Assert.InRange(kept / 4000.0, 0.72, 0.78);

        using var g = new Tensor<float>(100, 40);
        g.Fill(1f);
        var dx = dropout.Backward(g, true)!;
        for (var i = 0; i < dx.Length; i++)
        {
            Assert.Equal(y[i] / 2f, dx[i], 1e-6f);
        }

        Assert.Same(x, dropout.Forward(x, training: false));
    }

    [Fact]
    public void DropoutIsReproducibleFromSeed()
    {
        using var a = new Dropout(0.5f, seed: 7);
        using var b = new Dropout(0.5f, seed: 7);
        using var x = new Tensor<float>(8, 8);
        x.Fill(1f);
        Assert.Equal(a.Forward(x, true).ToArray(), b.Forward(x, true).ToArray());
    }

    [Fact]
    public void DenseShapeMismatchNamesBothShapes()
    {
        using var dense = new Dense(4, 2, new Random(1), name: "fc");
        using var x = new Tensor<float>(3, 5);
        var ex = Assert.Throws<ShapeMismatchException>(() => dense.Forward(x, false));
        Assert.Contains("[3×4]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3×5]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'fc'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseComputesXWTransposePlusBias()
    {
        using var dense = new Dense(2, 2, new Random(1));
        Tensor<float>.FromMatrix(2, 2, [1f, 2f, 3f, 4f]).Span.CopyTo(dense.Weight.Value.Span);
        dense.Bias.Value[0] = 10f;
        dense.Bias.Value[1] = 20f;
        using var x = Tensor<float>.FromMatrix(1, 2, [1f, 1f]);
        var y = dense.Forward(x, false);
        Assert.Equal([13f, 27f], y.ToArray());
    }

    [Fact]
    public void SequentialNamesLayersByPositionAndParametersByLayer()
    {
        var rng = new Random(1);
        using var model = new Sequential(new Dense(2, 3, rng), new ActivationLayer(Activation.Relu), new Dense(3, 1, rng));
        Assert.Equal(["dense0.weight", "dense0.bias", "dense2.weight", "dense2.bias"], model.Parameters.Select(p => p.Name));
        Assert.Equal("relu1", model.Layers[1].Name);
        Assert.Throws<ArgumentException>(() => model.Add(new Dense(1, 1, rng, name: "dense0")));
    }

    [Fact]
    public void BuffersAreReusedWhenBatchShrinks()
    {
        var rng = new Random(1);
        using var dense = new Dense(3, 2, rng, Activation.Tanh);
        using var big = TestData.RandomMatrix(8, 3, 1);
        using var small = TestData.RandomMatrix(3, 3, 2);
        var first = dense.Forward(big, true);
        var second = dense.Forward(small, true);
        Assert.Same(first, second);
        Assert.Equal(TensorShape.Matrix(3, 2), second.Shape);
    }
}
