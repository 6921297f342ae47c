namespace SymDiff.Benchmarks.Batch;

/// <summary>Deterministic inputs for the batched-kernel benchmarks: logits in [−8, 8), targets in [0, 1], seeds near 1.</summary>
public static class BatchData
{
    public static (float[] Z, float[] Y, float[] Upstream) Inputs(int n)
    {
        var random = new Random(5);
        var z = new float[n];
        var y = new float[n];
        var upstream = new float[n];
        for (var i = 0; i < n; i++)
        {
            z[i] = (float)(random.NextDouble() * 16 - 8);
            y[i] = random.Next(2);
            upstream[i] = (float)(0.5 + random.NextDouble());
        }

        return (z, y, upstream);
    }
}
