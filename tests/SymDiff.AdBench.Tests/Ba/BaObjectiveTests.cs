using SymDiff.AdBench.Ba;
using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;

namespace SymDiff.AdBench.Tests.Ba;

public sealed class BaObjectiveTests
{
    // ADBench's reference residuals of observation 0 of ba1_n49_m7776_p31843.
    private const double Reprojection0 = 1.01335837914461449e-01;
    private const double Reprojection1 = -6.89677659244810615e-02;
    private const double WeightError = 0.826092651516;

    [Fact]
    public void MatchesTheReferenceResidualsOfObservationZero()
    {
        BaInput input = BaReader.Read(TestData.Ba(TestData.Ba1));
        Span<double> error = stackalloc double[2];

        BaObjective.ComputeReprojectionError(input.CameraOf(0), input.PointOf(0), input.Weights[0], input.FeatureOf(0), error);

        AdBenchAssert.Close(Reprojection0, error[0], AdBenchAssert.Criterion, "reproj_0[0]");
        AdBenchAssert.Close(Reprojection1, error[1], AdBenchAssert.Criterion, "reproj_0[1]");
        AdBenchAssert.Close(WeightError, BaObjective.ComputeWeightError(input.Weights[0]), AdBenchAssert.Criterion, "w_err_0");
    }

    [Fact]
    public void ComputeAllFillsEveryResidual()
    {
        BaInput input = BaReader.Read(TestData.Ba(TestData.Ba1));
        var reprojection = new double[2 * input.P];
        var weights = new double[input.P];

        BaObjective.ComputeAll(input, reprojection, weights);

        // Every observation of the compact format is a copy of observation 0.
        AdBenchAssert.Close(Reprojection0, reprojection[^2], AdBenchAssert.Criterion, "last reproj[0]");
        AdBenchAssert.Close(Reprojection1, reprojection[^1], AdBenchAssert.Criterion, "last reproj[1]");
        Assert.All(weights, w => AdBenchAssert.Close(WeightError, w, AdBenchAssert.Criterion, "w_err"));
    }

    [Fact]
    public void ZeroRotationUsesTheSmallAngleBranch()
    {
        // r = 0: Xc = Y = X - c, p = Xc[0:2] / Xc[2], no distortion (kappa = 0): proj = f p + x0.
        double[] camera = [0, 0, 0, 1, 2, 3, 10, 0.5, -0.5, 0, 0];
        double[] point = [2, 4, 7];
        Span<double> error = stackalloc double[2];

        BaObjective.ComputeReprojectionError(camera, point, 2.0, [0.25, 0.75], error);

        Assert.Equal(2.0 * ((10 * 1.0 / 4) + 0.5 - 0.25), error[0], 14);
        Assert.Equal(2.0 * ((10 * 2.0 / 4) - 0.5 - 0.75), error[1], 14);
    }

    [Fact]
    public void RotationBranchesAgreeForATinyAngle()
    {
        double[] tiny = [1e-9, -2e-9, 3e-9, 1, 2, 3, 10, 0.5, -0.5, 0.01, 0.001];
        double[] zero = [0, 0, 0, 1, 2, 3, 10, 0.5, -0.5, 0.01, 0.001];
        double[] point = [2, 4, 7];
        Span<double> a = stackalloc double[2];
        Span<double> b = stackalloc double[2];

        BaObjective.ComputeReprojectionError(tiny, point, 1.0, [0, 0], a);
        BaObjective.ComputeReprojectionError(zero, point, 1.0, [0, 0], b);

        Assert.Equal(b[0], a[0], 6);
        Assert.Equal(b[1], a[1], 6);
    }
}
