using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The reverse sweep of reverse mode as a pass: the statements backwards, each restoring what the forward sweep
/// (<see cref="TapingPass"/>) saved before it overwrote it, and accumulating adjoints. An active assignment's adjoint is
/// a <see cref="DAdjoint"/> island on the statement's graph; a call pulls its adjoint back through the callee's
/// pullback; a taped branch pops its decision; a loop runs backwards from its recomputed or popped end (or trip count);
/// a <c>[Checkpoint]</c> loop restores each segment's state, re-runs the segment recording, and reverses it.
/// </summary>
internal sealed partial class AdjointPass : ProgramPass
{
    private readonly EmitInput _input;

    /// <summary>The variable holding each active primal variable's adjoint now (a block copy inside an innermost loop).</summary>
    private readonly Dictionary<int, int> _adjoint;

    private readonly IReadOnlyDictionary<int, string> _adjointNames;
    private readonly ReductionNames? _reductions;
    private readonly string _g;
    private readonly int _scratch;

    private AdjointPass(EmitInput input, LoopAnalysis analysis, PassNames names)
        : base(input.Method, analysis, names.Primal, names.HeapArrays)
    {
        _input = input;
        _adjointNames = names.Adjoints;
        _reductions = names.Reductions;
        _adjoint = names.Adjoints.Where(a => !analysis.StretchInternal.Contains(a.Key)).ToDictionary(a => a.Key, a => Shadow(a.Key, a.Value));
        var accumulators = new HashSet<string>(names.Reductions?.Accumulators.Values ?? [], StringComparer.Ordinal);
        foreach (var entry in _adjoint.Where(entry => Derivative.Vars[entry.Value].IsArray && accumulators.Contains(names.Adjoints[entry.Key])))
        {
            // A reduction's accumulator (the reverse sweep run inside the forward sweep adds into it): the tape's memory, no parameter's.
            Derivative.Vars[entry.Value] = Derivative.Vars[entry.Value] with { Distinct = true };
        }

        _g = names.Seed;
        _scratch = Derivative.Named(names.Scratch, ScalarKind.Int, isArray: false);
    }

    /// <summary>
    /// The variables of the method named before the pass runs: the primal variables as named now, the active ones'
    /// adjoints, the name of a statement's incoming adjoint (<c>g</c>), the tape scratch mark, the heap-array buffers.
    /// </summary>
    /// <remarks>
    /// With <paramref name="Reductions"/>, the loops of <see cref="LoopAnalysis.Reductions"/>, whose reverse sweep the
    /// forward sweep ran (<see cref="TapingPass"/>), add the sum's adjoint times each accumulator into the input's adjoint.
    /// </remarks>
    public sealed record PassNames(IReadOnlyList<string> Primal, IReadOnlyDictionary<int, string> Adjoints, string Seed, string Scratch, ISet<int> HeapArrays, ReductionNames? Reductions = null);

    /// <summary>
    /// The reverse sweep of <paramref name="body"/>; <paramref name="inTapeStorage"/>, popping through tape storage held
    /// in locals from its start to its end (a body without calls, as a tape nest's).
    /// </summary>
    public static DerivativeProgram Run(EmitInput input, LoopAnalysis analysis, PassNames names, EquatableArray<LStmt> body, bool inTapeStorage = false)
    {
        var pass = new AdjointPass(input, analysis, names);
        pass.Derivative.Body.AddRange(inTapeStorage ? pass.InTapeStorage(() => pass.Statements(body), reserve: null) : pass.Statements(body));
        return pass.Derivative;
    }

    private LExpr Pop(ScalarKind type) => new LPop(type, Storage);

    /// <summary><c>seed != 0</c>: a zero adjoint pulls nothing back (a partial may be infinite where 0·∞ would be NaN).</summary>
    private static LExpr NonZero(int seed, ScalarKind type) => Apply(Op.Ne, ScalarKind.Bool, Read(seed, type), Int(0));

