namespace SymDiff.Consumer.Tests;

/// <summary>The checks every generated derivative must pass at a point; shared by the theories and the skipped bug tests.</summary>
public static class DerivativeChecks
{
    /// <summary>The seed the pullback checks use.</summary>
    public const double Seed = 2.5;

    /// <summary>Gradient vs central differences of the primal, one differentiable parameter at a time.</summary>
    public static void GradientMatchesCentralDifferences(DifferentiableFunction f, double[] point)
    {
        var (_, gradient) = f.ValueAndGradient(point);
        for (var k = 0; k < f.Differentiable.Length; k++)
        {
            var i = f.Differentiable[k];
            var expected = FiniteDifference.Central(f.Along(point, i), point[i], f.IsFloat);
            FiniteDifference.AssertClose(expected, gradient[k], f.Tolerance, $"∂{f.Name}/∂{f.Parameters[i].Name} at ({string.Join(", ", point)})");
        }
    }

    public static void GradientReturnsThePrimalValue(DifferentiableFunction f, double[] point) =>
        Assert.Equal(f.Value(point), f.ValueAndGradient(point).Value);

    /// <summary>Starting from nonzero adjoints, the pullback adds exactly seed·gradient to each (up to rounding).</summary>
    public static void PullbackAddsSeedTimesGradient(DifferentiableFunction f, double[] point)
    {
        var (_, gradient) = f.ValueAndGradient(point);
        var start = f.Differentiable.Select((_, k) => 0.75 - (0.5 * k)).ToArray();
        var (_, adjoints) = f.PullbackFrom(point, Seed, start);
        for (var k = 0; k < start.Length; k++)
        {
            FiniteDifference.AssertClose(
                Seed * gradient[k], adjoints[k] - start[k], f.RoundingTolerance, $"added to d{f.Parameters[f.Differentiable[k]].Name} by {f.Name}Pullback");
        }
    }

    public static void PullbackReturnsThePrimalValue(DifferentiableFunction f, double[] point) =>
        Assert.Equal(f.Value(point), f.PullbackFrom(point, Seed, new double[f.Differentiable.Length]).Value);

    /// <summary>The pushforward's tangent along a random direction is gradient·direction.</summary>
    public static void PushforwardTangentIsGradientDotTangent(DifferentiableFunction f, double[] point, int randomSeed)
    {
        var random = new Random(randomSeed);
        var tangents = f.Differentiable.Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        if (f.IsFloat)
        {
            tangents = tangents.Select(t => (double)(float)t).ToArray();
        }

        var (_, gradient) = f.ValueAndGradient(point);
        var expected = gradient.Zip(tangents, (g, t) => g * t).Sum();
        var scale = gradient.Zip(tangents, (g, t) => Math.Abs(g * t)).Sum();
        var (_, tangent) = f.PushforwardAlong(point, tangents);
        Assert.True(
            Math.Abs(expected - tangent) <= f.RoundingTolerance * Math.Max(1, scale),
            $"{f.Name}Pushforward tangent: expected {expected:R}, got {tangent:R}");
    }

    /// <summary>Along each coordinate axis the pushforward's tangent is that partial derivative.</summary>
    public static void PushforwardAlongEachAxisIsThePartialDerivative(DifferentiableFunction f, double[] point)
    {
        var (_, gradient) = f.ValueAndGradient(point);
        for (var k = 0; k < gradient.Length; k++)
        {
            var axis = new double[gradient.Length];
            axis[k] = 1;
            FiniteDifference.AssertClose(
                gradient[k], f.PushforwardAlong(point, axis).Tangent, f.RoundingTolerance, $"{f.Name}Pushforward along {f.Parameters[f.Differentiable[k]].Name}");
        }
    }

    public static void PushforwardReturnsThePrimalValue(DifferentiableFunction f, double[] point) =>
        Assert.Equal(f.Value(point), f.PushforwardAlong(point, new double[f.Differentiable.Length]).Value);

    /// <summary>Every check at every point of the function.</summary>
    public static void All(DifferentiableFunction f)
    {
        for (var i = 0; i < f.Points.Length; i++)
        {
            var point = f.Points[i];
            GradientReturnsThePrimalValue(f, point);
            GradientMatchesCentralDifferences(f, point);
            PullbackReturnsThePrimalValue(f, point);
            PullbackAddsSeedTimesGradient(f, point);
            PushforwardReturnsThePrimalValue(f, point);
            PushforwardTangentIsGradientDotTangent(f, point, i);
            PushforwardAlongEachAxisIsThePartialDerivative(f, point);
        }
    }
}
