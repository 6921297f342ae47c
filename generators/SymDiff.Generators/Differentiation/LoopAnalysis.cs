using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The facts the loop emitter needs about a <see cref="LoopProgram"/>:
/// <list type="bullet">
/// <item>activity: which variables and arrays carry a derivative (<see cref="Activity"/>);</item>
/// <item>what the reverse sweep reads (<see cref="Needed"/>): variables in the partial derivatives of active statements,
/// in indices, in the arguments of calls it pulls back through, and in counted-loop starts;</item>
/// <item>how each overwritten needed variable gets its values back (<see cref="Saves"/>, <see cref="Captures"/>): either
/// every assignment saves the value it overwrites and the reverse sweep restores it, or, for a real variable that only
/// partial derivatives read, every statement whose derivative reads it saves the value it reads and its adjoint pops it.
/// The cheaper of the two is chosen per variable by counting tape pushes, each weighted by its loop depth (a running sum
/// assigned in a loop and read once after it is captured once instead of restored per iteration; a buffer updated in a
/// triangular loop but read by a derivative only in a flat loop is captured there). A variable's single assignment
/// outside every loop saves nothing (nothing before it can read it).</item>
/// <item>the stretches reverse mode differentiates as one island each (<see cref="StretchStartingAt"/>,
/// <c>LoopAnalysis.Stretches.cs</c>): what their sweep reads counts as needed, and what they push on entry replaces
/// what their statements would push one by one.</item>
/// </list>
/// Values the reverse sweep never reads are never taped (the "to be recorded" analysis of source-transformation AD).
/// </summary>
internal sealed partial class LoopAnalysis
{
    private readonly LoopProgram _program;
    private readonly Activity _activity;
    private readonly Func<LCall, bool> _recorded;
    private readonly Dictionary<int, int> _assignments = new();
    private readonly HashSet<int> _assignedInLoop = new();
    private readonly Dictionary<int, long> _writeCost = new();
    private readonly Dictionary<int, long> _readCost = new();
    private readonly HashSet<int> _neededElsewhere = new();
    private readonly HashSet<int> _captured = new();
    private readonly HashSet<LLoop> _checkpointed = new(ByReference.Instance);
    private readonly Dictionary<LLoop, IReadOnlyList<int>> _checkpointStates = new(ByReference.Instance);

    /// <param name="program">The lowered method.</param>
    /// <param name="calls">Its calls.</param>
    /// <param name="activity">The program's activity when the caller already has it; computed here otherwise.</param>
    /// <param name="recorded">
    /// Which calls reverse mode records (<see cref="RecordedCalls"/>): their reverse sweep reads the arguments' partials,
    /// not the arguments. None when null (an analysis that no reverse sweep is printed from).
    /// </param>
    /// <param name="reductions">True to find the loops whose reverse sweep runs in the forward sweep (<see cref="Reductions"/>): for C# members, not for a GPU kernel.</param>
    /// <param name="stretches">True to differentiate runs of plain statements as one island each in reverse mode (<see cref="StretchStartingAt"/>): for the members and per-example kernels printed from this analysis (a second-order program's analysis needs only its activity).</param>
    public LoopAnalysis(LoopProgram program, EquatableArray<CallModel> calls, Activity? activity = null, Func<LCall, bool>? recorded = null, bool reductions = false, bool stretches = false)
    {
        _program = program;
        _activity = activity ?? new Activity(program, calls);
        _recorded = recorded ?? (_ => false);
        if (program.CheckpointEvery >= 0)
        {
            FindCheckpointed(program.Body);
        }

        if (stretches)
        {
            FindStretches();
        }

        Count(program.Body);
        AssignmentsAlongOneRun(program.Body, _assignments);
        CollectNeeded(program.Body);

        // The reverse sweep puts a saved element back at its index, so what the index reads is needed as it is too (a
        // counter the store's loop advances). Being saved depends on being needed: run to a fixed point.
        int needed;
        do
        {
            needed = Needed.Count;
            NeedRestoredIndices(program.Body);
        }
        while (Needed.Count != needed);

        foreach (var v in Needed)
        {
            if (IsReal(Var(v).Type) && !_neededElsewhere.Contains(v) && Overwritten(v)
                && Cost(_readCost, v) < Cost(_writeCost, v))
            {
                _captured.Add(v);
            }
        }

        Reductions = reductions && program.CheckpointEvery < 0 ? ReductionLoops.Find(program, this) : new Dictionary<LLoop, Reduction>(ByReference.Instance);
        _deadRestores = ReductionLoops.DeadRestores(program, this, Reductions);
    }