    private List<DStmt> Statements(EquatableArray<LStmt> body)
    {
        // A stretch is reversed whole where its last statement is met.
        var stretchEnds = new Dictionary<int, LoopAnalysis.ReverseStretch>();
        for (var k = 0; k < body.Length; k++)
        {
            if (Analysis.StretchStartingAt(body[k]) is { } stretch)
            {
                stretchEnds[k + stretch.Statements.Length - 1] = stretch;
                k += stretch.Statements.Length - 1;
            }
        }

        var statements = new List<DStmt>();
        for (var k = body.Length - 1; k >= 0; k--)
        {
            if (stretchEnds.TryGetValue(k, out var ending))
            {
                statements.Add(Stretch(ending));
                k -= ending.Statements.Length - 1;
                continue;
            }

            switch (body[k])
            {
                case LAssign a:
                    if (Analysis.SavesAt(a, a.Var) && Analysis.Inverse(a) is { } inverse)
                    {
                        // An update by a value the reverse sweep still has is undone rather than taped.
                        statements.Add(new DAccumulate(Read(a.Var), Bind(inverse.Step), Subtract: inverse.Inverse != Op.Add));
                    }
                    else if (Analysis.SavesAt(a, a.Var))
                    {
                        statements.Add(new DAssign(Read(a.Var), Pop(Program.Vars[a.Var].Type)));
                    }

                    if (Analysis.Active.Contains(a.Var))
                    {
                        statements.AddRange(AdjointOfAssignment(new LRead(Program.Vars[a.Var].Type, a.Var), a.Value));
                    }

                    break;
                case LStore st:
                    {
                        var type = Program.Vars[st.Var].Type;
                        if (Analysis.SavesAt(st, st.Var))
                        {
                            statements.Add(new DAssign(new LElement(type, Var[st.Var], Bind(st.Index)), Pop(type)));
                        }

                        if (Analysis.Active.Contains(st.Var))
                        {
                            statements.AddRange(AdjointOfAssignment(new LElement(type, st.Var, st.Index), st.Value));
                        }

                        break;
                    }

                case LCall c:
                    statements.AddRange(RestoreCall(c));
                    break;
                case LIf i when Analysis.HasNestedReverseWork(i):
                    statements.Add(new DIf(Pop(ScalarKind.Bool), Statements(i.Then).ToEquatableArray(), Statements(i.Else).ToEquatableArray()));
                    break;
                case LLoop l when _reductions is not null && Analysis.Reductions.TryGetValue(l, out var reduction):
                    statements.AddRange(AddReduced(reduction, _reductions));
                    break;
                case LLoop l when Analysis.IsCheckpointed(l) && Analysis.HasNestedReverseWork(l):
                    statements.Add(RestoreCheckpointed(l));
                    break;
                case LLoop l when Storage is null && Analysis.HasNestedReverseWork(l) && Analysis.IsTapeNest(l) && Analysis.PushesAnything(l):
                    // A nest without calls pops through locals from its entry to its exit.
                    statements.AddRange(InTapeStorage(() => new[] { RestoreLoop(l) }, reserve: null));
                    break;
                case LLoop l when Analysis.HasNestedReverseWork(l):
                    {
                        // A loop that pops values (its own, or its trip count or final counter) pops them through locals.
                        var storage = TapeAnalysis.KeepsTapeInLocals(l)
                            && (Analysis.RecomputedEnd(l) is null || l.Blocks().Sum(b => Analysis.Pushes(b)) > 0);
                        statements.AddRange(Localized(l, () => new[] { RestoreLoop(l) }, new[] { _adjoint }, storage, reverse: true));
                        break;
                    }
            }
        }

        return statements;
    }

