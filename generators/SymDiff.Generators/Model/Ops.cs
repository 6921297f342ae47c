namespace SymDiff.Generators.Model;

/// <summary>How an operation is written: in C# (<see cref="OpInfo.CSharp"/>) or on SIMD vectors (<see cref="OpInfo.Vector"/>).</summary>
internal enum Notation : byte
{
    /// <summary>Not an operation: a constant, a parameter, a join, an accumulator, a call's partial.</summary>
    Value,

    /// <summary><c>Math.Name(a, …)</c> (or <c>MathF</c>); on vectors <c>Vector128.Name(a, …)</c>.</summary>
    Function,

    /// <summary><c>double.Name(a)</c> (or <c>float</c>): a test of what kind of value <c>a</c> is.</summary>
    TypeTest,

    /// <summary><c>double.Name(a, …)</c> (or <c>float</c>): a function only the number types have (<c>ExpM1</c>, <c>Hypot</c>).</summary>
    TypeFunction,

    /// <summary><c>a token b</c>.</summary>
    Infix,

    /// <summary><c>token a</c>.</summary>
    Prefix,

    /// <summary><c>(type)a</c>.</summary>
    Convert,

    /// <summary><c>c ? a : b</c>.</summary>
    Select,

    /// <summary>The callee applied to the arguments.</summary>
    Call,

    /// <summary><c>~Vector128.Name(a, …)</c>: the complement of a lane mask (vectors only).</summary>
    Complement,
}

/// <summary>A way of writing an operation: its notation and the name or token it is written with.</summary>
internal sealed record Form(Notation Notation, string Spelling);

/// <summary>
/// One row of <see cref="Ops"/>: what the generator needs to know about an operation besides its derivative (which is
/// <c>DerivativeRules</c>' one case per operation).
/// </summary>
/// <param name="Op">The operation.</param>
/// <param name="CSharp">How C# writes it. A <see cref="Notation.Function"/> is lowered from <c>Math.Spelling</c>,
/// <c>MathF.Spelling</c>, <c>double.Spelling</c> and <c>float.Spelling</c> with <paramref name="Arity"/> arguments, a
/// <see cref="Notation.TypeTest"/> from <c>double.Spelling</c> and <c>float.Spelling</c>.</param>
/// <param name="Arity">The number of arguments; -1 for any number (a call).</param>
/// <param name="Precedence">C# precedence of the written form (<see cref="Ops.Atom"/> for a call of a method).</param>
internal sealed record OpInfo(Op Op, Form CSharp, int Arity, int Precedence)
{
    /// <summary>The lane-by-lane form on <c>Vector128/256/512&lt;T&gt;</c>; null where there is none (batch kernels then run a scalar loop).</summary>
    public Form? Vector { get; init; }

    /// <summary>The function's name in the doc formulas (<c>exp</c>, <c>ln</c>, <c>√</c>), or the relation for a comparison; null where the formula writes the operation as algebra.</summary>
    public string? Symbol { get; init; }

    /// <summary>How a message names the operation (why a batch kernel has no SIMD form).</summary>
    public string Title { get; init; } = Op.ToString();

    /// <summary>The derivative is zero wherever it exists (piecewise constant, or a boolean result): nothing it computes is active.</summary>
    public bool PiecewiseConstant { get; init; }

    /// <summary>The value (and with it a partial) can be infinite at an ordinary finite argument: a pole or exponential growth.</summary>
    public bool MayOverflow { get; init; }

    /// <summary>A partial can be infinite where the value is finite (Asin at 1, a power of a base at 0).</summary>
    public bool SingularPartial { get; init; }

    /// <summary>A value the generator cannot see into (a call, a join, an accumulator): it may be anything.</summary>
    public bool Opaque { get; init; }

    /// <summary>Rough cost in additions; 0 where the table cannot say (a call costs what its callee does).</summary>
    public int Cost { get; init; }

    /// <summary>The value on constant arguments (booleans as 1 and 0), where the generator folds constants; null where it does not.</summary>
    public Func<double[], double>? Fold { get; init; }

    /// <summary>True for the comparisons <c>&lt; ≤ &gt; ≥ = ≠</c>.</summary>
    public bool IsComparison => Precedence is Ops.Equality or Ops.Relational;
}

/// <summary>
/// The operations table: one row per <see cref="Model.Op"/>. Every property of an operation that is not its derivative
/// is read from here: how C# and SIMD code spell it, its precedence, its doc-formula symbol, which .NET methods lower
/// to it, whether it is piecewise constant or may overflow, what it costs. A new math function is one row here and one
/// rule in <c>DerivativeRules</c>.
/// </summary>
internal static class Ops
{
    /// <summary>C# precedences, enough to parenthesize exactly where needed.</summary>
    public const int Conditional = 1, ConditionalOr = 2, ConditionalAnd = 3, Equality = 4, Relational = 5, Additive = 6, Multiplicative = 7, Unary = 8, Atom = 9;

    /// <summary>The cost from which a value is worth saving rather than computing again.</summary>
    public const int Transcendental = 20;

