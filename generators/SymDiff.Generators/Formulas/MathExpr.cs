namespace SymDiff.Generators.Formulas;

/// <summary>What a <see cref="MathExpr"/> is.</summary>
internal enum MathKind : byte
{
    /// <summary>A rational constant (<see cref="MathExpr.Number"/>).</summary>
    Number,

    /// <summary>A name the reader knows: a parameter, a local of the user's, the method, a ∂-label.</summary>
    Symbol,

    /// <summary>A value the generated code computes once and reads several times; inlined, defined or elided before printing.</summary>
    Temporary,

    /// <summary>A value too long to show (printed …).</summary>
    Ellipsis,

    /// <summary>Σ cᵢ·tᵢ: <see cref="MathExpr.Coefficients"/> times the terms in <see cref="MathExpr.Args"/> (a constant is c·1).</summary>
    Sum,

    /// <summary>c·Π fᵢ^eᵢ: the coefficient <see cref="MathExpr.Number"/>, the factors in <see cref="MathExpr.Args"/>, their integer <see cref="MathExpr.Exponents"/>.</summary>
    Product,

    /// <summary>base^exponent for an exponent that is not an integer constant.</summary>
    Power,

    /// <summary>A function applied to its arguments: exp, ln, √, |·|, a user method, …</summary>
    Function,

    /// <summary>(then if condition, else otherwise), stored with a condition in canonical form (see <see cref="Algebra.Cond"/>).</summary>
    Cond,

    /// <summary>a op b for a comparison operator in <see cref="MathExpr.Text"/> (&lt;, ≤, &gt;, ≥, =, ≠).</summary>
    Compare,

    /// <summary>¬a.</summary>
    Not,

    /// <summary>a ∧ b ∧ …</summary>
    And,

    /// <summary>a ∨ b ∨ …</summary>
    Or,
}

/// <summary>
/// An expression of the doc formulas. Built only through an <see cref="Algebra"/>, which interns them: two equal
/// expressions are the same object, so like terms and equal factors are found by reference.
/// </summary>
internal sealed class MathExpr
{
    private static readonly MathExpr[] NoArgs = Array.Empty<MathExpr>();

    public MathExpr(int id, MathKind kind, Ratio number, string text, MathExpr[]? args, int[]? exponents, Ratio[]? coefficients, object? tag)
    {
        Id = id;
        Kind = kind;
        Number = number;
        Text = text;
        Args = args ?? NoArgs;
        Exponents = exponents ?? Array.Empty<int>();
        Coefficients = coefficients ?? Array.Empty<Ratio>();
        Tag = tag;
        Size = 1 + Args.Sum(a => a.Size);
    }

    /// <summary>Unique per distinct expression of one <see cref="Algebra"/>.</summary>
    public int Id { get; }

    public MathKind Kind { get; }

    /// <summary>A number's value, or a product's coefficient.</summary>
    public Ratio Number { get; }

    /// <summary>A symbol's name, a function's name, or a comparison's operator.</summary>
    public string Text { get; }

    public MathExpr[] Args { get; }

    /// <summary>A product's exponent of each factor (never 0).</summary>
    public int[] Exponents { get; }

    /// <summary>A sum's coefficient of each term (never 0).</summary>
    public Ratio[] Coefficients { get; }

    /// <summary>What a temporary or an elided value stands for (the graph node it came from).</summary>
    public object? Tag { get; }

    /// <summary>How many expressions this one is made of, itself included: what inlining it costs a formula.</summary>
    public int Size { get; }

    public bool IsNumber(double value) => Kind == MathKind.Number && Number.Equals(new Ratio(value, 1));

    public override string ToString() => FormulaText.Print(this, _ => "t");
}
