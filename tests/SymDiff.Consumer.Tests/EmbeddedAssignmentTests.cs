using SymDiff.Consumer.Tests.Corpus;
using Xunit;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Assignments and ++/-- inside loop conditions and loop bodies' expressions (<see cref="EmbeddedAssignments"/>): the
/// generated Gradient, Pullback and Pushforward against central differences, and the primal against its closed form
/// (the derivatives' values are the primal's, so a lowering that changed the evaluation order would show here).
/// </summary>
public sealed class EmbeddedAssignmentTests
{
    public static TheoryData<double[]> Points => new()
    {
        new[] { 0.3, -1.2, 0.8, 2.1, -0.4 },
        new[] { 1.1, 0.5 },
        new[] { -0.7, 0.2, 0.9 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void WhileDecrement(double[] x)
    {
        Assert.Equal(x.Select((v, i) => v * v * (i + 1)).Sum(), EmbeddedAssignments.WhileDecrement(x), 12);
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.WhileDecrement(v), (v, d) => EmbeddedAssignments.WhileDecrementGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.WhileDecrementPullback(v, seed, d), (v, t) => EmbeddedAssignments.WhileDecrementPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void PostIncrementIndex(double[] x)
    {
        Assert.Equal(x.Select((v, i) => v * v * Math.Sin(i + 1)).Sum(), EmbeddedAssignments.PostIncrementIndex(x), 12);
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.PostIncrementIndex(v), (v, d) => EmbeddedAssignments.PostIncrementIndexGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.PostIncrementIndexPullback(v, seed, d), (v, t) => EmbeddedAssignments.PostIncrementIndexPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ForConditionIncrements(double[] x)
    {
        Assert.Equal(x.Select((v, i) => Math.Exp(v * 0.5) * (i + 1)).Sum(), EmbeddedAssignments.ForConditionIncrements(x), 12);
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.ForConditionIncrements(v), (v, d) => EmbeddedAssignments.ForConditionIncrementsGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.ForConditionIncrementsPullback(v, seed, d), (v, t) => EmbeddedAssignments.ForConditionIncrementsPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void DoWhilePreDecrement(double[] x)
    {
        Assert.Equal(x.Aggregate(1.0, (p, v) => p * (1 + v * 0.5)), EmbeddedAssignments.DoWhilePreDecrement(x), 12);
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.DoWhilePreDecrement(v), (v, d) => EmbeddedAssignments.DoWhilePreDecrementGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.DoWhilePreDecrementPullback(v, seed, d), (v, t) => EmbeddedAssignments.DoWhilePreDecrementPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void StoredValueReused(double[] x)
    {
        if (x.Length < 2)
        {
            return;
        }

        var b = new double[x.Length];
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            s += b[i] = x[i] * x[i] + s * 0.5;
        }

        Assert.Equal(s + b[0] * b[1], EmbeddedAssignments.StoredValueReused(x), 12);
        LoopTests.CheckSpanFunction(v => EmbeddedAssignments.StoredValueReused(v), (v, d) => EmbeddedAssignments.StoredValueReusedGradient(v, d),
            (v, seed, d) => EmbeddedAssignments.StoredValueReusedPullback(v, seed, d), (v, t) => EmbeddedAssignments.StoredValueReusedPushforward(v, t), x);
    }
}
