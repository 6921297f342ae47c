using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Constructs of ordinary numeric C# on the loop path: assignments and ++/-- inside loop conditions and loop bodies'
/// expressions (<see cref="EmbeddedAssignments"/>), and buffers made from their elements (<see cref="InitializedBuffers"/>): the
/// generated Gradient, Pullback and Pushforward against central differences, and the primal against its closed form
/// (the derivatives' values are the primal's, so a lowering that changed the evaluation order would show here).
/// </summary>
public sealed class LanguageCoverageTests
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

    [Theory]
    [MemberData(nameof(Points))]
    public void ConstantWeights(double[] x)
    {
        double[] w = [0.5, -1.0, 2.0, 0.25, 1.5];
        Assert.Equal(x.Select((v, i) => w[i] * v * v).Sum(), InitializedBuffers.ConstantWeights(x), 12);
        LoopTests.CheckSpanFunction(v => InitializedBuffers.ConstantWeights(v), (v, d) => InitializedBuffers.ConstantWeightsGradient(v, d),
            (v, seed, d) => InitializedBuffers.ConstantWeightsPullback(v, seed, d), (v, t) => InitializedBuffers.ConstantWeightsPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ElementsFromSpan(double[] x)
    {
        var (first, last) = (x[0], x[^1]);
        Assert.Equal(first + last * first * last * first, InitializedBuffers.ElementsFromSpan(x), 12);
        LoopTests.CheckSpanFunction(v => InitializedBuffers.ElementsFromSpan(v), (v, d) => InitializedBuffers.ElementsFromSpanGradient(v, d),
            (v, seed, d) => InitializedBuffers.ElementsFromSpanPullback(v, seed, d), (v, t) => InitializedBuffers.ElementsFromSpanPushforward(v, t), x);
    }

    internal delegate double PairGradient(double x, double y, out double dX, out double dY);

    internal delegate double PairPullback(double x, double y, double seed, ref double dX, ref double dY);

    /// <summary>
    /// A function of two scalars: the Gradient's value is the primal's and its partials match central differences, the
    /// Pullback adds seed·gradient to what the adjoints held, and the Pushforward is gradient·tangent.
    /// </summary>
    internal static void CheckPair(Func<double, double, double> f, PairGradient gradient, PairPullback pullback, Func<double, double, double, double, (double Value, double Tangent)> pushforward, double x, double y, bool isFloat = false)
    {
        var tolerance = isFloat ? FloatTolerance : DoubleTolerance;
        var value = gradient(x, y, out var dX, out var dY);
        AssertClose(f(x, y), value, isFloat ? 1e-6 : 1e-12, "Gradient value");
        AssertClose(Central(v => f(v, y), x, isFloat), dX, tolerance, "dX");
        AssertClose(Central(v => f(x, v), y, isFloat), dY, tolerance, "dY");

        double heldX = 0.25, heldY = -0.5;
        AssertClose(f(x, y), pullback(x, y, -1.5, ref heldX, ref heldY), isFloat ? 1e-6 : 1e-12, "Pullback value");
        AssertClose(0.25 - 1.5 * dX, heldX, 1e-10, "Pullback dX");
        AssertClose(-0.5 - 1.5 * dY, heldY, 1e-10, "Pullback dY");

        var (primal, tangent) = pushforward(x, y, 0.7, -1.3);
        AssertClose(f(x, y), primal, isFloat ? 1e-6 : 1e-12, "Pushforward value");
        AssertClose(0.7 * dX - 1.3 * dY, tangent, isFloat ? 1e-5 : 1e-10, "Pushforward tangent");
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(1.2, 0.4)]
    public void ArrayInitializer(double x, double y)
    {
        Assert.Equal(x * x + y * y + x * y * x * y, InitializedBuffers.ArrayInitializer(x, y), 12);
        CheckPair(InitializedBuffers.ArrayInitializer, InitializedBuffers.ArrayInitializerGradient, InitializedBuffers.ArrayInitializerPullback, InitializedBuffers.ArrayInitializerPushforward, x, y);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.1, 0.6)]
    public void NewArrayWithElements(double x, double y) =>
        CheckPair(InitializedBuffers.NewArrayWithElements, InitializedBuffers.NewArrayWithElementsGradient, InitializedBuffers.NewArrayWithElementsPullback, InitializedBuffers.NewArrayWithElementsPushforward, x, y);

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(1.5, 0.2)]
    public void CollectionExpression(double x, double y)
    {
        Assert.Equal(Math.Log((1 + x * x) * (1 + 4 * y * y) * (1 + (x - y) * (x - y))), InitializedBuffers.CollectionExpression(x, y), 12);
        CheckPair(InitializedBuffers.CollectionExpression, InitializedBuffers.CollectionExpressionGradient, InitializedBuffers.CollectionExpressionPullback, InitializedBuffers.CollectionExpressionPushforward, x, y);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.4, 0.9)]
    public void StackallocWithElements(double x, double y) =>
        CheckPair(InitializedBuffers.StackallocWithElements, InitializedBuffers.StackallocWithElementsGradient, InitializedBuffers.StackallocWithElementsPullback, InitializedBuffers.StackallocWithElementsPushforward, x, y);

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.4, 0.9)]
    public void SinglePrecisionInitializer(double x, double y)
    {
        var value = InitializedBuffers.SinglePrecisionInitializerGradient((float)x, (float)y, out var dX, out var dY);
        AssertClose(InitializedBuffers.SinglePrecisionInitializer((float)x, (float)y), value, 1e-6, "Gradient value");
        AssertClose(Central(v => InitializedBuffers.SinglePrecisionInitializer((float)v, (float)y), x, isFloat: true), dX, FloatTolerance, "dX");
        AssertClose(Central(v => InitializedBuffers.SinglePrecisionInitializer((float)x, (float)v), y, isFloat: true), dY, FloatTolerance, "dY");
        var (_, tangent) = InitializedBuffers.SinglePrecisionInitializerPushforward((float)x, (float)y, 0.7f, -1.3f);
        AssertClose(0.7 * dX - 1.3 * dY, tangent, 1e-5, "Pushforward tangent");
    }

    [Theory]
    [MemberData(nameof(Points))]
    [InlineData(new[] { 1.0, 6.0, 2.0 })]
    public void Switches(double[] x)
    {
        LoopTests.CheckSpanFunction(v => Corpus.Switches.SwitchInLoop(v), (v, d) => Corpus.Switches.SwitchInLoopGradient(v, d),
            (v, seed, d) => Corpus.Switches.SwitchInLoopPullback(v, seed, d), (v, t) => Corpus.Switches.SwitchInLoopPushforward(v, t), x);
        Assert.Equal(x.Select((v, i) => i % 2 == 0 ? 2 * v : v * v).Sum(), Corpus.Switches.SwitchExpressionInLoop(x), 12);
        LoopTests.CheckSpanFunction(v => Corpus.Switches.SwitchExpressionInLoop(v), (v, d) => Corpus.Switches.SwitchExpressionInLoopGradient(v, d),
            (v, seed, d) => Corpus.Switches.SwitchExpressionInLoopPullback(v, seed, d), (v, t) => Corpus.Switches.SwitchExpressionInLoopPushforward(v, t), x);
        LoopTests.CheckSpanFunction(v => Corpus.Switches.ReturnFromSwitchInLoop(v), (v, d) => Corpus.Switches.ReturnFromSwitchInLoopGradient(v, d),
            (v, seed, d) => Corpus.Switches.ReturnFromSwitchInLoopPullback(v, seed, d), (v, t) => Corpus.Switches.ReturnFromSwitchInLoopPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void NumberTypeFunctionsInLoop(double[] x) =>
        LoopTests.CheckSpanFunction(v => MathFunctions.NumberTypeFunctionsInLoop(v), (v, d) => MathFunctions.NumberTypeFunctionsInLoopGradient(v, d),
            (v, seed, d) => MathFunctions.NumberTypeFunctionsInLoopPullback(v, seed, d), (v, t) => MathFunctions.NumberTypeFunctionsInLoopPushforward(v, t), x);

    [Theory]
    [MemberData(nameof(Points))]
    public void BuffersDeclaredInLoops(double[] x)
    {
        var expected = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            expected += x[i] * x[i + 1] * Math.Sin(x[i]);
        }

        Assert.Equal(expected, InitializedBuffers.ScratchPerIteration(x), 12);
        LoopTests.CheckSpanFunction(v => InitializedBuffers.ScratchPerIteration(v), (v, d) => InitializedBuffers.ScratchPerIterationGradient(v, d),
            (v, seed, d) => InitializedBuffers.ScratchPerIterationPullback(v, seed, d), (v, t) => InitializedBuffers.ScratchPerIterationPushforward(v, t), x);
        LoopTests.CheckSpanFunction(v => InitializedBuffers.ElementsPerIteration(v), (v, d) => InitializedBuffers.ElementsPerIterationGradient(v, d),
            (v, seed, d) => InitializedBuffers.ElementsPerIterationPullback(v, seed, d), (v, t) => InitializedBuffers.ElementsPerIterationPushforward(v, t), x);
        LoopTests.CheckSpanFunction(v => InitializedBuffers.ScratchOfInputLength(v), (v, d) => InitializedBuffers.ScratchOfInputLengthGradient(v, d),
            (v, seed, d) => InitializedBuffers.ScratchOfInputLengthPullback(v, seed, d), (v, t) => InitializedBuffers.ScratchOfInputLengthPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void SlicesRangesAndViews(double[] x)
    {
        var expected = x.Skip(1).Select((v, i) => v * x[i]).Sum() + x[^1] * x[0];
        Assert.Equal(expected, Corpus.Views.SliceAndFromEnd(x), 12);
        LoopTests.CheckSpanFunction(v => Corpus.Views.SliceAndFromEnd(v), (v, d) => Corpus.Views.SliceAndFromEndGradient(v, d),
            (v, seed, d) => Corpus.Views.SliceAndFromEndPullback(v, seed, d), (v, t) => Corpus.Views.SliceAndFromEndPushforward(v, t), x);
        LoopTests.CheckSpanFunction(v => Corpus.Views.RangeWindow(v), (v, d) => Corpus.Views.RangeWindowGradient(v, d),
            (v, seed, d) => Corpus.Views.RangeWindowPullback(v, seed, d), (v, t) => Corpus.Views.RangeWindowPushforward(v, t), x);
        LoopTests.CheckSpanFunction(v => Corpus.Views.WritableViewOfBuffer(v), (v, d) => Corpus.Views.WritableViewOfBufferGradient(v, d),
            (v, seed, d) => Corpus.Views.WritableViewOfBufferPullback(v, seed, d), (v, t) => Corpus.Views.WritableViewOfBufferPushforward(v, t), x);
        if (x.Length >= 3)
        {
            Assert.Equal(x[1] * x[2] + x[^1] * x.Length + x[0] * x[1], Corpus.Views.AsSpanAndAlias(x), 12);
            LoopTests.CheckSpanFunction(v => Corpus.Views.AsSpanAndAlias(v), (v, d) => Corpus.Views.AsSpanAndAliasGradient(v, d),
                (v, seed, d) => Corpus.Views.AsSpanAndAliasPullback(v, seed, d), (v, t) => Corpus.Views.AsSpanAndAliasPushforward(v, t), x);
        }
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void DeconstructionInALoop(double[] x)
    {
        double previous = 1, current = 0.5;
        foreach (var v in x)
        {
            (previous, current) = (current, previous + v * current);
        }

        Assert.Equal(current * previous, Tuples.Recurrence(x), 12);
        LoopTests.CheckSpanFunction(v => Tuples.Recurrence(v), (v, d) => Tuples.RecurrenceGradient(v, d),
            (v, seed, d) => Tuples.RecurrencePullback(v, seed, d), (v, t) => Tuples.RecurrencePushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void RefLocals(double[] x)
    {
        Assert.Equal(x.Select((v, k) => (v * v + Math.Sin(v * v)) * (k + 1)).Sum(), Corpus.Views.RefLocals(x), 12);
        LoopTests.CheckSpanFunction(v => Corpus.Views.RefLocals(v), (v, d) => Corpus.Views.RefLocalsGradient(v, d),
            (v, seed, d) => Corpus.Views.RefLocalsPullback(v, seed, d), (v, t) => Corpus.Views.RefLocalsPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void LocalFunctionsInALoop(double[] x)
    {
        var dot = x.Sum(v => v * v);
        Assert.Equal(x.Select((v, i) => v * v / (i + 1) + dot * 0.01).Sum(), Corpus.LocalFunctions.InLoop(x), 12);
        LoopTests.CheckSpanFunction(v => Corpus.LocalFunctions.InLoop(v), (v, d) => Corpus.LocalFunctions.InLoopGradient(v, d),
            (v, seed, d) => Corpus.LocalFunctions.InLoopPullback(v, seed, d), (v, t) => Corpus.LocalFunctions.InLoopPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void VectorHelperAsLocalFunction(double[] x)
    {
        double[] w = [0.5, -1.0, 2.0, 0.3, 1.5, -0.7, 0.2, 1.1, -0.4, 0.9];
        var y = Enumerable.Range(0, 2).Select(r => x.Select((v, c) => w[r * x.Length + c] * v).Sum()).ToArray();
        Assert.Equal(Math.Tanh(y[0]) * y[1], Corpus.LocalFunctions.MatVecHelper(x), 12);
        LoopTests.CheckSpanFunction(v => Corpus.LocalFunctions.MatVecHelper(v), (v, d) => Corpus.LocalFunctions.MatVecHelperGradient(v, d),
            (v, seed, d) => Corpus.LocalFunctions.MatVecHelperPullback(v, seed, d), (v, t) => Corpus.LocalFunctions.MatVecHelperPushforward(v, t), x);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void AssignedNoDerivativeParameter(double[] x) =>
        LoopTests.CheckSpanFunction(v => Corpus.Views.AssignsNoDerivativeParameter(v, 0.7), (v, d) => Corpus.Views.AssignsNoDerivativeParameterGradient(v, 0.7, d),
            (v, seed, d) => Corpus.Views.AssignsNoDerivativeParameterPullback(v, 0.7, seed, d), (v, t) => Corpus.Views.AssignsNoDerivativeParameterPushforward(v, 0.7, t), x);
}
