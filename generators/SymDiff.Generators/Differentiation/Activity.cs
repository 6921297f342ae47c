using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Activity analysis over the one front-end IR (<see cref="LoopProgram"/>), for every kind of body: which variables and
/// arrays carry a derivative. A value is active when it is varied (it depends on a differentiable parameter through a
/// differentiable path: a flow-insensitive fixpoint forward from the inputs) and useful (<see cref="Usefulness"/>: it
/// can reach the result or a span output), and its derivative does not cancel (<see cref="DropCancelled"/>). A call
/// needs a derivative when, besides, an argument is varied where it is made (<see cref="VariedAtCalls"/>, flow-sensitive).
/// The lowering asks it which calls need a derivative and which derivatives stop at a <c>[NoDerivative]</c> parameter;
/// <see cref="LoopAnalysis"/> builds on it. Inside a derivative graph, a node's own flag (<see cref="Node.Active"/>)
/// follows the same rule structurally.
/// </summary>
internal sealed class Activity
{
    private readonly LoopProgram _program;
    private readonly EquatableArray<CallModel> _calls;

    /// <summary>
    /// For each call, which of its arguments are varied where the call is made (flow-sensitive, unlike
    /// <see cref="Active"/>): in <c>y = x; z = 3 * y; y = 2; … G(y)</c>, y is active, but the y G reads is the constant
    /// one, so no derivative reaches through G. A call made in several places (a return's tail copied into each branch)
    /// has the union of them.
    /// </summary>
    private readonly Dictionary<LCall, bool[]> _variedArguments = new();

    public Activity(LoopProgram program, EquatableArray<CallModel> calls)
    {
        _program = program;
        _calls = calls;
        foreach (var v in program.Vars.Where(v => v.Origin == VarOrigin.Parameter && v.IsDifferentiable))
        {
            Active.Add(v.Id);
        }

        bool changed;
        do
        {
            var before = Active.Count;
            Propagate(program.Body);
            changed = Active.Count != before;
        }
        while (changed);

        // Activity is varied ∩ useful: a value the result never reads needs no derivative, and differentiating it
        // anyway can only hurt (y *= y overflowing to ∞ in a dead variable turns its 0 adjoint into 0·∞ = NaN).
        Active.IntersectWith(Usefulness.Of(program, Outputs));
        VariedAtCalls(program.Body, new HashSet<int>(program.Vars.Where(v => v.Origin == VarOrigin.Parameter && v.IsDifferentiable).Select(v => v.Id)));

        // Each drop can make the other drop more (a value no longer active may leave a use without a derivative, and
        // the reverse), so both run until neither drops anything.
        bool dropped;
        do
        {
            dropped = DropCancelled(program);
            dropped |= DropUnread(program);
        }
        while (dropped);
    }

    /// <summary>The active variables and arrays (ids into the program's variables).</summary>
    public HashSet<int> Active { get; } = new();

    /// <summary>True when the method's value (its result, or a span output it writes) carries a derivative.</summary>
    public bool ResultIsActive => _program.Result >= 0
        ? Active.Contains(_program.Result)
        : _program.Vars.Any(v => v.IsOutput && v.Origin == VarOrigin.Parameter && Active.Contains(v.Id));

    public bool IsActive(LExpr expression) => expression switch
    {
        LRead r => Active.Contains(r.Var),
        LElement e => Active.Contains(e.Var),
        LApply a => IsReal(a.Type) && !Ops.Of(a.Op).PiecewiseConstant && a.Args.Any(IsActive),
        _ => false,
    };

    public bool IsActive(LArg argument) => argument.Scalar is { } scalar ? IsActive(scalar) : Active.Contains(argument.Array);

    /// <summary>
    /// True when a call's derivative is needed: an argument is varied where it is made, and its result or an output is
    /// active. A call the model already made passive (<see cref="CallModel.IsPassive"/>) never is.
    /// </summary>
    public bool IsActive(LCall call) =>
        !_calls[call.Call].IsPassive
        && Enumerable.Range(0, call.Args.Length).Any(k => IsVariedArgument(call, k))
        && (call.Target >= 0 && Active.Contains(call.Target) || Outputs(call).Any(Active.Contains));

    /// <summary>
    /// True when argument <paramref name="k"/> of <paramref name="call"/> is varied where the call is made (active, for a
    /// call of another program than the one analysed).
    /// </summary>
    private bool IsVariedArgument(LCall call, int k) =>
        _variedArguments.TryGetValue(call, out var varied) ? varied[k] && IsActive(call.Args[k]) : IsActive(call.Args[k]);

    /// <summary>
    /// (call index, parameter index) of each active argument passed to a parameter the callee does not differentiate
    /// (<c>[NoDerivative]</c>): its derivative stops there.
    /// </summary>
    public List<(int Call, int Parameter)> DroppedArguments() =>
        _program.Body.Descendants().OfType<LCall>().Where(IsActive)
            .SelectMany(c => Enumerable.Range(0, Math.Min(c.Args.Length, _calls[c.Call].Parameters.Length))
                .Where(k => IsVariedArgument(c, k) && _calls[c.Call].Parameters[k] is { IsDifferentiable: false, Kind: ScalarKind.Double or ScalarKind.Float })
                .Select(k => (c.Call, k)))
            .Distinct().OrderBy(d => d.Call).ThenBy(d => d.k).ToList();