    /// <summary>
    /// A loop of <see cref="Reduction"/>, whose iterations the forward sweep already reversed with seed 1: the sum's
    /// adjoint times each input's accumulator, added into the input's adjoint (element by element for a span).
    /// </summary>
    private IEnumerable<DStmt> AddReduced(Reduction r, ReductionNames names)
    {
        var type = Program.Vars[r.Sum].Type;
        var sum = Read(_adjoint[r.Sum], type);
        foreach (var v in r.Inputs)
        {
            var accumulator = Accumulator(names.Accumulators[(r.Statement, v)], type, Program.Vars[v].IsArray);
            if (!Program.Vars[v].IsArray)
            {
                yield return new DAccumulate(Read(_adjoint[v], type), Apply(Op.Mul, type, sum, Read(accumulator, type)));
                continue;
            }

            var i = Derivative.Fresh("i", ScalarKind.Int);
            var index = Read(i, ScalarKind.Int);
            var add = new DAccumulate(new LElement(type, _adjoint[v], index), Apply(Op.Mul, type, sum, new LElement(type, accumulator, index)));
            var loop = new DLoop(Apply(Op.Lt, ScalarKind.Bool, index, new LLength(accumulator)), new DStmt[] { add }.ToEquatableArray(), TestFirst: true,
                new DDeclare(i, DeclareForm.Typed, Int(0)), new DIncrement(i, 1));
            yield return new DScope(new DStmt[] { loop }.ToEquatableArray(), new[] { i }.ToEquatableArray());
        }
    }

    /// <summary>Where a counted loop's counter stopped, recomputed from its start and bound (see <see cref="LoopAnalysis.RecomputedEnd"/>).</summary>
    private LExpr? End(LLoop l)
    {
        if (Analysis.RecomputedEnd(l) is not { } end)
        {
            return null;
        }

        var start = Bind(l.Counter!.Start);
        var bound = Bind(end.Bound);
        return end.Op switch
        {
            Op.Lt => Integer(Op.Max, start, bound),
            Op.Le => Integer(Op.Max, start, Integer(Op.Add, bound, Int(1))),
            Op.Gt => Integer(Op.Min, start, bound),
            _ => Integer(Op.Min, start, Integer(Op.Sub, bound, Int(1))),
        };
    }

    /// <summary>
    /// An int operation of the reverse loop's bounds, folded where the answer is known: constants (a loop over 0…3 starts
    /// its reverse at 2, not at <c>Math.Max(0, 3) - 1</c>), and the larger of a start at most 0 and a length (never negative).
    /// </summary>
    private static LExpr Integer(Op op, LExpr a, LExpr b)
    {
        if (a is LConst x && b is LConst y)
        {
            var (left, right) = ((long)x.Value, (long)y.Value);
            var folded = op switch
            {
                Op.Max => Math.Max(left, right),
                Op.Min => Math.Min(left, right),
                Op.Add => left + right,
                _ => left - right,
            };

            // An int C# would wrap stays as written (it does not arise from a loop that runs).
            return folded is >= int.MinValue and <= int.MaxValue ? Int((int)folded) : Apply(op, ScalarKind.Int, a, b);
        }

        return (op, a, b) switch
        {
            (Op.Max, LConst { Value: <= 0 }, LLength) => b,
            (Op.Max, LLength, LConst { Value: <= 0 }) => a,
            _ => Apply(op, ScalarKind.Int, a, b),
        };
    }

    /// <summary>A loop of the reverse sweep: its iterations backwards, from the final counter (recomputed or popped) or the popped trip count.</summary>
    private DLoop RestoreLoop(LLoop l)
    {
        if (l.Counter is { } counter)
        {
            var start = Bind(counter.Start);
            var i = Read(counter.Var);
            var test = Apply(counter.Stride > 0 ? Op.Ge : Op.Le, ScalarKind.Bool, i, start);
            var end = End(l) ?? Pop(ScalarKind.Int);
            var last = counter.Stride >= 0 ? Integer(Op.Sub, end, Int(counter.Stride)) : Integer(Op.Add, end, Int(-counter.Stride));
            return new DLoop(test, Statements(l.Body).ToEquatableArray(), TestFirst: true, new DAssign(i, last), Step(counter.Var, -counter.Stride));
        }

        var trip = Derivative.Fresh("trip", ScalarKind.Int);
        var body = Statements(l.Step).Concat(Statements(l.Body));
        return new DLoop(Apply(Op.Gt, ScalarKind.Bool, Read(trip, ScalarKind.Int), Int(0)), body.ToEquatableArray(), TestFirst: true,
            new DDeclare(trip, DeclareForm.Typed, Pop(ScalarKind.Int)), new DIncrement(trip, -1));
    }