    /// <summary>
    /// The assignments in the loops of <see cref="Reductions"/> whose saved value nothing reads
    /// (<see cref="ReductionLoops.DeadRestores"/>); none while the reductions are being found.
    /// </summary>
    private readonly HashSet<LStmt> _deadRestores = new(ByReference.Instance);

    /// <summary>
    /// What each statement pushes itself (<c>TapeAnalysis.OwnPushes</c>), by instance, once counted: the bound of a loop
    /// nest's pushes asks it of every statement in the nest, once for each loop around the statement (each statement
    /// differentiated again, quadratic in the nesting).
    /// </summary>
    internal Dictionary<LStmt, int> OwnPushCounts { get; } = new(ByReference.Instance);

    /// <summary>The loops of the program's body whose reverse sweep runs in the forward sweep, iteration by iteration (<see cref="Reduction"/>).</summary>
    public IReadOnlyDictionary<LLoop, Reduction> Reductions { get; }

    /// <summary>The active variables and arrays (<see cref="Activity"/>).</summary>
    public HashSet<int> Active => _activity.Active;

    private static bool IsReal(ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Float;

    public HashSet<int> Needed { get; } = new();

    public LoopVar Var(int id) => _program.Vars[id];

    public bool IsActive(LExpr expression) => _activity.IsActive(expression);

    public bool IsActive(LArg argument) => _activity.IsActive(argument);

    /// <summary>True when a call has an active argument and an active result or output (so its derivative is needed).</summary>
    public bool IsActive(LCall call) => _activity.IsActive(call);

    /// <summary>
    /// True when reverse mode records <paramref name="call"/> (<see cref="RecordedCalls"/>): it is active and the
    /// emitter's rule records it. The taping and adjoint passes and this analysis all ask here.
    /// </summary>
    public bool IsRecorded(LCall call) => IsActive(call) && _recorded(call);

    /// <summary>
    /// True when a recorded call's <paramref name="argument"/> takes a derivative from it: active, and its derivative
    /// does not cancel (<c>x − x</c> is active but adds nothing). Only those arguments' partials are pushed and popped.
    /// </summary>
    public bool TakesRecordedPartial(LExpr argument) =>
        IsActive(argument) && StatementAdjoint.Build(this, argument).Derivatives.Count > 0;

    /// <summary>True when the assignment to <paramref name="variable"/> must push the old value.</summary>
    public bool Saves(int variable) => Needed.Contains(variable) && Overwritten(variable) && !_captured.Contains(variable);

    /// <summary>
    /// True when <paramref name="statement"/>, an assignment to <paramref name="variable"/> (or a store into it), pushes
    /// the value it overwrites: <see cref="Saves"/>, except where the reverse sweep would restore a value nothing reads
    /// again (in the iteration of a loop reversed iteration by iteration, a value from before the iteration).
    /// </summary>
    public bool SavesAt(LStmt statement, int variable) => Saves(variable) && !_deadRestores.Contains(statement);

    /// <summary>
    /// True when the statements whose partial derivatives read <paramref name="variable"/> push the value they read
    /// (and their adjoints pop it) instead of its assignments saving what they overwrite.
    /// </summary>
    public bool Captures(int variable) => _captured.Contains(variable);

    /// <summary>
    /// What the forward sweep pushes for a statement's adjoint, in push order: the captured leaves its derivative reads,
    /// then the transcendental intermediates it reads (an <c>exp</c> costs more to recompute than a push and a pop).
    /// </summary>
    public IReadOnlyList<(Node Node, LExpr Source)> SavedValues(StatementAdjoint adjoint)
    {
        if (adjoint.Derivatives.Count == 0)
        {
            return Array.Empty<(Node, LExpr)>();
        }

        var intermediates = adjoint.Graph.Root.Items.OfType<NodeItem>()
            .Select(i => i.Node)
            .Where(n => IsTranscendental(n.Op) && adjoint.Reads(n) && adjoint.Sources.ContainsKey(n))
            .ToList();

        // Transcendentals the derivative itself needs of the statement's operands (sin θ for cos θ) are computed in the
        // forward sweep too: a Jacobian replays the reverse sweep once per row, and the reverse sweep reads a saved value.
        var sources = adjoint.Leaves.ToDictionary(l => l.Leaf, l => l.Source);
        foreach (var n in intermediates)
        {
            sources[n] = adjoint.Sources[n];
        }

        var derivativeValues = new List<(Node Node, LExpr Source)>();
        foreach (var n in adjoint.Reverse!.Items.OfType<NodeItem>().Select(i => i.Node))
        {
            if (IsTranscendental(n.Op) && adjoint.Reads(n) && !sources.ContainsKey(n)
                && n.Args.All(a => a.Op == Op.Const || sources.ContainsKey(a)))
            {
                var expression = new LApply(n.Type, n.Op, n.Args.Select(a => a.Op == Op.Const ? new LConst(a.Type, a.Value) : sources[a]).ToEquatableArray());
                derivativeValues.Add((n, expression));
                sources[n] = expression;
            }
        }

        intermediates.AddRange(derivativeValues.Select(d => d.Node));

        // A leaf read only inside a saved intermediate (z in tanh(z)) is not needed by the adjoint.
        var reached = new HashSet<Node>();
        var pending = new Stack<Node>(adjoint.Derivatives.Values.Concat(ReverseRoots(adjoint.Reverse!)));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (reached.Add(node) && !intermediates.Contains(node))
            {
                foreach (var argument in node.Args)
                {
                    pending.Push(argument);
                }
            }
        }

        var saved = adjoint.Leaves
            .Where(l => l.Source is LRead or LElement && Captures(VarOf(l.Source)) && adjoint.Reads(l.Leaf) && reached.Contains(l.Leaf))
            .ToList();
        saved.AddRange(intermediates.Select(n => (n, sources[n])));
        return saved;
    }

