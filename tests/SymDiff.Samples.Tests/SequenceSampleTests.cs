using SymDiff.Samples.Sequence;

namespace SymDiff.Samples.Tests;

public class SequenceSampleTests
{
    // A small budget: 300 training steps, 200 epochs.
    private static readonly SequenceSettings Small = new(TrainingSteps: 300, HeldOutSteps: 300, Epochs: 200);
    private static readonly SequenceResult Result = SequenceSample.Train(Small);

    [Fact]
    public void BeatsTheLastValueBaselineOnHeldOutSteps()
    {
        Assert.True(Result.HeldOutMse < 0.5 * Result.HeldOutBaselineMse, $"held-out MSE {Result.HeldOutMse}, baseline {Result.HeldOutBaselineMse}");
        Assert.True(Result.TrainingMse < 0.5 * Result.TrainingBaselineMse, $"training MSE {Result.TrainingMse}, baseline {Result.TrainingBaselineMse}");
        Assert.Equal(200, Result.History.Count);
        Assert.True(Result.History[^1].Loss < Result.History[0].Loss / 10, "the training loss fell");
        Assert.Equal(RecurrentNetwork.ParameterCount(8), Result.Parameters.Length);
    }

    [Fact]
    public void SameSeedGivesIdenticalRuns()
    {
        var a = SequenceSample.Train(Small with { Epochs = 30 });
        var b = SequenceSample.Train(Small with { Epochs = 30 });
        var c = SequenceSample.Train(Small with { Epochs = 30, Seed = 2 });
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.History, b.History);
        Assert.Equal(a.Examples, b.Examples);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void CheckpointedAndRecordedGradientsAgree()
    {
        var xs = Result.Signal.Generate(0, 501, new Random(5));
        var comparison = SequenceSample.CompareCheckpointing(Result.Parameters, Small.Hidden, xs, rounds: 1);
        Assert.Equal(500, comparison.Steps);
        Assert.InRange(comparison.MaxDifference, 0, 1e-12);
    }

    [Fact]
    public void GradientAgreesWithCentralDifferences()
    {
        var xs = Result.Signal.Generate(0, 41, new Random(6));
        var p = (double[])Result.Parameters.Clone();
        var gradient = new double[p.Length];
        RecurrentNetwork.Gradient(p, Small.Hidden, xs, gradient);
        const double h = 1e-6;
        foreach (var i in new[] { 0, 9, 63, 64, 75, 80, p.Length - 1 })
        {
            var saved = p[i];
            p[i] = saved + h;
            var up = RecurrentNetwork.MeanSquaredError(p, Small.Hidden, xs);
            p[i] = saved - h;
            var down = RecurrentNetwork.MeanSquaredError(p, Small.Hidden, xs);
            p[i] = saved;
            Assert.True(Math.Abs(((up - down) / (2 * h)) - gradient[i]) < 1e-7, $"∂loss/∂p[{i}]: {gradient[i]} against {(up - down) / (2 * h)}");
        }
    }

    [Fact]
    public void CheckpointedTapeIsMuchSmallerForALongSequence()
    {
        var xs = Result.Signal.Generate(0, 20001, new Random(7));
        var comparison = SequenceSample.CompareCheckpointing(Result.Parameters, Small.Hidden, xs, rounds: 1);
        Assert.True(comparison.PeakTapeWith * 32 <= comparison.PeakTapeWithout,
            $"checkpointed peak {comparison.PeakTapeWith} values, recorded peak {comparison.PeakTapeWithout}");
        Assert.Equal(0, comparison.MaxDifference);
    }

    [Fact]
    public void PrintShowsTheBaselineThePredictionsAndTheTable()
    {
        var text = new StringWriter();
        SequenceSample.Print(Result, text);
        SequenceSample.PrintComparison([new CheckpointComparison(1000, 32768, 2048, 0.2, 0.35, 0)], text);
        var output = text.ToString();
        Assert.Contains("last value (baseline)", output, StringComparison.Ordinal);
        Assert.Equal(8, Result.Examples.Count);
        Assert.Contains($"t = {Result.Examples[0].Step}", output, StringComparison.Ordinal);
        Assert.Contains("    1000 |    32768         2048   16× |", output, StringComparison.Ordinal);
        Assert.Contains("(0: bit-identical)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheckpointTableFitsEightyColumns()
    {
        var text = new StringWriter();
        SequenceSample.PrintComparison([new CheckpointComparison(10000, 2097152, 4096, 35.239, 148.199, 1.5e-7)], text);
        var table = text.ToString().Split(Environment.NewLine).SkipLast(2);
        Assert.All(table, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void LossCurveHasTrainingAndValidationCurves()
    {
        SvgAssert.WritesLossCurve(Result.History, expectValidation: true);
    }
}
