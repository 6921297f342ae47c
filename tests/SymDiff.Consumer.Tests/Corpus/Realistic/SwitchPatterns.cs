namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Switches that name the governing value with a declaration pattern (<c>var v when …</c>, <c>double d</c>) for a
/// guard and an arm (issue: ordinary numeric C#), as piecewise formulas are written. Checked by <see cref="RealisticCorpusTests"/>.
/// </summary>
public static partial class SwitchPatterns
{
    /// <summary>A Huber-like loss: the residual named in each arm's guard, the last arm a catch-all declaration.</summary>
    [At(0.3, 1.0), At(2.5, 1.0), At(-3.0, 0.5), Constructs("switch", "math")]
    [Differentiable]
    public static double Huber(double residual, double delta) => residual switch
    {
        var r when r > delta => delta * (r - 0.5 * delta),
        var r when r < -delta => -delta * (r + 0.5 * delta),
        var r => 0.5 * r * r,
    };

    /// <summary>A switch statement whose case names the value with its own type, summed over a span.</summary>
    [At(new[] { 0.5, -1.2, 2.0, 0.1 }, 0.7), At(new[] { -0.4, 0.9 }, 1.3), Constructs("loops", "spans", "switch")]
    [Differentiable]
    public static double ClippedSum(ReadOnlySpan<double> x, double scale)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            switch (x[i] * scale)
            {
                case double v when v > 1:
                    s += Math.Log(v) + 1;
                    break;
                case < -1:
                    s -= 1;
                    break;
                case double v:
                    s += v;
                    break;
            }
        }

        return s;
    }
}
