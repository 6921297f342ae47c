using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Prints a value that is the same for every element of a kernel (built from constants and broadcast parameters
/// only) as one scalar C# expression, computed once before the vector loop.
/// </summary>
internal sealed class UniformPrinter
{
    private readonly NameAllocator _names;
    private readonly ISet<Node> _locals;

    /// <param name="names">Local names of the nodes.</param>
    /// <param name="locals">Values already held in scalar locals (printed by name).</param>
    public UniformPrinter(NameAllocator names, ISet<Node> locals)
    {
        _names = names;
        _locals = locals;
    }

    public string Expr(Node node, int minPrecedence = 0)
    {
        if (node.Op == Op.Const)
        {
            var text = Literals.Constant(node.Value, node.Type);
            return text.StartsWith("-", StringComparison.Ordinal) && minPrecedence > Precedence.Unary ? $"({text})" : text;
        }

        if (node.IsLeaf || _locals.Contains(node))
        {
            return _names[node];
        }

        var p = Precedence.Of(node.Op);
        string Arg(int i, int min = 0) => Expr(node.Args[i], min);
        if (node.Op is Op.Lt or Op.Le or Op.Gt or Op.Ge or Op.Eq or Op.Ne)
        {
            // Comparisons go through OpSyntax, which spells a value compared with itself without the comparison (CS1718).
            var comparison = OpSyntax.Format(node.Op, node.Type, node.Args.Select(a => a.Type).ToArray(), (i, min) => Arg(i, min));
            return p < minPrecedence ? $"({comparison})" : comparison;
        }

        var text2 = node.Op switch
        {
            Op.Add => $"{Arg(0, p)} + {Arg(1, p + 1)}",
            Op.Sub => $"{Arg(0, p)} - {Arg(1, p + 1)}",
            Op.Mul => $"{Arg(0, p)} * {Arg(1, p + 1)}",
            Op.Div => $"{Arg(0, p)} / {Arg(1, p + 1)}",
            Op.Rem => $"{Arg(0, p)} % {Arg(1, p + 1)}",
            Op.Lt => $"{Arg(0, p + 1)} < {Arg(1, p + 1)}",
            Op.Le => $"{Arg(0, p + 1)} <= {Arg(1, p + 1)}",
            Op.Gt => $"{Arg(0, p + 1)} > {Arg(1, p + 1)}",
            Op.Ge => $"{Arg(0, p + 1)} >= {Arg(1, p + 1)}",
            Op.Eq => $"{Arg(0, p + 1)} == {Arg(1, p + 1)}",
            Op.Ne => $"{Arg(0, p + 1)} != {Arg(1, p + 1)}",
            Op.And => $"{Arg(0, p)} && {Arg(1, p + 1)}",
            Op.Or => $"{Arg(0, p)} || {Arg(1, p + 1)}",
            Op.Neg => OpSyntax.Negate(Arg(0, Precedence.Unary)),
            Op.Not => $"!{Arg(0, Precedence.Unary)}",
            Op.Convert => $"({Literals.TypeKeyword(node.Type)}){Arg(0, Precedence.Unary)}",
            Op.Select => $"{Arg(0, Precedence.Select + 1)} ? {Arg(1, Precedence.Select + 1)} : {Arg(2, Precedence.Select + 1)}",
            Op.IsNaN or Op.IsInfinity or Op.IsFinite or Op.IsPositiveInfinity or Op.IsNegativeInfinity =>
                $"{Literals.TypeKeyword(node.Args[0].Type)}.{node.Op}({Arg(0)})",
            Op.LogBase => $"{Literals.MathClass(node.Type)}.Log({Arg(0)}, {Arg(1)})",
            Op.Call or Op.CallPartial => throw new InvalidOperationException("a call is never computed before the loop"),
            _ => $"{MathClassFor(node)}.{node.Op}({string.Join(", ", node.Args.Select(a => Expr(a)))})",
        };
        return p < minPrecedence ? $"({text2})" : text2;
    }

    /// <summary><c>Math.Clamp</c> has no <c>MathF</c> twin, and integer Max/Min/Abs/Sign live on <c>Math</c>.</summary>
    private static string MathClassFor(Node node) =>
        node.Op == Op.Clamp || node.Op is Op.Max or Op.Min or Op.Abs or Op.Sign && node.Args[0].Type == ScalarKind.Int
            ? "global::System.Math"
            : Literals.MathClass(node.Args.Length > 0 ? node.Args[0].Type : node.Type);
}
