using SymDiff.Generators.Model;

namespace SymDiff.Generators.Tests;

/// <summary>The shared traversal of the loop IR (<see cref="LoopIrWalk"/>), on programs built by hand.</summary>
public sealed class LoopIrWalkTests
{
    private static LExpr Int(int variable) => new LRead(ScalarKind.Int, variable);

    private static LExpr Real(int variable) => new LRead(ScalarKind.Double, variable);

    private static LExpr Const(double value) => new LConst(ScalarKind.Double, value);

    private static LExpr Apply(Op op, params LExpr[] args) => new LApply(args[0].Type, op, args.ToEquatableArray());

    private static EquatableArray<LStmt> Block(params LStmt[] statements) => statements.ToEquatableArray();

    private static LAssign Assign(int variable) => new(variable, Const(variable));

    /// <summary>
    /// <c>x0 = 0; for (i1 …) { if (…) { x3 = 3 } else { for (i4 …) { a5[i4] = 5; x6 = 6 } } x7 = 7 } f(x8)</c>, with the
    /// statements in program order and the loop depth each sits at.
    /// </summary>
    private static (EquatableArray<LStmt> Body, LStmt[] InOrder, int[] Depths) Nested()
    {
        var s0 = Assign(0);
        var s3 = Assign(3);
        var s5 = new LStore(5, Int(4), Const(5));
        var s6 = Assign(6);
        var s4 = new LLoop(Apply(Op.Lt, Int(4), Int(9)), Block(s5), Block(s6), TestFirst: true, new LCounter(4, Int(2), 1));
        var s2 = new LIf(Apply(Op.Lt, Real(0), Const(1)), Block(s3), Block(s4));
        var s7 = Assign(7);
        var s1 = new LLoop(Apply(Op.Lt, Int(1), Int(9)), Block(s2), Block(s7), TestFirst: true, Counter: null);
        var s8 = new LCall(-1, 0, new[] { new LArg(Real(8), -1), new LArg(null, 5) }.ToEquatableArray());
        return (Block(s0, s1, s8), new LStmt[] { s0, s1, s2, s3, s4, s5, s6, s7, s8 }, new[] { 0, 0, 1, 1, 1, 2, 2, 1, 0 });
    }

    [Fact]
    public void StatementsComeInProgramOrderWithWhatIsNestedInThemRightAfter()
    {
        var (body, inOrder, _) = Nested();
        var walked = body.Descendants().ToList();
        Assert.Equal(inOrder.Length, walked.Count);
        for (var k = 0; k < inOrder.Length; k++)
        {
            Assert.Same(inOrder[k], walked[k]);
        }
    }

    [Fact]
    public void EachStatementCarriesTheNumberOfLoopsAroundIt()
    {
        var (body, inOrder, depths) = Nested();
        var walked = body.DescendantsWithLoopDepth().ToList();
        Assert.Equal(inOrder, walked.Select(w => w.Statement));
        Assert.Equal(depths, walked.Select(w => w.LoopDepth));
    }

    [Fact]
    public void AStatementNotEnteredIsVisitedButNotWhatItHolds()
    {
        var (body, inOrder, _) = Nested();
        Assert.Equal(new[] { inOrder[0], inOrder[1], inOrder[8] }, body.Descendants(s => s is not LLoop));
        Assert.Equal(new[] { inOrder[0], inOrder[1], inOrder[2], inOrder[3], inOrder[4], inOrder[7], inOrder[8] }, body.Descendants(s => !ReferenceEquals(s, inOrder[4])));
    }

    [Fact]
    public void ChildrenAreTheArmsAndTheLoopBodyThenItsStep()
    {
        var (_, inOrder, _) = Nested();
        Assert.Equal(new[] { inOrder[2], inOrder[7] }, inOrder[1].Children());
        Assert.Equal(new[] { inOrder[3], inOrder[4] }, inOrder[2].Children());
        Assert.Empty(inOrder[0].Children());
        Assert.Equal(2, inOrder[4].Blocks().Count());
        Assert.Empty(inOrder[8].Blocks());
    }

    [Fact]
    public void AStatementsOwnExpressionsLeaveOutTheNestedStatements()
    {
        var (body, s, _) = Nested();
        var loop = (LLoop)s[4];
        Assert.Equal(s.SelectMany(statement => statement.Expressions()), body.ExpressionsWithin());
        Assert.Equal(11, body.ExpressionsWithin().Count());
        Assert.Equal(new[] { ((LAssign)s[0]).Value }, s[0].Expressions());
        Assert.Equal(new[] { loop.Condition, loop.Counter!.Start }, loop.Expressions());
        Assert.Equal(new[] { ((LLoop)s[1]).Condition }, s[1].Expressions());
        Assert.Equal(new[] { ((LIf)s[2]).Condition }, s[2].Expressions());
        Assert.Equal(new[] { Int(4), Const(5) }, s[5].Expressions());
        Assert.Equal(new[] { Real(8) }, s[8].Expressions());
        Assert.Equal(new[] { Int(3) }, new LAllocate(2, Int(3)).Expressions());
    }

    [Fact]
    public void SubexpressionsComeOperationFirstThenItsArgumentsLeftToRight()
    {
        // a[i + 1] * x
        var sum = Apply(Op.Add, Int(1), new LConst(ScalarKind.Int, 1));
        var element = new LElement(ScalarKind.Double, 0, sum);
        var product = Apply(Op.Mul, element, Real(2));
        var walked = product.Descendants().ToList();
        Assert.Equal(new LExpr[] { product, element, sum, Int(1), new LConst(ScalarKind.Int, 1), Real(2) }, walked);
        Assert.Same(element, walked[1]);
        Assert.Equal(new[] { new LLength(3) }, new LLength(3).Descendants());
    }

    [Fact]
    public void LoopsNestedDeeperThanAStackAllowsAreWalked()
    {
        const int depth = 100_000;
        var innermost = (LStmt)Assign(0);
        var statement = innermost;
        for (var k = 0; k < depth; k++)
        {
            statement = k % 2 == 0
                ? new LLoop(Const(1), Block(statement), Block(), TestFirst: true, Counter: null)
                : new LIf(Const(1), Block(), Block(statement));
        }

        var walked = Block(statement).DescendantsWithLoopDepth().ToList();
        Assert.Equal(depth + 1, walked.Count);
        Assert.Same(innermost, walked[^1].Statement);
        Assert.Equal(depth / 2, walked[^1].LoopDepth);
    }

    [Fact]
    public void SumsLongerThanAStackAllowsAreWalked()
    {
        const int terms = 100_000;
        var sum = Real(0);
        for (var k = 1; k < terms; k++)
        {
            sum = Apply(Op.Add, sum, Real(k));
        }

        var reads = sum.Descendants().OfType<LRead>().Select(r => r.Var).ToList();
        Assert.Equal(Enumerable.Range(0, terms), reads);
    }
}
