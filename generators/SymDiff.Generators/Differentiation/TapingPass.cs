using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The forward sweep of reverse mode as a pass, the primal with save points: the body as written, pushing on the tape
/// what the reverse sweep will read and the statements overwrite (<see cref="LoopAnalysis.Saves"/>), the intermediate
/// values an adjoint reads (<see cref="LoopAnalysis.SavedValues"/>, computed once into a local the statement then
/// reads), each taped branch's decision and each loop's trip count or final counter. A <c>[Checkpoint]</c> loop runs
/// without recording and saves its state at the start of every segment instead.
/// </summary>
internal sealed class TapingPass : ProgramPass
{
    private readonly Dictionary<int, int> _adjoint;
    private readonly EmitInput _input;
    private readonly ReductionNames? _reductions;

    private TapingPass(EmitInput input, LoopAnalysis analysis, IReadOnlyList<string> primalNames, ISet<int> heapArrays, IReadOnlyDictionary<int, string> adjoints, ReductionNames? reductions)
        : base(input.Method, analysis, primalNames, heapArrays)
    {
        _input = input;
        _reductions = reductions;
        _adjoint = adjoints.ToDictionary(a => a.Key, a => Shadow(a.Key, a.Value));
    }

    /// <summary>
    /// The forward sweep of <paramref name="body"/>, over the primal variables named <paramref name="primalNames"/> now
    /// and the active ones' adjoints named <paramref name="adjoints"/> (a local buffer's adjoint is allocated with it);
    /// with <paramref name="reductions"/>, the loops of <see cref="LoopAnalysis.Reductions"/> run their reverse sweep
    /// iteration by iteration (the program's body only).
    /// </summary>
    public static DerivativeProgram Run(EmitInput input, LoopAnalysis analysis, IReadOnlyList<string> primalNames, ISet<int> heapArrays, IReadOnlyDictionary<int, string> adjoints, IEnumerable<LStmt> body, ReductionNames? reductions = null)
    {
        var pass = new TapingPass(input, analysis, primalNames, heapArrays, adjoints, reductions);
        pass.Derivative.Body.AddRange(pass.Statements(body));
        return pass.Derivative;
    }

    private int? Shadow(int var) => _adjoint.TryGetValue(var, out var adjoint) ? adjoint : null;

    private DPush Push(LExpr value) => new(value, Storage);

    /// <summary>
    /// A recorded call (<see cref="RecordedCalls"/>): its pullback with seed 1 assigns the value and leaves ∂call/∂p in
    /// a local per differentiable parameter; those of the arguments that take a derivative
    /// (<see cref="LoopAnalysis.TakesRecordedPartial"/>) are pushed, in order.
    /// </summary>
    private DScope RecordedCall(LCall c)
    {
        var type = Method.Calls[c.Call].ReturnKind;
        var block = new List<DStmt>();
        var partials = CallForPartials(c, _input.Calls[c.Call].Pullback, c.Target >= 0 ? Read(c.Target) : null, block);
        var arguments = DifferentiableArguments(c).ToList();
        for (var k = 0; k < partials.Count; k++)
        {
            if (arguments[k].Argument.Scalar is { } scalar && Analysis.TakesRecordedPartial(scalar))
            {
                block.Add(Push(Read(partials[k], type)));
            }
        }

        // The partials' names are free again after the push: the reverse sweep's pops take the same ones.
        return new DScope(block.ToEquatableArray(), partials.ToEquatableArray());
    }

