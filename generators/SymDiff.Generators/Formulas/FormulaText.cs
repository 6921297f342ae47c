namespace SymDiff.Generators.Formulas;

/// <summary>
/// Prints doc-formula expressions as the seeds write math: x·y, x², a/(b·c), exp, ln, √, |x|, and cases as
/// (a if c, b if d, else e). Parentheses only where precedence needs them.
/// </summary>
internal sealed class FormulaText
{
    /// <summary>How an elided value prints; <see cref="Note"/> explains it under the formulas.</summary>
    public const string Ellipsis = "…";

    /// <summary>The remark that explains <see cref="Ellipsis"/>.</summary>
    public const string Note = "(… stands for a subexpression too long to show here; the method body computes it.)";

    private const int Or = 2, And = 3, Equality = 4, Comparison = 5, Additive = 6, Multiplicative = 7, Unary = 8, Atom = 9;

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private readonly Func<MathExpr, string> _nameOf;

    private FormulaText(Func<MathExpr, string> nameOf) => _nameOf = nameOf;

    /// <summary>The text of <paramref name="e"/>; <paramref name="nameOf"/> names its temporaries.</summary>
    public static string Print(MathExpr e, Func<MathExpr, string> nameOf) => new FormulaText(nameOf).Text(e, 0);

    /// <summary>An integer exponent as superscript digits (², ¹⁰).</summary>
    public static string Superscript(int exponent) => new(exponent.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => Superscripts[d - '0']).ToArray());

    /// <summary>A number as the formulas print it, with a real minus sign (−1, 0.5, 1E-05).</summary>
    public static string Number(double value) => Ratio.Format(value).Replace("-", "−");

    private string Text(MathExpr e, int min)
    {
        Lowering.NestingGuard.EnsureStack();
        var (text, precedence) = e.Kind switch
        {
            MathKind.Number => (e.Number.Den == 1 ? Number(e.Number.Num) : $"{Number(e.Number.Num)}/{Number(e.Number.Den)}",
                e.Number.IsNegative ? Unary : e.Number.Den == 1 ? Atom : Multiplicative),
            MathKind.Symbol => (e.Text, Atom),
            MathKind.Temporary => (_nameOf(e), Atom),
            MathKind.Ellipsis => (Ellipsis, Atom),
            MathKind.Sum => (Sum(e), Additive),
            MathKind.Product => e.Number.IsNegative
                ? ("−" + Product(e.Number.Abs, Factors(e)), Unary)
                : (Product(e.Number, Factors(e)), Multiplicative),
            MathKind.Power => ($"{Text(e.Args[0], Atom)}^{Text(e.Args[1], Atom)}", Unary),
            MathKind.Function => Function(e),
            MathKind.Cond => (Cases(e), Atom),
            MathKind.Compare => ($"{Text(e.Args[0], Additive)} {e.Text} {Text(e.Args[1], Additive)}", e.Text is "=" or "≠" ? Equality : Comparison),
            MathKind.Not => ("¬" + Text(e.Args[0], Atom), Unary),
            MathKind.And => (string.Join(" ∧ ", e.Args.Select(a => Text(a, And + 1))), And),
            _ => (string.Join(" ∨ ", e.Args.Select(a => Text(a, Or + 1))), Or),
        };
        return precedence < min ? $"({text})" : text;
    }

    private static IEnumerable<(MathExpr Base, int Exponent)> Factors(MathExpr product) => product.Args.Zip(product.Exponents, (a, e) => (a, e));

    /// <summary>The terms in their order, except that a sum never starts with a minus when it has a positive term.</summary>
    private string Sum(MathExpr sum)
    {
        var order = Enumerable.Range(0, sum.Args.Length).ToList();
        var firstPositive = order.FindIndex(i => !sum.Coefficients[i].IsNegative);
        if (firstPositive > 0)
        {
            order.RemoveAt(firstPositive);
            order.Insert(0, firstPositive);
        }

        var text = new System.Text.StringBuilder();
        foreach (var i in order)
        {
            var (c, term) = (sum.Coefficients[i], sum.Args[i]);
            text.Append(text.Length == 0 ? (c.IsNegative ? "−" : string.Empty) : (c.IsNegative ? " − " : " + "));
            text.Append(term.Kind switch
            {
                _ when term.IsNumber(1) => Product(c.Abs, Enumerable.Empty<(MathExpr, int)>()),
                MathKind.Product => Product(c.Abs, Factors(term)),
                _ => Product(c.Abs, new[] { (term, 1) }),
            });
        }

        return text.ToString();
    }

    /// <summary>c·a·b/(d·e) for a non-negative coefficient c: factors with negative exponents go under the line.</summary>
    private string Product(Ratio c, IEnumerable<(MathExpr Base, int Exponent)> factors)
    {
        var numerator = new List<string>();
        var denominator = new List<string>();
        if (c.Num != 1)
        {
            numerator.Add(Number(c.Num));
        }

        if (c.Den != 1)
        {
            denominator.Add(Number(c.Den));
        }

        foreach (var (b, e) in factors)
        {
            // n·r^(n − 1) needs no parentheses, (r^n)² does.
            (e > 0 ? numerator : denominator).Add(Math.Abs(e) == 1 ? Text(b, Unary) : Text(b, Atom) + Superscript(Math.Abs(e)));
        }

        var top = numerator.Count == 0 ? "1" : string.Join("·", numerator);
        return denominator.Count switch
        {
            0 => top,
            1 => $"{top}/{denominator[0]}",
            _ => $"{top}/({string.Join("·", denominator)})",
        };
    }

    private (string Text, int Precedence) Function(MathExpr f) => f.Text switch
    {
        "|" => ($"|{Text(f.Args[0], 0)}|", Atom),
        "log" => ($"log_{Text(f.Args[1], Atom)}({Text(f.Args[0], 0)})", Atom),
        "mod" => ($"{Text(f.Args[0], Multiplicative)} mod {Text(f.Args[1], Unary)}", Multiplicative),
        _ => ($"{f.Text}({string.Join(", ", f.Args.Select(a => Text(a, 0)))})", Atom),
    };

    /// <summary>
    /// (a if c, else b); a chain of cases reads (a if c, b if d, else e), with the chain in the else-part and a
    /// value of 0 last: (k if z &lt; 0, else 0) rather than (0 if z ≥ 0, else k).
    /// </summary>
    private string Cases(MathExpr cond)
    {
        var cases = new List<string>();
        var current = cond;
        while (current.Kind == MathKind.Cond)
        {
            var (condition, whenTrue, whenFalse) = (current.Args[0], current.Args[1], current.Args[2]);
            if (whenFalse.Kind != MathKind.Cond && (whenTrue.Kind == MathKind.Cond || whenTrue.IsNumber(0) && !whenFalse.IsNumber(0)))
            {
                cases.Add($"{Text(whenFalse, 0)} if {Complement(condition)}");
                current = whenTrue;
                continue;
            }

            cases.Add($"{Text(whenTrue, 0)} if {Text(condition, 0)}");
            current = whenFalse;
        }

        return $"({string.Join(", ", cases)}, else {Text(current, 0)})";
    }

    /// <summary>¬c as text: comparisons turned around, De Morgan for ∧ and ∨.</summary>
    private string Complement(MathExpr condition) => condition.Kind switch
    {
        MathKind.Compare => $"{Text(condition.Args[0], Additive)} {Algebra.Complement(condition.Text)} {Text(condition.Args[1], Additive)}",
        MathKind.Not => Text(condition.Args[0], 0),
        MathKind.And => string.Join(" ∨ ", condition.Args.Select(a => Wrapped(a))),
        MathKind.Or => string.Join(" ∧ ", condition.Args.Select(a => Wrapped(a))),
        _ => "¬" + Text(condition, Atom),
    };

    private string Wrapped(MathExpr condition) => condition.Kind is MathKind.And or MathKind.Or ? $"({Complement(condition)})" : Complement(condition);
}
