using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Prints scheduled regions as C# statements and graph nodes as C# expressions.</summary>
internal sealed class CodeWriter
{
    private readonly IndentedWriter _out;
    private readonly Schedule _schedule;
    private readonly NameAllocator _names;
    private readonly EmitInput _input;
    private readonly ISet<Node> _known;

    private readonly bool _kernel;

    /// <param name="known">Operation nodes whose values are already in the locals <paramref name="names"/> gives them (saved values): never defined, always read by name.</param>
    /// <param name="kernel">True inside an ILGPU kernel (see <see cref="OpSyntax.Format"/>).</param>
    public CodeWriter(IndentedWriter writer, Schedule schedule, NameAllocator names, EmitInput input, ISet<Node>? known = null, bool kernel = false)
    {
        _kernel = kernel;
        _out = writer;
        _schedule = schedule;
        _names = names;
        _input = input;
        _known = known ?? new HashSet<Node>();
    }

    public void Region(Region region)
    {
        foreach (var item in region.Items)
        {
            switch (item)
            {
                case NodeItem { Node: var node } when _schedule.NeedsLocal(node) && !_known.Contains(node):
                    Define(node);
                    break;
                case IfItem branch when _schedule.Emits(branch):
                    Branch(branch, region);
                    break;
                case AssignItem { Accumulate: false } assign:
                    _out.Line($"{Literals.TypeKeyword(assign.Target.Type)} {_names[assign.Target]} = {Expr(assign.Value)};");
                    break;
                case AssignItem assign:
                    _out.Line($"{_names[assign.Target]} += {Expr(assign.Value)};");
                    break;
            }
        }
    }

    /// <summary>The node as an operand: its local's name, or its expression inlined.</summary>
    public string Expr(Node node, int minPrecedence = 0)
    {
        SymDiff.Generators.Lowering.NestingGuard.EnsureStack();
        if (node.IsLeaf || _known.Contains(node))
        {
            return node.Op == Op.Const ? Constant(node, minPrecedence) : _names[node];
        }

        return _schedule.NeedsLocal(node) ? _names[node] : Definition(node, minPrecedence);
    }

    private void Define(Node node)
    {
        var declare = _schedule.IsHoisted(node) ? string.Empty : Literals.TypeKeyword(node.Type) + " ";
        switch (node.Op)
        {
            case Op.Call:
                CallStatement(node, declare);
                break;
            case Op.CallPartial:
                break;
            default:
                _out.Line($"{declare}{_names[node]} = {Definition(node, 0)};");
                break;
        }
    }

    private void Branch(IfItem branch, Region region)
    {
        if (!region.IsReverse && region.Depth == 0)
        {
            Hoist(branch);
        }

        foreach (var phi in branch.Phis.Where(p => _schedule.IsReachable(p.Phi) && !_schedule.IsHoisted(p.Phi)))
        {
            _out.Line($"{Literals.TypeKeyword(phi.Phi.Type)} {_names[phi.Phi]};");
        }

        var joins = branch.Phis.Any(p => _schedule.IsReachable(p.Phi));
        if (!joins && !branch.Then.Items.Any(_schedule.Emits))
        {
            using (_out.Block($"if (!{Expr(branch.Condition, Precedence.Unary)})"))
            {
                Region(branch.Else);
            }

            return;
        }

        using (_out.Block($"if ({Expr(branch.Condition)})"))
        {
            Region(branch.Then);
            AssignJoins(branch, p => p.Then);
        }

        if (joins || branch.Else.Items.Any(_schedule.Emits))
        {
            using (_out.Block("else"))
            {
                Region(branch.Else);
                AssignJoins(branch, p => p.Else);
            }
        }
    }

    private void AssignJoins(IfItem branch, Func<PhiAssignment, Node> arm)
    {
        foreach (var phi in branch.Phis.Where(p => _schedule.IsReachable(p.Phi)))
        {
            _out.Line($"{_names[phi.Phi]} = {Expr(arm(phi))};");
        }
    }

    /// <summary>Declares, before a top-level branch, the branch locals the reverse sweep reads.</summary>
    private void Hoist(IfItem branch)
    {
        var branches = new[] { branch }.Concat(branch.Then.Branches()).Concat(branch.Else.Branches());
        var hoisted = branch.Then.Nodes().Concat(branch.Else.Nodes())
            .Concat(branches.SelectMany(b => b.Phis.Select(p => p.Phi)))
            .Where(_schedule.IsHoisted)
            .Distinct()
            .ToList();
        foreach (var group in hoisted.GroupBy(n => n.Type))
        {
            var zero = Literals.Constant(0, group.Key);
            _out.Line($"{Literals.TypeKeyword(group.Key)} {string.Join(", ", group.Select(n => $"{_names[n]} = {zero}"))};");
        }
    }

