using SymDiff.Linear;
using Xunit;

namespace SymDiff.Tests;

public class GemmTests
{
    private static readonly int[] OddSizes = [1, 3, 17, 33, 65, 127, 513];

    /// <summary>Every micro-kernel this CPU can run (the blocked driver is shared, the kernels are not).</summary>
    private static IEnumerable<string> Kernels =>
        Enum.GetValues<GemmKernelKind>().Where(Gemm.IsSupported).Select(kind => kind.ToString());

    public static TheoryData<string, bool, bool> KernelsAndTransposes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var kernel in Kernels)
        {
            foreach (var transA in new[] { false, true })
            {
                foreach (var transB in new[] { false, true })
                {
                    data.Add(kernel, transA, transB);
                }
            }
        }

        return data;
    }

    public static TheoryData<bool, bool, int, int, int> OddShapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                foreach (var m in OddSizes)
                {
                    foreach (var n in OddSizes)
                    {
                        // k cycles through the sizes so each (m, n) pair meets a different depth; 513 crosses a k-block.
                        var k = OddSizes[(Array.IndexOf(OddSizes, m) + 2 * Array.IndexOf(OddSizes, n)) % OddSizes.Length];
                        if ((long)m * n * k <= 40_000_000)
                        {
                            data.Add(transA, transB, m, n, k);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void MatchesReferenceAtOddSizes(bool transA, bool transB, int m, int n, int k)
        => Check(GemmKernelKind.Auto, transA, transB, m, n, k, 1f, 0f, seed: m * 7919 + n * 31 + k);

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void EveryKernelMatchesReference(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        (int M, int N, int K)[] shapes =
        [
            (1, 1, 1), (3, 17, 33), (17, 3, 65), (33, 65, 1), (65, 33, 127), (127, 65, 17),
            (64, 128, 784), (128, 784, 64), (64, 10, 128), (10, 128, 64), (64, 128, 10),
            (33, 1601, 17), (513, 33, 65), (17, 127, 900),
        ];
        foreach (var (m, n, k) in shapes)
        {
            Check(kind, transA, transB, m, n, k, 1.5f, 0.5f, seed: m + n + k);
        }
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(2.5f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-0.5f, 0.75f)]
    [InlineData(0f, 2f)]
    [InlineData(0f, 0f)]
    [InlineData(3f, -1f)]
    public void AlphaBetaVariants(float alpha, float beta)
    {
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                Check(GemmKernelKind.Auto, transA, transB, 33, 65, 17, alpha, beta, seed: 5);
                Check(GemmKernelKind.Auto, transA, transB, 64, 96, 513, alpha, beta, seed: 6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void StridedMatricesLeavePaddingUntouched(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        Check(kind, transA, transB, 37, 45, 29, 1.25f, -0.5f, seed: 11, padA: 5, padB: 3, padC: 7);
        Check(kind, transA, transB, 65, 33, 400, 1f, 0f, seed: 12, padA: 1, padB: 16, padC: 2);
    }

    [Fact]
    public void BetaZeroDoesNotReadC()
    {
        var (m, n, k) = (17, 40, 9);
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        Assert.All(c, value => Assert.False(float.IsNaN(value)));

        Array.Fill(c, float.NaN);
        Gemm.Multiply(false, false, m, n, 0, 1f, a, k, b, n, 0f, c, n);
        Assert.All(c, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void ZeroDepthScalesC()
    {
        var c = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        Gemm.Multiply(false, false, 2, 3, 0, 1f, [], 1, [], 3, 2f, c, 3);
        Assert.Equal(new[] { 2f, 4f, 6f, 8f, 10f, 12f }, c);
    }

    [Fact]
    public void EmptyOutputIsANoOp()
    {
        var c = new[] { 7f };
        Gemm.Multiply(false, false, 0, 3, 4, 1f, [], 4, new float[12], 3, 0f, [], 3);
        Gemm.Multiply(true, true, 2, 0, 4, 1f, new float[8], 2, [], 4, 0f, c, 1);
        Assert.Equal(7f, c[0]);
    }

    [Fact]
    public void RepeatedCallsAreStable()
    {
        // Buffers are reused per thread; a small call after a large one (and vice versa) must not see stale data.
        Check(GemmKernelKind.Auto, false, true, 200, 300, 700, 1f, 0f, seed: 21);
        Check(GemmKernelKind.Auto, true, false, 5, 7, 3, 1f, 0f, seed: 22);
        Check(GemmKernelKind.Auto, false, false, 200, 300, 700, 1f, 1f, seed: 23);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(-1)]
    public void ParallelCallsMatchReference(int maxDegreeOfParallelism)
    {
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                Check(GemmKernelKind.Auto, transA, transB, 131, 97, 300, 0.5f, 0.25f, seed: 31, workers: maxDegreeOfParallelism);
                Check(GemmKernelKind.Auto, transA, transB, 64, 800, 64, 1f, 0f, seed: 32, workers: maxDegreeOfParallelism);
            }
        }

        // The public overload: same result as the single-threaded call.
        var (m, n, k) = (150, 70, 500);
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var single = new float[m * n];
        var parallel = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, single, n);
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, parallel, n, maxDegreeOfParallelism);
        Assert.Equal(single, parallel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void InvalidDegreeOfParallelismIsRejected(int maxDegreeOfParallelism)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2, maxDegreeOfParallelism));
        Assert.Equal("maxDegreeOfParallelism", ex.ParamName);
        Assert.Contains(maxDegreeOfParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public void NegativeSizesAreRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 2, 2, 1f, [], 2, new float[4], 2, 0f, [], 2));
        Assert.Equal("m", ex.ParamName);
        Assert.Contains("-1", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, -3, 2, 1f, new float[4], 2, [], 2, 0f, [], 2));
        Assert.Equal("n", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, -4, 1f, [], 2, [], 2, 0f, new float[4], 2));
        Assert.Equal("k", ex.ParamName);
    }

    [Fact]
    public void StridesSmallerThanRowsAreRejected()
    {
        // A is m×k = 3×5 (lda ≥ 5); transposed it is stored k×m = 5×3 (lda ≥ 3).
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[100], 4, new float[100], 4, 0f, new float[100], 4));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains("at least 5", ex.Message);
        Assert.Contains("3×5", ex.Message);

        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(true, false, 3, 4, 5, 1f, new float[100], 2, new float[100], 4, 0f, new float[100], 4));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains("at least 3", ex.Message);
        Assert.Contains("transposed as 5×3", ex.Message);

        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, true, 3, 4, 5, 1f, new float[100], 5, new float[100], 4, 0f, new float[100], 4));
        Assert.Equal("ldb", ex.ParamName);
        Assert.Contains("at least 5", ex.Message);

        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[100], 5, new float[100], 4, 0f, new float[100], 3));
        Assert.Equal("ldc", ex.ParamName);
        Assert.Contains("at least 4", ex.Message);
    }

    [Fact]
    public void ShortSpansAreRejected()
    {
        // With lda = 7 a 3×5 A needs (3 - 1)·7 + 5 = 19 elements.
        var ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[18], 7, new float[20], 4, 0f, new float[12], 4));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("18", ex.Message);
        Assert.Contains("at least 19", ex.Message);

        ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, true, 3, 4, 5, 1f, new float[15], 5, new float[19], 5, 0f, new float[12], 4));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("at least 20", ex.Message);

        ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[13], 6));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("at least 16", ex.Message);
    }

    [Fact]
    public void OverlappingOutputIsRejected()
    {
        var buffer = new float[64];
        var ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, false, 2, 2, 2, 1f, buffer.AsSpan(0, 4), 2, buffer.AsSpan(30, 4), 2, 0f, buffer.AsSpan(2, 4), 2));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("overlap a", ex.Message);
        ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, false, 2, 2, 2, 1f, buffer.AsSpan(0, 4), 2, buffer.AsSpan(30, 4), 2, 0f, buffer.AsSpan(32, 4), 2));
        Assert.Contains("overlap b", ex.Message);
    }

    /// <summary>
    /// Runs the GEMM on randomly filled, optionally padded matrices and compares with a double-precision reference,
    /// within a forward-error bound proportional to the depth; checks that padding between rows is not written.
    /// </summary>
    private static void Check(GemmKernelKind kernel, bool transA, bool transB, int m, int n, int k, float alpha, float beta,
        int seed, int padA = 0, int padB = 0, int padC = 0, int workers = 1)
    {
        var (aRows, aCols) = transA ? (k, m) : (m, k);
        var (bRows, bCols) = transB ? (n, k) : (k, n);
        int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
        var a = Random(Math.Max(0, (aRows - 1) * lda + aCols), seed);
        var b = Random(Math.Max(0, (bRows - 1) * ldb + bCols), seed + 1);
        var c = Random(Math.Max(0, (m - 1) * ldc + n), seed + 2);
        var c0 = (float[])c.Clone();

        if (workers == 1)
        {
            Gemm.Multiply(kernel, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workers);
        }

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (var p = 0; p < k; p++)
                {
                    double av = transA ? a[p * lda + i] : a[i * lda + p];
                    double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                    magnitude += Math.Abs(av * bv);
                }

                var expected = alpha * sum + (beta == 0f ? 0 : beta * (double)c0[i * ldc + j]);
                var bound = (k + 4) * 1.2e-7 * (Math.Abs(alpha) * magnitude + Math.Abs(beta * (double)c0[i * ldc + j])) + 1e-30;
                var actual = c[i * ldc + j];
                if (!(Math.Abs(actual - expected) <= bound))
                {
                    Assert.Fail($"{kernel} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta}: " +
                        $"C[{i},{j}] = {actual}, expected {expected} (bound {bound:G3}).");
                }
            }

            for (var j = n; j < ldc && i < m - 1; j++)
            {
                Assert.Equal(c0[i * ldc + j], c[i * ldc + j]);
            }
        }
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
