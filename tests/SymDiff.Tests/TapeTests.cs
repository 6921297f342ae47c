namespace SymDiff.Tests;

/// <summary>The tape generated reverse sweeps use: stack discipline, reservation, buffer snapshots, marks.</summary>
public class TapeTests
{
    /// <summary>Runs <paramref name="body"/> on a fresh thread, which gets a fresh (empty) tape.</summary>
    private static void OnFreshTape(Action<Tape> body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body(Tape.Current);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new Xunit.Sdk.XunitException($"on a fresh tape: {failure}");
        }
    }

    [Fact]
    public void PushesComeBackInReverseOrderAcrossGrowth() => OnFreshTape(tape =>
    {
        for (var i = 0; i < 10000; i++)
        {
            tape.Push(i * 0.5);
        }

        for (var i = 9999; i >= 0; i--)
        {
            Assert.Equal(i * 0.5, tape.Pop());
        }

        Assert.Equal(0, tape.Count);
    });

    [Fact]
    public void ReserveLeavesRoomForDirectWritesAndKeepsWhatWasSaved() => OnFreshTape(tape =>
    {
        tape.Push(7);
        var values = tape.Reserve(5000);
        Assert.True(values.Length >= 5001);
        var top = tape.Count;
        for (var i = 0; i < 5000; i++)
        {
            values[top++] = i;
        }

        tape.Count = top;
        Assert.Equal(4999, tape.Pop());
        Assert.Same(values, tape.Values);
        tape.Count = 1;
        Assert.Equal(7, tape.Pop());
        Assert.Same(tape.Values, tape.Reserve(-3));
    });

    [Fact]
    public void SaveAndRestoreRoundTripEveryElementType() => OnFreshTape(tape =>
    {
        double[] doubles = [1.5, -2.25, 3];
        float[] floats = [0.1f, -7f];
        int[] ints = [int.MaxValue, -5, 0];
        bool[] bools = [true, false, true];
        tape.Save(doubles);
        tape.Save(floats);
        tape.Save(ints);
        tape.Save(bools);
        var (d, f, n, b) = (new double[3], new float[2], new int[3], new bool[3]);
        tape.Restore(b);
        tape.Restore(n);
        tape.Restore(f);
        tape.Restore(d);
        Assert.Equal(doubles, d);
        Assert.Equal(floats, f);
        Assert.Equal(ints, n);
        Assert.Equal(bools, b);
        Assert.Equal(0, tape.Count);
    });

    [Fact]
    public void ReleaseDropsEverythingSinceTheMarkIncludingScratchBuffers() => OnFreshTape(tape =>
    {
        tape.Push(1);
        var mark = tape.Mark();
        tape.Push(2);
        var scratch = tape.Zeros(4);
        scratch.Fill(9);
        tape.Release(mark);
        Assert.Equal(1, tape.Count);
        Assert.Equal(new double[4], tape.Zeros(4).ToArray());
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(1000)]
    public void ScratchBuffersOfAnyLengthComeBackZeroedAfterReuse(int length) => OnFreshTape(tape =>
    {
        // Zeros clears with its own 128-bit loop (NarrowMemory): every length, odd offsets included, and both element types.
        var mark = tape.Mark();
        tape.Zeros(1).Fill(5);
        tape.Zeros(length).Fill(7);
        tape.ZerosSingle(1).Fill(5);
        tape.ZerosSingle(length).Fill(7);
        tape.Release(mark);
        Assert.Equal(new double[1], tape.Zeros(1).ToArray());
        Assert.Equal(new double[length], tape.Zeros(length).ToArray());
        Assert.Equal(new float[1], tape.ZerosSingle(1).ToArray());
        Assert.Equal(new float[length], tape.ZerosSingle(length).ToArray());
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1001)]
    public void SavedBuffersOfAnyLengthRestoreExactlyAfterAnOddPush(int length) => OnFreshTape(tape =>
    {
        var values = Enumerable.Range(0, length).Select(i => (i * 0.37) - 3).ToArray();
        tape.Push(42);
        tape.Save(values);
        var restored = new double[length];
        tape.Restore(restored);
        Assert.Equal(values, restored);
        Assert.Equal(42, tape.Pop());
    });

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(100, 10)]
    [InlineData(101, 11)]
    [InlineData(-4, 1)]
    public void DefaultSegmentLengthIsTheCeilingOfTheSquareRoot(long trips, int expected) =>
        Assert.Equal(expected, Tape.SegmentLength(trips));
}
