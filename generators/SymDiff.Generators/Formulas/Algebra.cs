using System.Globalization;
using System.Text;

namespace SymDiff.Generators.Formulas;

/// <summary>
/// Builds the doc formulas' expressions in a normal form, the way a person simplifies by hand: like terms collected
/// (v + v = 2·v), equal factors collected into powers ((x² + 1)·(x² + 1) = (x² + 1)²), constant factors to the
/// front, a factor common to every term of a sum taken out (a/u − b/u = (a − b)/u), a minus sign absorbed by a
/// difference (−(y − 1) = 1 − y). Expressions are interned, so equal ones are one object.
/// </summary>
/// <remarks>
/// This is algebra for reading only: it cancels u/u and rearranges terms without regard to rounding, which the
/// generated code, built from the graph and never from these expressions, does not do.
/// </remarks>
internal sealed partial class Algebra
{
    private readonly Dictionary<string, MathExpr> _interned = new(StringComparer.Ordinal);

    public Algebra()
    {
        One = Number(Ratio.One);
        Zero = Number(Ratio.Zero);
    }

    public MathExpr One { get; }

    public MathExpr Zero { get; }

    public MathExpr Number(Ratio value) => Intern(MathKind.Number, value, string.Empty, null, null, null, null);

    public MathExpr Number(double value) => Number(new Ratio(value, 1));

    public MathExpr Symbol(string name) => Intern(MathKind.Symbol, Ratio.Zero, name, null, null, null, null);

    /// <summary>A value of the code read in several places, identified by <paramref name="key"/> and standing for <paramref name="tag"/>.</summary>
    public MathExpr Temporary(int key, object tag) => Intern(MathKind.Temporary, new Ratio(key, 1), string.Empty, null, null, null, tag);

    /// <summary>A value too long to show; each is distinct, so two of them are never collected into 2·….</summary>
    public MathExpr Ellipsis(int key) => Intern(MathKind.Ellipsis, new Ratio(key, 1), string.Empty, null, null, null, null);

    public MathExpr Function(string name, params MathExpr[] args) => Intern(MathKind.Function, Ratio.Zero, name, args, null, null, null);

    public MathExpr Add(MathExpr a, MathExpr b) => Sum(new[] { (Ratio.One, a), (Ratio.One, b) });

    public MathExpr Sub(MathExpr a, MathExpr b) => Sum(new[] { (Ratio.One, a), (Ratio.MinusOne, b) });

    public MathExpr Neg(MathExpr a) => Product(Ratio.MinusOne, new[] { (a, 1) });

    public MathExpr Mul(MathExpr a, MathExpr b) => Product(Ratio.One, new[] { (a, 1), (b, 1) });

    public MathExpr Div(MathExpr a, MathExpr b) => Product(Ratio.One, new[] { (a, 1), (b, -1) });

    public MathExpr Pow(MathExpr a, int exponent) => Product(Ratio.One, new[] { (a, exponent) });

    /// <summary>a^b: an integer constant exponent becomes a power of a product (x·x·x = x³), any other stays a^b.</summary>
    public MathExpr Power(MathExpr a, MathExpr b) =>
        b.Kind == MathKind.Number && b.Number.Den == 1 && Math.Abs(b.Number.Num) <= 64
            ? Pow(a, (int)b.Number.Num)
            : Intern(MathKind.Power, Ratio.Zero, string.Empty, new[] { a, b }, null, null, null);

