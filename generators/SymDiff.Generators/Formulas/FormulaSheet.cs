using System.Globalization;
using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Formulas;

/// <summary>
/// The derivative formulas of one generated member, read off its graph in the user's own names: parameters, the
/// user's locals, the method for its result, ∂F/∂z for the adjoint of a local z of the user's that the code keeps, dz
/// for a tangent. Everything else the code computes (its temporaries, the accumulators of adjoints across branches,
/// the joins of branches) is an expression here, which <see cref="Temporaries"/> inlines, defines in a where clause
/// or elides. The graph and the code are only read: the formulas are documentation.
/// </summary>
internal sealed class FormulaSheet
{
    private readonly Algebra _algebra = new();
    private readonly Schedule _schedule;
    private readonly MethodModel _method;
    private readonly Node _result;
    private readonly IReadOnlyDictionary<Node, string> _tangentParameters;
    private readonly Dictionary<Node, (Node Condition, Node Then, Node Else)> _joins = new();
    private readonly Dictionary<Node, MathExpr> _accumulated = new();
    private readonly IReadOnlyDictionary<Node, string>? _versions;
    private readonly HashSet<Node> _mentioned = new();
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly HashSet<Node> _owners = new();
    private readonly Dictionary<Node, MathExpr> _of = new();
    private readonly List<(string Label, MathExpr Value)> _lines = new();

    private FormulaSheet(
        Schedule schedule, MethodModel method, Node result, Region forward, IReadOnlyDictionary<Node, string> tangentParameters, IReadOnlyDictionary<Node, string>? versions)
    {
        _schedule = schedule;
        _method = method;
        _result = result;
        _tangentParameters = tangentParameters;
        _versions = versions;
        _taken.UnionWith(method.Parameters.Select(p => Names.Unescaped(p.Name)).Append(method.Name));
        CollectJoins(forward);
    }

    /// <summary>
    /// The reverse chain as the seeds write it: ∂F/∂z for each local z of the user's whose adjoint the code keeps, in
    /// the order the reverse sweep computes them, then ∂F/∂p for each parameter.
    /// </summary>
    public static List<string> Gradient(Schedule schedule, MethodModel method, Node result, Region forward, Region reverse, IEnumerable<(string Parameter, Node Adjoint)> outputs) =>
        Printed(versions =>
        {
            var sheet = new FormulaSheet(schedule, method, result, forward, new Dictionary<Node, string>(), versions);
            sheet.FindAdjointLines(reverse);
            sheet.Reverse(reverse, new Dictionary<Node, MathExpr>());
            foreach (var (parameter, adjoint) in outputs)
            {
                sheet._lines.Add(($"∂{method.Name}/∂{Names.Unescaped(parameter)}", sheet.Expand(adjoint)));
            }

            return sheet;
        });

    /// <summary>The tangent chain: dz for each local z of the user's whose tangent the code keeps, then dF.</summary>
    public static List<string> Pushforward(Schedule schedule, MethodModel method, Node result, Region forward, Node resultTangent, IReadOnlyDictionary<Node, string> tangentParameters) =>
        Printed(versions =>
        {
            var sheet = new FormulaSheet(schedule, method, result, forward, tangentParameters, versions);
            sheet._owners.UnionWith(AllNodes(forward).Where(n => n.TangentOf is { } primal && primal != result && sheet.IsUsers(primal)
                && primal.Op != Op.Param && schedule.NeedsLocal(n)));
            sheet.Forward(forward);
            sheet._lines.Add(($"d{method.Name}", sheet.Expand(resultTangent)));
            return sheet;
        });

    /// <summary>
    /// The sheet's lines as text. A local the user assigns more than once (<c>acc += …</c>) is one name for several
    /// values: when the formulas mention more than one of them, they are told apart in the order the code computes
    /// them, acc, acc′, acc″ (which takes a second sheet, once the first has shown which are mentioned).
    /// </summary>
    private static List<string> Printed(Func<IReadOnlyDictionary<Node, string>?, FormulaSheet> build)
    {
        var sheet = build(null);
        var lines = sheet.Print();

        // A parameter the body assigns to (x = x * t) is the first value of its name, as is the method for its result.
        var first = new HashSet<string>(sheet._method.Parameters.Select(p => Names.Unescaped(p.Name)).Append(sheet._method.Name), StringComparer.Ordinal);
        var versions = sheet._mentioned.GroupBy(n => Names.Unescaped(n.BaseName ?? "v"))
            .Select(g => (Name: g.Key, Nodes: g.OrderBy(n => n.Id).ToList(), Offset: first.Contains(g.Key) ? 1 : 0))
            .Where(g => g.Nodes.Count + g.Offset > 1)
            .SelectMany(g => g.Nodes.Select((n, i) => (Node: n, Name: g.Name + new string('′', i + g.Offset))))
            .ToDictionary(v => v.Node, v => v.Name);
        return versions.Count == 0 ? lines : build(versions).Print();
    }

