using SymDiff.Generators.Formulas;

namespace SymDiff.Generators.Tests;

/// <summary>The simplification and printing of the doc formulas, on expressions built by hand.</summary>
public sealed class FormulaAlgebraTests
{
    private readonly Algebra _a = new();

    private MathExpr X => _a.Symbol("x");

    private MathExpr V => _a.Symbol("v");

    private static string Print(MathExpr e) => FormulaText.Print(e, t => "t" + t.Id);

    [Fact]
    public void LikeTermsAreCollected()
    {
        Assert.Equal("2·v", Print(_a.Add(V, V)));
        Assert.Equal("v", Print(_a.Sub(_a.Mul(_a.Number(2), V), V)));
        Assert.Equal("0", Print(_a.Sub(V, V)));
        Assert.Equal("3·x² + 1", Print(_a.Add(_a.Add(_a.Mul(X, X), _a.Number(1)), _a.Mul(_a.Number(2), _a.Mul(X, X)))));
    }

    [Fact]
    public void EqualFactorsBecomePowersAndConstantsGoToTheFront()
    {
        var inner = _a.Add(_a.Mul(X, X), _a.Number(1));
        Assert.Equal("(x² + 1)²", Print(_a.Mul(inner, inner)));
        Assert.Equal("6·(x² + 1)²·x", Print(_a.Mul(_a.Number(2), _a.Mul(_a.Mul(_a.Number(3), _a.Mul(inner, inner)), X))));
        Assert.Equal("x³", Print(_a.Mul(_a.Mul(X, X), X)));
        Assert.Equal("1", Print(_a.Div(X, X)));
        Assert.Equal("x/3", Print(_a.Div(X, _a.Number(3))));
        Assert.Equal("x", Print(_a.Mul(_a.Number(7), _a.Div(X, _a.Number(7)))));
        Assert.Equal("0.5·v", Print(_a.Mul(V, _a.Number(0.5))));
    }

    [Fact]
    public void AMinusSignGoesIntoADifference()
    {
        var y = _a.Symbol("y");
        var s = _a.Symbol("s");
        var quotient = _a.Div(_a.Sub(y, _a.Number(1)), _a.Sub(_a.Number(1), s));
        Assert.Equal("(1 − y)/(1 − s)", Print(_a.Neg(quotient)));
        Assert.Equal("−(x + v)", Print(_a.Neg(_a.Add(X, V))));
        Assert.Equal("−x", Print(_a.Neg(X)));
        Assert.Equal("exp(−x)", Print(_a.Function("exp", _a.Neg(X))));
    }

    [Fact]
    public void AFactorOfEveryTermIsTakenOut()
    {
        var u = _a.Symbol("u");
        var t = _a.Symbol("T");
        Assert.Equal("(1 − T)/u", Print(_a.Sub(_a.Div(_a.Number(1), u), _a.Div(t, u))));
        Assert.Equal("2·(x + v)", Print(_a.Add(_a.Mul(_a.Number(2), X), _a.Mul(_a.Number(2), V))));
        Assert.Equal("x² + 3·x", Print(_a.Add(_a.Mul(X, X), _a.Mul(_a.Number(3), X))));
    }

    [Fact]
    public void CasesPrintWithOnePairOfParentheses()
    {
        var z = _a.Symbol("z");
        var k = _a.Symbol("k");
        var positive = _a.Compare("≥", z, _a.Number(0));
        Assert.Equal("(1 if z ≥ 0, else 0)", Print(_a.Cond(positive, _a.Number(1), _a.Number(0))));
        Assert.Equal("x + (1 if z ≥ 0, else 0)", Print(_a.Add(X, _a.Cond(positive, _a.Number(1), _a.Number(0)))));
        Assert.Equal("(k if z < 0, else 0)", Print(_a.Cond(positive, _a.Number(0), k)));
        Assert.Equal("z > 0", Print(_a.Compare("<", _a.Number(0), z)));
        Assert.Equal("z ≥ 0", Print(_a.Not(_a.Compare("<", z, _a.Number(0)))));
    }

    [Fact]
    public void AGuardAgainstZeroTimesInfinityIsLeftOut()
    {
        var a = _a.Symbol("a");
        var guarded = _a.Cond(_a.Compare("=", a, _a.Number(0)), _a.Number(0), _a.Mul(a, _a.Power(X, V)));
        Assert.Equal("a·x^v", Print(guarded));
        Assert.Equal("(x^v if a ≠ 0, else 0)", Print(_a.Cond(_a.Compare("=", a, _a.Number(0)), _a.Number(0), _a.Power(X, V))));
    }

    [Fact]
    public void CasesOnOneConditionMerge()
    {
        var k = _a.Symbol("k");
        var sum = _a.Add(_a.Cond(V, _a.Number(1), _a.Number(0)), _a.Cond(_a.Not(V), k, _a.Number(0)));
        Assert.Equal("(1 if v, else k)", Print(sum));

        var z = _a.Symbol("z");
        var below = _a.Compare("<", z, _a.Number(-1));
        var above = _a.Compare(">", z, _a.Number(1));
        var nested = _a.Cond(below, _a.Number(0), _a.Cond(above, _a.Number(0), _a.Number(1)));
        Assert.Equal("(1 if z ≥ −1 ∧ z ≤ 1, else 0)", Print(nested));

        var chain = _a.Cond(below, _a.Number(-1), _a.Cond(above, _a.Number(1), z));
        Assert.Equal("(−1 if z < −1, 1 if z > 1, else z)", Print(chain));
    }

    [Fact]
    public void TemporariesAreInlinedDefinedOrNamedAwayFromTheUsersNames()
    {
        var z = _a.Symbol("z");
        var sum = _a.Add(_a.Function("exp", z), _a.Function("exp", _a.Neg(z)));
        var shared = _a.Temporary(1, "sum");
        var small = _a.Temporary(2, "small");
        var definitions = new Dictionary<MathExpr, MathExpr> { [shared] = sum, [small] = _a.Function("exp", z) };

        var twice = Temporaries.Print(_a, new() { ("dF", _a.Mul(_a.Function("sin", shared), _a.Function("cos", shared))) }, t => definitions[t], new[] { "z" });
        Assert.Equal(new[] { "dF = sin(u)·cos(u), where u = exp(z) + exp(−z)" }, twice);

        var once = Temporaries.Print(_a, new() { ("dF", _a.Function("sin", shared)) }, t => definitions[t], new[] { "z" });
        Assert.Equal(new[] { "dF = sin(exp(z) + exp(−z))" }, once);

        var smallTwice = Temporaries.Print(_a, new() { ("dF", _a.Add(_a.Function("sin", small), _a.Function("cos", small))) }, t => definitions[t], new[] { "z" });
        Assert.Equal(new[] { "dF = sin(exp(z)) + cos(exp(z))" }, smallTwice);

        var taken = Temporaries.Print(_a, new() { ("dF", _a.Mul(_a.Function("sin", shared), _a.Function("cos", shared))) }, t => definitions[t], new[] { "z", "u", "u2" });
        Assert.Equal(new[] { "dF = sin(q)·cos(q), where q = exp(z) + exp(−z)" }, taken);
    }
}