    private const int Cheap = 1;
    private const int Division = 4;

    private static readonly OpInfo[] Rows =
    {
        Value(Op.Const),
        Value(Op.Param),
        Infix(Op.Add, "+", Additive) with { Vector = new Form(Notation.Infix, "+"), Fold = a => a[0] + a[1] },
        Infix(Op.Sub, "-", Additive) with { Vector = new Form(Notation.Infix, "-"), Fold = a => a[0] - a[1] },
        Infix(Op.Mul, "*", Multiplicative) with { Vector = new Form(Notation.Infix, "*"), Fold = a => a[0] * a[1] },
        Infix(Op.Div, "/", Multiplicative) with { Vector = new Form(Notation.Infix, "/"), MayOverflow = true, Cost = Division },
        Infix(Op.Rem, "%", Multiplicative) with { Symbol = "mod", Title = "%", Cost = Division },
        new OpInfo(Op.Neg, new Form(Notation.Prefix, "-"), 1, Unary) { Vector = new Form(Notation.Prefix, "-"), Fold = a => -a[0], Cost = Cheap },
        new OpInfo(Op.Convert, new Form(Notation.Convert, string.Empty), 1, Unary) { Cost = Cheap },
        MathFunction(Op.Exp, 1, "exp", vector: true) with { MayOverflow = true },
        MathFunction(Op.Log, 1, "ln", vector: true) with { MayOverflow = true },
        MathFunction(Op.Log2, 1, "log₂", vector: true) with { MayOverflow = true },
        MathFunction(Op.Log10, 1, "log₁₀") with { MayOverflow = true },
        new OpInfo(Op.LogBase, new Form(Notation.Function, "Log"), 2, Atom) { Symbol = "log", Title = "Log with a base", MayOverflow = true, Cost = Transcendental },
        MathFunction(Op.Sqrt, 1, "√", vector: true, cost: Division),
        MathFunction(Op.Cbrt, 1, "∛"),
        MathFunction(Op.Pow, 2, symbol: null) with { MayOverflow = true, SingularPartial = true },
        MathFunction(Op.Sin, 1, "sin", vector: true),
        MathFunction(Op.Cos, 1, "cos", vector: true),
        MathFunction(Op.Tan, 1, "tan") with { MayOverflow = true },
        MathFunction(Op.Asin, 1, "asin") with { SingularPartial = true },
        MathFunction(Op.Acos, 1, "acos") with { SingularPartial = true },
        MathFunction(Op.Atan, 1, "atan"),
        MathFunction(Op.Atan2, 2, "atan2"),
        MathFunction(Op.FusedMultiplyAdd, 3, symbol: null, cost: Cheap),
        MathFunction(Op.Sinh, 1, "sinh") with { MayOverflow = true },
        MathFunction(Op.Cosh, 1, "cosh") with { MayOverflow = true },
        MathFunction(Op.Tanh, 1, "tanh"),
        MathFunction(Op.Asinh, 1, "asinh"),
        MathFunction(Op.Acosh, 1, "acosh") with { SingularPartial = true },
        MathFunction(Op.Atanh, 1, "atanh") with { MayOverflow = true },
        TypeFunction(Op.ExpM1, 1, "expm1") with { MayOverflow = true },
        TypeFunction(Op.LogP1, 1, "log1p") with { MayOverflow = true },
        TypeFunction(Op.Exp2, 1, "exp2") with { MayOverflow = true },
        TypeFunction(Op.Hypot, 2, "hypot"),
        new OpInfo(Op.IeeeRemainder, new Form(Notation.Function, "IEEERemainder"), 2, Atom) { Symbol = "rem", Title = "IEEERemainder", Cost = Division },
        MathFunction(Op.Abs, 1, "|", vector: true, cost: Cheap),
        MathFunction(Op.Max, 2, "max", vector: true, cost: Cheap),
        MathFunction(Op.Min, 2, "min", vector: true, cost: Cheap),
        MathFunction(Op.Clamp, 3, "clamp", vector: true, cost: Cheap),
        MathFunction(Op.Sign, 1, "sign", cost: Cheap) with { PiecewiseConstant = true },
        MathFunction(Op.Floor, 1, "floor", vector: true, cost: Cheap) with { PiecewiseConstant = true },
        MathFunction(Op.Ceiling, 1, "ceiling", vector: true, cost: Cheap) with { PiecewiseConstant = true },
        MathFunction(Op.Round, 1, "round", vector: true, cost: Cheap) with { PiecewiseConstant = true },
        MathFunction(Op.Truncate, 1, "truncate", vector: true, cost: Cheap) with { PiecewiseConstant = true },
        Comparison(Op.Lt, "<", Relational, "<", "LessThan", a => a[0] < a[1]),
        Comparison(Op.Le, "<=", Relational, "≤", "LessThanOrEqual", a => a[0] <= a[1]),
        Comparison(Op.Gt, ">", Relational, ">", "GreaterThan", a => a[0] > a[1]),
        Comparison(Op.Ge, ">=", Relational, "≥", "GreaterThanOrEqual", a => a[0] >= a[1]),
        Comparison(Op.Eq, "==", Equality, "=", "Equals", a => a[0] == a[1]),
        Comparison(Op.Ne, "!=", Equality, "≠", "Equals", a => a[0] != a[1]) with { Vector = new Form(Notation.Complement, "Equals") },
        Logical(Infix(Op.And, "&&", ConditionalAnd), new Form(Notation.Infix, "&"), a => a[0] != 0 && a[1] != 0),
        Logical(Infix(Op.Or, "||", ConditionalOr), new Form(Notation.Infix, "|"), a => a[0] != 0 || a[1] != 0),
        Logical(new OpInfo(Op.Not, new Form(Notation.Prefix, "!"), 1, Unary), new Form(Notation.Prefix, "~"), a => a[0] == 0),
        Test(Op.IsNaN),
        Test(Op.IsInfinity),
        Test(Op.IsFinite),
        Test(Op.IsPositiveInfinity),
        Test(Op.IsNegativeInfinity),
        new OpInfo(Op.Select, new Form(Notation.Select, string.Empty), 3, Conditional) { Vector = new Form(Notation.Function, "ConditionalSelect"), Cost = Cheap },
        new OpInfo(Op.Call, new Form(Notation.Call, string.Empty), -1, Atom) { Title = "a call", Opaque = true },
        Value(Op.Phi) with { Opaque = true },
        Value(Op.Local) with { Opaque = true },
        Value(Op.CallPartial) with { Title = "a call", Opaque = true },
    };

