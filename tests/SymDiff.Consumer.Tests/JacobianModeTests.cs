using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// <c>{F}JacobianForward</c> (a pushforward per column) and <c>{F}JacobianReverse</c> (a reverse sweep per row) give
/// the same matrix and the same outputs for every vector function of the corpus, float and double, mixed types, outputs
/// read before they are written; <c>{F}Jacobian</c> picks forward mode for a tall matrix and equals both; the tall arm's
/// Jacobian matches central differences.
/// </summary>
public sealed class JacobianModeTests
{
    private delegate void Jacobian<T>(Span<T> outputs, Span<T> jacobian);

    [Fact]
    public void ForwardAndReverseAgreeOnEveryVectorFunction()
    {
        double[] x = [0.3, -1.2, 0.8, 2.1];
        float[] xf = [0.3f, -1.2f, 0.8f];
        float[] a = [0.3f, -1.2f, 0.8f, 2.1f];
        double[] b = [1.1, 0.5, -0.7, 0.2];
        double[] w = [0.1, -0.3, 0.5, 0.7, 0.2, -0.6, 0.4, 0.9, -0.8, 0.3, 0.05, -0.15, 0.25, 0.35, -0.45];
        double[] v = [0.3, -1.2, 0.8, 2.1, -0.4];

        Agree(3, 3 * 3, (o, j) => Loops.PolarJacobianForward([1.5, 0.7], 2.0, o, j), (o, j) => Loops.PolarJacobianReverse([1.5, 0.7], 2.0, o, j));
        Agree(2 * 4, 2 * 4 * 4, (o, j) => Loops.TwoOutputsJacobianForward(x, o[..4], o[4..], j), (o, j) => Loops.TwoOutputsJacobianReverse(x, o[..4], o[4..], j));
        Agree(7, 7 * 4, (o, j) => Loops.SmoothedStepsJacobianForward([0.9, -0.4, 0.7], 0.35, o, j), (o, j) => Loops.SmoothedStepsJacobianReverse([0.9, -0.4, 0.7], 0.35, o, j));
        // Float inputs: the float adjoints and the float tangents round differently.
        Agree(4, 4 * 9, (o, j) => Loops.MixedInputsJacobianForward(a, b, 0.6f, o, j), (o, j) => Loops.MixedInputsJacobianReverse(a, b, 0.6f, o, j), tolerance: 1e-6);
        Agree(3, 3 * (w.Length + v.Length), (o, j) => Loops.AccumulateIntoJacobianForward(w, v, o, j), (o, j) => Loops.AccumulateIntoJacobianReverse(w, v, o, j), fill: 1.0);
        Agree(3, 9, (o, j) => Loops.ScaleInPlaceJacobianForward([0.5, 2.0, -3.0], o, j), (o, j) => Loops.ScaleInPlaceJacobianReverse([0.5, 2.0, -3.0], o, j), fill: 1.0);
        AgreeFloat(4, 4, (o, j) => Loops.PowersOfJacobianForward(0.8, o, j), (o, j) => Loops.PowersOfJacobianReverse(0.8, o, j));
        AgreeFloat(4, 4 * 5, (o, j) => Loops.RoundedOutputJacobianForward(x, 0.7, o, j), (o, j) => Loops.RoundedOutputJacobianReverse(x, 0.7, o, j));

        // Float and double outputs: the matrix is double.
        var (cubesF, dF, cubesR, dR) = (new float[3], new double[3], new float[3], new double[3]);
        var (jF, jR) = (new double[6 * 3], new double[6 * 3]);
        Loops.MixedOutputsJacobianForward(xf, cubesF, dF, jF);
        Loops.MixedOutputsJacobianReverse(xf, cubesR, dR, jR);
        Assert.Equal(cubesR, cubesF);
        Assert.Equal(dR, dF);
        Close(jR, jF, 1e-6);
    }

    [Fact]
    public void TallArmJacobianIsForwardModeAndMatchesFiniteDifferences()
    {
        const int n = 26;
        var angles = Enumerable.Range(0, n).Select(i => 0.1 + 0.05 * Math.Sin(i)).ToArray();
        const double scale = 0.7;
        var rows = 3 * n;
        var columns = n + 1;
        double[] Outputs(double[] z)
        {
            var (xs, ys, bends) = (new double[n], new double[n], new double[n]);
            Loops.Arm(z.AsSpan(0, n), z[n], xs, ys, bends);
            return [.. xs, .. ys, .. bends];
        }

        var (x1, y1, b1) = (new double[n], new double[n], new double[n]);
        var picked = new double[rows * columns];
        Loops.ArmJacobian(angles, scale, x1, y1, b1, picked);
        var (x2, y2, b2) = (new double[n], new double[n], new double[n]);
        var reverse = new double[rows * columns];
        Loops.ArmJacobianReverse(angles, scale, x2, y2, b2, reverse);
        var (x3, y3, b3) = (new double[n], new double[n], new double[n]);
        var forward = new double[rows * columns];
        Loops.ArmJacobianForward(angles, scale, x3, y3, b3, forward);

        Assert.Equal(forward, picked);
        Close(reverse, forward, 1e-12);
        var z = angles.Append(scale).ToArray();
        Assert.Equal(Outputs(z), (double[])[.. x1, .. y1, .. b1]);
        for (var column = 0; column < columns; column++)
        {
            var h = 1e-6;
            var (plus, minus) = ((double[])z.Clone(), (double[])z.Clone());
            plus[column] += h;
            minus[column] -= h;
            var (fp, fm) = (Outputs(plus), Outputs(minus));
            for (var row = 0; row < rows; row++)
            {
                var expected = (fp[row] - fm[row]) / (2 * h);
                Assert.True(Math.Abs(expected - forward[row * columns + column]) <= 1e-6 * (1 + Math.Abs(expected)), $"J[{row},{column}]: {forward[row * columns + column]} vs {expected}");
            }
        }
    }

    [Fact]
    public void ForwardModeChecksTheMatrixLength()
    {
        var error = Assert.Throws<ArgumentException>(() => Loops.ArmJacobianForward([0.1, 0.2], 1.0, new double[2], new double[2], new double[2], new double[5]));
        Assert.Equal("jacobian", error.ParamName);
        Assert.Contains("6×3 = 18", error.Message, StringComparison.Ordinal);
    }

    private static void Agree(int outputs, int entries, Jacobian<double> forward, Jacobian<double> reverse, double fill = 0, double tolerance = 1e-12)
    {
        var (oF, oR) = (new double[outputs], new double[outputs]);
        Array.Fill(oF, fill);
        Array.Fill(oR, fill);
        var (jF, jR) = (new double[entries], new double[entries]);
        forward(oF, jF);
        reverse(oR, jR);
        Assert.Equal(oR, oF);
        Close(jR, jF, tolerance);
        Assert.Contains(jF, e => e != 0);
    }

    private static void AgreeFloat(int outputs, int entries, Jacobian<float> forward, Jacobian<float> reverse)
    {
        var (oF, oR) = (new float[outputs], new float[outputs]);
        var (jF, jR) = (new float[entries], new float[entries]);
        forward(oF, jF);
        reverse(oR, jR);
        Assert.Equal(oR, oF);
        Close(Array.ConvertAll(jR, e => (double)e), Array.ConvertAll(jF, e => (double)e), 1e-5);
    }

    private static void Close(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"entry {i}: reverse {expected[i]}, forward {actual[i]}");
        }
    }
}
