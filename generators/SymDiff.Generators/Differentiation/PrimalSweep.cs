using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The forward sweep of a body of scalars (<see cref="ScalarBody"/>: a program without loops or arrays), built from its
/// program straight into the hash-consed <see cref="Graph"/>: each definition (an operation, a call, a constant) is a
/// node, an assignment binds its variable to one, and each branch joins what its arms assign with phis. With tangents
/// on, each active value's tangent is built right after the value (forward mode): ṅ = Σᵢ ∂n/∂aᵢ · ȧᵢ, from the shared
/// rule table.
/// </summary>
/// <remarks>
/// <para>
/// Joins are decided by definition, not by node: a variable an arm assigns is joined unless both paths hold the very same
/// definition, and a branch that joins nothing changes nothing visible after it (<c>if (c) { }</c>, or arms that only
/// compute locals of their own), so the whole branch is dead code that the derivatives would otherwise still compute
/// (and a <c>?:</c> in its condition would leave a join assigned and never read, CS0219). The program's early returns
/// were lowered by tail duplication, so a branch whose arms assign the result is a return and joins the result only.
/// A branch on a constant (<c>const bool flag</c>) is the arm it takes, in the current region: printed as
/// <c>if (false)</c> the other arm would be unreachable code to the compiler (CS0162), and it has no derivative.
/// </para>
/// <para>
/// Values take the names of the user's variables they are first assigned to (a parameter or constant never does), so
/// generated locals are named as the user's were; the variables the lowering introduced (a call's value, a <c>?:</c>'s
/// choice, the result) name nothing, and a join of a <c>?:</c> takes the name of the variable it is assigned to. A name
/// is known only once a value is assigned, after the value is made (a call's partial derivatives are named after the
/// call), so the program is walked twice in the same order: first to name the definitions and find the branches that
/// join nothing (<see cref="Naming"/>, made once per body), then to build the nodes. Both walks number the definitions
/// alike, the arms never built included.
/// </para>
/// </remarks>
internal sealed class PrimalSweep
{
    private readonly LoopProgram _program;
    private readonly MethodModel _method;

    /// <summary>The graph built into; null on the naming walk.</summary>
    private readonly Graph? _graph;

    private readonly Dictionary<Node, Node>? _tangents;

    /// <summary>What the naming walk found (read by the building walk; filled by the naming walk itself).</summary>
    private readonly Naming _naming;

    /// <summary>The node of each definition built (not those of an arm that is not built).</summary>
    private readonly Dictionary<int, Node> _values = new();

    /// <summary>
    /// On the naming walk: the definitions that take the name of the first user variable they are assigned to (not
    /// parameters or constants).
    /// </summary>
    private readonly HashSet<int> _nameable = new();

    private int _nextDefinition;
    private int _nextBranch;

    /// <summary>True while an arm that is not built is walked (definitions numbered, no nodes made).</summary>
    private bool _skipping;

    private PrimalSweep(LoopProgram program, MethodModel method, Graph? graph, Dictionary<Node, Node>? tangents, Naming naming)
    {
        _program = program;
        _method = method;
        _graph = graph;
        _tangents = tangents;
        _naming = naming;
        _skipping = graph is null;
    }

    /// <summary>
    /// The names of a body's definitions (by number, in walk order) and the branches (by number, in walk order) that join
    /// nothing and are left out, made once however many sweeps build the body.
    /// </summary>
    private sealed class Naming
    {
        public Dictionary<int, string> Names { get; } = new();

        public HashSet<int> Dead { get; } = new();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ScalarBody, Naming> Named = new();

    /// <summary>Builds the forward sweep into <paramref name="graph"/>'s root region and returns the result node.</summary>
    /// <param name="graph">The graph to build into.</param>
    /// <param name="method">The method to build (a body of scalars).</param>
    /// <param name="tangents">When not null, receives each active node's tangent (and must hold the parameters' tangents).</param>
    public static Node Run(Graph graph, MethodModel method, Dictionary<Node, Node>? tangents = null)
    {
        var body = method.Scalar ?? throw new InvalidOperationException($"'{method.Name}' is not a body of scalars");
        var naming = Named.GetValue(body, b =>
        {
            var names = new Naming();
            new PrimalSweep(b.Program, method, graph: null, tangents: null, names).Walk();
            return names;
        });

        var sweep = new PrimalSweep(body.Program, method, graph, tangents, naming);
        return sweep._values[sweep.Walk()];
    }

    /// <summary>The parameter node of ordinal <paramref name="ordinal"/>, shared by all sweeps of one graph.</summary>
    public static Node ParameterNode(Graph graph, MethodModel method, int ordinal)
    {
        var parameter = method.Parameters[ordinal];
        return graph.Param(ordinal, parameter.Kind ?? ScalarKind.Int, parameter.Name, parameter.IsDifferentiable);
    }

    /// <summary>Walks the program and returns the definition its result holds at the end.</summary>
    private int Walk()
    {
        var env = new Bindings();
        foreach (var parameter in _program.Vars.Where(v => v.Origin == VarOrigin.Parameter).OrderBy(v => v.Parameter))
        {
            env[parameter.Id] = Define(Op.Param, parameter.Type, Array.Empty<int>(), parameter.Parameter);
        }

        Statements(_program.Body, env);
        return env.TryGetValue(_program.Result, out var result) ? result
            : throw new InvalidOperationException("the program can end without assigning its result");
    }