    private static readonly Dictionary<(string Name, int Arity), Op> Functions = Rows
        .Where(r => r.CSharp.Notation is Notation.Function or Notation.TypeFunction)
        .ToDictionary(r => (r.CSharp.Spelling, r.Arity), r => r.Op);

    private static readonly Dictionary<string, Op> TypeTests = Rows
        .Where(r => r.CSharp.Notation == Notation.TypeTest)
        .ToDictionary(r => r.CSharp.Spelling, r => r.Op);

    static Ops()
    {
        var ops = (Op[])Enum.GetValues(typeof(Op));
        for (var i = 0; i < ops.Length; i++)
        {
            if (i >= Rows.Length || Rows[i].Op != ops[i])
            {
                throw new InvalidOperationException($"Ops: row {i} describes {(i < Rows.Length ? Rows[i].Op.ToString() : "nothing")}, not {ops[i]}; the rows follow enum Op");
            }
        }
    }

    /// <summary>The row of <paramref name="op"/>.</summary>
    public static OpInfo Of(Op op) => Rows[(int)op];

    /// <summary>The operation a static <c>Math</c>, <c>MathF</c>, <c>double</c> or <c>float</c> method of this name and arity computes, or null.</summary>
    public static Op? Function(string name, int arity) => Functions.TryGetValue((name, arity), out var op) ? op : null;

    /// <summary>The operation a <c>double</c>/<c>float</c> test of this name (<c>IsNaN</c>, …) computes, or null.</summary>
    public static Op? TypeTest(string name) => TypeTests.TryGetValue(name, out var op) ? op : null;

    private static OpInfo Value(Op op) => new(op, new Form(Notation.Value, string.Empty), 0, Atom);

    private static OpInfo Infix(Op op, string token, int precedence) => new(op, new Form(Notation.Infix, token), 2, precedence) { Cost = Cheap };

    /// <summary>A <c>Math</c> function spelled as the operation is named; a SIMD form of the same name where <paramref name="vector"/>.</summary>
    private static OpInfo MathFunction(Op op, int arity, string? symbol, bool vector = false, int cost = Transcendental) =>
        new(op, new Form(Notation.Function, op.ToString()), arity, Atom)
        {
            Symbol = symbol,
            Vector = vector ? new Form(Notation.Function, op.ToString()) : null,
            Cost = cost,
        };

    /// <summary>A function of <c>double</c> and <c>float</c> only (no <c>Math</c> spelling), without a SIMD form.</summary>
    private static OpInfo TypeFunction(Op op, int arity, string symbol) =>
        new(op, new Form(Notation.TypeFunction, op.ToString()), arity, Atom) { Symbol = symbol, Cost = Transcendental };

    private static OpInfo Comparison(Op op, string token, int precedence, string symbol, string vector, Func<double[], bool> truth) =>
        Infix(op, token, precedence) with
        {
            Symbol = symbol,
            Vector = new Form(Notation.Function, vector),
            PiecewiseConstant = true,
            Fold = a => truth(a) ? 1 : 0,
        };

    private static OpInfo Logical(OpInfo row, Form vector, Func<double[], bool> truth) =>
        row with { Vector = vector, PiecewiseConstant = true, Cost = Cheap, Fold = a => truth(a) ? 1 : 0 };

    private static OpInfo Test(Op op) =>
        new(op, new Form(Notation.TypeTest, op.ToString()), 1, Atom)
        {
            Symbol = op.ToString().ToLowerInvariant(),
            Vector = new Form(Notation.Function, op.ToString()),
            PiecewiseConstant = true,
            Cost = Cheap,
        };
}
