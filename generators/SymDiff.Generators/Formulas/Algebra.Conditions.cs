namespace SymDiff.Generators.Formulas;

/// <summary>Comparisons, logic and cases of the doc formulas.</summary>
internal sealed partial class Algebra
{
    /// <summary>Each comparison's complement (¬(a &lt; b) is a ≥ b: the formulas are math, NaN aside).</summary>
    private static readonly Dictionary<string, string> Complements = new(StringComparer.Ordinal)
    {
        ["<"] = "≥", ["≥"] = "<", [">"] = "≤", ["≤"] = ">", ["="] = "≠", ["≠"] = "=",
    };

    /// <summary>Each comparison with its operands swapped (0 &lt; z is z &gt; 0).</summary>
    private static readonly Dictionary<string, string> Mirrors = new(StringComparer.Ordinal)
    {
        ["<"] = ">", [">"] = "<", ["≤"] = "≥", ["≥"] = "≤", ["="] = "=", ["≠"] = "≠",
    };

    public static string Complement(string comparison) => Complements[comparison];

    /// <summary>a op b, with a constant on the right (z &gt; 0, not 0 &lt; z); two constants are decided.</summary>
    public MathExpr Compare(string op, MathExpr a, MathExpr b)
    {
        if (a.Kind == MathKind.Number && b.Kind == MathKind.Number && a.Number.Den == 1 && b.Number.Den == 1)
        {
            var (x, y) = (a.Number.Num, b.Number.Num);
            var truth = op switch { "<" => x < y, "≤" => x <= y, ">" => x > y, "≥" => x >= y, "=" => x == y, _ => x != y };
            return truth ? One : Zero;
        }

        return a.Kind == MathKind.Number && b.Kind != MathKind.Number
            ? Compare(Mirrors[op], b, a)
            : Intern(MathKind.Compare, Ratio.Zero, op, new[] { a, b }, null, null, null);
    }

    /// <summary>¬a: a comparison becomes its complement, ¬¬a is a.</summary>
    public MathExpr Not(MathExpr a) => a.Kind switch
    {
        MathKind.Number => a.IsNumber(0) ? One : Zero,
        MathKind.Not => a.Args[0],
        MathKind.Compare => Compare(Complement(a.Text), a.Args[0], a.Args[1]),
        _ => Intern(MathKind.Not, Ratio.Zero, string.Empty, new[] { a }, null, null, null),
    };

    public MathExpr And(params MathExpr[] operands) => Junction(MathKind.And, operands, absorbing: Zero, neutral: One);

    public MathExpr Or(params MathExpr[] operands) => Junction(MathKind.Or, operands, absorbing: One, neutral: Zero);

    /// <summary>
    /// (whenTrue if condition, else whenFalse). The condition is kept in a canonical form (≥, &gt; or =, never ¬), the
    /// cases swapped to match, so that sums can merge cases on one condition; nested cases with a shared value merge
    /// into one condition: (a if c₁, else (a if c₂, else b)) is (a if c₁ ∨ c₂, else b).
    /// </summary>
    public MathExpr Cond(MathExpr condition, MathExpr whenTrue, MathExpr whenFalse)
    {
        if (whenTrue == whenFalse)
        {
            return whenTrue;
        }

        if (condition.Kind == MathKind.Number)
        {
            return condition.IsNumber(0) ? whenFalse : whenTrue;
        }

        if (condition.Kind == MathKind.Not || condition.Kind == MathKind.Compare && condition.Text is "<" or "≤" or "≠")
        {
            return Cond(Not(condition), whenFalse, whenTrue);
        }

        if (IsZeroGuard(condition, whenTrue, whenFalse))
        {
            return whenFalse;
        }

        if (whenTrue.Kind == MathKind.Cond)
        {
            var (inner, a, b) = (whenTrue.Args[0], whenTrue.Args[1], whenTrue.Args[2]);
            if (b == whenFalse)
            {
                return Cond(And(condition, inner), a, whenFalse);
            }

            if (a == whenFalse)
            {
                return Cond(And(condition, Not(inner)), b, whenFalse);
            }
        }

        if (whenFalse.Kind == MathKind.Cond)
        {
            var (inner, a, b) = (whenFalse.Args[0], whenFalse.Args[1], whenFalse.Args[2]);
            if (a == whenTrue)
            {
                return Cond(Or(condition, inner), whenTrue, b);
            }

            if (b == whenTrue)
            {
                return Cond(Or(condition, Not(inner)), whenTrue, a);
            }
        }

        return Intern(MathKind.Cond, Ratio.Zero, string.Empty, new[] { condition, whenTrue, whenFalse }, null, null, null);
    }

    /// <summary>
    /// (0 if a = 0, else a·x) is a·x: the code guards a product whose other factor can be infinite (0·∞ would be NaN),
    /// which the formulas, as math, need not.
    /// </summary>
    private static bool IsZeroGuard(MathExpr condition, MathExpr whenTrue, MathExpr whenFalse) =>
        condition.Kind == MathKind.Compare && condition.Text == "=" && condition.Args[1].IsNumber(0) && whenTrue.IsNumber(0)
        && (whenFalse == condition.Args[0]
            || whenFalse.Kind == MathKind.Product && whenFalse.Args.Zip(whenFalse.Exponents, (a, e) => a == condition.Args[0] && e > 0).Any(f => f));

    /// <summary>
    /// Cases on one condition in a sum merged into one: (1 if c, else 0) + (k if ¬c, else 0) = (1 if c, else k).
    /// Null when no two terms are cases on the same condition.
    /// </summary>
    private List<(Ratio Coefficient, MathExpr Term)>? MergeCases(List<(Ratio Coefficient, MathExpr Term)> terms)
    {
        var byCondition = terms.Where(t => t.Term.Kind == MathKind.Cond).GroupBy(t => t.Term.Args[0]).FirstOrDefault(g => g.Count() > 1);
        if (byCondition is null)
        {
            return null;
        }

        var cases = byCondition.ToList();
        var merged = Cond(
            byCondition.Key,
            Sum(cases.Select(t => (t.Coefficient, t.Term.Args[1]))),
            Sum(cases.Select(t => (t.Coefficient, t.Term.Args[2]))));
        var result = terms.Where(t => !cases.Contains(t)).ToList();
        result.Insert(terms.IndexOf(cases[0]), (Ratio.One, merged));
        return result;
    }

    private MathExpr Junction(MathKind kind, MathExpr[] operands, MathExpr absorbing, MathExpr neutral)
    {
        var flat = new List<MathExpr>();
        foreach (var operand in operands.SelectMany(o => o.Kind == kind ? o.Args : new[] { o }))
        {
            if (operand == absorbing)
            {
                return absorbing;
            }

            if (operand != neutral && !flat.Contains(operand))
            {
                flat.Add(operand);
            }
        }

        return flat.Count switch
        {
            0 => neutral,
            1 => flat[0],
            _ => Intern(kind, Ratio.Zero, string.Empty, flat.ToArray(), null, null, null),
        };
    }
}