    /// <summary>The adjoint storage of a leaf (a variable or an element), where its adjoint is held now.</summary>
    private LExpr AdjointOf(LExpr leaf) => leaf switch
    {
        LRead r => Read(_adjoint[r.Var], r.Type),
        LElement e => new LElement(e.Type, _adjoint[e.Var], Bind(e.Index)),
        _ => throw new InvalidOperationException($"no adjoint for {leaf}"),
    };

    /// <summary>
    /// <c>g = adjoint; adjoint = 0;</c> then the contributions of <paramref name="value"/> seeded with g. An update
    /// <c>v = v + e</c> passes g straight back to v, so v's adjoint is left as it is instead of being zeroed and re-added.
    /// Captured values the derivative reads are popped into locals first.
    /// </summary>
    private IEnumerable<DStmt> AdjointOfAssignment(LExpr target, LExpr value)
    {
        var adjoint = AdjointOf(target);
        var type = target.Type;
        var derivative = StatementAdjoint.Build(Analysis, value);
        if (derivative.Derivatives.Count == 0)
        {
            return new[] { new DAssign(adjoint, new LConst(type, 0)) };
        }

        var passThrough = derivative.Leaves.FirstOrDefault(l => l.Source.Equals(target)).Leaf is { } self
            && derivative.Derivatives.TryGetValue(self, out var selfAdjoint) && ReferenceEquals(selfAdjoint, derivative.Seed)
            ? self
            : null;
        var captured = Analysis.SavedValues(derivative);
        if (passThrough is not null && derivative.Derivatives.Count == 1 && captured.Count == 0)
        {
            return Array.Empty<DStmt>();
        }

        var g = Derivative.Named(_g, type, isArray: false);
        var block = new List<DStmt> { new DDeclare(g, DeclareForm.Typed, adjoint) };
        if (passThrough is null)
        {
            block.Add(new DAssign(adjoint, new LConst(type, 0)));
        }

        var popped = new Dictionary<Node, int>();
        for (var k = captured.Count - 1; k >= 0; k--)
        {
            var (leaf, source) = captured[k];
            var local = Derivative.Fresh("saved", source.Type);
            block.Add(new DDeclare(local, DeclareForm.Typed, Pop(source.Type)));
            popped[leaf] = local;
        }

        // A zero adjoint contributes nothing, even where a partial is infinite (∛ at 0): 0·∞ would be NaN, and a
        // Jacobian's row replays every iteration with zero adjoints for the other rows' outputs.
        var contribute = Contribute(derivative, g, popped, skip: passThrough);
        block.Add(MaySingular(derivative, target) ? new DIf(NonZero(g, type), new DStmt[] { contribute }.ToEquatableArray(), EquatableArray<DStmt>.Empty) : contribute);
        return new[] { new DScope(block.ToEquatableArray(), popped.Values.ToEquatableArray()) };
    }

    /// <summary>
    /// Adds each active leaf's adjoint (seeded with <paramref name="seed"/>) into the leaf's adjoint storage; leaves in
    /// <paramref name="values"/> read the locals holding their popped values instead of their variables, and
    /// <paramref name="skip"/> gets nothing.
    /// </summary>
    private DAdjoint Contribute(StatementAdjoint derivative, int seed, IReadOnlyDictionary<Node, int>? values = null, Node? skip = null)
    {
        var inputs = new List<(Node, LExpr)>();
        foreach (var (leaf, source) in derivative.Leaves)
        {
            inputs.Add((leaf, values is not null && values.TryGetValue(leaf, out var local) ? Read(local, source.Type) : Bind(source)));
        }

        var known = new List<Node>();
        foreach (var pair in values ?? new Dictionary<Node, int>())
        {
            if (!pair.Key.IsLeaf)
            {
                inputs.Add((pair.Key, Read(pair.Value, pair.Key.Type)));
                known.Add(pair.Key);
            }
        }

        var contributions = derivative.Leaves
            .Where(l => l.Leaf != skip && derivative.Derivatives.ContainsKey(l.Leaf))
            .Select(l => (derivative.Derivatives[l.Leaf], AdjointOf(l.Source)));
        return new DAdjoint(derivative, seed, inputs.ToEquatableArray(), known, contributions.ToEquatableArray());
    }

