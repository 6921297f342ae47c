using SymDiff.Tensors;

namespace SymDiff.Tests;

public class TensorTests
{
    [Fact]
    public void NewTensorIsZeroAndRowMajor()
    {
        using var t = new Tensor<float>(2, 3);
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v));
        t[1, 2] = 5f;
        Assert.Equal(5f, t[5]);
        Assert.Equal(5f, t.Row(1)[2]);
        Assert.Equal("[2×3]", t.Shape.ToString());
    }

    [Fact]
    public void DoubleTensorsWork()
    {
        using var t = Tensor<double>.FromMatrix(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(TensorShape.Matrix(2, 2), t.Shape);
        Assert.Equal(3d, t[1, 0]);
        using var c = t.Clone();
        Assert.Equal(t.ToArray(), c.ToArray());
    }

    [Fact]
    public void VectorShapeFormatsAndActsAsColumn()
    {
        using var v = Tensor<float>.FromVector([1f, 2f, 3f]);
        Assert.Equal("[3]", v.Shape.ToString());
        Assert.Equal(3, v.Rows);
        Assert.Equal(1, v.Columns);
    }

    [Fact]
    public void CopyFromMismatchNamesBothShapes()
    {
        using var a = new Tensor<float>(2, 3);
        using var b = new Tensor<float>(3, 2);
        var ex = Assert.Throws<ShapeMismatchException>(() => a.CopyFrom(b));
        Assert.Contains("[2×3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3×2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMatrixChecksLength()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Tensor<float>.FromMatrix(2, 2, [1f, 2f, 3f]));
        Assert.Contains("[2×2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposedTensorThrows()
    {
        var t = new Tensor<float>(4);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.Span.Length);
        t.Dispose();
    }

    [Fact]
    public void FiniteCheckFindsNaNAndInfinityAnywhere()
    {
        using var t = new Tensor<float>(37);
        Assert.True(t.IsAllFinite());
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = float.NaN;
            Assert.False(t.IsAllFinite());
            t[i] = float.NegativeInfinity;
            Assert.False(t.IsAllFinite());
            t[i] = 0f;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(37)]
    public void ScaleIntoAnotherSpanMultipliesEveryElement(int length)
    {
        var x = Enumerable.Range(0, length).Select(i => i - 3.5f).ToArray();
        var y = new float[length];
        TensorMath.Scale(-2f, x, y);
        Assert.Equal(x.Select(v => -2f * v), y);
        TensorMath.Scale(0.5f, y, y);
        Assert.Equal(x.Select(v => -v), y);
        Assert.Contains("y has 1 elements but x has 2", Assert.Throws<ArgumentException>(() => TensorMath.Scale(1f, new float[2], new float[1])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOutOfRangeThrows()
    {
        using var t = new Tensor<float>(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Row(2));
    }
}