    private List<string> Print() => Temporaries.Print(
        _algebra,
        _lines.Where(l => !(l.Value.Kind == MathKind.Symbol && l.Value.Text == l.Label)).ToList(),
        t => DefinitionOfTemporary((Node)t.Tag!),
        _taken);

    /// <summary>Which adjoints get a line: the last adjoint of each local of the user's, if the code keeps it.</summary>
    private void FindAdjointLines(Region reverse)
    {
        var last = new Dictionary<Node, Node>();
        foreach (var item in reverse.AllItems())
        {
            if (item is NodeItem { Node: { AdjointOf: { } primal } node })
            {
                last[primal] = node;
            }
            else if (item is AssignItem { Accumulate: false, Target: { AdjointOf: { } accumulated } target })
            {
                last[accumulated] = target;
            }
        }

        _owners.UnionWith(last.Where(p => p.Key.Op != Op.Param && IsUsers(p.Key) && (p.Value.Op == Op.Local || _schedule.NeedsLocal(p.Value))).Select(p => p.Value));
    }

    /// <summary>
    /// Walks a reverse region as the code runs it: an accumulator is its initial value plus, for each branch that
    /// adds to it, (what the then-arm adds if the condition holds, else what the else-arm adds).
    /// </summary>
    private void Reverse(Region region, Dictionary<Node, MathExpr> outerDeltas)
    {
        var initialized = new HashSet<Node>();
        void Accumulate(Node target, MathExpr value)
        {
            if (initialized.Contains(target))
            {
                _accumulated[target] = _algebra.Add(_accumulated[target], value);
            }
            else
            {
                outerDeltas[target] = outerDeltas.TryGetValue(target, out var delta) ? _algebra.Add(delta, value) : value;
            }
        }

        foreach (var item in region.Items)
        {
            switch (item)
            {
                case NodeItem { Node: var node } when _owners.Contains(node):
                    _lines.Add((Label(node), Definition(node)));
                    break;
                case AssignItem { Accumulate: false } assign:
                    _accumulated[assign.Target] = Of(assign.Value);
                    initialized.Add(assign.Target);
                    break;
                case AssignItem assign:
                    Accumulate(assign.Target, Of(assign.Value));
                    break;
                case IfItem branch:
                    var (thenDeltas, elseDeltas) = (new Dictionary<Node, MathExpr>(), new Dictionary<Node, MathExpr>());
                    Reverse(branch.Then, thenDeltas);
                    Reverse(branch.Else, elseDeltas);
                    foreach (var target in thenDeltas.Keys.Union(elseDeltas.Keys).OrderBy(n => n.Id))
                    {
                        Accumulate(target, _algebra.Cond(Of(branch.Condition), Delta(thenDeltas, target), Delta(elseDeltas, target)));
                    }

                    foreach (var accumulator in initialized.Where(_owners.Contains).OrderBy(n => n.Id).ToList())
                    {
                        _lines.Add((Label(accumulator), _accumulated[accumulator]));
                        initialized.Remove(accumulator);
                    }

                    break;
            }
        }
    }

    private MathExpr Delta(Dictionary<Node, MathExpr> deltas, Node target) => deltas.TryGetValue(target, out var delta) ? delta : _algebra.Zero;

    private void Forward(Region region)
    {
        foreach (var item in region.Items)
        {
            if (item is NodeItem { Node: var node } && _owners.Contains(node))
            {
                _lines.Add((Label(node), Definition(node)));
            }
            else if (item is IfItem branch)
            {
                Forward(branch.Then);
                Forward(branch.Else);
            }
        }
    }

    /// <summary>How a formula refers to <paramref name="node"/>: a name the reader knows, a temporary, or what it computes.</summary>
    private MathExpr Of(Node node)
    {
        if (!_of.TryGetValue(node, out var e))
        {
            e = OfUncached(node);
            _of[node] = e;
        }

        return e;
    }

