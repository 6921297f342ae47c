namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Parameters named like what generated code relies on (issue 9): <c>_</c>, which a bare discard (<c>out _</c>,
/// <c>(_, t) = …</c>) would write instead of discarding, and <c>nameof</c>, which turns <c>nameof(x)</c> into a call.
/// Scalar ones are checked in <see cref="CorpusCases"/>, span ones in <c>WarningFreeTests</c>.
/// </summary>
public static partial class ReservedParameterNames
{
    [Differentiable]
    public static double Two(double a, double b) => a * b;

    private static double Three(double a, double b, double c) => a * b * c;

    [DerivativeOf(nameof(Three))]
    private static (double Value, double Tangent) ThreePushforward(double a, double b, double c, double tA, double tB, double tC) =>
        (a * b * c, b * c * tA + a * c * tB + a * b * tC);

    /// <summary>The partial ∂Two/∂b is not needed: it was discarded into <c>_</c>.</summary>
    [Differentiable]
    public static double DiscardIntoUnderscore(double x, [NoDerivative] double _) => Two(x, _) * _;

    /// <summary>Three pushforwards of Three, the later ones for their tangent only: their values went into <c>_</c>.</summary>
    [Differentiable]
    public static double PushforwardsIntoUnderscore(double x, double y, [NoDerivative] double _) => Three(x, y, _) * _;

    [Differentiable]
    public static double Underscore(double _, double y) => _ * y + Math.Sin(_);

    // Not named result or upstream: the batch kernels' outputs then get other names, which BatchTests does not expect.
    [Differentiable]
    public static double NameOf(double nameof, double value, double seed) => nameof * value + Math.Exp(seed);

    [Differentiable]
    public static double GeneratedNames(double tape, double mark, double global, double var, double dynamic) => tape * mark + global * var * dynamic;

    [Differentiable]
    public static double SpanNamedUnderscore(ReadOnlySpan<double> _, double nameof)
    {
        double r = 0;
        for (var i = 0; i < _.Length; i++)
        {
            r += Two(_[i], nameof) * _[i];
        }

        return r;
    }

    [Differentiable]
    public static double SpanNamedNameOf(ReadOnlySpan<double> nameof, double _)
    {
        double r = 0;
        for (var i = 0; i < nameof.Length; i++)
        {
            r += Three(nameof[i], nameof[i], _) + Two(nameof[i], _);
        }

        return r;
    }
}