    /// <summary>
    /// True when a partial of <paramref name="derivative"/> can be infinite where the statement's own value is finite,
    /// so a zero adjoint (another Jacobian row's) must skip the contributions rather than multiply: a power of a base
    /// at 0 (x^0.5), Asin/Acos at ±1. When <paramref name="target"/> is computed outside an <c>if</c> and read in its
    /// arms, also an exponential, a hyperbolic function, a tangent, a quotient or a logarithm: if the arm is not taken
    /// the adjoint is exactly 0 while the partial may have overflowed (e^800), and 0·∞ would be NaN (fuzzer seed
    /// 70129). Elsewhere an infinite partial comes with an infinite value, and √ and ∛ take slope 0 at 0
    /// (<see cref="DerivativeRules"/>): the branch, in a Jacobian replayed row by row, would be mispredicted on every row.
    /// </summary>
    private bool MaySingular(StatementAdjoint derivative, LExpr target) =>
        derivative.Graph.Root.Items.OfType<NodeItem>().Any(i => DerivativeRules.MaySingular(i.Node.Op)
            || (IsReadInAnArm(target) && Ops.Of(i.Node.Op).MayOverflow));

    private bool IsReadInAnArm(LExpr target) =>
        target switch { LRead r => r.Var, LElement e => e.Var, _ => -1 } is var variable and >= 0 && Analysis.IsReadInAnArm(variable);

    /// <summary>The reverse sweep of a call: takes the target's adjoint, restores the target, and pulls the adjoint back through the callee.</summary>
    private IEnumerable<DStmt> RestoreCall(LCall c)
    {
        var targetActive = c.Target >= 0 && Analysis.Active.Contains(c.Target);
        var saves = c.Target >= 0 && Analysis.Saves(c.Target);
        if (!targetActive && !saves)
        {
            yield break;
        }

        var type = c.Target >= 0 ? Program.Vars[c.Target].Type : Method.ReturnKind;
        var block = new List<DStmt>();
        var g = Derivative.Named(_g, type, isArray: false);
        if (targetActive)
        {
            var adjoint = Read(_adjoint[c.Target], type);
            block.Add(new DDeclare(g, DeclareForm.Typed, adjoint));
            block.Add(new DAssign(adjoint, new LConst(type, 0)));
        }

        // A recorded call's partials were pushed after the value it overwrote: they come off the tape first, whatever
        // the adjoint (the tape must be popped as it was pushed).
        var recorded = Analysis.IsRecorded(c) ? PopPartials(c, block) : null;
        if (saves)
        {
            block.Add(new DAssign(Read(c.Target), Pop(type)));
        }

        if (targetActive && Analysis.IsActive(c) && (recorded is null ? CallPullback(c, g) : RecordedContributions(recorded, g, type)) is { Count: > 0 } contributions)
        {
            block.Add(new DIf(NonZero(g, type), contributions.ToEquatableArray(), EquatableArray<DStmt>.Empty));
        }

        // The popped partials' names are free again after the call's block (the members after this one reuse them).
        yield return new DScope(block.ToEquatableArray(), (recorded?.Select(p => p.Partial) ?? Enumerable.Empty<int>()).ToEquatableArray());
    }

    /// <summary>
    /// The partials a recorded call pushed (<see cref="RecordedCalls"/>), popped into locals in reverse order, each with
    /// the argument it is the partial for: only those of the arguments that take a derivative were pushed.
    /// </summary>
    private List<(int Partial, LExpr Argument, string Callee, string Name)> PopPartials(LCall c, List<DStmt> block)
    {
        var popped = new List<(int Partial, LExpr Argument, string Callee, string Name)>();
        foreach (var (parameter, argument, calleeName, parameterName) in DifferentiableArguments(c).Reverse())
        {
            if (argument.Scalar is { } scalar && Analysis.TakesRecordedPartial(scalar))
            {
                var kind = parameter.Kind!.Value;
                var partial = Derivative.Fresh("p" + calleeName + "_" + parameterName, kind);
                block.Add(new DDeclare(partial, DeclareForm.Typed, Pop(kind)));
                popped.Insert(0, (partial, scalar, calleeName, parameterName));
            }
        }

        return popped;
    }

