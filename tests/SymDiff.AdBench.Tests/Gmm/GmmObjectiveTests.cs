using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace SymDiff.AdBench.Tests.Gmm;

public sealed class GmmObjectiveTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("gmm_d2_K5", -5240.590562549647)]
    [InlineData("gmm_d10_K25", -25649.65262119762)]
    [InlineData("gmm_d64_K10", -1171496.2872845696)]
    public void MatchesTheGoldenObjective(string name, double readmeValue)
    {
        GmmInput input = GmmReader.Read(TestData.Gmm(name));
        double golden = GoldenReader.Read(TestData.GmmGolden(name, "F"), 1)[0];

        double objective = input.Objective();

        output.WriteLine($"{name}: F = {objective:R}, golden {golden:R}, error {AdBenchAssert.Error(golden, objective):E3}");
        AdBenchAssert.Close(readmeValue, golden, AdBenchAssert.Criterion, "golden file vs README");
        AdBenchAssert.Close(golden, objective, AdBenchAssert.Criterion, name);
    }

    [Fact]
    public void ObjectiveAtPackedParametersEqualsTheObjective()
    {
        GmmInput input = GmmReader.Read(TestData.Gmm("gmm_d2_K5"));

        Assert.Equal(input.Objective(), input.ObjectiveAt(input.PackParameters()));
    }

    [Fact]
    public void OneGaussianInOneDimensionIsAGaussianLogDensityPlusThePrior()
    {
        // d = 1, K = 1: F = sum_i [q - 0.5 e^{2q} (x_i - mu)^2] - (n/2) log(2 pi) + 0.5 gamma^2 e^{2q} - m q - C.
        double alpha = 0.3, mu = 0.5, q = -0.2, gamma = 1.5;
        int m = 2;
        double[] x = [0.1, 1.7, -0.4];
        const double Pi = 3.14159265359;
        double expected = -1.5 * Math.Log(2 * Pi);
        foreach (double xi in x)
        {
            expected += q - (0.5 * Math.Exp(2 * q) * (xi - mu) * (xi - mu));
        }

        expected += (0.5 * gamma * gamma * Math.Exp(2 * q)) - (m * q);
        int nw = 1 + m + 1;
        expected -= (nw * (Math.Log(gamma) - (0.5 * Math.Log(2)))) - SpecialFunctions.LogGamma(0.5 * nw);

        double actual = GmmObjective.Objective([alpha], [mu], [q], x, gamma, m, 1, 1, 3);

        AdBenchAssert.Close(expected, actual, 1e-14, "F");
    }

    [Fact]
    public void LogSumExpIsStableForLargeArguments()
    {
        Assert.Equal(1000 + Math.Log(2), GmmObjective.LogSumExp([1000.0, 1000.0, 5.0], 2), 12);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), GmmObjective.LogSumExp([1.0, 2.0, 3.0], 3), 14);
        Assert.Equal(-7.0, GmmObjective.LogSumExp([-7.0], 1));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008707)] // log sqrt(pi)
    [InlineData(1.5, -0.12078223763524522234)] // log(sqrt(pi) / 2)
    [InlineData(10.0, 12.801827480081469611)] // log 9!
    [InlineData(32.5, 79.821185413614364)]
    [InlineData(100.0, 359.13420536957539878)] // log 99!
    [InlineData(0.001, 6.9071788853838536)]
    public void LogGammaMatchesKnownValues(double x, double expected)
    {
        Assert.True(Math.Abs(SpecialFunctions.LogGamma(x) - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"lgamma({x}) = {SpecialFunctions.LogGamma(x):R}");
    }
}
