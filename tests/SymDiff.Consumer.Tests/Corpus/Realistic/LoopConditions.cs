namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Loop conditions with <c>?:</c> and switch expressions (issue: ordinary numeric C#): the condition is evaluated
/// again before every test, in <c>while</c>, <c>do … while</c> and <c>for</c> loops, with the choice reading values
/// the loop changes (the counter, an active running value). Checked by <see cref="RealisticCorpusTests"/>.
/// </summary>
public static partial class LoopConditions
{
    /// <summary>Halves t until its magnitude (a ?: on its sign) is small; s sums the steps.</summary>
    [At(0.8), At(-1.3), At(0.03), Constructs("loops", "loop-conditions")]
    [Differentiable]
    public static double WhileMagnitude(double x)
    {
        double t = x, s = 0;
        int k = 0;
        while ((t > 0 ? t : -t) > 0.05 && k < 40)
        {
            t = t * 0.5 + 0.01 * x;
            s += t * t;
            k++;
        }

        return s + t;
    }

    /// <summary>A counted loop whose bound is a ?: of the counter itself: it runs while i &lt; (i &lt; 3 ? n : 3 + n / 2).</summary>
    [At(0.9, 2), At(0.6, 5), At(-0.7, 8), Constructs("loops", "loop-conditions")]
    [Differentiable]
    public static double ForBoundChoosesByCounter(double x, [NoDerivative] int n)
    {
        double p = 1;
        for (int i = 0; i < (i < 3 ? n : 3 + n / 2); i++)
        {
            p = p * x + Math.Sin(p * i);
        }

        return p;
    }

    /// <summary>do … while with the threshold chosen by the running value.</summary>
    [At(1.9, 0.4), At(0.5, -0.3), At(3.0, 1.2), Constructs("loops", "loop-conditions")]
    [Differentiable]
    public static double DoWhileThresholdChoice(double x, double y)
    {
        double v = x;
        int steps = 0;
        do
        {
            v = v * 0.7 + y * 0.1;
            steps++;
        }
        while (v > (v > 1 ? 0.9 : 0.2) && steps < 25);

        return v * y + steps;
    }

    /// <summary>A switch expression over the step count picks the tolerance of a series summed until a term is small.</summary>
    [At(0.5), At(-0.8), At(1.3), Constructs("loops", "switch", "loop-conditions")]
    [Differentiable]
    public static double SeriesWithSwitchTolerance(double x)
    {
        double term = x, sum = 0;
        int n = 1;
        while (Math.Abs(term) > (n switch { < 3 => 1e-3, < 6 => 1e-4, _ => 1e-6 }) && n < 30)
        {
            sum += term;
            term *= x / (n + 1);
            n++;
        }

        return sum;
    }

    /// <summary>
    /// A counted loop whose bound is a switch expression over the counter: C# runs i = 0, 1 (the bound drops to 2 at
    /// i = 2). The choice must be made after the counter's step, not before it (3 iterations, and a wrong value).
    /// </summary>
    [At(0.7), At(-1.1), Constructs("loops", "switch", "loop-conditions")]
    [Differentiable]
    public static double ForBoundSwitchOverCounter(double x)
    {
        double s = 0;
        for (int i = 0; i < (i switch { < 2 => 10, _ => 2 }); i++)
        {
            s += Math.Sin(x * (i + 1));
        }

        return s;
    }
}