    private void Statements(EquatableArray<LStmt> statements, Bindings env)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // as Lowering's NestingGuard.EnsureStack
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case LAssign assign:
                    Assign(assign.Var, Value(assign.Value, env), env);
                    break;
                case LCall call:
                    {
                        var args = call.Args.Select(a => Value(a.Scalar ?? throw new InvalidOperationException("a span argument in a scalar program"), env)).ToArray();
                        var value = Define(Op.Call, _method.Calls[call.Call].ReturnKind, args, call: call.Call);
                        if (call.Target >= 0)
                        {
                            Assign(call.Target, value, env);
                        }

                        break;
                    }

                case LIf branch:
                    Branch(branch, env);
                    break;
                default:
                    throw new InvalidOperationException($"{statement.GetType().Name} in a scalar program");
            }
        }
    }

    private int Value(LExpr expression, Bindings env) => expression switch
    {
        LConst constant => Define(Op.Const, constant.Type, Array.Empty<int>(), constant.Value),
        LRead read => env.TryGetValue(read.Var, out var value) ? value
            : throw new InvalidOperationException($"'{_program.Vars[read.Var].Name}' is read before it is assigned"),
        LApply apply => Define(apply.Op, apply.Type, apply.Args.Select(a => Value(a, env)).ToArray()),
        _ => throw new InvalidOperationException($"{expression.GetType().Name} in a scalar program"),
    };

    /// <summary>Binds <paramref name="variable"/> to <paramref name="value"/>, which takes its name if it has none yet.</summary>
    private void Assign(int variable, int value, Bindings env)
    {
        env[variable] = value;
        var declared = _program.Vars[variable];
        if (_graph is null && !declared.IsTemporary && _nameable.Contains(value) && !_naming.Names.ContainsKey(value))
        {
            _naming.Names[value] = Names.Unescaped(declared.Name);
        }
    }

    /// <summary>A new definition: numbered, and its node made unless the walk is skipping.</summary>
    private int Define(Op op, ScalarKind type, int[] args, double value = 0, int call = -1)
    {
        var id = _nextDefinition++;
        if (_graph is null && op is not (Op.Param or Op.Const))
        {
            _nameable.Add(id);
        }

        if (!_skipping)
        {
            _values[id] = Make(id, op, type, args.Select(a => _values[a]).ToArray(), value, call);
        }

        return id;
    }

    private Node Make(int id, Op op, ScalarKind type, Node[] args, double value, int call)
    {
        var g = _graph!;
        var node = op switch
        {
            Op.Const => g.Const(value, type),
            Op.Param => ParameterNode(g, _method, (int)value),
            Op.Call => g.Make(Op.Call, type, call, 0, args),
            _ => g.Apply(op, type, args),
        };

        if (node.Op == Op.Call && _method.Calls[node.Call].IsPassive)
        {
            // Activity (Differentiation/Activity.cs) found that no derivative reaches through it (its value only
            // decides a branch, say): it is made as written, and so are the values computed from it.
            node.Active = false;
        }

        if (node.Op is Op.Const or Op.Param)
        {
            return node;
        }

        if (node.BaseName is null)
        {
            node.BaseName = _naming.Names.TryGetValue(id, out var name) ? name : null;
        }

        if (node.Active)
        {
            if (node.Op == Op.Call && node.Partials is null)
            {
                CreatePartials(node);
            }

            Tangent(node);
        }

        return node;
    }

    /// <summary>∂call/∂parameter for each differentiable callee parameter, returned alongside the call's value.</summary>
    private void CreatePartials(Node call) => CreatePartials(_graph!, call, _method.Calls[call.Call]);

    /// <summary>
    /// The partial derivative nodes of <paramref name="call"/> (an active <see cref="Op.Call"/> of <paramref name="callee"/>),
    /// one per differentiable callee parameter, named after the call's value: the member computes them with the value
    /// (the callee's fused <c>Gradient</c>, or its custom derivative) wherever the call is made.
    /// </summary>
    internal static void CreatePartials(Graph graph, Node call, CallModel callee)
    {
        call.Partials = new Node?[callee.Parameters.Length];
        for (var p = 0; p < callee.Parameters.Length; p++)
        {
            if (callee.Parameters[p].IsDifferentiable)
            {
                var partial = graph.Make(Op.CallPartial, call.Type, call.Call, p, call);
                partial.BaseName = $"d{Names.Pascal(call.BaseName ?? callee.MethodName)}_d{Names.Pascal(callee.Parameters[p].Name)}";
                partial.MathLabel = $"∂{call.BaseName ?? callee.MethodName}/∂{callee.Parameters[p].Name}";
                call.Partials[p] = partial;
            }
        }
    }

    private void Tangent(Node node)
    {
        if (_tangents is not null)
        {
            DerivativeRules.TangentWhereItLives(_graph!, node, _tangents, arg => arg.Op is Op.Param or Op.Phi);
        }
    }

    private void Branch(LIf branch, Bindings env)
    {
        var condition = Value(branch.Condition, env);
        var number = _nextBranch++;
        var built = !_skipping && !_naming.Dead.Contains(number);
        bool? taken = built && _values[condition] is { Op: Op.Const } constant ? constant.Value != 0 : null;
        var g = _graph;
        var outer = g?.Current;
        Region? thenRegion = null;
        Region? elseRegion = null;
        if (built && taken is null)
        {
            thenRegion = new Region(outer!, null, isReverse: false);
            elseRegion = new Region(outer!, null, isReverse: false);
        }

        var (thenEnv, elseEnv) = (env.Arm(), env.Arm());
        Arm(branch.Then, thenEnv, thenRegion, skip: !built || taken == false);
        Arm(branch.Else, elseEnv, elseRegion, skip: !built || taken == true);

        var joins = Joins(thenEnv, elseEnv, env);
        if (joins.Count == 0)
        {
            if (_graph is null)
            {
                _naming.Dead.Add(number);
            }

            return;
        }

        if (!built)
        {
            return;
        }

        if (taken is { } arm)
        {
            // The arm's value keeps its node (and its tangent, if active): the join is just another name for it.
            foreach (var join in joins)
            {
                _values[join.Id] = _values[arm ? join.Then : join.Else];
            }

            return;
        }

        var phis = new List<PhiAssignment>();
        foreach (var join in joins)
        {
            var thenValue = _values[join.Then];
            var elseValue = _values[join.Else];
            var node = g!.Phi(join.Type, join.Name ?? (_naming.Names.TryGetValue(join.Id, out var name) ? name : null));
            node.Active = thenValue.Active || elseValue.Active;
            phis.Add(new PhiAssignment(node, thenValue, elseValue));
            _values[join.Id] = node;
            if (_tangents is not null && node.Active)
            {
                var tangent = g.Phi(join.Type, null);
                tangent.TangentOf = node;
                var (thenTangent, elseTangent) = (TangentOf(thenValue), TangentOf(elseValue));

                // Active as the join of values is: a tangent that depends on the inputs (2x·ẋ) is differentiated again
                // by a Hessian's reverse sweep, which routes adjoints only through active joins.
                tangent.Active = thenTangent.Active || elseTangent.Active;
                phis.Add(new PhiAssignment(tangent, thenTangent, elseTangent));
                _tangents[node] = tangent;
            }
        }

        outer!.Items.Add(new IfItem(_values[condition], thenRegion!, elseRegion!, phis));
    }

    /// <summary>Walks one arm of a branch: into <paramref name="region"/> (null: the current one), or skipping it.</summary>
    private void Arm(EquatableArray<LStmt> statements, Bindings env, Region? region, bool skip)
    {
        var (g, skipping) = (_graph, _skipping);
        var outer = g?.Current;
        _skipping = skipping || skip;
        if (region is not null)
        {
            g!.Current = region;
        }

        Statements(statements, env);
        _skipping = skipping;
        if (g is not null)
        {
            g.Current = outer!;
        }
    }

    /// <summary>A join at the end of a branch: definition <see cref="Id"/> is <see cref="Then"/> or <see cref="Else"/>, by the arm taken.</summary>
    private sealed record Join(int Id, ScalarKind Type, int Then, int Else, string? Name);

    /// <summary>
    /// The joins of a branch whose arms bound what <paramref name="thenEnv"/> and <paramref name="elseEnv"/> hold, bound
    /// in <paramref name="env"/> after it. A variable neither arm assigned still holds its value; one that only an arm binds
    /// is a local of that arm; one both paths hold the same definition of is not joined.
    /// </summary>
    private List<Join> Joins(Bindings thenEnv, Bindings elseEnv, Bindings env)
    {
        var joins = new List<Join>();
        var result = _program.Result;
        if (thenEnv.Binds(result) || elseEnv.Binds(result))
        {
            // A return on both paths: nothing follows the branch, so only the result is joined.
            var join = new Join(_nextDefinition++, _program.Vars[result].Type, thenEnv[result], elseEnv[result], "result");
            env[result] = join.Id;
            joins.Add(join);
            return joins;
        }

        foreach (var variable in Bindings.AssignedInEither(thenEnv, elseEnv))
        {
            var thenValue = thenEnv[variable];
            if (elseEnv.TryGetValue(variable, out var elseValue) && elseValue != thenValue)
            {
                var declared = _program.Vars[variable];
                var join = new Join(_nextDefinition++, declared.Type, thenValue, elseValue, declared.IsTemporary ? null : Names.Unescaped(declared.Name));
                if (declared.IsTemporary && _graph is null)
                {
                    _nameable.Add(join.Id);
                }

                joins.Add(join);
                env[variable] = join.Id;
            }
            else if (elseEnv.TryGetValue(variable, out _))
            {
                env[variable] = thenValue;
            }
        }

        return joins;
    }

    private Node TangentOf(Node node) =>
        _tangents!.TryGetValue(node, out var tangent) && node.Active ? tangent : _graph!.Zero(node.Type);
}
