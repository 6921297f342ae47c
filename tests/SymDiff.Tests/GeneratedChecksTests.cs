namespace SymDiff.Tests;

/// <summary>
/// The checks generated members call on entry. <see cref="GeneratedChecks.Overlap{T}"/> is written so the JIT inlines
/// it (the library's <c>MemoryExtensions.Overlaps</c> stayed a call in generated members), so it is compared with the
/// library method on every pair of slices of one buffer, and on separate buffers.
/// </summary>
public class GeneratedChecksTests
{
    [Fact]
    public void OverlapAgreesWithTheLibraryOnEveryPairOfSlices()
    {
        var buffer = new double[9];
        var other = new double[4];
        var compared = 0;
        for (var a = 0; a <= buffer.Length; a++)
        {
            for (var aLength = 0; a + aLength <= buffer.Length; aLength++)
            {
                for (var b = 0; b <= buffer.Length; b++)
                {
                    for (var bLength = 0; b + bLength <= buffer.Length; bLength++)
                    {
                        ReadOnlySpan<double> first = buffer.AsSpan(a, aLength);
                        ReadOnlySpan<double> second = buffer.AsSpan(b, bLength);
                        Assert.Equal(first.Overlaps(second), GeneratedChecks.Overlap(first, second));
                        compared++;
                    }
                }

                Assert.False(GeneratedChecks.Overlap<double>(buffer.AsSpan(a, aLength), other));
            }
        }

        Assert.True(compared > 2000);
    }

    [Fact]
    public void OverlapComparesBytesOfSpansOfOneElementType()
    {
        // Floats: a slice starting inside another overlaps it, one starting at its end does not.
        var floats = new float[8];
        Assert.True(GeneratedChecks.Overlap<float>(floats.AsSpan(0, 4), floats.AsSpan(3, 2)));
        Assert.False(GeneratedChecks.Overlap<float>(floats.AsSpan(0, 4), floats.AsSpan(4, 4)));
        Assert.True(GeneratedChecks.Overlap<float>(floats.AsSpan(4, 4), floats.AsSpan(0, 5)));
    }

    [Fact]
    public void NoOverlapNamesBothSpans()
    {
        var buffer = new double[6];
        GeneratedChecks.NoOverlap<double>(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), "dX", "x");

        var error = Assert.Throws<ArgumentException>(() => GeneratedChecks.NoOverlap<double>(buffer.AsSpan(0, 4), buffer.AsSpan(3, 3), "dX", "x"));

        Assert.Equal("dX", error.ParamName);
        Assert.StartsWith("The output 'dX' overlaps the input 'x'; pass separate buffers.", error.Message, StringComparison.Ordinal);
    }
}