    private List<DStmt> Statements(IEnumerable<LStmt> body)
    {
        var statements = new List<DStmt>();
        var list = body as IReadOnlyList<LStmt> ?? body.ToList();
        for (var k = 0; k < list.Count; k++)
        {
            var statement = list[k];
            if (Analysis.StretchStartingAt(statement) is { } stretch)
            {
                statements.AddRange(Stretch(stretch));
                k += stretch.Statements.Length - 1;
                continue;
            }

            switch (statement)
            {
                case LAssign a:
                    statements.AddRange(Saving(Analysis.Active.Contains(a.Var) ? a.Value : null, substitutions =>
                    {
                        var overwritten = Analysis.SavesAt(a, a.Var) && Analysis.Inverse(a) is null ? new[] { Push(Read(a.Var)) } : Array.Empty<DStmt>();
                        return overwritten.Append(new DAssign(Read(a.Var), Bind(a.Value, substitutions)));
                    }));
                    break;
                case LStore st:
                    {
                        var element = new LElement(Program.Vars[st.Var].Type, Var[st.Var], Bind(st.Index));
                        statements.AddRange(Saving(Analysis.Active.Contains(st.Var) ? st.Value : null, substitutions =>
                        {
                            var overwritten = Analysis.SavesAt(st, st.Var) ? new[] { Push(element) } : Array.Empty<DStmt>();
                            return overwritten.Append(new DAssign(element, Bind(st.Value, substitutions)));
                        }));
                        break;
                    }

                case LAllocate al:
                    statements.AddRange(Allocate(al, Shadow(al.Var)));
                    break;
                case LCall c:
                    if (c.Target >= 0 && Analysis.Saves(c.Target))
                    {
                        statements.Add(Push(Read(c.Target)));
                    }

                    statements.Add(Analysis.IsRecorded(c) ? RecordedCall(c) : PrimalCall(c));
                    break;
                case LIf i:
                    {
                        // The reverse sweep takes the same arm: the decision is taped when an arm has reverse work.
                        var taped = Analysis.HasNestedReverseWork(i);
                        var then = Statements(i.Then);
                        var otherwise = Statements(i.Else);
                        if (taped)
                        {
                            then.Add(Push(new LConst(ScalarKind.Double, 1)));
                            otherwise.Add(Push(new LConst(ScalarKind.Double, 0)));
                        }

                        statements.Add(new DIf(Bind(i.Condition), then.ToEquatableArray(), otherwise.ToEquatableArray()));
                        break;
                    }

                case LLoop l when _reductions is not null && Analysis.Reductions.TryGetValue(l, out var reduction):
                    statements.AddRange(ReversedInPlace(l, reduction, _reductions));
                    break;
                case LLoop l when Analysis.IsCheckpointed(l) && Analysis.HasNestedReverseWork(l):
                    statements.Add(Checkpointed(l));
                    break;
                case LLoop l when Storage is null && Analysis.IsTapeNest(l) && Analysis.NestPushes(l) is { } pushes:
                    // A nest without calls reserves room for all it pushes, then pushes through locals.
                    statements.AddRange(InTapeStorage(() => TapeLoop(l), pushes is LConst constant ? Int((int)constant.Value + 1) : Apply(Op.Add, ScalarKind.Int, pushes, Int(1))));
                    break;
                case LLoop l:
                    {
                        // An innermost loop without calls pushes into tape storage held in locals, after reserving room
                        // for every value it will push when its trip count is known on entry.
                        var perIteration = TapeAnalysis.KeepsTapeInLocals(l) ? l.Blocks().Sum(b => Analysis.Pushes(b)) : 0;
                        var trips = perIteration > 0 ? TapeAnalysis.TripBound(l) : null;
                        LExpr? reserve = null;
                        if (trips is not null)
                        {
                            var bound = Bind(trips);
                            var count = perIteration == 1 ? bound : Apply(Op.Mul, ScalarKind.Int, bound, Int(perIteration));
                            reserve = Apply(Op.Add, ScalarKind.Int, count, Int(1));
                        }

                        statements.AddRange(Localized(l, () => TapeLoop(l), storage: reserve is not null, reserve: reserve));
                        break;
                    }
            }
        }

        return statements;
    }