    /// <summary>
    /// The indices (into the method's calls) of the calls whose derivative is needed. The others are made as written
    /// (their partials are never created), so they need neither a derivative nor an accepted callee.
    /// </summary>
    public HashSet<int> ActiveCalls() => new(_program.Body.Descendants().OfType<LCall>().Where(IsActive).Select(c => c.Call));

    /// <summary>The array variables a call writes (arguments for the callee's Span&lt;T&gt; outputs).</summary>
    public IEnumerable<int> Outputs(LCall call)
    {
        var callee = _calls[call.Call];
        for (var i = 0; i < call.Args.Length; i++)
        {
            if (callee.Parameters[i].IsOutput)
            {
                yield return call.Args[i].Array;
            }
        }
    }

    private static bool IsReal(ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Float;

    private LoopVar Var(int id) => _program.Vars[id];

    private void Propagate(EquatableArray<LStmt> body)
    {
        foreach (var statement in body.Descendants())
        {
            switch (statement)
            {
                case LAssign a when IsActive(a.Value) && IsReal(Var(a.Var).Type):
                    Active.Add(a.Var);
                    break;
                case LStore s when IsActive(s.Value):
                    Active.Add(s.Var);
                    break;
                case LCall c when c.Args.Any(IsActive):
                    if (c.Target >= 0 && IsReal(Var(c.Target).Type))
                    {
                        Active.Add(c.Target);
                    }

                    foreach (var output in Outputs(c))
                    {
                        Active.Add(output);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Walks <paramref name="body"/> in program order with the set of variables whose current value is varied: an
    /// assignment to a scalar replaces its entry (a strong update), a write into a span can only add one; a branch's arms
    /// start from the same set and join; a loop's body runs until the set at its head stops growing. Records, at each
    /// call, which arguments read a varied value. An expression is varied as in <see cref="IsActive(LExpr)"/>.
    /// </summary>
    private void VariedAtCalls(EquatableArray<LStmt> body, HashSet<int> varied)
    {
        bool Varied(LExpr e) => e switch
        {
            LRead r => varied.Contains(r.Var),
            LElement el => varied.Contains(el.Var),
            LApply a => IsReal(a.Type) && !Ops.Of(a.Op).PiecewiseConstant && a.Args.Any(Varied),
            _ => false,
        };

        void Set(int variable, bool value)
        {
            if (value && (IsReal(Var(variable).Type) || Var(variable).IsArray))
            {
                varied.Add(variable);
            }
            else if (!Var(variable).IsArray)
            {
                varied.Remove(variable);
            }
        }

        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    Set(a.Var, Varied(a.Value));
                    break;
                case LStore st when Varied(st.Value):
                    varied.Add(st.Var);
                    break;
                case LCall c:
                    {
                        var arguments = c.Args.Select(a => a.Scalar is { } scalar ? Varied(scalar) : varied.Contains(a.Array)).ToArray();
                        if (_variedArguments.TryGetValue(c, out var before))
                        {
                            for (var k = 0; k < arguments.Length; k++)
                            {
                                arguments[k] |= before[k];
                            }
                        }

                        _variedArguments[c] = arguments;
                        var any = arguments.Any(v => v);
                        if (c.Target >= 0)
                        {
                            Set(c.Target, any);
                        }

                        foreach (var output in Outputs(c).Where(_ => any))
                        {
                            varied.Add(output);
                        }

                        break;
                    }

                case LIf i:
                    {
                        var other = new HashSet<int>(varied);
                        VariedAtCalls(i.Then, varied);
                        VariedAtCalls(i.Else, other);
                        varied.UnionWith(other);
                        break;
                    }

                case LLoop l:
                    {
                        // The head sees the entry's set and every iteration's end; it only grows, so this ends.
                        int count;
                        do
                        {
                            count = varied.Count;
                            var iteration = new HashSet<int>(varied);
                            VariedAtCalls(l.Body, iteration);
                            VariedAtCalls(l.Step, iteration);
                            varied.UnionWith(iteration);
                        }
                        while (varied.Count != count);
                        break;
                    }
            }
        }
    }

    /// <summary>
    /// A local scalar each of whose assignments has no derivative once built on the graph (its terms cancel or fold:
    /// <c>(x − 2) − x</c>, <c>(x − x)·y</c>, <c>log(1 + (x − x)²)</c>; fuzzer seeds 403323, 204780, 202816) is
    /// constant: inactive, so it gets no adjoint or tangent that nothing would read (CS0219). Its value is still
    /// computed as written (∞ − ∞ is NaN). Values read by it may become constant in turn, so this runs to a fixed point. Parameters, call
    /// results and the result keep their activity (their adjoints are read by the signature or the caller).
    /// </summary>
    private bool DropCancelled(LoopProgram program)
    {
        var dropped = false;
        var assignments = new Dictionary<int, List<LExpr>>();
        var kept = new HashSet<int> { program.Result };
        foreach (var statement in program.Body.Descendants())
        {
            switch (statement)
            {
                case LAssign a:
                    if (!assignments.TryGetValue(a.Var, out var values))
                    {
                        assignments[a.Var] = values = new List<LExpr>();
                    }

                    values.Add(a.Value);
                    break;
                case LCall c when c.Target >= 0:
                    kept.Add(c.Target);
                    break;
            }
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var pair in assignments)
            {
                var (variable, values) = (pair.Key, pair.Value);
                if (Active.Contains(variable) && !kept.Contains(variable) && Var(variable) is { Origin: not VarOrigin.Parameter, IsArray: false, IsOutput: false }
                    && values.All(value => Built(value).Derivatives.Count == 0))
                {
                    Active.Remove(variable);
                    _built.Clear();
                    changed = dropped = true;
                }
            }
        }
        while (changed);
        return dropped;
    }

    /// <summary>
    /// The other direction of <see cref="DropCancelled"/>: a local scalar that only assignments read, none of which takes a
    /// derivative through it into a value that needs one, gets no adjoint or tangent either: its derivative would be
    /// written and never read (CS0219). An accumulator that only feeds itself and a product with 0 is one: the
    /// inlined custom pullback's <c>dX = dX + seed·f′(x)</c> read by <c>t = dX·0</c> in a Hessian's tangent program when
    /// its argument cancels (fuzzer seed 1013420). The rest of the body keeps its activity: a variable read anywhere
    /// else (a condition, a store, a call a derivative goes through, a loop) is kept, and usefulness runs backward from the kept ones to a fixed
    /// point, so a variable that only feeds itself does not keep itself.
    /// </summary>
    private bool DropUnread(LoopProgram program)
    {
        var candidates = new HashSet<int>(Active.Where(v => v != program.Result && Var(v) is { Origin: not VarOrigin.Parameter, IsArray: false, IsOutput: false }));
        var useful = new HashSet<int>();
        var assignments = new List<LAssign>();
        foreach (var statement in program.Body.Descendants())
        {
            if (statement is LAssign a)
            {
                assignments.Add(a);
                continue;
            }

            if (statement is LCall c && c.Target >= 0)
            {
                useful.Add(c.Target);
            }

            if (statement is LCall call && !TakesArgumentDerivatives(call))
            {
                // Made as written: what its arguments read needs no derivative for it.
                continue;
            }

            foreach (var expression in statement.Expressions())
            {
                useful.UnionWith(expression.Reads());
            }
        }

        useful.UnionWith(Active.Where(v => !candidates.Contains(v)));
        var throughAssignments = assignments
            .Select(a => (a.Var, Reads: Active.Contains(a.Var) ? ReadsWithDerivative(a.Value) : new List<int>()))
            .ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var (variable, reads) in throughAssignments)
            {
                if (useful.Contains(variable))
                {
                    foreach (var read in reads)
                    {
                        changed |= useful.Add(read);
                    }
                }
            }
        }
        while (changed);

        if (Active.RemoveWhere(v => candidates.Contains(v) && !useful.Contains(v)) == 0)
        {
            return false;
        }

        _built.Clear();
        return true;
    }

