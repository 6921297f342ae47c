using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>How each IR operation is spelled in C#, given its printed operands (the one place that knows).</summary>
internal static class OpSyntax
{
    /// <summary>
    /// The operation applied to its operands, unparenthesized; <paramref name="arg"/> prints operand i at a minimum
    /// precedence. <paramref name="callee"/> is the qualified method for <see cref="Op.Call"/>.
    /// </summary>
    /// <param name="kernel">
    /// True for code inside an ILGPU kernel, which cannot call a method that may throw: <c>Math.Clamp</c> (which throws
    /// when min &gt; max) is written <c>Math.Min(Math.Max(x, min), max)</c> and <c>Math.Sign</c> (which throws on NaN) a
    /// comparison, 0 for NaN. Every other operation is spelled as on the CPU; ILGPU maps <c>Math</c> and <c>MathF</c>.
    /// </param>
    public static string Format(Op op, ScalarKind type, IReadOnlyList<ScalarKind> argTypes, Func<int, int, string> arg, string? callee = null, bool kernel = false)
    {
        if (kernel && (op is Op.Clamp or Op.Sign or Op.IeeeRemainder || Ops.Of(op).CSharp.Notation == Notation.TypeFunction))
        {
            return KernelForm(op, argTypes, arg);
        }

        var row = Ops.Of(op);
        var precedence = row.Precedence;
        var spelling = row.CSharp.Spelling;
        if (row.IsComparison)
        {
            var left = arg(0, precedence + 1);
            var right = arg(1, precedence + 1);
            return left == right ? SelfComparison(op, argTypes[0], left) : $"{left} {spelling} {right}";
        }

        string All() => string.Join(", ", Enumerable.Range(0, argTypes.Count).Select(i => arg(i, 0)));
        return row.CSharp.Notation switch
        {
            Notation.Infix => $"{arg(0, precedence)} {spelling} {arg(1, precedence + 1)}",
            Notation.Prefix => Prefix(spelling, arg(0, Precedence.Unary)),
            Notation.Convert => $"({Literals.TypeKeyword(type)}){arg(0, Precedence.Unary)}",
            Notation.Select => $"{arg(0, Precedence.Select + 1)} ? {arg(1, Precedence.Select + 1)} : {arg(2, Precedence.Select + 1)}",
            Notation.TypeTest => $"{Literals.TypeKeyword(argTypes[0])}.{spelling}({arg(0, 0)})",
            Notation.TypeFunction => $"{Literals.TypeKeyword(type)}.{spelling}({All()})",
            Notation.Call => $"{callee}({All()})",
            Notation.Function => $"{MathClass(op, type, argTypes)}.{spelling}({All()})",
            _ => throw new InvalidOperationException($"{op} is a value, not an operation to print"),
        };
    }

    private static string KernelForm(Op op, IReadOnlyList<ScalarKind> argTypes, Func<int, int, string> arg)
    {
        var math = MathClass(op, argTypes[0], argTypes);
        var one = Literals.Constant(1, argTypes[0]);
        switch (op)
        {
            case Op.Clamp:
                return $"{math}.Min({math}.Max({arg(0, 0)}, {arg(1, 0)}), {arg(2, 0)})";

            // Functions of double and float only, spelled with the Math functions ILGPU maps (parenthesized: callers
            // place them as they would a call).
            case Op.ExpM1:
                return $"({math}.Exp({arg(0, 0)}) - {one})";
            case Op.LogP1:
                return $"{math}.Log({one} + {arg(0, Ops.Additive + 1)})";
            case Op.Exp2:
                return $"{math}.Pow({Literals.Constant(2, argTypes[0])}, {arg(0, 0)})";
            case Op.Hypot:
                return $"{math}.Sqrt({arg(0, Ops.Multiplicative)} * {arg(0, Ops.Multiplicative + 1)} + {arg(1, Ops.Multiplicative)} * {arg(1, Ops.Multiplicative + 1)})";
            case Op.IeeeRemainder:
                return $"({arg(0, Ops.Additive)} - {arg(1, Ops.Multiplicative)} * {math}.Round({arg(0, Ops.Multiplicative)} / {arg(1, Ops.Multiplicative + 1)}))";
        }

        var zero = Literals.Constant(0, argTypes[0]);
        var x = arg(0, Ops.Relational + 1);
        // Parenthesized: callers place it as they would a call.
        return $"({x} > {zero} ? 1 : {x} < {zero} ? -1 : 0)";
    }

    /// <summary><paramref name="token"/> (<c>-</c>, <c>!</c>, <c>~</c>) before an operand printed at unary precedence.</summary>
    public static string Prefix(string token, string operand) => token == "-" ? Negate(operand) : token + operand;

    /// <summary>
    /// <c>-</c> before an operand; an operand that itself starts with a minus is parenthesized, since <c>--t</c> is a
    /// pre-decrement (a different value, or no expression at all on a non-variable).
    /// </summary>
    public static string Negate(string operand) =>
        operand.StartsWith("-", StringComparison.Ordinal) ? $"-({operand})" : $"-{operand}";

    /// <summary>
    /// A value compared with itself (derivative rules of Max, Min and Clamp make these when both operands are the same
    /// value): <c>x &lt;= x</c> is a warning, CS1718, that fails builds with <c>TreatWarningsAsErrors</c>. The same
    /// truth value, NaN included, written without the comparison.
    /// </summary>
    private static string SelfComparison(Op op, ScalarKind type, string operand)
    {
        var nan = type is ScalarKind.Double or ScalarKind.Float ? $"{Literals.TypeKeyword(type)}.IsNaN({operand})" : null;
        return op switch
        {
            Op.Lt or Op.Gt => "false",
            Op.Ne => nan ?? "false",
            _ => nan is null ? "true" : "!" + nan,
        };
    }

    private static string MathClass(Op op, ScalarKind type, IReadOnlyList<ScalarKind> argTypes) =>
        op == Op.Clamp || op is Op.Max or Op.Min or Op.Abs or Op.Sign && argTypes.Count > 0 && argTypes[0] == ScalarKind.Int
            ? "global::System.Math"
            : Literals.MathClass(argTypes.Count > 0 ? argTypes[0] : type);
}
