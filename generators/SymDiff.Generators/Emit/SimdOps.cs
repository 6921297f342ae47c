using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The SIMD form of each elementary operation on <c>Vector128/256/512&lt;T&gt;</c> (.NET 9+ has vector Exp, Log,
/// Log2, Sin and Cos; Max/Min follow IEEE 754:2019 like <c>Math.Max</c>/<c>Math.Min</c>). Comparisons give lane
/// masks of the same element type, combined with <c>&amp; | ~</c> and applied with <c>ConditionalSelect</c>.
/// Tan, the inverse and hyperbolic functions, Pow, Cbrt, Log10, remainders, calls and per-element conversions
/// have none.
/// </summary>
internal static class SimdOps
{
    /// <summary>Null when <paramref name="node"/> has a SIMD form; otherwise what lacks one.</summary>
    public static string? Form(Node node) => node.Op switch
    {
        Op.Add or Op.Sub or Op.Mul or Op.Div or Op.Neg => null,
        Op.Lt or Op.Le or Op.Gt or Op.Ge or Op.Eq or Op.Ne => node.Args[0].Type == ScalarKind.Bool ? "a comparison of booleans" : null,
        Op.And or Op.Or or Op.Not or Op.Select => null,
        _ when Function(node.Op) is not null => null,
        Op.Call => "a call",
        Op.CallPartial => "a call",
        Op.Convert => $"a per-element conversion to {Literals.TypeKeyword(node.Type)}",
        Op.Rem => "%",
        Op.LogBase => "Log with a base",
        _ => node.Op.ToString(),
    };

    /// <summary>The <c>VectorN</c> method computing <paramref name="op"/> lane by lane, or null.</summary>
    public static string? Function(Op op) => op switch
    {
        Op.Exp or Op.Log or Op.Log2 or Op.Sqrt or Op.Sin or Op.Cos or Op.Abs or Op.Max or Op.Min or Op.Clamp
            or Op.Floor or Op.Ceiling or Op.Round or Op.Truncate
            or Op.IsNaN or Op.IsInfinity or Op.IsFinite or Op.IsPositiveInfinity or Op.IsNegativeInfinity => op.ToString(),
        Op.Lt => "LessThan",
        Op.Le => "LessThanOrEqual",
        Op.Gt => "GreaterThan",
        Op.Ge => "GreaterThanOrEqual",
        Op.Eq => "Equals",
        Op.Select => "ConditionalSelect",
        _ => null,
    };

    /// <summary>C# precedence of the printed vector form (<c>&amp;</c> binds tighter than <c>|</c>, both looser than arithmetic).</summary>
    public static int Precedence(Op op) => op switch
    {
        Op.Or => 2,
        Op.And => 3,
        Op.Add or Op.Sub => 6,
        Op.Mul or Op.Div => 7,
        Op.Neg or Op.Not or Op.Ne => Emit.Precedence.Unary,
        _ => 9,
    };
}
