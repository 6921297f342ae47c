namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>The worked examples of the lecture seeds.</summary>
public static partial class SeedExamples
{
    /// <summary>(x² + 1)³ through Math.Pow; f' = 6x(x² + 1)².</summary>
    [Differentiable]
    public static double CubePow(double x) => Math.Pow(x * x + 1, 3);

    /// <summary>(x² + 1)³ through multiplication.</summary>
    [Differentiable]
    public static double CubeProduct(double x)
    {
        var u = x * x + 1;
        return u * u * u;
    }

    /// <summary>ln(a·x) with a fixed; f' = 1/x.</summary>
    [Differentiable]
    public static double LogOfScaled(double x, [NoDerivative] double a) => Math.Log(a * x);

    /// <summary>f(x, y, z) = (x + y)·max(y, z).</summary>
    [Differentiable]
    public static double Graph(double x, double y, double z)
    {
        var a = x + y;
        var b = Math.Max(y, z);
        return a * b;
    }

    /// <summary>Parameters whose names clash with names the generator uses (seed, value).</summary>
    [Differentiable]
    public static double NameClash(double seed, double value) => seed * value + Math.Sin(seed);
}
