namespace SymDiff.Linear;

/// <summary>General matrix multiply on row-major single-precision matrices: C = alpha·op(A)·op(B) + beta·C.</summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = alpha·op(A)·op(B) + beta·C</c> where op(X) is X or Xᵀ. All matrices are row-major;
    /// op(A) is m×k, op(B) is k×n, C is m×n; <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>
    /// are the row strides of the stored (not transposed) matrices.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Reference implementation; a tuned kernel replaces it.
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[p * lda + i] : a[i * lda + p];
                    var bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }

                c[i * ldc + j] = alpha * sum + (beta == 0f ? 0f : beta * c[i * ldc + j]);
            }
        }
    }
}
