namespace SymDiff.Generators.Model;

/// <summary>
/// Conditions of the loop IR that C# takes as constant expressions. Generated code must not test one: C# calls the arm
/// it never takes unreachable code (CS0162), a warning that fails a build with warnings as errors.
/// </summary>
internal static class ConstantFold
{
    /// <summary>
    /// The value of <paramref name="condition"/> when C# takes it as a constant expression: literals combined by
    /// operators only (<c>1f &gt; 0.5f</c>, which a program over scalars gets when a local known to be a constant is
    /// written where it is read), evaluated as C# would (float operands in float); else <see langword="null"/>. A
    /// <c>Math</c> function of constants is not a C# constant.
    /// </summary>
    public static bool? Truth(LExpr condition) => Fold(condition) is { } value ? value != 0 : null;

    private static double? Fold(LExpr expression)
    {
        switch (expression)
        {
            case LConst c:
                return c.Value;
            case LApply a:
                var args = new double[a.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    if (Fold(a.Args[i]) is not { } value)
                    {
                        return null;
                    }

                    args[i] = value;
                }

                return Combine(a.Op, a.Type, args);
            default:
                return null;
        }
    }

    /// <summary>
    /// <paramref name="op"/> of the constants <paramref name="args"/> as C# evaluates a constant expression, or
    /// <see langword="null"/> when it is not one (a <c>Math</c> function, a cast) or folds to NaN (a zero divisor):
    /// rounded to float in float, truncated in int (<c>7 / 2</c> is 3). The graph's conditions read it too
    /// (<c>Differentiation.Graph.Truth</c>).
    /// </summary>
    public static double? Combine(Op op, ScalarKind type, double[] args)
    {
        if (Ops.Of(op) is not { CSharp.Notation: Notation.Infix or Notation.Prefix } info || (info.Fold ?? (op == Op.Div ? Quotient : null)) is not { } fold)
        {
            return null;
        }

        var result = fold(args);
        if (double.IsNaN(result))
        {
            return null;
        }

        return type switch
        {
            ScalarKind.Float => (float)result,
            ScalarKind.Int => Math.Truncate(result),
            _ => result,
        };
    }

    /// <summary>A quotient (not in the operations table's folds: the graph simplifies its own); NaN for a zero divisor, which folds nothing.</summary>
    private static double Quotient(double[] a) => a[1] == 0 ? double.NaN : a[0] / a[1];
}
