namespace SymDiff.Consumer.Tests;

/// <summary>Generated <c>Pushforward</c> methods: the tangent is the gradient dotted with the input tangents.</summary>
public class PushforwardTests
{
    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void PushforwardTangentIsGradientDotTangent(string function, int point) =>
        DerivativeChecks.PushforwardTangentIsGradientDotTangent(CorpusCases.Get(function), CorpusCases.Get(function).Points[point], (31 * point) + function.Length);

    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void PushforwardAlongEachAxisIsThePartialDerivative(string function, int point) =>
        DerivativeChecks.PushforwardAlongEachAxisIsThePartialDerivative(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void PushforwardReturnsThePrimalValue(string function, int point) =>
        DerivativeChecks.PushforwardReturnsThePrimalValue(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Names), MemberType = typeof(CorpusCases))]
    public void PushforwardHasOneTangentPerDifferentiableParameter(string function)
    {
        var f = CorpusCases.Get(function);
        var parameters = f.Pushforward.GetParameters();
        var n = f.Parameters.Length;
        Assert.Equal(n + f.Differentiable.Length, parameters.Length);
        for (var k = 0; k < f.Differentiable.Length; k++)
        {
            Assert.Equal(f.Primal.ReturnType, parameters[n + k].ParameterType);
            Assert.Equal(f.DerivativeNames("t")[k], parameters[n + k].Name);
        }
    }
}
