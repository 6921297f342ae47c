using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Prints graph nodes as the seeds write math (x·y, ln, exp, √, ∂L/∂z), for the generated doc comments.</summary>
internal sealed class MathPrinter
{
    /// <summary>Stands for a subexpression too long to show; <see cref="Note"/> says so under the formulas.</summary>
    public const string Ellipsis = "…";

    /// <summary>The remark that explains <see cref="Ellipsis"/>.</summary>
    public const string Note = "(… stands for a subexpression too long to show here; the method body computes it.)";

    /// <summary>
    /// The longest text an unnamed temporary is shown by. Each temporary is shown by what it computes, and in a chain
    /// such as sin(sin(…x…)) every link would repeat the whole chain below it: the doc comments would grow with the
    /// square of the body. Past this length the temporary is shown as <see cref="Ellipsis"/>, so every formula stays short.
    /// </summary>
    private const int MaxShownLength = 80;

    private readonly Dictionary<Node, string> _shown = new();
    private readonly Schedule _schedule;
    private readonly Func<Node, string> _label;
    private readonly MethodModel _method;

    /// <param name="schedule">Which nodes are locals (printed by label) and which are inlined.</param>
    /// <param name="label">The math name of a local: <c>z</c>, or <c>∂Loss/∂z</c> for an adjoint.</param>
    /// <param name="method">The method, for callee names.</param>
    public MathPrinter(Schedule schedule, Func<Node, string> label, MethodModel method)
    {
        _schedule = schedule;
        _label = label;
        _method = method;
    }

    public string Print(Node node, int minPrecedence = 0)
    {
        SymDiff.Generators.Lowering.NestingGuard.EnsureStack();
        if (node.Op == Op.Const)
        {
            var number = Literals.MathNumber(node.Value, node.Type);
            return number.StartsWith("-", StringComparison.Ordinal) && minPrecedence > Precedence.Unary ? $"({number.Replace("-", "−")})" : number.Replace("-", "−");
        }

        // Unnamed forward temporaries mean nothing to a reader: show what they compute instead.
        var anonymous = !node.IsLeaf && node.BaseName is null && node.AdjointOf is null && node.TangentOf is null
            && !node.Region.IsReverse && node.Op is not (Op.Call or Op.CallPartial);
        if ((node.IsLeaf || _schedule.NeedsLocal(node)) && !anonymous)
        {
            return _label(node);
        }

        if (!anonymous || !_schedule.NeedsLocal(node) || node.Op == Op.Convert)
        {
            return Definition(node, minPrecedence);
        }

        // A temporary of the code is read in many places; its text is worked out once.
        if (!_shown.TryGetValue(node, out var text))
        {
            text = Definition(node);
            text = text.Length > MaxShownLength ? Ellipsis : text;
            _shown[node] = text;
        }

        return text != Ellipsis && Precedence.Of(node.Op) < minPrecedence ? $"({text})" : text;
    }

    public string Definition(Node node, int minPrecedence = 0)
    {
        var p = Precedence.Of(node.Op);
        string Arg(int i, int min = 0) => Print(node.Args[i], min);
        var text = node.Op switch
        {
            Op.Add => $"{Arg(0, p)} + {Arg(1, p + 1)}",
            Op.Sub => $"{Arg(0, p)} − {Arg(1, p + 1)}",
            Op.Mul => $"{Arg(0, p)}·{Arg(1, p + 1)}",
            Op.Div => $"{Arg(0, p)}/{Arg(1, p + 1)}",
            Op.Rem => $"{Arg(0, p)} mod {Arg(1, p + 1)}",
            Op.Neg => $"−{Arg(0, Precedence.Unary)}",
            Op.Convert => Arg(0, minPrecedence),
            Op.Lt => $"{Arg(0, p + 1)} < {Arg(1, p + 1)}",
            Op.Le => $"{Arg(0, p + 1)} ≤ {Arg(1, p + 1)}",
            Op.Gt => $"{Arg(0, p + 1)} > {Arg(1, p + 1)}",
            Op.Ge => $"{Arg(0, p + 1)} ≥ {Arg(1, p + 1)}",
            Op.Eq => $"{Arg(0, p + 1)} = {Arg(1, p + 1)}",
            Op.Ne => $"{Arg(0, p + 1)} ≠ {Arg(1, p + 1)}",
            Op.And => $"{Arg(0, p)} ∧ {Arg(1, p + 1)}",
            Op.Or => $"{Arg(0, p)} ∨ {Arg(1, p + 1)}",
            Op.Not => $"¬{Arg(0, Precedence.Unary)}",
            Op.Select => $"({Arg(1)} if {Arg(0)}, else {Arg(2)})",
            Op.Exp => $"exp({Arg(0)})",
            Op.Log => $"ln({Arg(0)})",
            Op.Log2 => $"log₂({Arg(0)})",
            Op.Log10 => $"log₁₀({Arg(0)})",
            Op.LogBase => $"log_{Arg(1, 9)}({Arg(0)})",
            Op.Sqrt => $"√({Arg(0)})",
            Op.Cbrt => $"∛({Arg(0)})",
            Op.Pow => $"{Arg(0, 9)}^{Arg(1, 9)}",
            Op.Abs => $"|{Arg(0)}|",
            Op.Call => $"{_method.Calls[node.Call].MethodName}({string.Join(", ", node.Args.Select(a => Print(a)))})",
            _ => $"{node.Op.ToString().ToLowerInvariant()}({string.Join(", ", node.Args.Select(a => Print(a)))})",
        };
        return p < minPrecedence && node.Op != Op.Convert ? $"({text})" : text;
    }
}
