using SymDiff.Training;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// Data-parallel training in one process (ranks as threads, <see cref="ThreadGroup"/>): N ranks that each take their
/// share of every batch train like one process with the whole batch, to float rounding, for any N and bucket size
/// (with 8 ranks, the last batch of 6 rows leaves some ranks none); and the trainer refuses ranks whose settings differ.
/// </summary>
public sealed class DataParallelTrainingTests
{
    [Theory]
    [InlineData(2, 256)]
    [InlineData(3, 256)]
    [InlineData(2, 1 << 20)]
    [InlineData(4, 64)]
    [InlineData(8, 256)]
    public void RanksSharingEachBatchTrainLikeOneProcessWithTheWholeBatch(int ranks, int bucketBytes)
    {
        var alone = TinyModel.Train(group: null);
        var together = ThreadGroup.Run(ranks, g => TinyModel.Train(g, bucketBytes));
        foreach (var rank in together)
        {
            Assert.Equal(alone.Steps, rank.Steps);
            AssertClose(alone.Parameters, rank.Parameters, 2e-5f);
            AssertClose(alone.Losses, rank.Losses, 2e-5f);
        }

        // Every rank holds the same parameters bit for bit: they took the same steps from the same sums.
        Assert.All(together, r => Assert.Equal(together[0].Parameters, r.Parameters));
    }

    [Fact]
    public void RanksStartFromRankZerosParameters()
    {
        // Each rank initializes its model from another seed; the trainer broadcasts rank 0's before the first step.
        var alone = TinyModel.Train(group: null, modelSeed: 11);
        var together = ThreadGroup.Run(2, g => TinyModel.Train(g, modelSeed: 11 + g.Rank * 100));
        AssertClose(alone.Parameters, together[1].Parameters, 2e-5f);
    }

    [Fact]
    public void TrainStepOnUnevenSharesTakesTheWholeBatchsStep()
    {
        // One step on rows 0–31 in one process, and on rows 0–9 and 10–31 as two ranks: same loss, same parameters.
        float[] Step(ICollectives? group, int start, int count)
        {
            var (x, y) = TinyModel.Data();
            using var data = x;
            using var labels = y;
            using var model = TinyModel.Model();
            using var loss = new SymDiff.Losses.SoftmaxCrossEntropyLoss();
            using var optimizer = new SymDiff.Optimizers.Sgd(model.Parameters, 0.5f);
            using var trainer = new SymDiff.Training.Trainer(model, loss, optimizer, new SymDiff.Training.TrainerOptions { DataParallel = group });
            using var bx = SymDiff.Tensors.Tensor<float>.FromMatrix(count, 6, x.ToArray().AsSpan(start * 6, count * 6));
            using var by = SymDiff.Tensors.Tensor<float>.FromVector(y.ToArray().AsSpan(start, count));
            var mean = trainer.TrainStep(bx, by);
            return [mean, .. model.Parameters.SelectMany(p => p.Value.Span.ToArray())];
        }

        var alone = Step(null, 0, 32);
        var together = ThreadGroup.Run(2, g => g.Rank == 0 ? Step(g, 0, 10) : Step(g, 10, 22));
        AssertClose(alone, together[0], 1e-6f);
        Assert.Equal(together[0], together[1]);
    }

    [Fact]
    public void RanksWithDifferentBatchSizesAreRefused()
    {
        var error = Assert.Throws<AggregateException>(() => ThreadGroup.Run(2, g =>
        {
            var (x, y) = TinyModel.Data();
            using var data = x;
            using var labels = y;
            using var model = TinyModel.Model();
            using var loss = new SymDiff.Losses.SoftmaxCrossEntropyLoss();
            using var optimizer = new SymDiff.Optimizers.Sgd(model.Parameters, 0.1f);
            using var trainer = new SymDiff.Training.Trainer(model, loss, optimizer, new SymDiff.Training.TrainerOptions
            {
                Epochs = 1,
                BatchSize = 16 * (g.Rank + 1),
                DataParallel = g,
            });
            return trainer.Fit(x, y);
        }));
        Assert.All(error.InnerExceptions, e => Assert.Contains("disagree on batch size", e.Message, StringComparison.Ordinal));
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: {expected[i]:R} alone, {actual[i]:R} data-parallel");
        }
    }
}