    private MathExpr OfUncached(Node node)
    {
        if (node.Op == Op.Const)
        {
            // A float constant prints as written (0.1, not 0.10000000149011612).
            return _algebra.Number(node.Type == ScalarKind.Float ? double.Parse(((float)node.Value).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : node.Value);
        }

        if (_tangentParameters.TryGetValue(node, out var parameter))
        {
            return _algebra.Symbol("d" + Names.Unescaped(parameter));
        }

        if (_owners.Contains(node))
        {
            return _algebra.Symbol(Label(node));
        }

        if (node.Op == Op.Convert)
        {
            return Of(node.Args[0]);
        }

        if (node.Op == Op.CallPartial)
        {
            return _algebra.Symbol(node.MathLabel ?? Name(node));
        }

        if (IsUsers(node) && node.AdjointOf is null && node.TangentOf is null || node.Op == Op.Local && node.AdjointOf is null)
        {
            return _algebra.Symbol(Name(node));
        }

        return node.Op is Op.Local or Op.Phi || _schedule.NeedsLocal(node) ? _algebra.Temporary(node.Id, node) : Definition(node);
    }

    /// <summary>How a line shows <paramref name="node"/>: as <see cref="Of"/> does, but a temporary by what it computes.</summary>
    private MathExpr Expand(Node node)
    {
        var e = Of(node);
        return e.Kind == MathKind.Temporary ? DefinitionOfTemporary(node) : e;
    }

    private MathExpr DefinitionOfTemporary(Node node) => _accumulated.TryGetValue(node, out var value) ? value : Definition(node);

    private MathExpr Definition(Node node)
    {
        Lowering.NestingGuard.EnsureStack();
        var a = _algebra;
        MathExpr Arg(int i) => Of(node.Args[i]);
        MathExpr F(string name) => a.Function(name, node.Args.Select(Of).ToArray());
        var row = Ops.Of(node.Op);
        return node.Op switch
        {
            Op.Add => a.Add(Arg(0), Arg(1)),
            Op.Sub => a.Sub(Arg(0), Arg(1)),
            Op.Mul => a.Mul(Arg(0), Arg(1)),
            Op.Div => a.Div(Arg(0), Arg(1)),
            Op.Neg => a.Neg(Arg(0)),
            Op.Convert => Arg(0),
            Op.FusedMultiplyAdd => a.Add(a.Mul(Arg(0), Arg(1)), Arg(2)),
            _ when row.IsComparison => a.Compare(row.Symbol!, Arg(0), Arg(1)),
            Op.And => a.And(Arg(0), Arg(1)),
            Op.Or => a.Or(Arg(0), Arg(1)),
            Op.Not => a.Not(Arg(0)),
            Op.Select => a.Cond(Arg(0), Arg(1), Arg(2)),
            Op.Pow => a.Power(Arg(0), Arg(1)),
            Op.Call => F(_method.Calls[node.Call].MethodName),
            Op.Phi when _joins.TryGetValue(node, out var join) => a.Cond(Of(join.Condition), Of(join.Then), Of(join.Else)),
            Op.Local or Op.Phi => _algebra.Symbol(Name(node)),
            Op.Param or Op.Const or Op.CallPartial => Of(node),
            _ => F(row.Symbol ?? throw new InvalidOperationException($"{node.Op} has no formula symbol")),
        };
    }

    /// <summary>The line label of a node that has a line: ∂F/∂z for an adjoint, dz for a tangent.</summary>
    private string Label(Node node) => node.AdjointOf is { } primal ? $"∂{_method.Name}/∂{Name(primal)}" : $"d{Name(node.TangentOf!)}";

    /// <summary>
    /// The name of a value the reader knows: a parameter's, the method's for its result, the user's local's (told
    /// apart from the other values of the same local by <see cref="Printed"/>).
    /// </summary>
    private string Name(Node node)
    {
        if (node.Op == Op.Param)
        {
            return Names.Unescaped(_method.Parameters[(int)node.Value].Name);
        }

        if (node == _result && node.BaseName is null or "value" or "result")
        {
            return _method.Name;
        }

        _mentioned.Add(node);
        var name = _versions is not null && _versions.TryGetValue(node, out var version) ? version : Names.Unescaped(node.BaseName ?? "v");
        _taken.Add(name);
        return name;
    }

    /// <summary>Whether the reader knows <paramref name="node"/> by a name: a parameter, the result, or a local of the user's.</summary>
    private bool IsUsers(Node node) => node.Op == Op.Param || node == _result
        || node.BaseName is not null && node.Op is not (Op.Local or Op.CallPartial) && node.AdjointOf is null && node.TangentOf is null;

    private void CollectJoins(Region region)
    {
        foreach (var branch in region.AllItems().OfType<IfItem>())
        {
            foreach (var phi in branch.Phis)
            {
                _joins[phi.Phi] = (branch.Condition, phi.Then, phi.Else);
            }
        }
    }

    private static IEnumerable<Node> AllNodes(Region region) => region.AllItems().OfType<NodeItem>().Select(n => n.Node);
}
