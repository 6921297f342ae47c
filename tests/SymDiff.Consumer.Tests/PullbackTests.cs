namespace SymDiff.Consumer.Tests;

/// <summary>Generated <c>Pullback</c> methods: they add seed·gradient into the adjoints they are given.</summary>
public class PullbackTests
{
    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void PullbackAddsSeedTimesGradient(string function, int point) =>
        DerivativeChecks.PullbackAddsSeedTimesGradient(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Points), MemberType = typeof(CorpusCases))]
    public void PullbackReturnsThePrimalValue(string function, int point) =>
        DerivativeChecks.PullbackReturnsThePrimalValue(CorpusCases.Get(function), CorpusCases.Get(function).Points[point]);

    [Theory]
    [MemberData(nameof(CorpusCases.Names), MemberType = typeof(CorpusCases))]
    public void PullbackHasSeedAndOneRefAdjointPerDifferentiableParameter(string function)
    {
        var f = CorpusCases.Get(function);
        var parameters = f.Pullback.GetParameters();
        var n = f.Parameters.Length;
        Assert.Equal(f.Primal.ReturnType, f.Pullback.ReturnType);
        Assert.Equal(n + 1 + f.Differentiable.Length, parameters.Length);
        Assert.Equal(f.Primal.ReturnType, parameters[n].ParameterType);
        for (var k = 0; k < f.Differentiable.Length; k++)
        {
            var adjoint = parameters[n + 1 + k];
            Assert.False(adjoint.IsOut);
            Assert.Equal(f.Primal.ReturnType.MakeByRefType(), adjoint.ParameterType);
            Assert.Equal(f.DerivativeNames("d")[k], adjoint.Name);
        }
    }
}
