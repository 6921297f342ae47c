using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SymDiff.Linear;

namespace SymDiff.Benchmarks;

/// <summary>
/// Single-threaded SGEMM: SymDiff's managed <see cref="Gemm"/> against OpenBLAS <c>cblas_sgemm</c> (1 thread).
/// Run with <c>tests/SymDiff.Benchmarks/gemm.sh</c>. The table has GFLOP/s (from the median time) for every row and,
/// on SymDiff rows, SymDiff's throughput as a fraction of OpenBLAS's on the same shape. OpenBLAS rows are skipped, with a message,
/// when libopenblas.so.0 cannot be loaded.
/// </summary>
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.All[0];

    /// <summary>All shapes, or those whose name contains one of the comma-separated words in GEMM_SHAPES.</summary>
    public static IEnumerable<GemmShape> Shapes
    {
        get
        {
            var only = Environment.GetEnvironmentVariable("GEMM_SHAPES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return only is { Length: > 0 }
                ? GemmShape.All.Where(s => only.Any(word => s.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
                : GemmShape.All;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var s = Shape;
        var random = new Random(42);
        _a = Fill(s.M * s.K, random);
        _b = Fill(s.K * s.N, random);
        _c = Fill(s.M * s.N, random);
        OpenBlas.TrySingleThread();
    }

    [Benchmark(Description = "SymDiff")]
    public void SymDiffGemm()
    {
        var s = Shape;
        Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, _a, s.Lda, _b, s.Ldb, 0f, _c, s.N);
    }

    [Benchmark(Description = "OpenBLAS")]
    public void OpenBlasGemm()
    {
        var s = Shape;
        OpenBlas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, _a, s.Lda, _b, s.Ldb, 0f, _c, s.N);
    }

    private static float[] Fill(int length, Random random)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}

/// <summary>A GEMM problem: C (m×n) = op(A) (m×k) · op(B) (k×n), densely stored.</summary>
public sealed record GemmShape(string Name, bool TransA, bool TransB, int M, int N, int K)
{
    /// <summary>Square sizes, and the products of one training step of a 784-128-10 MLP at batch 64 (W stored out×in).</summary>
    public static readonly GemmShape[] All =
    [
        new("square 512", false, false, 512, 512, 512),
        new("square 1024", false, false, 1024, 1024, 1024),
        new("mlp fwd1 X*W1^T", false, true, 64, 128, 784),
        new("mlp dW1 d1^T*X", true, false, 128, 784, 64),
        new("mlp dX d1*W1", false, false, 64, 784, 128),
        new("mlp fwd2 H*W2^T", false, true, 64, 10, 128),
        new("mlp dW2 d2^T*H", true, false, 10, 128, 64),
        new("mlp dH d2*W2", false, false, 64, 128, 10),
    ];

    public int Lda => TransA ? M : K;

    public int Ldb => TransB ? K : N;

    public double Flops => 2.0 * M * N * K;

    public override string ToString() => $"{Name} [{(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')} {M}x{N}x{K}]";
}

/// <summary>Short runs (the comparison takes minutes), GFLOP/s and ratio columns, OpenBLAS rows only when it loads.</summary>
public sealed class GemmConfig : ManualConfig
{
    private static bool s_warned;

    public GemmConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(8).WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new GflopsColumn(), new VersusOpenBlasColumn(), new OpenBlasCoreColumn());
        WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(48));
        if (!OpenBlas.IsAvailable)
        {
            if (!s_warned)
            {
                s_warned = true;
                Console.WriteLine($"OpenBLAS benchmarks skipped: {OpenBlas.LoadError} Install it with `apt-get install libopenblas-dev`.");
            }

            AddFilter(new SimpleFilter(b => b.Descriptor.WorkloadMethod.Name != nameof(GemmBenchmarks.OpenBlasGemm)));
        }
    }

    private static double? GflopsOf(Summary summary, BenchmarkCase benchmarkCase)
    {
        // The median is robust to the odd slow iteration when other processes share the cores.
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        return median is > 0 && benchmarkCase.Parameters["Shape"] is GemmShape shape ? shape.Flops / median.Value : null;
    }

    private abstract class TextColumn(string name, string legend) : IColumn
    {
        public string Id => GetType().Name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => legend;

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase);
    }

    private sealed class GflopsColumn() : TextColumn("GFLOP/s", "Billions of floating-point operations (2·m·n·k) per second, from the median time")
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
            => GflopsOf(summary, benchmarkCase) is { } g ? g.ToString("F1") : "-";
    }

    private sealed class VersusOpenBlasColumn() : TextColumn("SymDiff/OpenBLAS",
        "SymDiff GFLOP/s divided by OpenBLAS GFLOP/s on the same shape (above 1: SymDiff is faster)")
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(GemmBenchmarks.SymDiffGemm))
            {
                return "-";
            }

            var other = summary.BenchmarksCases.FirstOrDefault(b =>
                b.Descriptor.WorkloadMethod.Name == nameof(GemmBenchmarks.OpenBlasGemm)
                && Equals(b.Parameters["Shape"], benchmarkCase.Parameters["Shape"]));
            return other is not null && GflopsOf(summary, benchmarkCase) is { } mine && GflopsOf(summary, other) is { } theirs
                ? (mine / theirs).ToString("F2")
                : "-";
        }
    }

    private sealed class OpenBlasCoreColumn() : TextColumn("OpenBLAS core",
        "Kernel set OpenBLAS picked (OPENBLAS_CORETYPE forces one; Haswell is AVX2-only)")
    {
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
            => benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(GemmBenchmarks.OpenBlasGemm) ? OpenBlas.CoreName : "-";
    }
}

/// <summary>Late-bound OpenBLAS entry points, so a machine without the library can still run the SymDiff rows.</summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly nint Handle = Load(out LoadErrorText);
    private static readonly string? LoadErrorText;

    public static bool IsAvailable => Handle != 0;

    public static string LoadError => LoadErrorText ?? "";

    public static string CoreName
    {
        get
        {
            if (!IsAvailable || !NativeLibrary.TryGetExport(Handle, "openblas_get_corename", out var fn))
            {
                return "n/a";
            }

            var name = ((delegate* unmanaged<nint>)fn)();
            return Marshal.PtrToStringAnsi(name) ?? "?";
        }
    }

    public static void TrySingleThread()
    {
        if (IsAvailable && NativeLibrary.TryGetExport(Handle, "openblas_set_num_threads", out var fn))
        {
            ((delegate* unmanaged<int, void>)fn)(1);
        }
    }

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda,
        float[] b, int ldb, float beta, float[] c, int ldc)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"OpenBLAS is not available: {LoadError}");
        }

        var sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(Handle, "cblas_sgemm");
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    private static nint Load(out string? error)
    {
        try
        {
            error = null;
            return NativeLibrary.Load("libopenblas.so.0");
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            error = $"libopenblas.so.0 could not be loaded ({e.GetType().Name}).";
            return 0;
        }
    }
}