    /// <summary>Σ cᵢ·tᵢ in normal form (see the class summary).</summary>
    public MathExpr Sum(IEnumerable<(Ratio Coefficient, MathExpr Term)> terms)
    {
        var order = new List<MathExpr>();
        var coefficients = new Dictionary<MathExpr, Ratio>();
        void Put(Ratio c, MathExpr body)
        {
            if (coefficients.TryGetValue(body, out var existing))
            {
                coefficients[body] = existing.Plus(c);
            }
            else
            {
                coefficients[body] = c;
                order.Add(body);
            }
        }

        foreach (var (c, term) in terms)
        {
            switch (term.Kind)
            {
                case MathKind.Number:
                    Put(c.Times(term.Number), One);
                    break;
                case MathKind.Sum:
                    for (var i = 0; i < term.Args.Length; i++)
                    {
                        Put(c.Times(term.Coefficients[i]), term.Args[i]);
                    }

                    break;
                case MathKind.Product:
                    Put(c.Times(term.Number), Monomial(term));
                    break;
                default:
                    Put(c, term);
                    break;
            }
        }

        var kept = order.Where(t => !coefficients[t].IsZero).Select(t => (Coefficient: coefficients[t], Term: t)).ToList();
        if (MergeCases(kept) is { } merged)
        {
            return Sum(merged);
        }

        if (kept.Count == 0)
        {
            return Zero;
        }

        if (kept.Count == 1)
        {
            return kept[0].Term == One ? Number(kept[0].Coefficient) : Product(kept[0].Coefficient, new[] { (kept[0].Term, 1) });
        }

        return TakeOutCommonFactor(kept) ?? Intern(
            MathKind.Sum, Ratio.Zero, string.Empty, kept.Select(t => t.Term).ToArray(), null, kept.Select(t => t.Coefficient).ToArray(), null);
    }

    /// <summary>c·Π fᵢ^eᵢ in normal form (see the class summary).</summary>
    public MathExpr Product(Ratio coefficient, IEnumerable<(MathExpr Base, int Exponent)> factors)
    {
        var c = coefficient;
        var order = new List<MathExpr>();
        var exponents = new Dictionary<MathExpr, int>();
        void Put(MathExpr b, int e)
        {
            if (exponents.TryGetValue(b, out var existing))
            {
                exponents[b] = existing + e;
            }
            else
            {
                exponents[b] = e;
                order.Add(b);
            }
        }

        foreach (var (b, e) in factors)
        {
            if (e == 0)
            {
                continue;
            }

            if (b.Kind is MathKind.Number or MathKind.Product && b.Number.Power(e) is { } scale)
            {
                c = c.Times(scale);
                for (var i = 0; b.Kind == MathKind.Product && i < b.Args.Length; i++)
                {
                    Put(b.Args[i], b.Exponents[i] * e);
                }
            }
            else
            {
                Put(b, e);
            }
        }

        if (c.IsZero)
        {
            return Zero;
        }

        var kept = order.Where(b => exponents[b] != 0).Select(b => (Base: b, Exponent: exponents[b])).ToList();
        if (c.IsNegative && kept.FindIndex(f => f.Base.Kind == MathKind.Sum && Math.Abs(f.Exponent) == 1 && Negatives(f.Base) * 2 >= f.Base.Args.Length) is var flip and >= 0)
        {
            // −(y − 1)/(1 − s) reads better as (1 − y)/(1 − s): the sign goes into a difference that has no more
            // negative terms once negated.
            kept[flip] = (Negated(kept[flip].Base), kept[flip].Exponent);
            c = c.Negate();
        }

        if (kept.Count == 0)
        {
            return Number(c);
        }

        return c.IsOne && kept.Count == 1 && kept[0].Exponent == 1
            ? kept[0].Base
            : Intern(MathKind.Product, c, string.Empty, kept.Select(f => f.Base).ToArray(), kept.Select(f => f.Exponent).ToArray(), null, null);
    }

    /// <summary>The same kind of expression as <paramref name="e"/> on new arguments, simplified again.</summary>
    public MathExpr Rebuild(MathExpr e, MathExpr[] args) => e.Kind switch
    {
        MathKind.Sum => Sum(e.Coefficients.Zip(args, (c, a) => (c, a))),
        MathKind.Product => Product(e.Number, args.Zip(e.Exponents, (a, x) => (a, x))),
        MathKind.Power => Power(args[0], args[1]),
        MathKind.Function => Function(e.Text, args),
        MathKind.Cond => Cond(args[0], args[1], args[2]),
        MathKind.Compare => Compare(e.Text, args[0], args[1]),
        MathKind.Not => Not(args[0]),
        MathKind.And => And(args),
        MathKind.Or => Or(args),
        _ => e,
    };

