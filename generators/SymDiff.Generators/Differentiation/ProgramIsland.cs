using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A program without loops over scalars and fixed elements (outputs written and read at constant indices, inputs read
/// at constant indices or at indices computed from parameters it never assigns) as one SSA island of the hash-consed
/// <see cref="Graph"/>, the form a body of scalars is differentiated in (<see cref="IslandPass"/>): each assignment binds
/// its variable to a node, each branch joins what its arms assign with phis, a call of scalars is a node whose partial
/// derivatives come with its value, and what the program reads before it assigns it (its scalar parameters, its input
/// elements, an output element's incoming value) is a leaf. Its reverse sweeps need no tape: nothing is overwritten,
/// every value is a node.
/// </summary>
/// <remarks>
/// The per-statement reverse sweep (<see cref="AdjointPass"/>) saves every value it overwrites and runs one island per
/// statement; a vector function of fixed size (a camera model, a rotation, a residual block) is all one island here,
/// so its temporaries are shared across statements and a Jacobian row is one fused sweep over values computed once.
/// <see cref="Stretch"/> builds the same for a run of a larger program's statements, which forward mode differentiates
/// as one island (<c>TangentPass.Stretches.cs</c>): there any scalar it reads before assigning it is a leaf, and what it
/// assigns is <see cref="Written"/>.
/// </remarks>
internal sealed partial class ProgramIsland
{
    private readonly LoopProgram _program;
    private readonly Dictionary<LExpr, Node> _leafNodes = new();

    /// <summary>The leaves of elements read only inside branches (<see cref="MayBeOutOfRange"/>).</summary>
    private readonly HashSet<Node> _guardedElements = new();

    /// <summary>The leaves of elements read outside every branch.</summary>
    private readonly HashSet<Node> _unguarded = new();

    /// <summary>The scalars the program assigns: an index that reads one is not the same element everywhere.</summary>
    private readonly HashSet<int> _assigned;

    /// <summary>With forward mode (<see cref="Build"/>'s <c>lanes</c>): per lane, the tangent of each active node, made as the node is.</summary>
    private readonly Dictionary<Node, Node>[] _lanes;

    /// <summary>For a stretch of a program (<see cref="Stretch"/>): which variables carry a tangent; null for a whole program.</summary>
    private readonly Func<int, bool>? _stretchActive;

    /// <summary>The method's calls, when the island may make them (<see cref="Build"/>); null when a call is not one.</summary>
    private readonly EquatableArray<CallModel>? _calls;

    private ProgramIsland(
        LoopProgram program, int lanes, EquatableArray<LStmt>? stretch = null, Func<int, bool>? active = null, EquatableArray<CallModel>? calls = null,
        MethodModel? body = null, bool activeTangents = false)
    {
        _program = program;
        _calls = calls;
        _body = body;
        _activeTangents = activeTangents;
        _assigned = (stretch ?? program.Body).AssignedVariables();
        _stretchActive = active;
        _lanes = Enumerable.Range(0, lanes).Select(_ => new Dictionary<Node, Node>()).ToArray();
    }

    public Graph Graph { get; } = new();

    /// <summary>The values the program reads as they are on entry, and where they are read from.</summary>
    public List<(Node Leaf, LExpr Source)> Leaves { get; } = new();

    /// <summary>
    /// The value the members return: the result's, except in a tangent program, whose result is the tangent ∇f·t and
    /// whose members return the primal value (<see cref="LoopProgram.Returns"/>); null for a program without a result.
    /// </summary>
    public Node? Returned { get; private set; }

    /// <summary>The value of the program's scalar result (what a pullback seeds); null for a program without one.</summary>
    public Node? Result { get; private set; }

    /// <summary>
    /// True for the leaf of an element read only inside a branch: it may be out of range when the branch is not taken
    /// (<c>if (k &lt; x.Length) … x[k]</c>), so its adjoint, 0 then, must be added only where it is not 0. An element read
    /// outside every branch is in range whenever the primal runs.
    /// </summary>
    public bool MayBeOutOfRange(Node leaf) => _guardedElements.Contains(leaf);

    /// <summary>The output elements the program writes (<see cref="LElement"/>s at constant indices) and their last values, in the order first written.</summary>
    public List<(LElement Element, Node Value)> Outputs { get; } = new();

    /// <summary>
    /// The tangent of <paramref name="node"/> in forward mode, in <paramref name="lane"/>: a leaf for an active leaf (the
    /// member reads it from the leaf's tangent), the rule's sum for an operation, a join of the arms' tangents for a join;
    /// 0 where the node is not active. Only for an island built with lanes.
    /// </summary>
    public Node TangentOf(Node node, int lane = 0) =>
        node.Active && _lanes[lane].TryGetValue(node, out var tangent) ? tangent : Graph.Zero(node.Type);

    /// <summary>
    /// The program as an island, or null when it is not one: it has a loop or a buffer of its own, a call it cannot make
    /// (<see cref="Call"/>; any call without <paramref name="calls"/>), reads a local before assigning it, stores into an
    /// array that is not an output, or indexes an output with anything but a constant or an input with anything but
    /// integer arithmetic on constants, lengths and parameters it never assigns. A scalar
    /// parameter it assigns is bound to a node as a local is, and keeps its value on entry on a path that leaves it alone
    /// (<c>if (c) x *= k;</c> joins x·k with x). With <paramref name="lanes"/> (forward mode: 1 for a pushforward, more
    /// for vector forward mode), every active value gets its tangent in each lane as it is made (<see cref="TangentOf"/>),
    /// as a body of scalars does (<see cref="OfBody"/>); the lanes share the values and the partial derivatives they
    /// multiply. With <paramref name="calls"/> (the method's), a call of scalars is a node whose partial derivatives
    /// come with its value, as in a body of scalars.
    /// </summary>
    public static ProgramIsland? Build(LoopProgram program, int lanes = 0, EquatableArray<CallModel>? calls = null)
    {
        // Most programs have a loop: they are turned away before any node is made.
        if (program.CheckpointEvery >= 0 || program.Body.Descendants().Any(s => s is not (LAssign or LStore or LIf) && !(calls is not null && s is LCall)))
        {
            return null;
        }

        var island = new ProgramIsland(program, lanes, calls: calls);
        var env = new Scope();
        var written = new List<LExpr>();
        if (!island.Statements(program.Body, env, written))
        {
            return null;
        }

        if (program.Result >= 0)
        {
            var result = new LRead(program.Vars[program.Result].Type, program.Result);
            if (!env.TryGetValue(result, out var value))
            {
                return null;
            }

            island.Result = value;
            var returned = new LRead(program.Vars[program.Returned].Type, program.Returned);
            if (!env.TryGetValue(returned, out var returnedValue))
            {
                return null;
            }

            island.Returned = returnedValue;
        }

        foreach (var element in written.OfType<LElement>().Distinct())
        {
            island.Outputs.Add((element, env[element]));
        }

        return island.StoresInOrder() ? island : null;
    }

    /// <summary>
    /// True when the outputs can be stored one after another in <see cref="Outputs"/>' order, and the result returned
    /// after them: no store's value, nor the result, reads the incoming value of an element stored before it
    /// (<c>t = y[1]; y[1] = a; y[0] = t;</c> would store a into y[0]). A value is followed through its operations down to
    /// the leaves; a join is computed before the stores.
    /// </summary>
    private bool StoresInOrder()
    {
        var incoming = Leaves.Where(l => l.Source is LElement e && _program.Vars[e.Var].IsOutput).ToDictionary(l => l.Leaf, l => (LElement)l.Source);
        if (incoming.Count == 0)
        {
            return true;
        }

        var stored = new HashSet<LElement>();
        foreach (var (element, value) in Outputs)
        {
            if (ReadsStored(value))
            {
                return false;
            }

            stored.Add(element);
        }

        return (Result is null || !ReadsStored(Result)) && (Returned is null || !ReadsStored(Returned));

        bool ReadsStored(Node value) => Reaches(value, node => incoming.TryGetValue(node, out var read) && stored.Contains(read));
    }

    /// <summary>
    /// True when <paramref name="value"/>, followed through its operations down to the leaves (not into a join, which is
    /// computed before any store), reaches a node <paramref name="found"/> holds for: what a store's value may read where
    /// the printer inlines it into the store.
    /// </summary>
    internal static bool Reaches(Node value, Func<Node, bool> found)
    {
        var seen = new HashSet<Node>();
        var pending = new Stack<Node>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node) || node.Op == Op.Phi)
            {
                continue;
            }

            if (found(node))
            {
                return true;
            }

            foreach (var arg in node.Args)
            {
                pending.Push(arg);
            }
        }

        return false;
    }

    private bool Statements(EquatableArray<LStmt> statements, Scope env, List<LExpr> written)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case LAssign { Var: var var, Value: var value } when !_program.Vars[var].IsArray:
                    {
                        if (Value(value, env) is not { } node)
                        {
                            return false;
                        }

                        NameAfter(node, var);
                        Bind(new LRead(_program.Vars[var].Type, var), node, env, written);
                        break;
                    }

                case LStore { Var: var var, Index: LConst index, Value: var value } when _stretchActive is null && _program.Vars[var] is { IsOutput: true, Origin: VarOrigin.Parameter }:
                    {
                        if (Value(value, env) is not { } node)
                        {
                            return false;
                        }

                        Bind(new LElement(_program.Vars[var].Type, var, index), node, env, written);
                        break;
                    }

                case LStore { Var: var var, Index: var index, Value: var value } when _stretchActive is not null && Invariant(index):
                    {
                        // Of a stretch: an element at an index the stretch does not move (ElementsApart: the only one of its array).
                        if (Value(index, env) is null || Value(value, env) is not { } node)
                        {
                            return false;
                        }

                        Bind(new LElement(_program.Vars[var].Type, var, index), node, env, written);
                        break;
                    }

                case LCall call when _calls is not null && _stretchActive is null:
                    {
                        if (Call(call, env) is not { } node)
                        {
                            return false;
                        }

                        if (call.Target >= 0)
                        {
                            Bind(new LRead(_program.Vars[call.Target].Type, call.Target), node, env, written);
                        }

                        break;
                    }

                case LIf branch:
                    if (!Branch(branch, env, written))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private void Bind(LExpr storage, Node node, Scope env, List<LExpr> written)
    {
        env[storage] = node;
        written.Add(storage);
        if (!_rank.ContainsKey(storage))
        {
            _rank[storage] = _rank.Count;
        }
    }

    /// <summary>The order in which the program first assigns each storage, anywhere: a branch joins what it assigns in this order.</summary>
    private readonly Dictionary<LExpr, int> _rank = new();

    private bool Branch(LIf branch, Scope env, List<LExpr> written)
    {
        var g = Graph;
        if (Value(branch.Condition, env) is not { } condition)
        {
            return false;
        }

        if (condition.Op == Op.Const)
        {
            // A branch on a constant is the arm it takes (printed as `if (false)`, the other arm would be unreachable).
            return Statements(condition.Value != 0 ? branch.Then : branch.Else, env, written);
        }

        var outer = g.Current;
        var (thenEnv, elseEnv) = (env.Arm(), env.Arm());
        var (thenWritten, elseWritten) = (new List<LExpr>(), new List<LExpr>());
        var thenRegion = new Region(outer, null, isReverse: false);
        var elseRegion = new Region(outer, null, isReverse: false);
        g.Current = thenRegion;
        var ok = Statements(branch.Then, thenEnv, thenWritten);
        g.Current = elseRegion;
        ok = ok && Statements(branch.Else, elseEnv, elseWritten);
        g.Current = outer;
        if (!ok)
        {
            return false;
        }

        var phis = new List<PhiAssignment>();
        var joined = thenWritten.Concat(elseWritten).Distinct().OrderBy(w => _rank[w]).ToList();
        if (_body is not null && joined.FirstOrDefault(w => w is LRead r && r.Var == _program.Result) is { } result)
        {
            // A return on both paths (tail-duplicated): nothing follows the branch, so only the result is joined.
            joined = [result];
        }

        foreach (var storage in joined)
        {
            // A variable an arm assigns that was not bound before the branch is local to that arm unless both assign it.
            var (inThen, inElse) = (thenEnv.TryGetValue(storage, out var thenValue), elseEnv.TryGetValue(storage, out var elseValue));
            if (storage is LElement && (!inThen || !inElse))
            {
                // An output element one arm writes keeps its incoming value on the other path; stored after the sweeps,
                // it would be written where the primal may not have (out of range: `if (y.Length > 2) y[2] = …`).
                return false;
            }

            if (storage is LRead scalar && (_stretchActive is not null || _program.Vars[scalar.Var].Origin == VarOrigin.Parameter) && (!inThen || !inElse))
            {
                // A scalar one arm leaves alone keeps the value it had before the branch (a leaf, when nothing before the
                // branch assigned it) when it lives after the branch: a parameter does, and anything a stretch assigns.
                var before = env.TryGetValue(storage, out var bound) ? bound : Value(storage, env)!;
                (thenValue, elseValue, inThen, inElse) = (inThen ? thenValue : before, inElse ? elseValue : before, true, true);
            }

            if (!inThen || !inElse)
            {
                continue;
            }

            written.Add(storage);
            if (thenValue == elseValue)
            {
                env[storage] = thenValue;
                continue;
            }

            var declared = _program.Vars[storage is LRead read ? read.Var : ((LElement)storage).Var];
            var phi = g.Phi(storage.Type, storage is LRead joinedRead && _body is not null && joinedRead.Var == _program.Result ? "result"
                : storage is LRead && !declared.IsTemporary ? Names.Unescaped(declared.Name) : null);
            phi.Active = thenValue!.Active || elseValue!.Active;
            phis.Add(new PhiAssignment(phi, thenValue, elseValue!));
            env[storage] = phi;
            for (var lane = 0; lane < _lanes.Length && phi.Active; lane++)
            {
                var tangent = g.Phi(storage.Type, null);
                tangent.TangentOf = phi;
                tangent.Lane = LaneOf(lane);
                var (thenTangent, elseTangent) = (TangentOf(thenValue, lane), TangentOf(elseValue!, lane));

                // Active as the join of values is: a tangent that depends on the inputs (2x·ẋ) is differentiated again
                // by a Hessian's reverse sweep, which routes adjoints only through active joins.
                tangent.Active = thenTangent.Active || elseTangent.Active;
                phis.Add(new PhiAssignment(tangent, thenTangent, elseTangent));
                _lanes[lane][phi] = tangent;
            }
        }

        if (phis.Count > 0)
        {
            // A branch that joins nothing changes nothing after it: what its arms compute is never read.
            outer.Items.Add(new IfItem(condition, thenRegion, elseRegion, phis));
        }

        return true;
    }

    /// <summary>
    /// The node of a call of scalars returning a real (<see cref="Op.Call"/>), named after the variable it assigns, with its
    /// partial derivatives when it is active (the member computes them with its value, the callee's fused
    /// <c>Gradient</c> or custom derivative) and, in forward mode, its tangent in each lane. Null for a call an island
    /// cannot make: a span argument or target, a callee whose value is one element of a pair (a tangent program's call
    /// of a pushforward), or one marked <c>[Checkpoint]</c> (recomputed in reverse mode, not fused).
    /// </summary>
    private Node? Call(LCall call, Scope env)
    {
        var callee = _calls!.Value[call.Call];
        if (callee.Element != -1 || _body is null && (callee.IsCheckpointed || callee.ReturnKind is not (ScalarKind.Double or ScalarKind.Float))
            || call.Target >= 0 && _program.Vars[call.Target].IsArray)
        {
            return null;
        }

        var args = new Node[call.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (call.Args[i].Scalar is not { } scalar || Value(scalar, env) is not { } arg)
            {
                return null;
            }

            args[i] = arg;
        }

        var node = Graph.Make(Op.Call, callee.ReturnKind, call.Call, 0, args);
        if (callee.IsPassive)
        {
            // No derivative reaches through it (Activity): made as written, and so are the values computed from it.
            node.Active = false;
        }

        if (call.Target >= 0)
        {
            // Named before its partials, which are named after it.
            NameAfter(node, call.Target);
        }

        if (node.Active && node.Partials is null)
        {
            CreatePartials(Graph, node, callee);
        }

        Tangent(node);
        return node;
    }

    /// <summary>
    /// A value assigned to a user's variable takes its name, unless it has one (the first variable it was assigned to): an
    /// operation, a call, or a join (a <c>?:</c>'s choice assigned to a local).
    /// </summary>
    private void NameAfter(Node node, int var)
    {
        var declared = _program.Vars[var];
        if (node.BaseName is null && (!node.IsLeaf || node.Op == Op.Phi) && !declared.IsTemporary)
        {
            node.BaseName = Names.Unescaped(declared.Name);
            if (node.Partials is not null)
            {
                // A call's value assigned to a variable after it was made: its partial derivatives are named after it too.
                NamePartials(node, _calls!.Value[node.Call]);
            }
        }
    }

    /// <summary>The node of <paramref name="expression"/>, or null for what an island cannot read.</summary>
    private Node? Value(LExpr expression, Scope env)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // as Lowering's NestingGuard.EnsureStack
        switch (expression)
        {
            case LConst c:
                return Graph.Const(c.Value, c.Type);
            case LApply a:
                {
                    var args = new Node[a.Args.Length];
                    for (var i = 0; i < args.Length; i++)
                    {
                        if (Value(a.Args[i], env) is not { } arg)
                        {
                            return null;
                        }

                        args[i] = arg;
                    }

                    // A comparison decided by its form (t < t once t = x is inlined, constants) is its constant: a
                    // branch on it is the arm it takes, which the printer would otherwise write as `if (false)` (CS0162).
                    if (a.Type == ScalarKind.Bool && Graph.Truth(a.Op, args) is { } truth)
                    {
                        return Graph.Const(truth ? 1 : 0, ScalarKind.Bool);
                    }

                    // As written, rewritten only where no bit changes (Graph.AsWritten: x·0 stays x·0, so a NaN still
                    // propagates): the member writes these values to the outputs and returns them, and they must be the
                    // function's to the last bit.
                    var node = Graph.AsWritten(a.Op, a.Type, args);
                    if (_top >= 0 && Graph.Current == Graph.Root && !node.IsLeaf && !Sources.ContainsKey(node))
                    {
                        Sources[node] = (_top, a);
                    }

                    Tangent(node);
                    return node;
                }

            case LRead r when env.TryGetValue(r, out var bound):
                return bound;
            case LRead r when _stretchActive is not null && !_program.Vars[r.Var].IsArray:
                return Leaf(r, _stretchActive(r.Var));
            case LElement e when _stretchActive is not null && env.TryGetValue(e, out var stored):
                return stored;
            case LElement e when _stretchActive is not null:
                {
                    if (!Invariant(e.Index) || Value(e.Index, env) is null)
                    {
                        return null;
                    }

                    return Element(Leaf(e, _stretchActive(e.Var)));
                }

            case LLength or LDimension when _stretchActive is not null:
                return Leaf(expression, active: false);
            case LRead r when _body is not null && _program.Vars[r.Var] is { Origin: VarOrigin.Parameter } v:
                return ParameterLeaf(v);
            case LRead r when _program.Vars[r.Var] is { IsArray: false, Origin: VarOrigin.Parameter or VarOrigin.Static } v:
                return Leaf(r, v.Origin == VarOrigin.Parameter && v.IsDifferentiable);
            case LElement { Index: LConst } e when env.TryGetValue(e, out var stored):
                return stored;
            case LElement e when _program.Vars[e.Var] is { Origin: VarOrigin.Parameter or VarOrigin.Static } v && (e.Index is LConst || !v.IsOutput && Invariant(e.Index)):
                return Element(Leaf(e, v.Origin == VarOrigin.Parameter && v.IsDifferentiable && !v.IsOutput));

            case LLength l when _program.Vars[l.Var].Origin is VarOrigin.Parameter or VarOrigin.Static:
                return Leaf(l, active: false);
            default:
                return null;
        }
    }

    /// <summary>An element's leaf, noted as read inside a branch only or outside every branch (<see cref="MayBeOutOfRange"/>).</summary>
    private Node Element(Node leaf)
    {
        if (Graph.Current == Graph.Root && _unguarded.Add(leaf))
        {
            _guardedElements.Remove(leaf);
        }
        else if (!_unguarded.Contains(leaf))
        {
            _guardedElements.Add(leaf);
        }

        return leaf;
    }

    /// <summary>
    /// True for an index that names the same element wherever it is read: integer arithmetic on constants, lengths and
    /// parameters the program never assigns (<c>points[3 * j + 1]</c>). Two such indices may name one element
    /// (<c>points[1]</c> when j is 0); as leaves they read the same value, and their adjoints are added up.
    /// </summary>
    private bool Invariant(LExpr index) => index.Descendants().All(e => e switch
    {
        LConst or LApply => true,
        LRead r => _program.Vars[r.Var] is { IsArray: false } v && (_stretchActive is not null || v.Origin == VarOrigin.Parameter) && !_assigned.Contains(r.Var),
        LLength l => _stretchActive is not null || _program.Vars[l.Var].Origin is VarOrigin.Parameter or VarOrigin.Static,
        LDimension => _stretchActive is not null,
        _ => false,
    });

    private Node Leaf(LExpr source, bool active)
    {
        if (!_leafNodes.TryGetValue(source, out var leaf))
        {
            // Leaves are made in the root region so that both arms of a branch read the same one.
            var current = Graph.Current;
            Graph.Current = Graph.Root;
            leaf = Graph.Local(source.Type, null);
            leaf.Active = active && source.Type is ScalarKind.Double or ScalarKind.Float;
            _leafNodes[source] = leaf;
            Leaves.Add((leaf, source));
            for (var lane = 0; lane < _lanes.Length && leaf.Active; lane++)
            {
                var tangent = Graph.Local(source.Type, null);
                _lanes[lane][leaf] = tangent;
                TangentLeaves.Add((tangent, source, lane));
            }

            Graph.Current = current;
        }

        return leaf;
    }

    /// <summary>The lane a tangent is named after (<see cref="Node.Lane"/>): its own with several, none with one.</summary>
    private int LaneOf(int lane) => _lanes.Length > 1 ? lane : -1;

    /// <summary>In forward mode, the tangent leaf of each active leaf in each lane and the leaf's source, whose tangent in that lane the member reads into it.</summary>
    public List<(Node Tangent, LExpr Source, int Lane)> TangentLeaves { get; } = new();

    /// <summary>
    /// The tangent of an operation just made in each lane, where the node lives (a node shared by both arms of a branch
    /// gets one tangent both can see); nothing outside forward mode, for an inactive node, or for one that has its tangent.
    /// </summary>
    private void Tangent(Node node)
    {
        for (var lane = 0; lane < _lanes.Length && node.Active && !node.IsLeaf; lane++)
        {
            DerivativeRules.TangentWhereItLives(Graph, node, _lanes[lane], arg => arg.IsLeaf, LaneOf(lane));
        }
    }
}
