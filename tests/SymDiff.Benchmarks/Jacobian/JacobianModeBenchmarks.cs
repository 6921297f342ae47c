using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Jacobian;

/// <summary>
/// The 300×26 Jacobian of <see cref="KinematicChain.Points"/> (one thread) by reverse mode (a reverse sweep per row,
/// <c>PointsJacobianReverse</c>), by forward mode (a pushforward per column, <c>PointsJacobianForward</c>) and as
/// <c>PointsJacobian</c> picks; the primal alone for scale. Each output of Points reads a prefix of the joints, so a reverse
/// sweep per row skips most of the recording (zero adjoints); <see cref="KinematicChain.Field"/>, where every output reads
/// every input, is the dense case.
/// Run: <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*JacobianMode*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class JacobianModeBenchmarks
{
    private const int Joints = 26;
    private const int Samples = 100;
    private readonly double[] _angles = Enumerable.Range(0, Joints).Select(i => 0.05 + (0.02 * Math.Sin(i))).ToArray();
    private readonly double[] _xs = new double[Samples];
    private readonly double[] _ys = new double[Samples];
    private readonly double[] _bends = new double[Samples];
    private readonly double[] _jacobian = new double[3 * Samples * Joints];

    [GlobalSetup]
    public void Setup()
    {
        var reverse = new double[_jacobian.Length];
        KinematicChain.PointsJacobianReverse(_angles, _xs, _ys, _bends, reverse);
        KinematicChain.PointsJacobianForward(_angles, _xs, _ys, _bends, _jacobian);
        for (var i = 0; i < reverse.Length; i++)
        {
            if (Math.Abs(reverse[i] - _jacobian[i]) > 1e-9 * (1 + Math.Abs(reverse[i])))
            {
                throw new InvalidOperationException($"forward and reverse Jacobians differ at {i}: {_jacobian[i]} vs {reverse[i]}");
            }
        }
    }

    [Benchmark(Description = "primal")]
    public void Primal() => KinematicChain.Points(_angles, _xs, _ys, _bends);

    [Benchmark(Baseline = true, Description = "reverse (row per sweep)")]
    public void Reverse() => KinematicChain.PointsJacobianReverse(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "forward (column per pushforward)")]
    public void Forward() => KinematicChain.PointsJacobianForward(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "Jacobian (picks)")]
    public void Picked() => KinematicChain.PointsJacobian(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "dense: reverse")]
    public void DenseReverse() => KinematicChain.FieldJacobianReverse(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "dense: forward")]
    public void DenseForward() => KinematicChain.FieldJacobianForward(_angles, _xs, _ys, _bends, _jacobian);
}
