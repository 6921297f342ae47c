namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Parameters whose generated names would collide or that are keywords: the derivatives compile and are checked like
/// the rest of the corpus (<see cref="CorpusCases"/>) and, for the loop path, by <see cref="OddNameTests"/>.
/// </summary>
public static partial class OddNames
{
    /// <summary>q and Q both give dQ: the second gets dQ2. ∂/∂q = Q, ∂/∂Q = q + cos Q.</summary>
    [Differentiable]
    public static double CaseClash(double q, double Q) => q * Q + Math.Sin(Q);

    /// <summary>A parameter named like x's adjoint: x's becomes dX2. ∂/∂x = 2x·dX, ∂/∂dX = x².</summary>
    [Differentiable]
    public static double AdjointNamed(double x, double dX) => x * x * dX;

    /// <summary>Keyword-named parameters. ∂/∂in = e^return, ∂/∂return = in·e^return.</summary>
    [Differentiable]
    public static double Keywords(double @in, double @return, [NoDerivative] double @params) => @in * Math.Exp(@return) + @params;

    /// <summary>A parameter named like its method. d/dx = 3x².</summary>
    [Differentiable]
    public static double Shadow(double Shadow) => Shadow * Shadow * Shadow;

    /// <summary>The loop path: a keyword-named span and colliding scalars. ∂/∂in[i] = q·Q·2in[i], ∂/∂q = Q·Σin², ∂/∂Q = q·Σin².</summary>
    [Differentiable]
    public static double SpanKeywords(ReadOnlySpan<double> @in, double q, double Q)
    {
        double @out = 0;
        for (int i = 0; i < @in.Length; i++)
        {
            @out += @in[i] * @in[i];
        }

        return q * Q * @out;
    }
}
