using SymDiff.AdBench.IO;
using Xunit;

namespace SymDiff.AdBench.Tests.IO;

public sealed class AdBenchDataTests
{
    [Fact]
    public void FindsEveryWorkloadFile()
    {
        Assert.True(File.Exists(AdBenchData.GmmFile(2, 5)));
        Assert.True(File.Exists(AdBenchData.GmmFile(64, 10)));
        Assert.True(File.Exists(AdBenchData.GmmGoldenFile(10, 25, "J")));
        Assert.True(File.Exists(AdBenchData.BaFile("ba1_n49_m7776_p31843")));
        Assert.True(File.Exists(AdBenchData.BaFile("ba5_n257_m65132_p225911")));
    }
}