    /// <summary>Every node the reverse region's items use (assignments, branch conditions and arms, phis).</summary>
    private static IEnumerable<Node> ReverseRoots(Region region) => region.Items.SelectMany(item => item switch
    {
        NodeItem n => new[] { n.Node },
        AssignItem a => new[] { a.Target, a.Value },
        IfItem i => new[] { i.Condition }.Concat(ReverseRoots(i.Then)).Concat(ReverseRoots(i.Else))
            .Concat(i.Phis.SelectMany(p => new[] { p.Phi, p.Then, p.Else })),
        _ => Enumerable.Empty<Node>(),
    });

    /// <summary>An operation that costs more to compute again than to push and pop (<see cref="OpInfo.Cost"/>).</summary>
    private static bool IsTranscendental(Op op) => Ops.Of(op).Cost >= Ops.Transcendental;

    private static int VarOf(LExpr leaf) => leaf is LRead r ? r.Var : ((LElement)leaf).Var;

    /// <summary>
    /// True when an assignment can overwrite a value something else reads. A parameter arrives with its value, so its
    /// first assignment already overwrites one; a local's first assignment outside every loop overwrites nothing.
    /// </summary>
    private bool Overwritten(int variable) =>
        _assignedInLoop.Contains(variable)
        || _assignments.TryGetValue(variable, out var count) && (count > 1 || Var(variable).Origin == VarOrigin.Parameter)
        || Var(variable).IsArray;

    private static long Cost(Dictionary<int, long> costs, int variable) => costs.TryGetValue(variable, out var cost) ? cost : 0;

    /// <summary>How often a statement at loop depth <paramref name="depth"/> runs, relative to one outside every loop.</summary>
    private static long Weight(int depth) => 1L << (3 * Math.Min(depth, 20));

    private static void Add(Dictionary<int, long> costs, int variable, int depth) => costs[variable] = Cost(costs, variable) + Weight(depth);

