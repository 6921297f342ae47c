using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.Jacobian;

/// <summary>
/// The 300×26 Jacobian of <see cref="KinematicChain.Points"/> (one thread) by reverse mode (a reverse sweep per row,
/// <c>PointsJacobianReverse</c>), by forward mode (<c>PointsJacobianForward</c>: vector forward mode, four columns per
/// sweep of <c>PointsPushforwardN</c>), by one <c>PointsPushforward</c> per column (how forward mode ran before vector
/// mode, written out here as the peer) and as <c>PointsJacobian</c> picks; the primal alone for scale. Each output of Points reads a prefix of the joints, so a reverse
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
        Agree(reverse, "forward");
        ByColumn(KinematicChain.PointsPushforward);
        Agree(reverse, "column-by-column");
        KinematicChain.FieldJacobianReverse(_angles, _xs, _ys, _bends, reverse);
        KinematicChain.FieldJacobianForward(_angles, _xs, _ys, _bends, _jacobian);
        Agree(reverse, "dense forward");
        ByColumn(KinematicChain.FieldPushforward);
        Agree(reverse, "dense column-by-column");
    }

    private void Agree(double[] reverse, string what)
    {
        for (var i = 0; i < reverse.Length; i++)
        {
            if (Math.Abs(reverse[i] - _jacobian[i]) > 1e-9 * (1 + Math.Abs(reverse[i])))
            {
                throw new InvalidOperationException($"{what} and reverse Jacobians differ at {i}: {_jacobian[i]} vs {reverse[i]}");
            }
        }
    }

    [Benchmark(Description = "primal")]
    public void Primal() => KinematicChain.Points(_angles, _xs, _ys, _bends);

    [Benchmark(Baseline = true, Description = "reverse (row per sweep)")]
    public void Reverse() => KinematicChain.PointsJacobianReverse(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "forward (4 columns per sweep)")]
    public void Forward() => KinematicChain.PointsJacobianForward(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "forward (column per pushforward)")]
    public void ForwardByColumn() => ByColumn(KinematicChain.PointsPushforward);

    [Benchmark(Description = "Jacobian (picks)")]
    public void Picked() => KinematicChain.PointsJacobian(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "dense: reverse")]
    public void DenseReverse() => KinematicChain.FieldJacobianReverse(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "dense: primal")]
    public void DensePrimal() => KinematicChain.Field(_angles, _xs, _ys, _bends);

    [Benchmark(Description = "dense: forward (4 columns per sweep)")]
    public void DenseForward() => KinematicChain.FieldJacobianForward(_angles, _xs, _ys, _bends, _jacobian);

    [Benchmark(Description = "dense: forward (column per pushforward)")]
    public void DenseForwardByColumn() => ByColumn(KinematicChain.FieldPushforward);

    private delegate void Pushforward(ReadOnlySpan<double> angles, Span<double> xs, Span<double> ys, Span<double> bends, ReadOnlySpan<double> tAngles, Span<double> tXs, Span<double> tYs, Span<double> tBends);

    private readonly double[] _seed = new double[Joints];
    private readonly double[] _tXs = new double[Samples];
    private readonly double[] _tYs = new double[Samples];
    private readonly double[] _tBends = new double[Samples];

    /// <summary>The Jacobian a column at a time: one pushforward along each unit tangent, scattered into its column.</summary>
    private void ByColumn(Pushforward pushforward)
    {
        for (var c = 0; c < Joints; c++)
        {
            _seed[c] = 1;
            pushforward(_angles, _xs, _ys, _bends, _seed, _tXs, _tYs, _tBends);
            _seed[c] = 0;
            for (var i = 0; i < Samples; i++)
            {
                _jacobian[i * Joints + c] = _tXs[i];
                _jacobian[(Samples + i) * Joints + c] = _tYs[i];
                _jacobian[(2 * Samples + i) * Joints + c] = _tBends[i];
            }
        }
    }
}