    /// <summary><paramref name="e"/> with every part for which <paramref name="replace"/> answers replaced, simplified again.</summary>
    public MathExpr Substitute(MathExpr e, Func<MathExpr, MathExpr?> replace, Dictionary<MathExpr, MathExpr>? done = null)
    {
        Lowering.NestingGuard.EnsureStack();
        done ??= new Dictionary<MathExpr, MathExpr>();
        if (done.TryGetValue(e, out var result))
        {
            return result;
        }

        if (replace(e) is { } replaced)
        {
            result = replaced;
        }
        else
        {
            var args = e.Args.Select(a => Substitute(a, replace, done)).ToArray();
            result = args.SequenceEqual(e.Args) ? e : Rebuild(e, args);
        }

        done[e] = result;
        return result;
    }

    /// <summary>A product's factors without its coefficient: the part that like terms share.</summary>
    private MathExpr Monomial(MathExpr product) =>
        product.Number.IsOne ? product : Product(Ratio.One, product.Args.Zip(product.Exponents, (a, e) => (a, e)));

    private MathExpr Negated(MathExpr sum) => Sum(sum.Coefficients.Zip(sum.Args, (c, a) => (c.Negate(), a)));

    private static int Negatives(MathExpr sum) => sum.Coefficients.Count(c => c.IsNegative);

    /// <summary>
    /// a·x + a·y = a·(x + y) for factors (and a coefficient) that every term has, to the same power; null when there is none, or only a
    /// sign (which <see cref="Product"/> would give back to the sum).
    /// </summary>
    private MathExpr? TakeOutCommonFactor(List<(Ratio Coefficient, MathExpr Term)> terms)
    {
        if (terms.Any(t => t.Term == One))
        {
            return null;
        }

        static List<(MathExpr Base, int Exponent)> FactorsOf(MathExpr term) => term.Kind == MathKind.Product
            ? term.Args.Zip(term.Exponents, (a, e) => (a, e)).ToList()
            : new List<(MathExpr, int)> { (term, 1) };

        var factored = terms.Select(t => FactorsOf(t.Term)).ToList();
        var common = new List<(MathExpr Base, int Exponent)>();
        foreach (var (b, e) in factored[0])
        {
            // Only a factor with the same power in every term: x² + 3·x stays a polynomial, not x·(x + 3).
            if (factored.Skip(1).All(other => other.Contains((b, e))))
            {
                common.Add((b, e));
            }
        }

        var magnitude = terms[0].Coefficient.Abs;
        var scale = terms.All(t => t.Coefficient.Abs.Equals(magnitude)) ? magnitude : Ratio.One;
        if (terms.All(t => t.Coefficient.IsNegative))
        {
            scale = scale.Negate();
        }

        if (common.Count == 0 && scale.Abs.IsOne)
        {
            return null;
        }

        var inverse = new Ratio(scale.Den, scale.Num);
        var rest = terms.Select((t, i) => (t.Coefficient.Times(inverse),
            Product(Ratio.One, factored[i].Select(f => (f.Base, f.Exponent - common.FirstOrDefault(x => x.Base == f.Base).Exponent)))));
        return Product(scale, common.Prepend((Sum(rest), 1)));
    }

    private MathExpr Intern(MathKind kind, Ratio number, string text, MathExpr[]? args, int[]? exponents, Ratio[]? coefficients, object? tag)
    {
        var key = new StringBuilder().Append((int)kind).Append('|').Append(number.ToString()).Append('|').Append(text);
        foreach (var a in args ?? Array.Empty<MathExpr>())
        {
            key.Append(',').Append(a.Id.ToString(CultureInfo.InvariantCulture));
        }

        key.Append('|').Append(string.Join(",", exponents ?? Array.Empty<int>())).Append('|').Append(string.Join(",", coefficients ?? Array.Empty<Ratio>()));
        var k = key.ToString();
        if (!_interned.TryGetValue(k, out var e))
        {
            e = new MathExpr(_interned.Count, kind, number, text, args, exponents, coefficients, tag);
            _interned[k] = e;
        }

        return e;
    }
}