    private void CallStatement(Node call, string declare)
    {
        var callee = _input.Method.Calls[call.Call];
        var resolved = _input.Calls[call.Call];
        var args = call.Args.Select(a => Expr(a)).ToList();
        var name = _names[call];
        if (call.Partials is null)
        {
            _out.Line($"{declare}{name} = {callee.TypeName}.{callee.MethodName}({string.Join(", ", args)});");
            return;
        }

        var partials = call.Partials;
        var differentiable = Enumerable.Range(0, partials.Length).Where(p => partials[p] is not null).ToList();
        switch (resolved.Strategy)
        {
            case CallStrategy.Gradient:
                {
                    // A partial is declared where it is written unless the reverse sweep reads it after the branch: then
                    // Hoist declared it already, whether or not the call's value itself was hoisted. A typed discard
                    // stays a discard when the method has a parameter named _ (a bare out _ would write it).
                    var outs = differentiable.Select(p => _schedule.IsReachable(partials[p]!)
                        ? $"out {Declaration(partials[p]!)}{_names[partials[p]!]}"
                        : $"out {Literals.TypeKeyword(partials[p]!.Type)} _");
                    _out.Line($"{declare}{name} = {resolved.TypeName}.{resolved.MethodName}({string.Join(", ", args.Concat(outs))});");
                    break;
                }

            case CallStrategy.CustomPullback:
                {
                    var zeroed = differentiable.Select(p => partials[p]!).ToList();
                    foreach (var partial in zeroed)
                    {
                        _out.Line($"{Declaration(partial)}{_names[partial]} = {Literals.Constant(0, call.Type)};");
                    }

                    var refs = differentiable.Select(p => $"ref {_names[partials[p]!]}");
                    var seed = Literals.Constant(1, call.Type);
                    _out.Line($"{declare}{name} = {resolved.TypeName}.{resolved.MethodName}({string.Join(", ", args.Concat(new[] { seed }).Concat(refs))});");
                    break;
                }

            default:
                {
                    if (declare.Length > 0)
                    {
                        _out.Line($"{declare}{name};");
                    }

                    foreach (var partial in differentiable.Select(p => partials[p]!).Where(p => !_schedule.IsHoisted(p)))
                    {
                        _out.Line($"{Literals.TypeKeyword(partial.Type)} {_names[partial]};");
                    }

                    for (var k = 0; k < differentiable.Count; k++)
                    {
                        // Later pushforwards are for their tangent only: .Tangent, not (_, t) = …, whose _ would be the
                        // method's parameter if it has one named _.
                        var tangents = differentiable.Select(p => Literals.Constant(p == differentiable[k] ? 1 : 0, call.Type));
                        var invocation = $"{resolved.TypeName}.{resolved.MethodName}({string.Join(", ", args.Concat(tangents))})";
                        var partial = _names[partials[differentiable[k]]!];
                        _out.Line(k == 0 ? $"({name}, {partial}) = {invocation};" : $"{partial} = {invocation}.{Literals.PushforwardElement(resolved.Strategy, tangent: true)};");
                    }

                    break;
                }
        }
    }

    /// <summary>The type keyword and a space where <paramref name="node"/> is declared as it is written; empty when hoisted.</summary>
    private string Declaration(Node node) => _schedule.IsHoisted(node) ? string.Empty : Literals.TypeKeyword(node.Type) + " ";

    private string Constant(Node node, int minPrecedence)
    {
        var text = Literals.Constant(node.Value, node.Type);
        return text.StartsWith("-", StringComparison.Ordinal) && minPrecedence > Precedence.Unary ? $"({text})" : text;
    }

    private string Definition(Node node, int minPrecedence)
    {
        var callee = node.Op == Op.Call ? $"{_input.Method.Calls[node.Call].TypeName}.{_input.Method.Calls[node.Call].MethodName}" : null;
        var text = OpSyntax.Format(node.Op, node.Type, node.Args.Select(a => a.Type).ToArray(), (i, precedence) => Expr(node.Args[i], precedence), callee, _kernel);
        return Precedence.Of(node.Op) < minPrecedence ? $"({text})" : text;
    }
}

/// <summary>C# operator precedence, enough to parenthesize exactly where needed (each operation's is in <see cref="Ops"/>).</summary>
internal static class Precedence
{
    public const int Select = Ops.Conditional;
    public const int Unary = Ops.Unary;

    public static int Of(Op op) => Ops.Of(op).Precedence;
}
