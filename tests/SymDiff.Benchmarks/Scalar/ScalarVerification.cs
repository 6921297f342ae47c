namespace SymDiff.Benchmarks.Scalar;

/// <summary>
/// Checks that the generated, hand-written and finite-difference gradients agree on every benchmark point, so the
/// benchmark cannot silently time wrong code. Runs in each benchmark's global setup and under <c>--verify</c>.
/// </summary>
public static class ScalarVerification
{
    /// <summary>Generated vs hand-written: the same math in a different order, so rounding-level differences only.</summary>
    private const double ExactTolerance = 1e-10;

    /// <summary>Finite differences vs hand-written: truncation O(h²) plus cancellation O(ε/h).</summary>
    private const double FiniteDifferenceTolerance = 1e-6;

    public static void VerifyAll()
    {
        VerifyLogisticBce();
        VerifyMlp221Bce();
        VerifyMix20();
    }

    public static void VerifyLogisticBce()
    {
        var x = ScalarData.Uniform(1, 4, -2, 2);
        var y = ScalarData.Labels(2);
        var p = ScalarData.LogisticParameters;
        for (var i = 0; i < ScalarData.Points; i++)
        {
            var primal = ScalarFunctions.LogisticBce(p[0], p[1], p[2], p[3], p[4], x[0][i], x[1][i], x[2][i], x[3][i], y[i]);
            var gen = new double[5];
            var hand = new double[5];
            var fd = new double[5];
            var vg = ScalarFunctions.LogisticBceGradient(p[0], p[1], p[2], p[3], p[4], x[0][i], x[1][i], x[2][i], x[3][i], y[i], out gen[0], out gen[1], out gen[2], out gen[3], out gen[4]);
            var vh = HandWrittenGradients.LogisticBce(p[0], p[1], p[2], p[3], p[4], x[0][i], x[1][i], x[2][i], x[3][i], y[i], out hand[0], out hand[1], out hand[2], out hand[3], out hand[4]);
            var vf = FiniteDifferenceGradients.LogisticBce(p[0], p[1], p[2], p[3], p[4], x[0][i], x[1][i], x[2][i], x[3][i], y[i], out fd[0], out fd[1], out fd[2], out fd[3], out fd[4]);
            Check(nameof(ScalarFunctions.LogisticBce), i, primal, vg, vh, vf, gen, hand, fd);
        }
    }

    public static void VerifyMlp221Bce()
    {
        var x = ScalarData.Uniform(3, 2, -2, 2);
        var y = ScalarData.Labels(4);
        var p = ScalarData.MlpParameters;
        for (var i = 0; i < ScalarData.Points; i++)
        {
            var primal = ScalarFunctions.Mlp221Bce(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x[0][i], x[1][i], y[i]);
            var gen = new double[9];
            var hand = new double[9];
            var fd = new double[9];
            var vg = ScalarFunctions.Mlp221BceGradient(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x[0][i], x[1][i], y[i], out gen[0], out gen[1], out gen[2], out gen[3], out gen[4], out gen[5], out gen[6], out gen[7], out gen[8]);
            var vh = HandWrittenGradients.Mlp221Bce(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x[0][i], x[1][i], y[i], out hand[0], out hand[1], out hand[2], out hand[3], out hand[4], out hand[5], out hand[6], out hand[7], out hand[8]);
            var vf = FiniteDifferenceGradients.Mlp221Bce(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], x[0][i], x[1][i], y[i], out fd[0], out fd[1], out fd[2], out fd[3], out fd[4], out fd[5], out fd[6], out fd[7], out fd[8]);
            Check(nameof(ScalarFunctions.Mlp221Bce), i, primal, vg, vh, vf, gen, hand, fd);
        }
    }

    public static void VerifyMix20()
    {
        var v = ScalarData.Uniform(5, 4, -1.5, 1.5);
        for (var i = 0; i < ScalarData.Points; i++)
        {
            var primal = ScalarFunctions.Mix20(v[0][i], v[1][i], v[2][i], v[3][i]);
            var gen = new double[4];
            var hand = new double[4];
            var fd = new double[4];
            var vg = ScalarFunctions.Mix20Gradient(v[0][i], v[1][i], v[2][i], v[3][i], out gen[0], out gen[1], out gen[2], out gen[3]);
            var vh = HandWrittenGradients.Mix20(v[0][i], v[1][i], v[2][i], v[3][i], out hand[0], out hand[1], out hand[2], out hand[3]);
            var vf = FiniteDifferenceGradients.Mix20(v[0][i], v[1][i], v[2][i], v[3][i], out fd[0], out fd[1], out fd[2], out fd[3]);
            Check(nameof(ScalarFunctions.Mix20), i, primal, vg, vh, vf, gen, hand, fd);
        }
    }

    private static void Check(string function, int point, double primal, double vg, double vh, double vf, double[] gen, double[] hand, double[] fd)
    {
        Require(function, point, "generated value", vg, primal, ExactTolerance);
        Require(function, point, "hand-written value", vh, primal, ExactTolerance);
        Require(function, point, "finite-difference value", vf, primal, ExactTolerance);
        for (var k = 0; k < hand.Length; k++)
        {
            Require(function, point, $"generated d[{k}]", gen[k], hand[k], ExactTolerance);
            Require(function, point, $"finite-difference d[{k}]", fd[k], hand[k], FiniteDifferenceTolerance);
        }
    }

    private static void Require(string function, int point, string what, double actual, double expected, double tolerance)
    {
        if (!double.IsFinite(actual) || Math.Abs(actual - expected) > tolerance * Math.Max(1, Math.Abs(expected)))
        {
            throw new InvalidOperationException(
                $"{function}, point {point}: {what} = {actual:R}, expected {expected:R} (tolerance {tolerance:G3}).");
        }
    }
}
