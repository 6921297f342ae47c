using SymDiff.Functions;
using LossFunctions = SymDiff.Functions.Losses;

namespace SymDiff.Benchmarks.Batch;

/// <summary>Checks that the generated, hand-written and scalar kernels agree before any of them is timed.</summary>
public static class BatchVerification
{
    private const float Tolerance = 1e-5f;

    public static void VerifyAll(int n)
    {
        var (z, y, upstream) = BatchData.Inputs(n);
        Agree("SigmoidPullbackBatch", n,
            d => ScalarLoops.SigmoidPullback(z, upstream, d),
            d => StandInKernels.SigmoidPullbackBatch(z, upstream, d),
            d => Activations.SigmoidPullbackBatch(z, upstream, d));
        Agree("TanhPullbackBatch", n,
            d => ScalarLoops.TanhPullback(z, upstream, d),
            d => StandInKernels.TanhPullbackBatch(z, upstream, d),
            d => Activations.TanhPullbackBatch(z, upstream, d));
        Agree("BinaryCrossEntropyWithLogitsBatch", n,
            d => ScalarLoops.Bce(z, y, d),
            d => StandInKernels.BinaryCrossEntropyWithLogitsBatch(z, y, d),
            d => LossFunctions.BinaryCrossEntropyWithLogitsBatch(z, y, d));
        Agree("BinaryCrossEntropyWithLogitsPullbackBatch", n,
            d => ScalarLoops.BcePullback(z, y, upstream, d),
            d => StandInKernels.BinaryCrossEntropyWithLogitsPullbackBatch(z, y, upstream, d),
            d => LossFunctions.BinaryCrossEntropyWithLogitsPullbackBatch(z, y, upstream, d));
    }

    private static void Agree(string kernel, int n, params Action<float[]>[] variants)
    {
        var results = variants.Select(run =>
        {
            var d = new float[n];
            run(d);
            return d;
        }).ToList();
        for (var i = 0; i < n; i++)
        {
            foreach (var other in results.Skip(1))
            {
                var expected = results[0][i];
                if (!(Math.Abs(other[i] - expected) <= Tolerance * Math.Max(1f, Math.Abs(expected))))
                {
                    throw new InvalidOperationException($"{kernel}: the variants disagree at element {i} of {n}: {expected} (scalar loop) vs {other[i]}.");
                }
            }
        }
    }
}
