using SymDiff.Consumer.Tests.Corpus;
using Xunit;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Finite-difference checks of the span functions of <see cref="WarningFree"/> and <see cref="ReservedParameterNames"/>
/// (the scalar ones are in <see cref="CorpusCases"/>): constant conditions and unused locals on the loop path, whose
/// generated code once compiled only with warnings, and parameters named <c>_</c> and <c>nameof</c>. That this project builds at all, with <c>TreatWarningsAsErrors</c> and
/// <c>AnalysisLevel latest</c>, is the other half of the check.
/// </summary>
public sealed class WarningFreeTests
{
    private static readonly double[] X = [0.3, -1.2, 0.8, 2.1, -0.4];

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void LoopConstantFalse(double s) => EmittedBodiesTests.Check(
        WarningFree.LoopConstantFalse, WarningFree.LoopConstantFalseGradient,
        WarningFree.LoopConstantFalsePullback, WarningFree.LoopConstantFalsePushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void LoopConstantLocal(double s) => EmittedBodiesTests.Check(
        WarningFree.LoopConstantLocal, WarningFree.LoopConstantLocalGradient,
        WarningFree.LoopConstantLocalPullback, WarningFree.LoopConstantLocalPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void WhileTrueWithBreak(double s) => EmittedBodiesTests.Check(
        WarningFree.WhileTrueWithBreak, WarningFree.WhileTrueWithBreakGradient,
        WarningFree.WhileTrueWithBreakPullback, WarningFree.WhileTrueWithBreakPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void UnusedLoopLocals(double s) => EmittedBodiesTests.Check(
        WarningFree.UnusedLoopLocals, WarningFree.UnusedLoopLocalsGradient,
        WarningFree.UnusedLoopLocalsPullback, WarningFree.UnusedLoopLocalsPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void CheckpointedConstantCondition(double s) => EmittedBodiesTests.Check(
        WarningFree.CheckpointedConstantCondition, WarningFree.CheckpointedConstantConditionGradient,
        WarningFree.CheckpointedConstantConditionPullback, WarningFree.CheckpointedConstantConditionPushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void SpanNamedUnderscore(double s) => EmittedBodiesTests.Check(
        ReservedParameterNames.SpanNamedUnderscore, ReservedParameterNames.SpanNamedUnderscoreGradient,
        ReservedParameterNames.SpanNamedUnderscorePullback, ReservedParameterNames.SpanNamedUnderscorePushforward, X, s);

    [Theory]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void SpanNamedNameOf(double s) => EmittedBodiesTests.Check(
        ReservedParameterNames.SpanNamedNameOf, ReservedParameterNames.SpanNamedNameOfGradient,
        ReservedParameterNames.SpanNamedNameOfPullback, ReservedParameterNames.SpanNamedNameOfPushforward, X, s);
}
