namespace SymDiff.Benchmarks.Jacobian;

/// <summary>
/// A tall vector function for the Jacobian benchmark: a planar chain of n joints sampled at m points (three outputs
/// each: x, y and the accumulated bend), so 3m outputs for n inputs; with n = 26 and m = 100 its Jacobian is 300×26.
/// </summary>
public static partial class KinematicChain
{
    [Differentiable]
    public static void Points(ReadOnlySpan<double> angles, Span<double> xs, Span<double> ys, Span<double> bends)
    {
        for (int s = 0; s < xs.Length; s++)
        {
            double a = 0;
            double x = 0;
            double y = 0;
            int joints = 1 + (s % angles.Length);
            double stretch = 1 + (0.01 * s);
            for (int i = 0; i < joints; i++)
            {
                a += angles[i] * stretch;
                x += Math.Cos(a);
                y += Math.Sin(a);
            }

            xs[s] = x;
            ys[s] = y;
            bends[s] = a * a;
        }
    }

    /// <summary>A dense tall function: every one of the 3m outputs reads every input (no sparsity for reverse sweeps to skip).</summary>
    [Differentiable]
    public static void Field(ReadOnlySpan<double> angles, Span<double> xs, Span<double> ys, Span<double> bends)
    {
        for (int s = 0; s < xs.Length; s++)
        {
            double x = 0;
            double y = 0;
            double stretch = 1 + (0.01 * s);
            for (int i = 0; i < angles.Length; i++)
            {
                x += Math.Cos(angles[i] * stretch);
                y += Math.Sin(angles[i] * stretch);
            }

            xs[s] = x;
            ys[s] = y;
            bends[s] = x * y;
        }
    }
}
