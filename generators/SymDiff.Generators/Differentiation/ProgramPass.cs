using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What every mode pass shares: the derivative program it builds, where each primal variable is held now (its own
/// storage, or a block copy inside an innermost loop), and the statements every mode writes as the primal does
/// (a passive call, an allocation with its shadow, a loop's header).
/// </summary>
internal abstract class ProgramPass
{
    protected ProgramPass(MethodModel method, LoopAnalysis analysis, IReadOnlyList<string> primalNames, ISet<int> heapArrays)
    {
        Method = method;
        Analysis = analysis;
        Program = method.Program!;
        HeapArrays = heapArrays;
        Var = Program.Vars.Select(v => Derivative.Named(primalNames[v.Id], v.Type, v.IsArray)).ToArray();
        foreach (var v in Program.Vars.Where(v => v.Origin == VarOrigin.Parameter && method.Parameters[v.Parameter].IsMatrix))
        {
            // The row-major span of a two-dimensional array: the array itself is what calls pass and what has dimensions.
            Derivative.Vars[Var[v.Id]] = Derivative.Vars[Var[v.Id]] with { Matrix = v.Name };
        }

        foreach (var v in Program.Vars.Where(IsLocalBuffer))
        {
            Derivative.Vars[Var[v.Id]] = Derivative.Vars[Var[v.Id]] with { Distinct = true };
        }

    }

    protected MethodModel Method { get; }

    /// <summary>The shadow (tangent or adjoint) of primal variable <paramref name="primal"/>, held in the member's variable <paramref name="name"/>.</summary>
    protected int Shadow(int primal, string name)
    {
        var v = Program.Vars[primal];
        var id = Derivative.Named(name, v.Type, v.IsArray);
        if (IsLocalBuffer(v))
        {
            Derivative.Vars[id] = Derivative.Vars[id] with { Distinct = true };
        }

        return id;
    }

    /// <summary>
    /// A reduction loop's accumulator for one input (<see cref="Reduction"/>), held in the member's variable
    /// <paramref name="name"/>: a span of it is the tape's memory, apart from every parameter.
    /// </summary>
    protected int Accumulator(string name, ScalarKind type, bool isArray)
    {
        var id = Derivative.Named(name, type, isArray);
        Derivative.Vars[id] = Derivative.Vars[id] with { Distinct = isArray };
        return id;
    }

    /// <summary>A buffer the program allocates itself (its shadows are allocated with it): memory no parameter shares.</summary>
    private static bool IsLocalBuffer(LoopVar v) => v.IsArray && v.Origin == VarOrigin.Local;

    protected LoopProgram Program { get; }

    /// <summary>Activity, what is saved and restored, checkpoints: the facts every mode reads.</summary>
    protected LoopAnalysis Analysis { get; }

    /// <summary>The program the pass writes.</summary>
    protected DerivativeProgram Derivative { get; } = new();

    /// <summary>The derivative program's variable holding each primal variable now.</summary>
    protected int[] Var { get; }

    /// <summary>How many primal variables are held in block copies now (see <see cref="Localized"/>).</summary>
    private int _moved;

    /// <summary>Local buffers that are heap arrays (passed to a callee's <c>T[]</c> parameter); the others are tape spans.</summary>
    protected ISet<int> HeapArrays { get; }

    protected static LExpr Read(int var, ScalarKind type) => new LRead(type, var);

    /// <summary>An int constant.</summary>
    protected static LExpr Int(int value) => new LConst(ScalarKind.Int, value);

    protected static LExpr Apply(Op op, ScalarKind type, params LExpr[] args) => LApply.Of(op, type, args);

    /// <summary>The primal variable <paramref name="id"/> where it is held now.</summary>
    protected LExpr Read(int id) => Read(Var[id], Program.Vars[id].Type);

    /// <summary>
    /// <paramref name="expression"/> over the derivative program's variables: each primal variable read where it is held
    /// now, and each subexpression in <paramref name="substitutions"/> read from the local that already holds its value.
    /// </summary>
    protected LExpr Bind(LExpr expression, IReadOnlyDictionary<LExpr, int>? substitutions = null)
    {
        if (substitutions is null && _moved == 0)
        {
            // Every primal variable is where the primal program has it (the program's first variables are the primal
            // ones, in order): the expression reads the same variables as it is.
            return expression;
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // as Lowering's NestingGuard.EnsureStack
        if (substitutions is not null && substitutions.TryGetValue(expression, out var local))
        {
            return new LRead(expression.Type, local);
        }

        // An expression none of whose variables moved is kept as it is (no copy of a long sum in every iteration's block).
        switch (expression)
        {
            case LRead r when Var[r.Var] != r.Var:
                return new LRead(r.Type, Var[r.Var]);
            case LElement e when Bind(e.Index, substitutions) is var index && (Var[e.Var] != e.Var || !ReferenceEquals(index, e.Index)):
                return new LElement(e.Type, Var[e.Var], index);
            case LLength l when Var[l.Var] != l.Var:
                return new LLength(Var[l.Var]);
            case LDimension d when Var[d.Var] != d.Var:
                return d with { Var = Var[d.Var] };
            case LApply a:
                {
                    LExpr[]? args = null;
                    for (var k = 0; k < a.Args.Length; k++)
                    {
                        var bound = Bind(a.Args[k], substitutions);
                        if (!ReferenceEquals(bound, a.Args[k]))
                        {
                            args ??= a.Args.Items.ToArray();
                            args[k] = bound;
                        }
                    }

                    return args is null ? a : a with { Args = args.ToEquatableArray() };
                }

            case LTripCount t:
                return t with { From = Bind(t.From), To = Bind(t.To) };
            default:
                return expression;
        }
    }

    protected DArg Argument(LArg argument) => new(argument.Scalar is { } scalar ? Bind(scalar) : Read(argument.Array));

    /// <summary>
    /// The differentiable inputs of a call, in order: each differentiable parameter of the callee that is not an output,
    /// with the argument passed to it and the callee's and the parameter's names in PascalCase (for the locals of its
    /// derivative: <c>tSoftplus_X</c>, <c>dSoftplus_dX</c>).
    /// </summary>
    protected IEnumerable<(ParamModel Parameter, LArg Argument, string Callee, string Name)> DifferentiableArguments(LCall c)
    {
        var callee = Method.Calls[c.Call];
        for (var k = 0; k < callee.Parameters.Length; k++)
        {
            var parameter = callee.Parameters[k];
            if (parameter.IsDifferentiable && !parameter.IsOutput)
            {
                yield return (parameter, c.Args[k], Names.Pascal(callee.MethodName), Names.Pascal(parameter.Name));
            }
        }
    }

    /// <summary>
    /// The call through <paramref name="pullback"/> with seed 1, assigning <paramref name="target"/>: one run gives the
    /// value and leaves ∂call/∂p in a local per differentiable parameter (declared at 0 first, in
    /// <see cref="DifferentiableArguments"/>' order), which it returns. Forward mode multiplies them by the arguments'
    /// tangents; reverse mode records them (<see cref="RecordedCalls"/>).
    /// </summary>
    protected List<int> CallForPartials(LCall c, string pullback, LExpr? target, List<DStmt> block)
    {
        var type = Method.Calls[c.Call].ReturnKind;
        var partials = DifferentiableArguments(c).Select(a => Derivative.Fresh("p" + a.Callee + "_" + a.Name, type)).ToList();
        if (partials.Count > 0)
        {
            block.Add(new DDeclare(partials.ToEquatableArray(), DeclareForm.Typed, new LConst(ScalarKind.Int, 0)));
        }

        var args = c.Args.Select(Argument).Append(new DArg(new LConst(type, 1))).Concat(partials.Select(p => new DArg(Read(p, type), ByRef: true)));
        var targets = target is null ? Array.Empty<LExpr>() : new[] { target };
        block.Add(new DCall(targets.ToEquatableArray(), pullback, args.ToEquatableArray()));
        return partials;
    }

    /// <summary>The call as written: the user's method with the same arguments.</summary>
    protected DStmt PrimalCall(LCall c)
    {
        var callee = Method.Calls[c.Call];
        var targets = c.Target >= 0 ? new[] { Read(c.Target) } : Array.Empty<LExpr>();
        return new DCall(targets.ToEquatableArray(), $"{callee.TypeName}.{callee.MethodName}", c.Args.Select(Argument).ToEquatableArray(), callee.Element, NamedPair: callee.Element >= 0);
    }

    /// <summary>The buffer's zeros, then its <paramref name="shadow"/>'s (a tangent or adjoint of its length) when it has one.</summary>
    protected IEnumerable<DStmt> Allocate(LAllocate al, int? shadow) => Allocate(al, shadow is { } s ? new[] { s } : Array.Empty<int>());

    /// <summary>The buffer's zeros, then each of its <paramref name="shadows"/>' (tangents or adjoints of its length).</summary>
    protected IEnumerable<DStmt> Allocate(LAllocate al, IEnumerable<int> shadows)
    {
        var type = Program.Vars[al.Var].Type;
        var length = Bind(al.Length);
        yield return new DAssign(Read(al.Var), HeapArrays.Contains(al.Var) ? new LNewArray(type, length) : new LZeros(type, length));
        foreach (var s in shadows)
        {
            yield return new DAssign(Read(s, type), new LZeros(type, new LLength(Var[al.Var])));
        }
    }

    /// <summary>The loop with its header as in the primal program and <paramref name="body"/> (its body then its step, as the mode writes them).</summary>
    protected DLoop Loop(LLoop l, IEnumerable<DStmt> body)
    {
        if (l.Counter is not { } c)
        {
            return new DLoop(Bind(l.Condition), body.ToEquatableArray(), l.TestFirst);
        }

        var init = new DAssign(Read(c.Var), Bind(c.Start));
        return new DLoop(Bind(l.Condition), body.ToEquatableArray(), TestFirst: true, init, Step(c.Var, c.Stride));
    }

    /// <summary>The counter <paramref name="id"/> stepped by <paramref name="stride"/>.</summary>
    protected DAccumulate Step(int id, int stride) => new(Read(id), new LConst(ScalarKind.Int, Math.Abs(stride)), Subtract: stride < 0);

    /// <summary>The tape storage the statements being built push into or pop from, inside a loop nest or an innermost loop that set it up; else null.</summary>
    protected DTapeStorage? Storage { get; private set; }

    /// <summary>
    /// The statements <paramref name="emit"/> builds (a loop nest, <see cref="TapeAnalysis.IsTapeNest"/>) pushing or
    /// popping through tape storage held in locals from the nest's entry to its exit, after reserving room for
    /// <paramref name="reserve"/> values when that is given (the forward sweep: every value the nest pushes, so no push in
    /// it checks the capacity); the tape's height is stored back after it. The tape's height then lives in a register
    /// across the whole nest instead of being loaded and stored by every push and pop outside its innermost loops.
    /// </summary>
    protected IEnumerable<DStmt> InTapeStorage(Func<IEnumerable<DStmt>> emit, LExpr? reserve)
    {
        var block = new List<DStmt>();
        var locals = new List<int>();
        Storage = DeclareTapeStorage(block, locals, reserve);
        block.AddRange(emit());
        block.Add(new DAssign(new LTapeCount(), Read(Storage.Top, ScalarKind.Int)));
        Storage = null;
        return new[] { new DScope(block.ToEquatableArray(), locals.ToEquatableArray()) };
    }

    /// <summary>Declares the tape's storage (<c>tapeValues</c>, reserved for <paramref name="reserve"/> more values when given) and its height (<c>tapeTop</c>) in <paramref name="block"/>.</summary>
    private DTapeStorage DeclareTapeStorage(List<DStmt> block, List<int> locals, LExpr? reserve)
    {
        var values = Derivative.Fresh("tapeValues", ScalarKind.Double, isArray: true);
        Derivative.Vars[values] = Derivative.Vars[values] with { Distinct = true }; // the tape's own array: scratch buffers are another
        var top = Derivative.Fresh("tapeTop", ScalarKind.Int);
        locals.Add(values);
        locals.Add(top);
        block.Add(new DDeclare(values, DeclareForm.Inferred, new LTapeStorage(reserve)));
        block.Add(new DDeclare(top, DeclareForm.Typed, new LTapeCount()));
        return new DTapeStorage(values, top);
    }

    /// <summary>The body as written, recording nothing; buffers it allocates get <paramref name="shadow"/>'s buffer too where it has one.</summary>
    protected IEnumerable<DStmt> Primal(IEnumerable<LStmt> body, Func<int, int?> shadow) => body.SelectMany(statement => statement switch
    {
        LAssign a => new[] { new DAssign(Read(a.Var), Bind(a.Value)) },
        LStore st => new[] { new DAssign(new LElement(Program.Vars[st.Var].Type, Var[st.Var], Bind(st.Index)), Bind(st.Value)) },
        LAllocate al => Allocate(al, shadow(al.Var)),
        LCall c => new[] { PrimalCall(c) },
        LIf i => new[] { new DIf(Bind(i.Condition), Primal(i.Then, shadow).ToEquatableArray(), Primal(i.Else, shadow).ToEquatableArray()) },
        LLoop l => new[] { Loop(l, Primal(l.Body, shadow).Concat(Primal(l.Step, shadow))) },
        _ => Enumerable.Empty<DStmt>(),
    });

    /// <summary>
    /// <paramref name="loop"/>, as <paramref name="emit"/> builds it, inside a block that copies the scalars it touches
    /// (and their tangents in each of <paramref name="tangents"/>' lanes, when given) into block locals first and copies the assigned ones back
    /// after it. Only an innermost loop gets the block: the method declares every variable up front and keeps many
    /// alive, and without the copies the JIT spills loop-carried scalars to the stack on every iteration. With
    /// <paramref name="storage"/>, the loop pushes (or pops) through tape storage held in locals (<see cref="Storage"/>; the
    /// storage of the nest it is in, when it is in one), after reserving room for <paramref name="reserve"/> values when that is given, so no capacity check (a call, which
    /// would spill every register) sits in the loop. In the <paramref name="reverse"/> sweep a variable is copied only
    /// where the sweep reads it (needed values, the counter) and copied back only where it restores it.
    /// </summary>
    /// <summary>True when <see cref="Localized"/> copies scalar <paramref name="id"/> into a block local (a pass whose islands keep some values as nodes only says no for those).</summary>
    protected virtual bool Copies(int id) => true;

    protected IEnumerable<DStmt> Localized(
        LLoop loop, Func<IEnumerable<DStmt>> emit, IReadOnlyList<Dictionary<int, int>>? tangents = null, bool storage = false, LExpr? reserve = null, bool reverse = false)
    {
        if (loop.Children().ContainsLoop())
        {
            return emit().ToList();
        }

        var block = new List<DStmt>();
        var copyBack = new List<DStmt>();
        var locals = new List<int>();
        var renamed = new List<(int Id, Dictionary<int, int>? Tangents, int Outer)>();
        var outerStorage = Storage;
        if (storage && outerStorage is null)
        {
            // Inside a tape nest (InTapeStorage) the loop pushes or pops through the nest's storage, reserved on its entry.
            Storage = DeclareTapeStorage(block, locals, reserve);
            copyBack.Add(new DAssign(new LTapeCount(), Read(Storage.Top, ScalarKind.Int)));
        }

        var assignedInLoop = loop.Children().AssignedVariables();
        // Static readonly data is read where it is (the JIT treats such a scalar as a constant).
        foreach (var id in loop.ScalarsOf(Program).Where(id => Program.Vars[id].Origin != VarOrigin.Static && Copies(id)))
        {
            var counter = loop.Counter?.Var == id;
            if (!reverse || counter || Analysis.Needed.Contains(id) && !Analysis.Captures(id))
            {
                Rename(id, null, writeBack: counter || assignedInLoop.Contains(id) && (!reverse || Analysis.Saves(id)));
            }

            foreach (var lane in tangents ?? Array.Empty<Dictionary<int, int>>())
            {
                if (lane.ContainsKey(id))
                {
                    Rename(id, lane, writeBack: true);
                }
            }
        }

        block.AddRange(emit());
        Storage = outerStorage;
        foreach (var (id, table, outer) in renamed)
        {
            if (table is null)
            {
                Var[id] = outer;
                _moved--;
            }
            else
            {
                table[id] = outer;
            }
        }

        block.AddRange(copyBack);
        return new[] { new DScope(block.ToEquatableArray(), locals.ToEquatableArray()) };

        void Rename(int id, Dictionary<int, int>? table, bool writeBack)
        {
            var outer = table is null ? Var[id] : table[id];
            var type = Program.Vars[id].Type;
            var inner = Derivative.Fresh(Derivative.Vars[outer].Name + "Local", type);
            locals.Add(inner);
            block.Add(new DDeclare(inner, DeclareForm.Typed, Read(outer, type)));
            if (writeBack)
            {
                copyBack.Add(new DAssign(Read(outer, type), Read(inner, type)));
            }

            renamed.Add((id, table, outer));
            if (table is null)
            {
                Var[id] = inner;
                _moved++;
            }
            else
            {
                table[id] = inner;
            }
        }
    }
}