    /// <summary>
    /// The reverse sweep of a recorded call: each active argument's adjoint is <paramref name="seed"/> times its popped
    /// partial, pulled back through the argument's expression.
    /// </summary>
    private List<DStmt> RecordedContributions(List<(int Partial, LExpr Argument, string Callee, string Name)> partials, int seed, ScalarKind type)
    {
        var statements = new List<DStmt>();
        foreach (var (partial, argument, calleeName, parameterName) in partials)
        {
            var kind = type;
            var derivative = StatementAdjoint.Build(Analysis, argument);
            var adjoint = Derivative.Fresh("d" + calleeName + "_d" + parameterName, kind);
            statements.Add(new DDeclare(adjoint, DeclareForm.Typed, Apply(Op.Mul, kind, Read(seed, type), Read(partial, kind))));
            statements.Add(new DScope(new DStmt[] { Contribute(derivative, adjoint) }.ToEquatableArray(), EquatableArray<int>.Empty));
        }

        return statements;
    }

    /// <summary>Pulls <paramref name="seed"/> back through a call: the callee's pullback recomputes its own forward sweep.</summary>
    private List<DStmt> CallPullback(LCall c, int seed)
    {
        var callee = Method.Calls[c.Call];
        var resolved = _input.Calls[c.Call];
        var statements = new List<DStmt>();
        var args = c.Args.Select(Argument).ToList();
        var adjointArgs = new List<DArg>();
        var scalarAdjoints = new List<(int Adjoint, LExpr Argument)>();
        var scratch = false;
        foreach (var (parameter, argument, calleeName, parameterName) in DifferentiableArguments(c))
        {
            var kind = parameter.Kind!.Value;
            if (argument.Scalar is { } scalar)
            {
                var adjoint = Derivative.Fresh("d" + calleeName + "_d" + parameterName, kind);
                statements.Add(new DDeclare(adjoint, DeclareForm.Typed, Int(0)));
                adjointArgs.Add(new DArg(Read(adjoint, kind), ByRef: true));
                if (Analysis.IsActive(scalar))
                {
                    scalarAdjoints.Add((adjoint, scalar));
                }
            }
            else if (Analysis.Active.Contains(argument.Array))
            {
                adjointArgs.Add(new DArg(Read(_adjoint[argument.Array], kind)));
            }
            else
            {
                scratch = true;
                adjointArgs.Add(new DArg(new LZeros(kind, new LLength(Var[argument.Array]))));
            }
        }

        if (scratch)
        {
            statements.Add(new DDeclare(_scratch, DeclareForm.Inferred, new LTapeMark()));
        }

        var type = callee.ReturnKind;
        if (resolved.Strategy == CallStrategy.CustomPushforward)
        {
            // ∂call/∂p from one pushforward per differentiable parameter (custom derivatives take scalars only).
            var differentiable = Enumerable.Range(0, callee.Parameters.Length).Where(k => callee.Parameters[k].IsDifferentiable).ToList();
            for (var j = 0; j < differentiable.Count; j++)
            {
                var tangents = differentiable.Select(k => new DArg(new LConst(callee.Parameters[k].Kind!.Value, k == differentiable[j] ? 1 : 0)));
                var partial = new LInvoke(type, resolved.Pullback, args.Concat(tangents).ToEquatableArray(), Element: 1);
                statements.Add(new DAssign(adjointArgs[j].Value, Apply(Op.Mul, type, Read(seed, type), partial)));
            }
        }
        else
        {
            statements.Add(new DCall(EquatableArray<LExpr>.Empty, resolved.Pullback, args.Append(new DArg(Read(seed, type))).Concat(adjointArgs).ToEquatableArray()));
        }

        if (scratch)
        {
            statements.Add(new DRelease(_scratch));
        }

        foreach (var (adjoint, argument) in scalarAdjoints)
        {
            var derivative = StatementAdjoint.Build(Analysis, argument);
            if (derivative.Derivatives.Count > 0)
            {
                statements.Add(new DScope(new DStmt[] { Contribute(derivative, adjoint) }.ToEquatableArray(), EquatableArray<int>.Empty));
            }
        }

        return statements;
    }