    /// <summary>
    /// A stretch (<see cref="LoopAnalysis.StretchStartingAt"/>): what its reverse sweep needs of the values on entry pushed
    /// (<see cref="LoopAnalysis.StretchSaves"/>), then its statements as written, recording nothing else.
    /// </summary>
    private IEnumerable<DStmt> Stretch(LoopAnalysis.ReverseStretch stretch)
    {
        var saves = Analysis.SavesOf(stretch);
        var statements = saves.Captured.Concat(saves.Restored).Select(place => (DStmt)Push(Bind(place))).ToList();
        for (var k = 0; k < stretch.Statements.Length; k++)
        {
            var saved = stretch.Intermediates.Where(i => i.Statement == k).Select(i => i.Expression).ToList();
            if (saved.Count == 0)
            {
                statements.AddRange(Primal(new[] { stretch.Statements[k] }, Shadow));
                continue;
            }

            // Each transcendental the stretch's sweep reads computed into a local and pushed, then the statement reading it.
            var block = new List<DStmt>();
            var substitutions = new Dictionary<LExpr, int>();
            foreach (var expression in saved)
            {
                var local = Derivative.Fresh("saved", expression.Type);
                block.Add(new DDeclare(local, DeclareForm.Typed, Bind(expression, substitutions)));
                block.Add(Push(Read(local, expression.Type)));
                substitutions[expression] = local;
            }

            block.Add(stretch.Statements[k] switch
            {
                LAssign a => new DAssign(Read(a.Var), Bind(a.Value, substitutions)),
                LStore st => new DAssign(new LElement(Program.Vars[st.Var].Type, Var[st.Var], Bind(st.Index)), Bind(st.Value, substitutions)),
                var other => throw new InvalidOperationException($"{other} saves no intermediate"),
            });
            statements.Add(new DScope(block.ToEquatableArray(), substitutions.Values.ToEquatableArray()));
        }

        // The last values of captured variables its sweep reads (nothing restores them): pushed after it.
        statements.AddRange(saves.CapturedFinals.Select(final => (DStmt)Push(Bind(final))));
        return statements;
    }

    /// <summary>
    /// The statements <paramref name="statement"/> builds, after pushing what the adjoint of <paramref name="value"/>
    /// reads: a variable or element as it is, an intermediate into a local first (the substitutions the statement then
    /// reads instead of computing it again). Locals of intermediates live in a block of their own.
    /// </summary>
    private IEnumerable<DStmt> Saving(LExpr? value, Func<IReadOnlyDictionary<LExpr, int>?, IEnumerable<DStmt>> statement)
    {
        var saved = value is null ? Array.Empty<(Node Node, LExpr Source)>() : Analysis.SavedValues(StatementAdjoint.Build(Analysis, value));
        var block = new List<DStmt>();
        Dictionary<LExpr, int>? substitutions = null;
        foreach (var (_, source) in saved)
        {
            if (source is LRead or LElement)
            {
                block.Add(Push(Bind(source)));
                continue;
            }

            substitutions ??= new Dictionary<LExpr, int>();
            var local = Derivative.Fresh("saved", source.Type);
            block.Add(new DDeclare(local, DeclareForm.Typed, Bind(source, substitutions)));
            block.Add(Push(Read(local, source.Type)));
            substitutions[source] = local;
        }

        block.AddRange(statement(substitutions));
        return saved.Any(v => v.Source is LApply)
            ? new[] { new DScope(block.ToEquatableArray(), (substitutions?.Values ?? Enumerable.Empty<int>()).ToEquatableArray()) }
            : block;
    }

    /// <summary>
    /// A loop of <see cref="Reduction"/>: its inputs' accumulators zeroed, then the loop, each iteration pushing (through
    /// tape storage reserved for what it pushes, where a bound is known at its start), then running its reverse sweep (<see cref="AdjointPass"/>) over the
    /// iteration, seeded with 1 for the sum, adding into the accumulators instead of the inputs' adjoints; the pops
    /// leave the tape as the iteration found it. Nothing is pushed for the reverse sweep, which adds the sum's adjoint
    /// times each accumulator instead of running the loop.
    /// </summary>
    private IEnumerable<DStmt> ReversedInPlace(LLoop l, Reduction r, ReductionNames names)
    {
        var type = Program.Vars[r.Sum].Type;
        var accumulators = r.Inputs.ToDictionary(v => v, v => names.Accumulators[(r.Statement, v)]);
        yield return new DComment($"Iterations add up {Derivative.Vars[Var[r.Sum]].Name} and share nothing else: each runs its reverse sweep right after it, seeded with 1, into {string.Join(", ", accumulators.Values)}.");
        foreach (var v in r.Inputs)
        {
            var accumulator = Accumulator(accumulators[v], type, Program.Vars[v].IsArray);
            yield return new DAssign(Read(accumulator, type), Program.Vars[v].IsArray ? new LZeros(type, new LLength(Var[v])) : new LConst(type, 0));
        }

        var seed = Derivative.Named(names.Seeds[r.Statement], type, isArray: false);
        var adjoints = names.Reverse.Adjoints.ToDictionary(a => a.Key, a => a.Value);
        foreach (var v in r.Inputs)
        {
            adjoints[v] = accumulators[v];
        }

        adjoints[r.Sum] = names.Seeds[r.Statement];
        var primal = Var.Select(v => Derivative.Vars[v].Name!).ToList();
        // An iteration whose pushes have a bound known at its start pushes through tape storage reserved for them.
        var iteration = Analysis.IterationPushes(l) is { } pushes
            ? InTapeStorage(() => Statements(l.Body), pushes is LConst constant ? Int((int)constant.Value + 1) : Apply(Op.Add, ScalarKind.Int, pushes, Int(1))).ToList()
            : Statements(l.Body);
        iteration.Add(new DAssign(Read(seed, type), new LConst(type, 1)));
        iteration.Add(new DEmbedded(AdjointPass.Run(_input, Analysis, names.Reverse with { Primal = primal, Adjoints = adjoints, Reductions = names }, l.Body, inTapeStorage: true), Outlined: true, ReorderSums: true));
        yield return Loop(l, iteration);
    }

