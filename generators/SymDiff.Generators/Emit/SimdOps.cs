using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Whether an operation can run on <c>Vector128/256/512&lt;T&gt;</c>, by its row's <see cref="OpInfo.Vector"/> form
/// (.NET 9+ has vector Exp, Log, Log2, Sin and Cos; Max/Min follow IEEE 754:2019 like <c>Math.Max</c>/<c>Math.Min</c>).
/// Comparisons give lane masks of the same element type, combined with <c>&amp; | ~</c> and applied with
/// <c>ConditionalSelect</c>. Tan, the inverse and hyperbolic functions, Pow, Cbrt, Log10, remainders, calls and
/// per-element conversions have none.
/// </summary>
internal static class SimdOps
{
    /// <summary>Null when <paramref name="node"/> has a SIMD form (<see cref="OpInfo.Vector"/>); otherwise what lacks one.</summary>
    public static string? Form(Node node)
    {
        var row = Ops.Of(node.Op);
        if (row.Vector is not null)
        {
            return row.IsComparison && node.Args[0].Type == ScalarKind.Bool ? "a comparison of booleans" : null;
        }

        return node.Op == Op.Convert ? $"a per-element conversion to {Literals.TypeKeyword(node.Type)}" : row.Title;
    }

    /// <summary>
    /// True when the SIMD form of <paramref name="op"/> rounds differently from its scalar <c>Math</c> function (the vector
    /// Exp, Log, Log2, Sin and Cos are approximations of their own); arithmetic, square roots, comparisons and the like
    /// are correctly rounded on both.
    /// </summary>
    public static bool IsApproximate(Op op) => Ops.Of(op) is { Vector: not null, Cost: Ops.Transcendental };

    /// <summary>C# precedence of the printed vector form (<c>&amp;</c> binds tighter than <c>|</c>, both looser than arithmetic).</summary>
    public static int Precedence(Op op)
    {
        var row = Ops.Of(op);
        return row.Vector?.Notation switch
        {
            Notation.Infix => row.Precedence,
            Notation.Prefix or Notation.Complement => Ops.Unary,
            _ => Ops.Atom,
        };
    }
}
