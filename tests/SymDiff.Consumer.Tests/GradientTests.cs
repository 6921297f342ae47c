namespace SymDiff.Consumer.Tests;

/// <summary>Generated <c>Gradient</c> methods against central differences of the primal.</summary>
public class GradientTests
{
    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void GradientMatchesCentralDifferences(string function, int point) =>
        DerivativeChecks.GradientMatchesCentralDifferences(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void GradientReturnsThePrimalValue(string function, int point) =>
        DerivativeChecks.GradientReturnsThePrimalValue(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Names), MemberType = typeof(CorpusCases))]
    public void GradientHasOneOutAdjointPerDifferentiableParameter(string function)
    {
        var f = CorpusCases.Get(function);
        var parameters = f.Gradient.GetParameters();
        Assert.Equal(f.Primal.ReturnType, f.Gradient.ReturnType);
        Assert.Equal(f.Parameters.Length + f.Differentiable.Length, parameters.Length);
        Assert.Equal(f.Parameters.Select(p => (p.Name, p.ParameterType)), parameters.Take(f.Parameters.Length).Select(p => (p.Name, p.ParameterType)));
        for (var k = 0; k < f.Differentiable.Length; k++)
        {
            var adjoint = parameters[f.Parameters.Length + k];
            Assert.True(adjoint.IsOut);
            Assert.Equal(f.DerivativeNames("d")[k], adjoint.Name);
            Assert.Equal(f.Primal.ReturnType.MakeByRefType(), adjoint.ParameterType);
        }
    }
}