    /// <summary>
    /// The inverse of an integer update <c>v = v ± e</c> (e not reading v), which the reverse sweep applies instead of
    /// taping the old value (exact for ints): <c>v ∓= e</c> as (op, e); null when the assignment is not one.
    /// </summary>
    public (Op Inverse, LExpr Step)? Inverse(LAssign assignment)
    {
        if (Var(assignment.Var).Type != ScalarKind.Int || assignment.Value is not LApply { Op: Op.Add or Op.Sub } apply)
        {
            return null;
        }

        bool IsSelf(LExpr e) => e is LRead r && r.Var == assignment.Var;
        bool ReadsSelf(LExpr e) => e.Descendants().Any(d => d is LRead r && r.Var == assignment.Var);
        var (left, right) = (apply.Args[0], apply.Args[1]);
        if (IsSelf(left) && !ReadsSelf(right))
        {
            return (apply.Op == Op.Add ? Op.Sub : Op.Add, right);
        }

        return apply.Op == Op.Add && IsSelf(right) && !ReadsSelf(left) ? (Op.Sub, left) : null;
    }

    /// <summary>The array variables a call writes (arguments for the callee's Span&lt;T&gt; outputs).</summary>
    public IEnumerable<int> Outputs(LCall call) => _activity.Outputs(call);

