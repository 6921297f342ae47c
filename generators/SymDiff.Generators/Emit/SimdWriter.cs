using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Prints a kernel's loop body on one SIMD width (<c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>): the
/// scheduled regions flattened into straight-line vector code. A branch evaluates both arms; its joins become
/// <c>ConditionalSelect(condition, then, else)</c>, and adjoint accumulations inside an arm only update the lanes
/// where the arm is taken.
/// </summary>
internal sealed class SimdWriter
{
    private readonly IndentedWriter _out;
    private readonly Schedule _schedule;
    private readonly NameAllocator _names;
    private readonly SimdPlan _plan;
    private readonly IReadOnlyDictionary<Node, string> _vectorNames;
    private readonly Func<string, string> _fresh;
    private readonly Dictionary<(IfItem, bool), string> _masks;
    private readonly HashSet<Node> _declared = new();
    private readonly Dictionary<Region, bool> _accumulates = new();

    /// <param name="writer">Where the statements go.</param>
    /// <param name="schedule">Which nodes are locals and which are inlined.</param>
    /// <param name="names">Local names of the nodes.</param>
    /// <param name="plan">Which values are vectors.</param>
    /// <param name="vectorNames">The vector locals of loaded span elements and broadcast values.</param>
    /// <param name="fresh">Allocates a new local name from a base name.</param>
    /// <param name="masks">Lane-mask names per branch arm, shared by every width so they read the same.</param>
    /// <param name="bits">The register width.</param>
    public SimdWriter(IndentedWriter writer, Schedule schedule, NameAllocator names, SimdPlan plan, IReadOnlyDictionary<Node, string> vectorNames,
        Func<string, string> fresh, Dictionary<(IfItem, bool), string> masks, int bits)
    {
        _out = writer;
        _schedule = schedule;
        _names = names;
        _plan = plan;
        _vectorNames = vectorNames;
        _fresh = fresh;
        _masks = masks;
        Class = $"global::System.Runtime.Intrinsics.Vector{bits}";
        Type = $"{Class}<{Literals.TypeKeyword(plan.Kind)}>";
    }

    /// <summary>The static class of this width: <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
    public string Class { get; }

    /// <summary>The register type: <c>global::System.Runtime.Intrinsics.Vector256&lt;float&gt;</c>.</summary>
    public string Type { get; }

    /// <summary>A vector holding <paramref name="scalar"/> (a real, or a bool as an all-ones or all-zeros mask) in every lane.</summary>
    public string Broadcast(string scalar, ScalarKind type) =>
        type == ScalarKind.Bool ? $"{scalar} ? {Type}.AllBitsSet : {Type}.Zero" : $"{Class}.Create({scalar})";

    public void Region(Region region, string? mask)
    {
        foreach (var item in region.Items)
        {
            switch (item)
            {
                case NodeItem { Node: var node } when _schedule.NeedsLocal(node) && _plan.IsVarying(node) && !_plan.IsInput(node):
                    Declare(node);
                    break;
                case IfItem branch when _schedule.Emits(branch):
                    Branch(branch, mask);
                    break;
                case AssignItem { Accumulate: false } assign:
                    _out.Line($"var {_names[assign.Target]} = {Expr(assign.Value)};");
                    break;
                case AssignItem assign:
                    {
                        var target = _names[assign.Target];
                        var sum = assign.Value.Op == Op.Neg && !_schedule.NeedsLocal(assign.Value) && _plan.IsVarying(assign.Value)
                            ? $"{target} - {Expr(assign.Value.Args[0], SimdOps.Precedence(Op.Sub) + 1)}"
                            : $"{target} + {Expr(assign.Value, SimdOps.Precedence(Op.Add) + 1)}";
                        _out.Line(mask is null ? $"{target} = {sum};" : $"{target} = {Class}.ConditionalSelect({mask}, {sum}, {target});");
                        break;
                    }
            }
        }
    }

    /// <summary>The node as a vector operand: a local's name, a broadcast, or its expression inlined.</summary>
    public string Expr(Node node, int minPrecedence = 0)
    {
        if (_vectorNames.TryGetValue(node, out var name))
        {
            return name;
        }

        if (node.Op == Op.Const)
        {
            return Constant(node);
        }

        if (node.IsLeaf || _declared.Contains(node) || _schedule.NeedsLocal(node))
        {
            return _names[node];
        }

        return Definition(node, minPrecedence);
    }

