using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>How each IR operation is spelled in C#, given its printed operands (the one place that knows).</summary>
internal static class OpSyntax
{
    /// <summary>
    /// The operation applied to its operands, unparenthesized; <paramref name="arg"/> prints operand i at a minimum
    /// precedence. <paramref name="callee"/> is the qualified method for <see cref="Op.Call"/>.
    /// </summary>
    public static string Format(Op op, ScalarKind type, IReadOnlyList<ScalarKind> argTypes, Func<int, int, string> arg, string? callee = null)
    {
        var precedence = Precedence.Of(op);
        string All() => string.Join(", ", Enumerable.Range(0, argTypes.Count).Select(i => arg(i, 0)));
        return op switch
        {
            Op.Add => $"{arg(0, precedence)} + {arg(1, precedence + 1)}",
            Op.Sub => $"{arg(0, precedence)} - {arg(1, precedence + 1)}",
            Op.Mul => $"{arg(0, precedence)} * {arg(1, precedence + 1)}",
            Op.Div => $"{arg(0, precedence)} / {arg(1, precedence + 1)}",
            Op.Rem => $"{arg(0, precedence)} % {arg(1, precedence + 1)}",
            Op.Lt => $"{arg(0, precedence + 1)} < {arg(1, precedence + 1)}",
            Op.Le => $"{arg(0, precedence + 1)} <= {arg(1, precedence + 1)}",
            Op.Gt => $"{arg(0, precedence + 1)} > {arg(1, precedence + 1)}",
            Op.Ge => $"{arg(0, precedence + 1)} >= {arg(1, precedence + 1)}",
            Op.Eq => $"{arg(0, precedence + 1)} == {arg(1, precedence + 1)}",
            Op.Ne => $"{arg(0, precedence + 1)} != {arg(1, precedence + 1)}",
            Op.And => $"{arg(0, precedence)} && {arg(1, precedence + 1)}",
            Op.Or => $"{arg(0, precedence)} || {arg(1, precedence + 1)}",
            Op.Neg => Negate(arg(0, Precedence.Unary)),
            Op.Not => $"!{arg(0, Precedence.Unary)}",
            Op.Convert => $"({Literals.TypeKeyword(type)}){arg(0, Precedence.Unary)}",
            Op.Select => $"{arg(0, Precedence.Select + 1)} ? {arg(1, Precedence.Select + 1)} : {arg(2, Precedence.Select + 1)}",
            Op.IsNaN or Op.IsInfinity or Op.IsFinite or Op.IsPositiveInfinity or Op.IsNegativeInfinity =>
                $"{Literals.TypeKeyword(argTypes[0])}.{op}({arg(0, 0)})",
            Op.LogBase => $"{Literals.MathClass(type)}.Log({arg(0, 0)}, {arg(1, 0)})",
            Op.Call => $"{callee}({All()})",
            _ => $"{MathClass(op, type, argTypes)}.{op}({All()})",
        };
    }

    /// <summary>
    /// <c>-</c> before an operand; an operand that itself starts with a minus is parenthesized, since <c>--t</c> is a
    /// pre-decrement (a different value, or no expression at all on a non-variable).
    /// </summary>
    public static string Negate(string operand) =>
        operand.StartsWith("-", StringComparison.Ordinal) ? $"-({operand})" : $"-{operand}";

    private static string MathClass(Op op, ScalarKind type, IReadOnlyList<ScalarKind> argTypes) =>
        op == Op.Clamp || op is Op.Max or Op.Min or Op.Abs or Op.Sign && argTypes.Count > 0 && argTypes[0] == ScalarKind.Int
            ? "global::System.Math"
            : Literals.MathClass(argTypes.Count > 0 ? argTypes[0] : type);
}