    /// <summary>A loop of the forward sweep, then what the reverse sweep needs to run it backwards (final counter or trip count).</summary>
    private IEnumerable<DStmt> TapeLoop(LLoop l)
    {
        var taped = Analysis.HasNestedReverseWork(l);
        var trips = taped && l.Counter is null ? Derivative.Fresh("trips", ScalarKind.Int) : (int?)null;
        if (trips is { } declared)
        {
            yield return new DDeclare(declared, DeclareForm.Typed, Int(0));
        }

        var count = trips is { } counted ? new DStmt[] { new DIncrement(counted, 1) } : Array.Empty<DStmt>();
        yield return Loop(l, count.Concat(Statements(l.Body)).Concat(Statements(l.Step)));
        if (trips is { } pushed)
        {
            yield return Push(Read(pushed, ScalarKind.Int));
        }
        else if (taped && l.Counter is { } counter && Analysis.RecomputedEnd(l) is null)
        {
            yield return Push(Read(counter.Var));
        }
    }

    /// <summary>
    /// A <c>[Checkpoint]</c> loop: run without recording, saving the loop's state (what it writes) at the start of every
    /// segment of <c>every</c> iterations; then the last segment's length, the number of segments and <c>every</c>.
    /// </summary>
    private DScope Checkpointed(LLoop l)
    {
        var state = Analysis.CheckpointState(l);
        var every = Derivative.Fresh("every", ScalarKind.Int);
        var segments = Derivative.Fresh("segments", ScalarKind.Int);
        var position = Derivative.Fresh("position", ScalarKind.Int);
        LExpr Local(int var) => Read(var, ScalarKind.Int);

        var atStart = Apply(Op.Eq, ScalarKind.Bool, Local(position), Int(0));
        var snapshot = state.Select(id => Program.Vars[id].IsArray ? new DSnapshot(Var[id], Restore: false) : (DStmt)Push(Read(id)))
            .Append(new DIncrement(segments, 1));
        var next = Apply(Op.Add, ScalarKind.Int, Local(position), Int(1));
        var body = new DStmt[] { new DIf(atStart, snapshot.ToEquatableArray(), EquatableArray<DStmt>.Empty) }
            .Concat(Primal(l.Body, Shadow)).Concat(Primal(l.Step, Shadow))
            .Append(new DAssign(Local(position), Apply(Op.Select, ScalarKind.Int, Apply(Op.Eq, ScalarKind.Bool, next, Local(every)), Int(0), next)));
        var block = new DStmt[]
        {
            new DComment("[Checkpoint]: run the loop without recording; save what it writes at the start of every segment."),
            new DDeclare(every, DeclareForm.Typed, SegmentLength(l)),
            new DDeclare(segments, DeclareForm.Typed, Int(0)),
            new DDeclare(position, DeclareForm.Typed, Int(0)),
            Loop(l, body),
            Push(Apply(Op.Select, ScalarKind.Int, atStart, Local(every), Local(position))),
            Push(Local(segments)),
            Push(Local(every)),
        };
        return new DScope(block.ToEquatableArray(), new[] { every, segments, position }.ToEquatableArray());
    }

    /// <summary>The segment length: the attribute's <c>Every</c>, else ⌈√N⌉ for a known trip count N, else 64.</summary>
    private LExpr SegmentLength(LLoop l) =>
        Program.CheckpointEvery > 0 ? Int(Program.CheckpointEvery)
        : TapeAnalysis.TripBound(l) is { } trips ? new LSegmentLength(Bind(trips))
        : Int(64);
}
