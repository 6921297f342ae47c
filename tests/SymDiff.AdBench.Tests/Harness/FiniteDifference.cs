namespace SymDiff.AdBench.Tests.Harness;

/// <summary>
/// Fourth-order central finite differences, <c>f'(x) ≈ [8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))] / 12h</c>
/// with <c>h = RelativeStep · max(1, |x|)</c>: a reference for derivatives until generated ones replace it.
/// </summary>
internal static class FiniteDifference
{
    public const double RelativeStep = 1e-3;

    /// <summary>Step for a coordinate whose value is <paramref name="x"/>.</summary>
    public static double Step(double x) => RelativeStep * Math.Max(1.0, Math.Abs(x));

    /// <summary>
    /// Entries <paramref name="indices"/> (all if <see langword="null"/>) of the gradient of a scalar function;
    /// other entries of <paramref name="gradient"/> are left as they are.
    /// </summary>
    public static void Gradient(Func<double[], double> f, ReadOnlySpan<double> x, Span<double> gradient, IEnumerable<int>? indices = null)
    {
        double[] probe = x.ToArray();
        foreach (int j in indices ?? Enumerable.Range(0, x.Length))
        {
            double x0 = probe[j];
            double h = Step(x0);
            probe[j] = x0 + h;
            double fp1 = f(probe);
            probe[j] = x0 - h;
            double fm1 = f(probe);
            probe[j] = x0 + (2 * h);
            double fp2 = f(probe);
            probe[j] = x0 - (2 * h);
            double fm2 = f(probe);
            probe[j] = x0;
            gradient[j] = ((8 * (fp1 - fm1)) - (fp2 - fm2)) / (12 * h);
        }
    }

    /// <summary>
    /// The dense Jacobian (row-major, <paramref name="outputs"/> × x.Length) of a vector function
    /// <c>f(x, y)</c> that writes <paramref name="outputs"/> values into y.
    /// </summary>
    public static void Jacobian(Action<double[], double[]> f, ReadOnlySpan<double> x, int outputs, Span<double> jacobian)
    {
        int inputs = x.Length;
        double[] probe = x.ToArray();
        var fp1 = new double[outputs];
        var fm1 = new double[outputs];
        var fp2 = new double[outputs];
        var fm2 = new double[outputs];
        for (int j = 0; j < inputs; j++)
        {
            double x0 = probe[j];
            double h = Step(x0);
            probe[j] = x0 + h;
            f(probe, fp1);
            probe[j] = x0 - h;
            f(probe, fm1);
            probe[j] = x0 + (2 * h);
            f(probe, fp2);
            probe[j] = x0 - (2 * h);
            f(probe, fm2);
            probe[j] = x0;
            for (int i = 0; i < outputs; i++)
            {
                jacobian[(i * inputs) + j] = ((8 * (fp1[i] - fm1[i])) - (fp2[i] - fm2[i])) / (12 * h);
            }
        }
    }
}
