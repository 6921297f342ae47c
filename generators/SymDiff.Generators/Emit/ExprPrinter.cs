using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Prints loop-IR expressions as C#, parenthesizing only where precedence needs it.</summary>
internal sealed class ExprPrinter
{
    private readonly Func<int, string> _name;
    private readonly Func<LExpr, string>? _other;
    private readonly bool _kernel;

    /// <param name="name">The name of each variable.</param>
    /// <param name="other">Prints the expressions of the derivative IR that the loop IR has not (tape operations, scratch).</param>
    /// <param name="kernel">True inside an ILGPU kernel (see <see cref="OpSyntax.Format"/>).</param>
    public ExprPrinter(Func<int, string> name, Func<LExpr, string>? other = null, bool kernel = false)
    {
        _name = name;
        _other = other;
        _kernel = kernel;
    }

    /// <summary>The expression as C#; subexpressions in <paramref name="substitutions"/> print as the given names.</summary>
    public string Print(LExpr expression, int minPrecedence = 0, IReadOnlyDictionary<LExpr, string>? substitutions = null)
    {
        SymDiff.Generators.Lowering.NestingGuard.EnsureStack();
        if (substitutions is not null && substitutions.TryGetValue(expression, out var name))
        {
            return name;
        }

        switch (expression)
        {
            case LConst c:
                {
                    var text = Literals.Constant(c.Value, c.Type);
                    return text.StartsWith("-", StringComparison.Ordinal) && minPrecedence > Precedence.Unary ? $"({text})" : text;
                }

            case LRead r:
                return _name(r.Var);
            case LElement e:
                return $"{_name(e.Var)}[{Print(e.Index, 0, substitutions)}]";
            case LLength l:
                return $"{_name(l.Var)}.Length";
            case LApply a:
                {
                    var text = OpSyntax.Format(a.Op, a.Type, a.Args.Select(x => x.Type).ToArray(), (i, precedence) => Print(a.Args[i], precedence, substitutions), kernel: _kernel);
                    return Precedence.Of(a.Op) < minPrecedence ? $"({text})" : text;
                }

            default:
                return _other?.Invoke(expression) ?? throw new InvalidOperationException($"cannot print {expression}");
        }
    }
}
