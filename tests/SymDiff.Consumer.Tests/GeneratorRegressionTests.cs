using SymDiff.Consumer.Tests.Corpus;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Regression tests for generator bugs found by this corpus: a minus sign folded out of a product or quotient
/// (−x·y became −(x·y) whose inner node lost its activity), a call nested in another call's argument (resolved to
/// the inner callee), and Math.Clamp on float (emitted as the nonexistent MathF.Clamp).
/// </summary>
public class GeneratorRegressionTests
{
    [Fact]
    public void NegatedLeftOperandOfProductHasZeroDerivative() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.NegatedProduct), [0.7, -1.3], [2, 0.5]));

    [Fact]
    public void NegatedRightOperandOfProductHasZeroDerivative() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.ProductWithNegatedRight), [0.7, -1.3], [2, 0.5]));

    [Fact]
    public void NegatedNumeratorHasZeroDerivative() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.NegatedQuotient), [0.7, -1.3], [2, 0.5]));

    [Fact]
    public void NegatedDataTimesLogHasZeroDerivative() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.NegatedDataTimesLog), [0.7, 1], [2, 0.3]));

    [Fact]
    public void CrossEntropyAsTheSeedsWriteItLosesTheFirstTerm() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(LossCorpus), nameof(LossCorpus.CrossEntropy), [0.3, 1], [0.8, 0], [0.55, 0.3]));

    [Fact]
    public void Network221AsTheSeedsWriteItLosesTheFirstTerm() =>
        DerivativeChecks.All(DifferentiableFunction.Of(
            typeof(LossCorpus),
            nameof(LossCorpus.Network221),
            [0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.05, -0.05, 0.1, 1.0, 2.0, 1.0],
            [-0.7, 0.2, 0.9, -0.3, 1.2, 0.8, -0.1, 0.3, -0.4, 0.5, -1.5, 0.0]));

    [Fact]
    public void MultipleReturnsLosesTheNegatedProductBranch() =>
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(ControlFlow), nameof(ControlFlow.MultipleReturns), [-1, 2], [1, -2], [1, 2]));

    [Fact]
    public void NestedCallResolvesToTheInnerCallee()
    {
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(GeneratorBugRepros), nameof(GeneratorBugRepros.SquareOfTwice), [0.7], [-2]));
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(LossCorpus), "LogisticUnitNested", [0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1]));
    }

    [Fact]
    public void FloatClampEmitsMathFClamp()
    {
        DerivativeChecks.All(DifferentiableFunction.Of(typeof(FloatCorpus), "HardTanhClamp", [-2], [0.3], [1.5]));
    }
}
