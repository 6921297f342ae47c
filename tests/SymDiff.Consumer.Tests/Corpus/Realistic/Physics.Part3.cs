namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Physics, continued.</summary>
public static partial class Physics
{
    /// <summary>The summed x·y products of pendulum-bob positions, a fresh tip buffer per bob and a tuple with a discard.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "tuples", "math")]
    [At(new[] { 0.3, 0.5, 0.9 }, 1.5)]
    public static double BobPositionProducts(ReadOnlySpan<double> angles, double length)
    {
        double total = 0;
        for (int i = 0; i < angles.Length; i++)
        {
            double[] tip = new double[2];
            var (_, s) = (Math.Cos(angles[i]), Math.Sin(angles[i]));
            tip[0] += length * Math.Cos(angles[i]);
            tip[1] += length * s;
            total += tip[0] * tip[1];
        }

        return total;
    }

    /// <summary>An empirical drag law by speed regime: a switch expression with a when guard and an in-parameter local function.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "local-functions", "math")]
    [At(0.5, 2.0), At(3.0, 2.0), At(7.0, 0.5)]
    public static double RegimeDragLaw(double speed, double scale)
    {
        double f = speed switch
        {
            < 1 => speed * speed,
            < 5 when scale > 1 => Quad(in speed, in scale),
            _ => Math.Log(speed) * scale,
        };
        return f;

        static double Quad(in double v, in double s)
        {
            if (v > 10)
            {
                return 0;
            }

            return s * v * v * v;
        }
    }

    /// <summary>Impulses applied until the momentum passes a threshold (while/break), then the impulse-weighted momentum with s += x[j++].</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "embedded-assignments", "spans")]
    [At(new[] { 0.4, 0.7, 1.3, 0.2, 0.9 }, 1.5)]
    public static double ImpulsesUntilThreshold(ReadOnlySpan<double> impulses, double threshold)
    {
        double momentum = 0;
        int i = 0;
        while (true)
        {
            momentum += impulses[i++] * 1.1;
            if (momentum > threshold || i >= impulses.Length)
            {
                break;
            }
        }

        double s = 0;
        for (int j = 0; j < impulses.Length;)
        {
            s += impulses[j++] * momentum;
        }

        return s;
    }

    /// <summary>Potential energy of masses at a height (a read-only Span input) plus a launched projectile's range, in single precision.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "float", "calls", "math")]
    [At(new[] { 1.0, 2.0, 0.5 }, 0.3)]
    public static float StackPotentialAndRangeF(Span<float> masses, float height)
    {
        float e = 0f;
        foreach (var m in masses)
        {
            e += m * 9.81f * height;
        }

        return e + ProjectileRangeFromHeightF(5f, 0.5f, height);
    }
}
