using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;
using SymDiff.AdBench.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace SymDiff.AdBench.Tests.Gmm;

public sealed class GmmGradientTests(ITestOutputHelper output)
{
    // The gradient under test and its tolerance. Finite differences for now; when the generator differentiates
    // loops this line becomes the generated gradient with AdBenchAssert.Criterion (and the large inputs join the theory).
    private static readonly (GmmGradient Compute, double Tolerance) UnderTest = (Derivatives.FiniteDifferenceGmmGradient, 1e-5);

    [Theory]
    [InlineData("gmm_d2_K5")]
    public void MatchesTheGoldenGradient(string name)
    {
        GmmInput input = GmmReader.Read(TestData.Gmm(name));
        double[] golden = GoldenReader.Read(TestData.GmmGolden(name, "J"), input.ParameterCount);
        var gradient = new double[input.ParameterCount];

        UnderTest.Compute(input, gradient);

        double worst = AdBenchAssert.AllClose(golden, gradient, UnderTest.Tolerance, name);
        output.WriteLine($"{name}: largest error {worst:E3} over {gradient.Length} entries");
    }

    // Spot checks of the large inputs' golden gradients with finite differences (a full finite-difference
    // gradient of d64K10 would take minutes in a Debug build): the first and last alpha, mean entry, q and l.
    [Theory]
    [InlineData("gmm_d10_K25")]
    [InlineData("gmm_d64_K10")]
    public void FiniteDifferencesAgreeWithTheGoldenGradientAtSampledEntries(string name)
    {
        GmmInput input = GmmReader.Read(TestData.Gmm(name));
        double[] golden = GoldenReader.Read(TestData.GmmGolden(name, "J"), input.ParameterCount);
        int meansStart = input.K;
        int icfStart = input.K + (input.K * input.D);
        int lastIcfRow = icfStart + ((input.K - 1) * GmmInput.IcfSize(input.D));
        int[] indices =
        [
            0, input.K - 1,
            meansStart, icfStart - 1,
            icfStart, icfStart + input.D - 1, lastIcfRow,
            icfStart + input.D, icfStart + GmmInput.IcfSize(input.D) - 1, input.ParameterCount - 1,
        ];
        var gradient = new double[input.ParameterCount];

        Derivatives.FiniteDifferenceGmmGradient(input, gradient, indices);

        double worst = AdBenchAssert.AllClose(
            indices.Select(i => golden[i]).ToArray(), indices.Select(i => gradient[i]).ToArray(), 1e-5, name);
        output.WriteLine($"{name}: largest error {worst:E3} over {indices.Length} sampled entries");
    }
}
