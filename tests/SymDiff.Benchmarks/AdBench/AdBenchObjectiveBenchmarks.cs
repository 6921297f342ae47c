using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymDiff.AdBench.Ba;
using SymDiff.AdBench.Gmm;
using SymDiff.AdBench.IO;

namespace SymDiff.Benchmarks.AdBench;

/// <summary>
/// ADBench objectives (F), single-threaded; the generated derivatives are in <see cref="AdBenchGradientBenchmarks"/>.
/// Reference times from the ADBench data README, 1 thread, float64, milliseconds, F / J:
/// <code>
/// | workload            | Manual C++ (Eigen) | Tapenade (C)  | PyTorch 1.13 eager |
/// |---------------------|--------------------|---------------|--------------------|
/// | GMM 1k d2 K5        | 0.116 / 0.107      | 0.074 / 0.278 | 0.217 / 0.476      |
/// | GMM 1k d10 K25      | 1.36 / 2.44        | 1.29 / 4.22   | 2.24 / 5.44        |
/// | GMM 1k d64 K10      | 4.45 / 15.0        | 4.96 / 40.2   | 6.24 / 19.2        |
/// | BA ba1 (p = 31,843) | 0.71 / 4.27        | 1.34 / 11.8   | 5.07 / 27.8        |
/// | BA ba5 (p = 225,911)| 5.29 / 30.3        | 9.49 / 82.7   | 37.6 / 230         |
/// </code>
/// The data folder is found as <see cref="AdBenchData"/> describes (override with SYMDIFF_ADBENCH_DATA).
/// Run: <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*AdBenchObjective*'</c>.
/// </summary>
[ShortRunJob]
[Config(typeof(Config))]
[MemoryDiagnoser]
public class AdBenchObjectiveBenchmarks
{
    private GmmInput _gmmD2K5 = null!;
    private GmmInput _gmmD10K25 = null!;
    private GmmInput _gmmD64K10 = null!;
    private BaInput _ba1 = null!;
    private BaInput _ba5 = null!;
    private double[] _reprojection = [];
    private double[] _weightErrors = [];

    [GlobalSetup]
    public void Setup()
    {
        _gmmD2K5 = GmmReader.Read(AdBenchData.GmmFile(2, 5));
        _gmmD10K25 = GmmReader.Read(AdBenchData.GmmFile(10, 25));
        _gmmD64K10 = GmmReader.Read(AdBenchData.GmmFile(64, 10));
        _ba1 = BaReader.Read(AdBenchData.BaFile("ba1_n49_m7776_p31843"));
        _ba5 = BaReader.Read(AdBenchData.BaFile("ba5_n257_m65132_p225911"));
        _reprojection = new double[2 * _ba5.P];
        _weightErrors = new double[_ba5.P];
    }

    [Benchmark]
    [AdBenchReference(0.116, 0.074, 0.217)]
    public double GmmD2K5() => _gmmD2K5.Objective();

    [Benchmark]
    [AdBenchReference(1.36, 1.29, 2.24)]
    public double GmmD10K25() => _gmmD10K25.Objective();

    [Benchmark]
    [AdBenchReference(4.45, 4.96, 6.24)]
    public double GmmD64K10() => _gmmD64K10.Objective();

    [Benchmark]
    [AdBenchReference(0.71, 1.34, 5.07)]
    public double BaBa1() => Ba(_ba1);

    [Benchmark]
    [AdBenchReference(5.29, 9.49, 37.6)]
    public double BaBa5() => Ba(_ba5);

    private double Ba(BaInput input)
    {
        BaObjective.ComputeAll(input, _reprojection, _weightErrors);
        return _reprojection[0] + _weightErrors[input.P - 1];
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(AdBenchReferenceColumn.All);
        }
    }
}