    /// <summary>
    /// False for a call no derivative goes through: its callee is passive, or none of its arguments is varied where it
    /// is made (<see cref="VariedAtCalls"/>), so the passes make it as written. A scalar only such calls read (a local
    /// reassigned a constant before the call) would otherwise keep an adjoint and a tangent nothing reads (CS0219,
    /// fuzzer seed 14 of the CI budget).
    /// </summary>
    private bool TakesArgumentDerivatives(LCall call) =>
        !_calls[call.Call].IsPassive && (!_variedArguments.TryGetValue(call, out var varied) || varied.Any(v => v));

    /// <summary>
    /// The derivative of an assigned value under the activity as it is now, built once while nothing is dropped: both
    /// drops differentiate every active assignment, and in most bodies neither drops anything.
    /// </summary>
    private StatementAdjoint Built(LExpr value)
    {
        if (!_built.TryGetValue(value, out var adjoint))
        {
            _built[value] = adjoint = StatementAdjoint.Build(IsActive, value, scheduled: false);
        }

        return adjoint;
    }

    /// <summary>The derivatives <see cref="Built"/> has made since the activity last changed, by the assigned expression (its instance).</summary>
    private readonly Dictionary<LExpr, StatementAdjoint> _built = new(ByReference.Instance);

    /// <summary>The variables of <paramref name="value"/> whose adjoint it adds to (a nonzero derivative through them).</summary>
    private List<int> ReadsWithDerivative(LExpr value)
    {
        var adjoint = Built(value);
        return adjoint.Leaves
            .Where(l => adjoint.Derivatives.ContainsKey(l.Leaf))
            .Select(l => l.Source switch { LRead r => r.Var, LElement e => e.Var, _ => -1 })
            .Where(v => v >= 0)
            .ToList();
    }
}
