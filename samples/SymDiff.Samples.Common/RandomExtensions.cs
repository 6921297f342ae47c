namespace SymDiff.Samples.Common;

/// <summary>Draws the samples' synthetic data needs from a seeded <see cref="Random"/>.</summary>
public static class RandomExtensions
{
    /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
    /// <param name="random">The seeded generator.</param>
    public static double NextGaussian(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
