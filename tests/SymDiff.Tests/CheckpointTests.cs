using System.Text;
using SymDiff.Checkpoints;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "symdiff-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static Sequential Model(int seed, int hidden = 5) =>
        new(new Dense(3, hidden, new Random(seed), Activation.Tanh), new Dense(hidden, 2, new Random(seed + 100)));

    private static void Train(Sequential model, Optimizer optimizer, int steps)
    {
        using var loss = new SoftmaxCrossEntropyLoss();
        using var trainer = new Trainer(model, loss, optimizer);
        using var x = TestData.RandomMatrix(6, 3, 1);
        using var y = TestData.Classes(6, 2, 2);
        for (var i = 0; i < steps; i++)
        {
            trainer.TrainStep(x, y);
        }
    }

    private static float[] Values(Sequential model) => [.. model.Parameters.SelectMany(p => p.Value.ToArray())];

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void RoundTripRestoresParametersAndOptimizerState()
    {
        var path = PathOf("model.ckpt");
        using var a = Model(1);
        using var adamA = new Adam(a.Parameters, 0.01f);
        Train(a, adamA, 3);
        Checkpoint.Save(path, a.Parameters, adamA);

        using var b = Model(2);
        using var adamB = new Adam(b.Parameters, 0.5f);
        Checkpoint.Load(path, b.Parameters, adamB);
        Assert.Equal(Values(a), Values(b));
        Assert.Equal(3, adamB.StepCount);
        Assert.Equal(0.01f, adamB.LearningRate);
        Assert.Equal(adamA.GetSlot(0, 1).ToArray(), adamB.GetSlot(0, 1).ToArray());

        // Training resumed from the checkpoint continues exactly like the original.
        Train(a, adamA, 2);
        Train(b, adamB, 2);
        Assert.Equal(Values(a), Values(b));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void ParametersOnlyCheckpointLoadsWithoutOptimizer()
    {
        var path = PathOf("weights.ckpt");
        using var a = Model(1);
        Checkpoint.Save(path, a.Parameters);
        using var b = Model(2);
        Checkpoint.Load(path, b.Parameters);
        Assert.Equal(Values(a), Values(b));
        using var sgd = new Sgd(b.Parameters, 0.1f);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, b.Parameters, sgd));
        Assert.Contains("no optimizer state", ex.Message, StringComparison.Ordinal);
    }

    private (string Path, Sequential Target, float[] Before) SavedAndTarget()
    {
        var path = PathOf("model.ckpt");
        using (var source = Model(1))
        {
            Checkpoint.Save(path, source.Parameters);
        }

        var target = Model(2);
        return (path, target, Values(target));
    }

    [Fact]
    public void CorruptFileIsRejectedAndModelLeftIntact()
    {
        var (path, target, before) = SavedAndTarget();
        using var _ = target;
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target.Parameters));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Values(target));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.0)]
    public void TruncatedFileIsRejectedAndModelLeftIntact(double keep)
    {
        var (path, target, before) = SavedAndTarget();
        using var _ = target;
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target.Parameters));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Contains("truncated", StringComparison.Ordinal) || ex.Message.Contains("magic", StringComparison.Ordinal), ex.Message);
        Assert.Equal(before, Values(target));
    }

    [Fact]
    public void ForeignFileAndUnknownVersionAreRejected()
    {
        var (path, target, before) = SavedAndTarget();
        using var _ = target;
        var bytes = File.ReadAllBytes(path);
        bytes[8] = 99; // version
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target.Parameters));
        Assert.Contains("version 99", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "definitely not a checkpoint", Encoding.UTF8);
        ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, target.Parameters));
        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Values(target));
    }

    [Fact]
    public void MismatchedModelOrOptimizerIsRejectedAndLeftIntact()
    {
        var path = PathOf("model.ckpt");
        using (var source = Model(1))
        using (var adam = new Adam(source.Parameters))
        {
            Checkpoint.Save(path, source.Parameters, adam);
        }

        using var wider = Model(2, hidden: 6);
        var before = Values(wider);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, wider.Parameters));
        Assert.Contains("'dense0.weight'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[5×3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[6×3]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Values(wider));

        using var same = Model(3);
        using var momentum = new Momentum(same.Parameters, 0.1f);
        var beforeSame = Values(same);
        ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, same.Parameters, momentum));
        Assert.Contains("'adam'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(beforeSame, Values(same));
    }

    [Fact]
    public void InterruptedWriteLeavesOriginalIntact()
    {
        var path = PathOf("model.ckpt");
        using var model = Model(1);
        Checkpoint.Save(path, model.Parameters);
        var original = File.ReadAllBytes(path);

        model.Parameters[0].Value.Fill(42f);
        string? tempSeen = null;
        var ex = Assert.Throws<IOException>(() => Checkpoint.Save(path, model.Parameters, null, temp =>
        {
            tempSeen = temp;
            Assert.True(File.Exists(temp));
            Assert.Equal(_directory, Path.GetDirectoryName(temp));
            throw new IOException("simulated failure before the rename");
        }));
        Assert.Contains("simulated", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(tempSeen);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.False(File.Exists(tempSeen));

        using var restored = Model(2);
        Checkpoint.Load(path, restored.Parameters);
        Assert.NotEqual(42f, restored.Parameters[0].Value[0]);
    }

    [Fact]
    public void TempFileLeftBehindByACrashDoesNotAffectTheCheckpoint()
    {
        var path = PathOf("model.ckpt");
        using var model = Model(1);
        Checkpoint.Save(path, model.Parameters);
        var bytes = File.ReadAllBytes(path);
        // What a crash in the middle of writing the temporary file leaves behind.
        var leftover = PathOf(".model.ckpt.0123456789abcdef.tmp");
        File.WriteAllBytes(leftover, bytes[..(bytes.Length / 3)]);

        using var restored = Model(2);
        Checkpoint.Load(path, restored.Parameters);
        Assert.Equal(Values(model), Values(restored));

        model.Parameters[1].Value.Fill(1f);
        Checkpoint.Save(path, model.Parameters);
        Checkpoint.Load(path, restored.Parameters);
        Assert.Equal(1f, restored.Parameters[1].Value[0]);
        Assert.True(File.Exists(leftover)); // someone else's file: not ours to delete
    }
}
