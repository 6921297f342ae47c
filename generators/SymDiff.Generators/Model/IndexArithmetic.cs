namespace SymDiff.Generators.Model;

/// <summary>
/// Int expressions of the loop IR as the generated members compute offsets and indices (a Jacobian's column, a Hessian's
/// row, a lane's direction): constants folded, no 0 term, no factor of 1, so that a block's first offset prints
/// <c>row</c>, not <c>row - (0)</c>. Arithmetic on ints that C# would wrap is left as written.
/// </summary>
internal static class IndexArithmetic
{
    /// <summary>An int constant.</summary>
    public static LExpr Int(int value) => new LConst(ScalarKind.Int, value);

    /// <summary><c>a + b</c>.</summary>
    public static LExpr Add(LExpr a, LExpr b) => (a, b) switch
    {
        (LConst { Value: 0 }, _) => b,
        (_, LConst { Value: 0 }) => a,
        (LConst x, LConst y) when Fits(x.Value + y.Value) => Int((int)(x.Value + y.Value)),
        _ => Apply(Op.Add, a, b),
    };

    /// <summary><c>a - b</c>.</summary>
    public static LExpr Sub(LExpr a, LExpr b) => (a, b) switch
    {
        (_, LConst { Value: 0 }) => a,
        (LConst x, LConst y) when Fits(x.Value - y.Value) => Int((int)(x.Value - y.Value)),
        _ => Apply(Op.Sub, a, b),
    };

    /// <summary><c>a * b</c>.</summary>
    public static LExpr Mul(LExpr a, LExpr b) => (a, b) switch
    {
        (LConst { Value: 0 }, _) or (_, LConst { Value: 0 }) => Int(0),
        (LConst { Value: 1 }, _) => b,
        (_, LConst { Value: 1 }) => a,
        (LConst x, LConst y) when Fits(x.Value * y.Value) => Int((int)(x.Value * y.Value)),
        _ => Apply(Op.Mul, a, b),
    };

    private static bool Fits(double value) => value is >= int.MinValue and <= int.MaxValue;

    private static LExpr Apply(Op op, LExpr a, LExpr b) => new LApply(ScalarKind.Int, op, new EquatableArray<LExpr>(new[] { a, b }));
}
