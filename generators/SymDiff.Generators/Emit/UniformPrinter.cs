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

        if (node.Op is Op.Call or Op.CallPartial)
        {
            throw new InvalidOperationException("a call is never computed before the loop");
        }

        var printed = OpSyntax.Format(node.Op, node.Type, node.Args.Select(a => a.Type).ToArray(), (i, min) => Expr(node.Args[i], min));
        return Precedence.Of(node.Op) < minPrecedence ? $"({printed})" : printed;
    }
}
