using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// A small classifier (6 → 16 tanh → 8 relu → 3, softmax cross-entropy, Adam) on seeded synthetic data: big enough
/// for three layers and several gradient buckets, small enough to train in a second. 247 examples in batches of 32
/// leave a last batch of 23, which two ranks share unevenly (11 and 12).
/// </summary>
internal static class TinyModel
{
    public const int Examples = 247;

    public static (Tensor<float> X, Tensor<float> Y) Data(int seed = 5)
    {
        var random = new Random(seed);
        var x = new Tensor<float>(TensorShape.Matrix(Examples, 6));
        var y = new Tensor<float>(TensorShape.Vector(Examples));
        for (var i = 0; i < Examples; i++)
        {
            double sum = 0;
            for (var j = 0; j < 6; j++)
            {
                var v = (float)(random.NextDouble() * 2 - 1);
                x[i, j] = v;
                sum += v * (j + 1);
            }

            y[i] = sum > 1 ? 2 : sum > -1 ? 1 : 0;
        }

        return (x, y);
    }

    public static Sequential Model(int seed = 11)
    {
        var random = new Random(seed);
        return new Sequential(
            new Dense(6, 16, random, Activation.Tanh, name: "first"),
            new Dense(16, 8, random, Activation.Relu, name: "second"),
            new Dense(8, 3, random, name: "out"));
    }

    /// <summary>Trains three epochs; returns every parameter's values, in order, and the per-epoch losses.</summary>
    public static (float[] Parameters, float[] Losses, long Steps) Train(ICollectives? group, int bucketBytes = 256, string? checkpoint = null, int modelSeed = 11)
    {
        var (x, y) = Data();
        using (x)
        using (y)
        using (var model = Model(modelSeed))
        using (var loss = new SoftmaxCrossEntropyLoss())
        using (var optimizer = new Adam(model.Parameters, 0.01f))
        using (var trainer = new Trainer(model, loss, optimizer, new TrainerOptions
        {
            Epochs = 3,
            BatchSize = 32,
            Seed = 3,
            ValidationFraction = 0.2f,
            DataParallel = group,
            BucketBytes = bucketBytes,
            CheckpointPath = checkpoint,
        }))
        {
            var result = trainer.Fit(x, y);
            var values = model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
            return (values, [.. result.History.SelectMany(h => new[] { h.Loss, h.ValidationLoss ?? float.NaN, h.Accuracy })], trainer.Steps);
        }
    }
}
