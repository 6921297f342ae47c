using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Tests;

public class TrainerTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    private static Tensor<float> XorInputs() => Tensor<float>.FromMatrix(4, 2, [0, 0, 0, 1, 1, 0, 1, 1]);

    private static Tensor<float> XorTargets() => Tensor<float>.FromMatrix(4, 1, [0, 1, 1, 0]);

    [Fact]
    public void XorWithTwoTwoOneSigmoidNetworkReachesFullAccuracy()
    {
        var rng = new Random(1);
        // 2-2-1 with sigmoid units; the output sigmoid is fused into the binary cross-entropy on logits.
        using var model = new Sequential(new Dense(2, 2, rng, Activation.Sigmoid), new Dense(2, 1, rng));
        using var loss = new BinaryCrossEntropyWithLogitsLoss();
        using var optimizer = new Momentum(model.Parameters, 0.5f, 0.9f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 1500, BatchSize = TrainerOptions.FullBatch });
        using var x = XorInputs();
        using var y = XorTargets();
        var result = trainer.Fit(x, y);
        var eval = trainer.Evaluate(x, y);
        Assert.Equal(1f, eval.Accuracy);
        Assert.True(eval.Loss < 0.1f, $"loss {eval.Loss}");
        Assert.Equal(1500, trainer.Steps);
        Assert.Equal(1500, result.History.Count);
    }

    private static float[] TrainOnce(int seed)
    {
        var rng = new Random(seed);
        using var model = new Sequential(
            new Dense(3, 8, rng, Activation.Tanh), new Dropout(0.2f, seed), new Dense(8, 3, rng));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Adam(model.Parameters, 0.01f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 5, BatchSize = 4, Seed = seed, ValidationFraction = 0.2f });
        using var x = TestData.RandomMatrix(30, 3, seed);
        using var y = TestData.Classes(30, 3, seed);
        trainer.Fit(x, y);
        return [.. model.Parameters.SelectMany(p => p.Value.ToArray())];
    }

    [Fact]
    public void SameSeedGivesIdenticalWeights()
    {
        Assert.Equal(TrainOnce(5), TrainOnce(5));
        Assert.NotEqual(TrainOnce(5), TrainOnce(6));
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(3, 14)]
    [InlineData(TrainerOptions.FullBatch, 1)]
    public void BatchSizeSelectsPerExampleMiniBatchOrFullBatch(int batchSize, int stepsPerEpoch)
    {
        var rng = new Random(2);
        using var model = new Sequential(new Dense(2, 1, rng));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0.01f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 2, BatchSize = batchSize });
        using var x = TestData.RandomMatrix(40, 2, 1);
        using var y = TestData.RandomMatrix(40, 1, 2);
        trainer.Fit(x, y);
        Assert.Equal(2 * stepsPerEpoch, trainer.Steps);
    }

    [Fact]
    public void ReportsProgressWithValidationMetrics()
    {
        var rng = new Random(3);
        using var model = new Sequential(new Dense(3, 2, rng));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Sgd(model.Parameters, 0.1f);
        var options = new TrainerOptions { Epochs = 3, BatchSize = 5, ValidationFraction = 0.25f, ReportEverySteps = 2, Shuffle = true };
        using var trainer = new Trainer(model, loss, optimizer, options);
        using var x = TestData.RandomMatrix(40, 3, 4);
        using var y = TestData.Classes(40, 2, 5);
        var recorder = new Recorder();
        var result = trainer.Fit(x, y, recorder);
        var ends = recorder.Reports.Where(r => r.EndOfEpoch).ToList();
        Assert.Equal([1, 2, 3], ends.Select(r => r.Epoch));
        Assert.All(ends, r => Assert.NotNull(r.ValidationLoss));
        Assert.All(ends, r => Assert.InRange(r.ValidationAccuracy!.Value, 0f, 1f));
        Assert.Contains(recorder.Reports, r => !r.EndOfEpoch && r.Batch == 2);
        Assert.All(recorder.Reports, r => Assert.Equal(6, r.BatchesPerEpoch)); // 30 training examples / 5
        Assert.Equal(3, result.History.Count);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceAndRestoresBest()
    {
        var rng = new Random(4);
        using var model = new Sequential(new Dense(2, 1, rng));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0f); // nothing improves after the first epoch
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 50, Patience = 3, BatchSize = 8 });
        using var x = TestData.RandomMatrix(16, 2, 1);
        using var y = TestData.RandomMatrix(16, 1, 2);
        var result = trainer.Fit(x, y, x, y);
        Assert.True(result.StoppedEarly);
        Assert.Equal(4, result.History.Count);
        Assert.Equal(1, result.BestEpoch);
    }

    [Fact]
    public void LearningRateScheduleIsAppliedPerEpoch()
    {
        var rng = new Random(4);
        using var model = new Sequential(new Dense(2, 1, rng));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0.1f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 4, Schedule = new StepDecay(2, 0.5f) });
        using var x = TestData.RandomMatrix(8, 2, 1);
        using var y = TestData.RandomMatrix(8, 1, 2);
        var result = trainer.Fit(x, y);
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f], result.History.Select(h => h.LearningRate));
    }

    [Fact]
    public void NonFiniteValuesStopTrainingNamingParameterLayerAndStep()
    {
        var rng = new Random(5);
        using var model = new Sequential(new Dense(2, 3, rng, Activation.Relu), new Dense(3, 1, rng));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0.01f);
        using var trainer = new Trainer(model, loss, optimizer);
        using var x = TestData.RandomMatrix(4, 2, 1);
        using var y = TestData.RandomMatrix(4, 1, 2);
        trainer.TrainStep(x, y);
        x[1, 1] = float.NaN;
        var ex = Assert.Throws<NonFiniteValueException>(() => trainer.TrainStep(x, y));
        Assert.Equal(2, ex.Step);
        Assert.Equal("dense0.weight", ex.ParameterName);
        Assert.Equal("dense0", ex.LayerName);
        Assert.Contains("step 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'dense0.weight'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainStepAllocatesNothingInSteadyState()
    {
        var rng = new Random(6);
        using var model = new Sequential(new Dense(20, 16, rng, Activation.Relu), new Dense(16, 4, rng));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Momentum(model.Parameters, 0.01f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { ClipGlobalNorm = 5f });
        using var x = TestData.RandomMatrix(8, 20, 1);
        using var y = TestData.Classes(8, 4, 2);
        trainer.TrainStep(x, y);
        trainer.TrainStep(x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            trainer.TrainStep(x, y);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NeuralLanguageModelLearnsATinyCorpus()
    {
        // "a b c d a b c d …": the next word is determined by the previous three.
        const int vocabulary = 4;
        var corpus = Enumerable.Range(0, 40).Select(i => (float)(i % vocabulary)).ToArray();
        var n = corpus.Length - 3;
        using var contexts = new Tensor<float>(n, 3);
        using var next = new Tensor<float>(n);
        for (var i = 0; i < n; i++)
        {
            contexts[i, 0] = corpus[i];
            contexts[i, 1] = corpus[i + 1];
            contexts[i, 2] = corpus[i + 2];
            next[i] = corpus[i + 3];
        }

        var rng = new Random(7);
        using var model = new Sequential(
            new Embedding(vocabulary, 5, 3, rng), new Dense(15, 8, rng, Activation.Sigmoid), new Dense(8, vocabulary, rng));
        using var loss = new SoftmaxCrossEntropyLoss();
        using var optimizer = new Adam(model.Parameters, 0.05f);
        using var trainer = new Trainer(model, loss, optimizer, new TrainerOptions { Epochs = 60, BatchSize = 8, Seed = 1 });
        trainer.Fit(contexts, next);
        var eval = trainer.Evaluate(contexts, next);
        Assert.Equal(1f, eval.Accuracy);
    }

    [Fact]
    public void MismatchedTargetsNameBothShapes()
    {
        using var model = new Sequential(new Dense(2, 1, new Random(1)));
        using var loss = new SquaredErrorLoss();
        using var optimizer = new Sgd(model.Parameters, 0.1f);
        using var trainer = new Trainer(model, loss, optimizer);
        using var x = new Tensor<float>(4, 2);
        using var y = new Tensor<float>(3, 1);
        var ex = Assert.Throws<ShapeMismatchException>(() => trainer.Fit(x, y));
        Assert.Contains("[4×1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3×1]", ex.Message, StringComparison.Ordinal);
    }
}