    private void Count(EquatableArray<LStmt> body)
    {
        foreach (var (statement, depth) in body.DescendantsWithLoopDepth())
        {
            switch (statement)
            {
                case LAssign a:
                    Assigned(a.Var, depth);
                    break;
                case LStore st:
                    Add(_writeCost, st.Var, depth);
                    break;
                case LCall c:
                    if (c.Target >= 0)
                    {
                        Assigned(c.Target, depth);
                    }

                    // A callee writing a buffer overwrites it as a whole: keep such buffers restorable.
                    foreach (var output in Outputs(c))
                    {
                        _neededElsewhere.Add(output);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// How often one run of <paramref name="body"/> outside its loops can assign each variable, added into
    /// <paramref name="counts"/>: an <c>if</c>'s arms are exclusive, so a local given its value once in each arm
    /// (<c>double x; if (c) x = a; else x = b;</c>) is assigned once and overwrites nothing: its readers read the value
    /// it ends with, and nothing is pushed for it. Assignments inside loops are <see cref="_assignedInLoop"/>'s.
    /// </summary>
    private static void AssignmentsAlongOneRun(IEnumerable<LStmt> body, Dictionary<int, int> counts)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    counts[a.Var] = counts.TryGetValue(a.Var, out var count) ? count + 1 : 1;
                    break;
                case LCall { Target: >= 0 } c:
                    counts[c.Target] = counts.TryGetValue(c.Target, out var calls) ? calls + 1 : 1;
                    break;
                case LIf i:
                    {
                        var then = new Dictionary<int, int>();
                        var otherwise = new Dictionary<int, int>();
                        AssignmentsAlongOneRun(i.Then, then);
                        AssignmentsAlongOneRun(i.Else, otherwise);
                        foreach (var variable in then.Keys.Union(otherwise.Keys))
                        {
                            var arm = Math.Max(then.TryGetValue(variable, out var t) ? t : 0, otherwise.TryGetValue(variable, out var e) ? e : 0);
                            counts[variable] = (counts.TryGetValue(variable, out var before) ? before : 0) + arm;
                        }

                        break;
                    }

                default:
                    // A loop (its assignments are _assignedInLoop's anyway) or any statement holding others: every
                    // assignment inside counts, as if each ran.
                    foreach (var inner in statement.Children().Descendants())
                    {
                        var target = inner switch { LAssign a => a.Var, LCall c => c.Target, _ => -1 };
                        if (target >= 0)
                        {
                            counts[target] = counts.TryGetValue(target, out var n) ? n + 1 : 1;
                        }
                    }

                    break;
            }
        }
    }

    private void Assigned(int variable, int depth)
    {
        Add(_writeCost, variable, depth);
        if (depth > 0)
        {
            _assignedInLoop.Add(variable);
        }
    }

    private void CollectNeeded(EquatableArray<LStmt> body)
    {
        foreach (var (statement, depth) in body.DescendantsWithLoopDepth())
        {
            if (StretchStartingAt(statement) is { } stretch)
            {
                NeedStretch(stretch);
            }

            switch (statement)
            {
                case LAssign a when InStretch(a) && Inverse(a) is { } undone:
                    NeedAll(undone.Step);
                    break;
                case LAssign or LStore when InStretch(statement):
                    // The stretch's island reads what it reads (NeedStretch).
                    break;
                case LAssign a when Active.Contains(a.Var):
                    NeedPartials(a.Value, depth);
                    break;
                case LAssign a when Inverse(a) is { } inverse:
                    // The reverse sweep undoes v = v ± e by recomputing e.
                    NeedAll(inverse.Step);
                    break;
                case LStore s when Active.Contains(s.Var):
                    NeedAll(s.Index);
                    NeedPartials(s.Value, depth);
                    break;
                case LCall c when IsRecorded(c):
                    // The reverse sweep multiplies the recorded partials: of an argument, it reads only what the
                    // argument's own partials read (a + b: nothing), and the indices of the elements it adds into.
                    foreach (var argument in c.Args.Where(a => a.Scalar is not null))
                    {
                        NeedArgumentPartials(argument.Scalar!);
                    }

                    break;
                case LCall c when IsActive(c):
                    foreach (var argument in c.Args)
                    {
                        if (argument.Scalar is { } scalar)
                        {
                            NeedAll(scalar);
                        }
                        else
                        {
                            Needed.Add(argument.Array);
                            _neededElsewhere.Add(argument.Array);
                        }
                    }

                    break;
                case LLoop l:
                    if (IsCheckpointed(l))
                    {
                        NeedReads(l);
                    }

                    if (l.Counter is { } counter)
                    {
                        NeedAll(counter.Start);
                        if (RecomputedEnd(l) is { } end)
                        {
                            NeedAll(end.Bound);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Marks the indices of stores into saved buffers as needed (see the constructor).</summary>
    private void NeedRestoredIndices(EquatableArray<LStmt> body)
    {
        foreach (var s in body.Descendants().OfType<LStore>().Where(s => Needed.Contains(s.Var) && Overwritten(s.Var)))
        {
            NeedAll(s.Index);
        }
    }

    /// <summary>Marks what the adjoint code of <paramref name="value"/> reads: the leaves its partials use, and every index.</summary>
    private void NeedPartials(LExpr value, int depth)
    {
        var adjoint = StatementAdjoint.Build(this, value);
        foreach (var (leaf, source) in adjoint.Leaves)
        {
            if (source is LElement element && (Active.Contains(element.Var) || adjoint.Reads(leaf)))
            {
                NeedAll(element.Index);
            }

            if (adjoint.Reads(leaf))
            {
                switch (source)
                {
                    case LRead r:
                        Needed.Add(r.Var);
                        Add(_readCost, r.Var, depth);
                        break;
                    case LElement e:
                        Needed.Add(e.Var);
                        Add(_readCost, e.Var, depth);
                        break;
                    default:
                        NeedAll(source);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Marks what the adjoint code of a recorded call's argument reads (<see cref="RecordedCalls"/>): the leaves its
    /// partials use, as they are (restored: nothing is pushed for a call's arguments), and the indices of the elements.
    /// </summary>
    private void NeedArgumentPartials(LExpr argument)
    {
        var adjoint = StatementAdjoint.Build(this, argument);
        foreach (var (leaf, source) in adjoint.Leaves)
        {
            if (source is LElement element && (Active.Contains(element.Var) || adjoint.Reads(leaf)))
            {
                NeedAll(element.Index);
            }

            if (adjoint.Reads(leaf))
            {
                NeedAll(source);
            }
        }
    }

    /// <summary>Marks every variable <paramref name="expression"/> reads as needed as it is (restored, not captured).</summary>
    private void NeedAll(LExpr expression)
    {
        foreach (var variable in expression.Reads())
        {
            Needed.Add(variable);
            _neededElsewhere.Add(variable);
        }
    }
}