    /// <summary>
    /// A <c>[Checkpoint]</c> loop backwards: pop <c>every</c>, the number of segments and the last one's length; for
    /// each segment from the last, restore the state it started from, re-run it recording (<see cref="TapingPass"/>),
    /// and reverse it, which leaves the state as it was at the segment's start.
    /// </summary>
    private DScope RestoreCheckpointed(LLoop l)
    {
        var every = Derivative.Fresh("every", ScalarKind.Int);
        var segments = Derivative.Fresh("segments", ScalarKind.Int);
        var last = Derivative.Fresh("last", ScalarKind.Int);
        var segment = Derivative.Fresh("segment", ScalarKind.Int);
        var length = Derivative.Fresh("length", ScalarKind.Int);
        var step = Derivative.Fresh("step", ScalarKind.Int);
        LExpr Local(int var) => Read(var, ScalarKind.Int);
        var final = Apply(Op.Sub, ScalarKind.Int, Local(segments), Int(1));

        var state = Analysis.CheckpointState(l);
        var segmentBody = new List<DStmt>();
        for (var k = state.Count - 1; k >= 0; k--)
        {
            var v = Program.Vars[state[k]];
            segmentBody.Add(v.IsArray ? new DSnapshot(Var[v.Id], Restore: true) : new DAssign(Read(v.Id), new LPop(v.Type, null)));
        }

        segmentBody.Add(new DDeclare(length, DeclareForm.Typed, Apply(Op.Select, ScalarKind.Int, Apply(Op.Eq, ScalarKind.Bool, Local(segment), final), Local(last), Local(every))));

        // The segment's recording run: the forward sweep over the variables as they are named here.
        var names = Var.Select(v => Derivative.Vars[v].Name!).ToList();
        var recording = new List<DStmt>
        {
            new DEmbedded(TapingPass.Run(_input, Analysis, names, HeapArrays, _adjointNames, l.Body)),
            new DEmbedded(TapingPass.Run(_input, Analysis, names, HeapArrays, _adjointNames, l.Step)),
        };
        var reversing = new List<DStmt>();
        if (l.Counter is { } counter)
        {
            recording.Add(Step(counter.Var, counter.Stride));
            reversing.Add(Step(counter.Var, -counter.Stride));
        }

        reversing.AddRange(Statements(l.Step));
        reversing.AddRange(Statements(l.Body));
        segmentBody.Add(Steps(recording));
        segmentBody.Add(Steps(reversing));

        var block = new DStmt[]
        {
            new DComment("[Checkpoint]: for each segment from the last, restore its state, re-run it recording, and reverse it."),
            new DDeclare(every, DeclareForm.Typed, Pop(ScalarKind.Int)),
            new DDeclare(segments, DeclareForm.Typed, Pop(ScalarKind.Int)),
            new DDeclare(last, DeclareForm.Typed, Pop(ScalarKind.Int)),
            new DLoop(Apply(Op.Ge, ScalarKind.Bool, Local(segment), Int(0)), segmentBody.ToEquatableArray(), TestFirst: true,
                new DDeclare(segment, DeclareForm.Typed, final), new DIncrement(segment, -1)),
        };
        return new DScope(block.ToEquatableArray(), new[] { every, segments, last, segment, length, step }.ToEquatableArray());

        // for (int step = 0; step < length; step++) { body }
        DLoop Steps(List<DStmt> body) =>
            new(Apply(Op.Lt, ScalarKind.Bool, Local(step), Local(length)), body.ToEquatableArray(), TestFirst: true,
                new DDeclare(step, DeclareForm.Typed, Int(0)), new DIncrement(step, 1));
    }
}
