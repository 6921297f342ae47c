using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Two-dimensional array inputs (<c>double[,]</c>): their derivatives are spans in row-major order, checked against
/// central differences of the primal for a vector function's Jacobians and vector forward mode, for Hessians, under
/// <c>[Checkpoint]</c> and received into a <c>double[,]</c> through <see cref="Matrices.AsSpan{T}(T[,])"/>; bad
/// arguments (a wrong adjoint length, an adjoint over the matrix itself, a null or not zero-based array) are rejected
/// with an error that names them.
/// </summary>
public sealed class MatrixInputTests
{
    private static readonly double[,] W = { { 0.2, -0.4, 0.1 }, { 0.5, 0.3, -0.6 } };
    private static readonly double[] X = [1.0, 0.5, -1.5];

    [Fact]
    public void VectorFunctionJacobiansMatchFiniteDifferences()
    {
        var (rows, columns) = (W.GetLength(0), W.Length + X.Length);
        var y = new double[rows];
        var jacobian = new double[rows * columns];
        MatrixInputs.TanhLayerJacobian(W, X, y, jacobian);
        var (forward, reverse) = (new double[jacobian.Length], new double[jacobian.Length]);
        MatrixInputs.TanhLayerJacobianForward(W, X, new double[rows], forward);
        MatrixInputs.TanhLayerJacobianReverse(W, X, new double[rows], reverse);
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = r;
                var fd = Central(v => Layer(Moved(c, v))[row], Input(c), isFloat: false);
                AssertClose(fd, jacobian[r * columns + c], DoubleTolerance, $"J[{r}, {c}]");
                AssertClose(jacobian[r * columns + c], forward[r * columns + c], 1e-14, $"JacobianForward[{r}, {c}]");
                AssertClose(jacobian[r * columns + c], reverse[r * columns + c], 1e-14, $"JacobianReverse[{r}, {c}]");
            }
        }

        Assert.Equal(Layer((W, X)), y);

        // Vector forward mode: the tangents along two directions are the Jacobian times them.
        var directions = Enumerable.Range(0, 2).Select(d => Enumerable.Range(0, columns).Select(i => Math.Sin(3.0 * d + i + 1)).ToArray()).ToArray();
        var tW = directions.SelectMany(d => d.Take(W.Length)).ToArray();
        var tX = directions.SelectMany(d => d.Skip(W.Length)).ToArray();
        var tY = new double[2 * rows];
        MatrixInputs.TanhLayerPushforwardN(W, X, new double[rows], 2, tW, tX, tY);
        for (var d = 0; d < 2; d++)
        {
            for (var r = 0; r < rows; r++)
            {
                var expected = Enumerable.Range(0, columns).Sum(c => jacobian[r * columns + c] * directions[d][c]);
                AssertClose(expected, tY[d * rows + r], 1e-12, $"PushforwardN direction {d}, output {r}");
            }
        }
    }

    [Fact]
    public void HessiansOfAMatrixMatchFiniteDifferencesOfTheGradient()
    {
        double[,] k = { { 2.0, 0.3 }, { -0.4, 1.5 } };
        double[] u = [0.7, -1.1];
        var n = k.Length + u.Length;
        var hessian = new double[n * n];
        var value = MatrixInputs.EnergyHessian(k, u, hessian);
        AssertClose(MatrixInputs.Energy(k, u), value, 1e-14, "value");
        for (var c = 0; c < n; c++)
        {
            for (var r = 0; r < n; r++)
            {
                var row = r;
                var column = c;
                var fd = Central(v => EnergyGradient(k, u, column, v)[row], c < k.Length ? k[c / 2, c % 2] : u[c - k.Length], isFloat: false);
                AssertClose(fd, hessian[r * n + c], DoubleTolerance, $"H[{r}, {c}]");
            }
        }

        // H·t along one direction: the dense Hessian times it.
        var t = Enumerable.Range(0, n).Select(i => Math.Cos(i + 0.5)).ToArray();
        var (hvpK, hvpU) = (new double[k.Length], new double[u.Length]);
        MatrixInputs.EnergyHessianVectorProduct(k, u, t.AsSpan(0, k.Length), t.AsSpan(k.Length), hvpK, hvpU);
        var hvp = hvpK.Concat(hvpU).ToArray();
        for (var r = 0; r < n; r++)
        {
            AssertClose(Enumerable.Range(0, n).Sum(c => hessian[r * n + c] * t[c]), hvp[r], 1e-12, $"(H·t)[{r}]");
        }
    }

    [Fact]
    public void CheckpointedRowsMatchFiniteDifferences()
    {
        double[,] a = { { 0.5, -0.3 }, { 1.2, 0.4 }, { -0.7, 0.9 }, { 0.2, 0.6 }, { 1.1, -0.5 } };
        var dA = new double[a.GetLength(0), a.GetLength(1)];
        var value = MatrixInputs.RowRecurrenceGradient(a, 0.8, Matrices.AsSpan(dA), out var dH0);
        AssertClose(MatrixInputs.RowRecurrence(a, 0.8), value, 1e-14, "value");
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                var (row, column) = (i, j);
                var fd = Central(v => MatrixInputs.RowRecurrence(With(a, row, column, v), 0.8), a[i, j], isFloat: false);
                AssertClose(fd, dA[i, j], DoubleTolerance, $"∂/∂a[{i}, {j}] (received in a double[,])");
            }
        }

        AssertClose(Central(v => MatrixInputs.RowRecurrence(a, v), 0.8, isFloat: false), dH0, DoubleTolerance, "∂/∂h0");
    }

    [Fact]
    public void BadArgumentsAreRejectedByName()
    {
        double[,] k = { { 2.0, 0.3 }, { -0.4, 1.5 } };
        double[] u = [0.7, -1.1];

        var length = Assert.Throws<ArgumentException>(() => MatrixInputs.EnergyGradient(k, u, new double[3], new double[2]));
        Assert.Contains("'dK' has length 3 but 'k' has length 4", length.Message);

        // The adjoint written over the matrix it differentiates would overwrite what the sweeps read.
        var overlap = Assert.Throws<ArgumentException>(() => MatrixInputs.EnergyGradient(k, u, Matrices.AsSpan(k), new double[2]));
        Assert.Contains("'dK' overlaps the input 'k'", overlap.Message);

        var missing = Assert.Throws<ArgumentNullException>(() => MatrixInputs.EnergyPushforward(null!, u, new double[4], new double[2]));
        Assert.Equal("k", missing.ParamName);

        // An array with other lower bounds is indexed differently from the row-major span the derivatives read.
        var shifted = (double[,])Array.CreateInstance(typeof(double), [2, 2], [1, 1]);
        var bounds = Assert.Throws<ArgumentException>(() => MatrixInputs.EnergyPullback(shifted, u, 1.0, new double[4], new double[2]));
        Assert.Equal("k", bounds.ParamName);
        Assert.Contains("lower bounds 1 and 1", bounds.Message);
    }

    [Fact]
    public void AsSpanViewsEveryElementInRowMajorOrder()
    {
        var m = new double[2, 3];
        var span = Matrices.AsSpan(m);
        Assert.Equal(6, span.Length);
        span[4] = 7;
        Assert.Equal(7, m[1, 1]);
        Assert.Throws<ArgumentNullException>(() => Matrices.AsSpan<double>(null!));
    }

    private static double[] Layer((double[,] W, double[] X) at)
    {
        var y = new double[at.W.GetLength(0)];
        MatrixInputs.TanhLayer(at.W, at.X, y);
        return y;
    }

    /// <summary>Input c of the layer (W's elements row-major, then x's) set to v.</summary>
    private static (double[,] W, double[] X) Moved(int c, double v)
    {
        var (w, x) = ((double[,])W.Clone(), (double[])X.Clone());
        if (c < w.Length)
        {
            w[c / w.GetLength(1), c % w.GetLength(1)] = v;
        }
        else
        {
            x[c - w.Length] = v;
        }

        return (w, x);
    }

    private static double Input(int c) => c < W.Length ? W[c / W.GetLength(1), c % W.GetLength(1)] : X[c - W.Length];

    private static double[] EnergyGradient(double[,] k, double[] u, int c, double v)
    {
        var (kk, uu) = ((double[,])k.Clone(), (double[])u.Clone());
        if (c < kk.Length)
        {
            kk[c / 2, c % 2] = v;
        }
        else
        {
            uu[c - kk.Length] = v;
        }

        var (dK, dU) = (new double[kk.Length], new double[uu.Length]);
        MatrixInputs.EnergyGradient(kk, uu, dK, dU);
        return dK.Concat(dU).ToArray();
    }

    private static double[,] With(double[,] a, int i, int j, double v)
    {
        var copy = (double[,])a.Clone();
        copy[i, j] = v;
        return copy;
    }
}
