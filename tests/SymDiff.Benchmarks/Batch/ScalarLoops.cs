namespace SymDiff.Benchmarks.Batch;

/// <summary>The loops a person writes without SymDiff: one element at a time, the derivative in closed form.</summary>
public static class ScalarLoops
{
    public static void SigmoidPullback(float[] z, float[] upstream, float[] dZ)
    {
        for (var i = 0; i < z.Length; i++)
        {
            var s = 1f / (1f + MathF.Exp(-z[i]));
            dZ[i] = upstream[i] * s * (1f - s);
        }
    }

    public static void TanhPullback(float[] z, float[] upstream, float[] dZ)
    {
        for (var i = 0; i < z.Length; i++)
        {
            var t = MathF.Tanh(z[i]);
            dZ[i] = upstream[i] * (1f - t * t);
        }
    }

    public static void Bce(float[] logit, float[] y, float[] result)
    {
        for (var i = 0; i < logit.Length; i++)
        {
            var z = logit[i];
            result[i] = MathF.Max(z, 0f) - z * y[i] + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));
        }
    }

    public static void BcePullback(float[] logit, float[] y, float[] upstream, float[] dLogit)
    {
        for (var i = 0; i < logit.Length; i++)
        {
            dLogit[i] = upstream[i] * (1f / (1f + MathF.Exp(-logit[i])) - y[i]);
        }
    }
}