    private void Declare(Node node)
    {
        if (_declared.Add(node))
        {
            _out.Line($"var {_names[node]} = {Definition(node, 0)};");
        }
    }

    private void Branch(IfItem branch, string? mask)
    {
        var condition = branch.Condition;
        if (_plan.IsVarying(condition) && !condition.IsLeaf)
        {
            Declare(condition);
        }

        var c = Expr(condition);
        var thenMask = HasAccumulation(branch.Then) ? Mask(branch, true, mask is null ? c : $"{mask} & {c}") : null;
        var elseMask = HasAccumulation(branch.Else) ? Mask(branch, false, mask is null ? $"~{c}" : $"{Class}.AndNot({mask}, {c})") : null;
        Region(branch.Then, thenMask);
        Region(branch.Else, elseMask);
        foreach (var phi in branch.Phis.Where(p => _schedule.IsReachable(p.Phi)))
        {
            _declared.Add(phi.Phi);
            _out.Line($"var {_names[phi.Phi]} = {Class}.ConditionalSelect({c}, {Expr(phi.Then)}, {Expr(phi.Else)});");
        }
    }

    /// <summary>The lanes where an arm runs, as a local (or the condition itself when it already is one).</summary>
    private string Mask(IfItem branch, bool arm, string expression)
    {
        if (IsIdentifier(expression))
        {
            return expression;
        }

        if (!_masks.TryGetValue((branch, arm), out var name))
        {
            _masks[(branch, arm)] = name = _fresh(arm ? "taken" : "notTaken");
        }

        _out.Line($"var {name} = {expression};");
        return name;
    }

    private string Definition(Node node, int minPrecedence) => Format(node.Op, Class, node.Args.Length, (i, min) => Expr(node.Args[i], min), minPrecedence);

    /// <summary>
    /// Operation <paramref name="op"/> on vectors of the static class <paramref name="vectorClass"/>, its
    /// <paramref name="arity"/> operands printed by <paramref name="arg"/> (index, least precedence that needs no parentheses).
    /// </summary>
    public static string Format(Op op, string vectorClass, int arity, Func<int, int, string> arg, int minPrecedence)
    {
        var p = SimdOps.Precedence(op);
        var form = Ops.Of(op).Vector ?? throw new InvalidOperationException($"{op} has no SIMD form");
        string All() => string.Join(", ", Enumerable.Range(0, arity).Select(i => arg(i, 0)));
        var text = form.Notation switch
        {
            Notation.Infix => $"{arg(0, p)} {form.Spelling} {arg(1, p + 1)}",
            Notation.Prefix => OpSyntax.Prefix(form.Spelling, arg(0, Precedence.Unary)),
            Notation.Complement => $"~{vectorClass}.{form.Spelling}({All()})",
            _ => $"{vectorClass}.{form.Spelling}({All()})",
        };
        return p < minPrecedence ? $"({text})" : text;
    }

    private string Constant(Node node)
    {
        if (node.Type == ScalarKind.Bool)
        {
            return node.Value != 0 ? $"{Type}.AllBitsSet" : $"{Type}.Zero";
        }

        return node.Value switch
        {
            0 when BitConverter.DoubleToInt64Bits(node.Value) == 0 => $"{Type}.Zero",
            1 => $"{Type}.One",
            _ => $"{Class}.Create({Literals.Constant(node.Value, node.Type)})",
        };
    }

    /// <summary>
    /// True when the region (or a live branch nested in it) accumulates an adjoint. Asked of both arms of every branch,
    /// so each answer is kept: nested arms would otherwise be walked once per branch around them.
    /// </summary>
    private bool HasAccumulation(Region region)
    {
        if (!_accumulates.TryGetValue(region, out var accumulates))
        {
            accumulates = region.Items.Any(item => item switch
            {
                AssignItem { Accumulate: true } => true,
                IfItem branch => _schedule.Emits(branch) && (HasAccumulation(branch.Then) || HasAccumulation(branch.Else)),
                _ => false,
            });
            _accumulates[region] = accumulates;
        }

        return accumulates;
    }

    public static bool IsIdentifier(string text) => text.All(ch => char.IsLetterOrDigit(ch) || ch == '_');
}
