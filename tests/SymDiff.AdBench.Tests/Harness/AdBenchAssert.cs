using System.Globalization;
using Xunit;

namespace SymDiff.AdBench.Tests.Harness;

/// <summary>Comparisons with ADBench's criterion <c>|x - y| / max(1, |x| + |y|) &lt; tolerance</c>.</summary>
internal static class AdBenchAssert
{
    /// <summary>The tolerance ADBench uses to accept a tool's output.</summary>
    public const double Criterion = 1e-8;

    public static double Error(double x, double y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x) + Math.Abs(y));

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        double error = Error(expected, actual);
        Assert.True(
            error < tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R} (error {error:E3} >= {tolerance:E1})"));
    }

    /// <summary>Checks every entry; returns the largest error so tests can report it.</summary>
    public static double AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0.0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Error(expected[i], actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(
            worst < tolerance,
            worstIndex < 0
                ? $"{what}: no entries"
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what}[{worstIndex}]: expected {expected[worstIndex]:R}, got {actual[worstIndex]:R} (error {worst:E3} >= {tolerance:E1})"));
        return worst;
    }
}
