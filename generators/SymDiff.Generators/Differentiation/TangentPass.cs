using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Forward mode as a pass: the primal program in, the derivative program of its pushforward out (the body of
/// <c>{F}Pushforward</c>, inside the tape's mark). Every active assignment becomes a <see cref="DIsland"/> that computes
/// the tangent first and then the value from the same temporaries; an active call becomes a call of the callee's
/// pushforward (or, for a custom pullback, one pullback with seed 1 and the chain rule); innermost loops run on block
/// copies of the scalars and tangents they touch (see <see cref="ProgramPass.Localized"/>). The pass names nothing: variables it
/// adds carry a base name, and the printer names them where they are declared.
/// <para>
/// Vector forward mode (<c>{F}PushforwardN</c>) is the same pass with several <em>lanes</em>: every active variable has
/// a tangent per lane, every island computes each lane's tangent from the partial derivatives it computes once, and
/// the primal runs once for all of them. A call is pushed forward once per lane (the last lane's call also gives the
/// value, after the others have read the arguments).
/// </para>
/// </summary>
internal sealed partial class TangentPass : ProgramPass
{
    private readonly EmitInput _input;

    /// <summary>The variable holding each active primal variable's tangent now, per lane.</summary>
    private readonly Dictionary<int, int>[] _lanes;

    private readonly int _scratch;

    private TangentPass(EmitInput input, LoopAnalysis analysis, PassNames names)
        : base(input.Method, analysis, names.Primal, names.HeapArrays)
    {
        _input = input;
        _lanes = names.Tangents.Select(lane => lane.OrderBy(t => t.Key)
            .ToDictionary(t => t.Key, t => Shadow(t.Key, t.Value))).ToArray();

        _scratch = Derivative.Named(names.Scratch, ScalarKind.Int, isArray: false);
    }

    /// <summary>
    /// The variables of the method named before the pass runs: every primal variable, every active variable's and every
    /// span output's tangent in each lane (parameters' tangents are parameters or locals of the generated member), the tape scratch mark, and the
    /// local buffers that must be heap arrays (passed to a callee's <c>T[]</c> parameter). With <see cref="Chunk"/>, the
    /// body stores its result instead of returning it.
    /// </summary>
    public sealed record PassNames(
        IReadOnlyList<string> Primal, IReadOnlyList<IReadOnlyDictionary<int, string>> Tangents, string Scratch, ISet<int> HeapArrays, Func<int, bool> IsUsed, Chunk? Chunk = null);

    /// <summary>
    /// Where a vector forward sweep stores a scalar result: its value in variable <see cref="Value"/>, lane k's tangent in
    /// element <see cref="Direction"/> + k of span <see cref="Tangents"/>.
    /// </summary>
    public sealed record Chunk(string Value, string Tangents, string Direction);

    /// <summary>The pushforward's body: local declarations, cleared output tangents, the body with tangents, the return.</summary>
    public static DerivativeProgram Run(EmitInput input, LoopAnalysis analysis, PassNames names)
    {
        var pass = new TangentPass(input, analysis, names);
        var body = pass.Outputs().ToList();
        body.AddRange(pass.Statements(pass.Program.Body));
        if (pass.Program.Result >= 0)
        {
            body.AddRange(pass.Result(names.Chunk));
        }

        // Declared after the statements are made: a stretch's own temporaries (Internal) are nodes, not variables.
        pass.Declarations(names);
        pass.Derivative.Body.AddRange(body);
        return pass.Derivative;
    }

    /// <summary>The value and its tangent returned, or (a vector sweep) stored where <paramref name="chunk"/> says.</summary>
    private IEnumerable<DStmt> Result(Chunk? chunk)
    {
        var result = Program.Result;
        var type = Program.Vars[result].Type;
        LExpr Tangent(Dictionary<int, int> lane) => Analysis.Active.Contains(result) ? Read(lane[result], type) : new LConst(Method.ReturnKind, 0);
        var value = Read(Var[result], type);
        if (chunk is null)
        {
            yield return new DReturn(new[] { value, Tangent(_lanes[0]) }.ToEquatableArray());
            yield break;
        }

        var tangents = Derivative.Named(chunk.Tangents, Method.ReturnKind, isArray: true);
        var direction = Read(Derivative.Named(chunk.Direction, ScalarKind.Int, isArray: false), ScalarKind.Int);
        for (var k = 0; k < _lanes.Length; k++)
        {
            var index = k == 0 ? direction : Apply(Op.Add, ScalarKind.Int, direction, Int(k));
            yield return new DAssign(new LElement(Method.ReturnKind, tangents, index), Tangent(_lanes[k]));
        }

        yield return new DAssign(Read(Derivative.Named(chunk.Value, Method.ReturnKind, isArray: false), Method.ReturnKind), value);
    }

    private void Declarations(PassNames names)
    {
        foreach (var v in Program.Vars.Where(v => v.Origin == VarOrigin.Local && names.IsUsed(v.Id) && !_internal.Contains(v.Id)))
        {
            Derivative.Body.Add(!v.IsArray ? new DDeclare(Var[v.Id], DeclareForm.Typed, new LConst(v.Type, 0))
                : new DDeclare(Var[v.Id], names.HeapArrays.Contains(v.Id) ? DeclareForm.EmptyArray : DeclareForm.EmptySpan));
        }

        foreach (var lane in _lanes)
        {
            foreach (var id in Analysis.Active.OrderBy(i => i).Where(i => Program.Vars[i].Origin == VarOrigin.Local && !_internal.Contains(i)))
            {
                var v = Program.Vars[id];
                Derivative.Body.Add(v.IsArray ? new DDeclare(lane[id], DeclareForm.EmptySpan) : new DDeclare(lane[id], DeclareForm.Typed, new LConst(v.Type, 0)));
            }
        }

    }

    /// <summary>The tangents of the span outputs start at zero in every lane (a body may write only some elements).</summary>
    private IEnumerable<DStmt> Outputs() =>
        from lane in _lanes
        from p in Method.Parameters.Select((p, index) => (p, index)).Where(p => p.p.IsOutput && p.p.Kind is ScalarKind.Double or ScalarKind.Float)
        select new DClear(lane[Program.Vars.First(v => v.Origin == VarOrigin.Parameter && v.Parameter == p.index).Id]);

    private List<DStmt> Statements(EquatableArray<LStmt> body)
    {
        var statements = new List<DStmt>();
        var alone = 0;
        for (var k = 0; k < body.Length; k++)
        {
            if (k >= alone && StretchAt(body, k) is var (length, sweep))
            {
                if (sweep is not null)
                {
                    statements.Add(sweep);
                    k += length - 1;
                    continue;
                }

                alone = k + length; // not one island: its statements one by one
            }

            var statement = body[k];
            switch (statement)
            {
                case LAssign a:
                    var assigned = Read(Var[a.Var], Program.Vars[a.Var].Type);
                    statements.Add(Analysis.Active.Contains(a.Var)
                        ? Island(_lanes.Select(lane => Read(lane[a.Var], Program.Vars[a.Var].Type)), a.Value, assigned)
                        : new DAssign(assigned, Bind(a.Value)));
                    break;
                case LStore st:
                    {
                        var type = Program.Vars[st.Var].Type;
                        var index = Bind(st.Index);
                        var element = new LElement(type, Var[st.Var], index);
                        statements.Add(Analysis.Active.Contains(st.Var)
                            ? Island(_lanes.Select(lane => new LElement(type, lane[st.Var], index)), st.Value, element)
                            : new DAssign(element, Bind(st.Value)));
                        break;
                    }

                case LAllocate al:
                    statements.AddRange(Allocate(al, Analysis.Active.Contains(al.Var) ? _lanes.Select(lane => lane[al.Var]) : Array.Empty<int>()));
                    break;
                case LCall c when Analysis.IsActive(c) && c.Target >= 0:
                    statements.AddRange(CallPushforward(c));
                    break;
                case LCall c:
                    statements.Add(PrimalCall(c));
                    if (c.Target >= 0 && Analysis.Active.Contains(c.Target))
                    {
                        var type = Program.Vars[c.Target].Type;
                        statements.AddRange(_lanes.Select(lane => new DAssign(Read(lane[c.Target], type), new LConst(type, 0))));
                    }

                    break;
                case LIf i:
                    statements.Add(new DIf(Bind(i.Condition), Statements(i.Then).ToEquatableArray(), Statements(i.Else).ToEquatableArray()));
                    break;
                case LLoop l:
                    statements.AddRange(Localized(l, () => new[] { Loop(l, Body(l)) }, _lanes));
                    break;
            }
        }

        return statements;
    }

    private IEnumerable<DStmt> Body(LLoop l) => Statements(l.Body).Concat(Statements(l.Step));

    /// <summary>
    /// <c>target = ∂value/∂leaves · leaf tangents</c> in each lane from the values before the assignment, then (when
    /// <paramref name="assigned"/> is given) <c>assigned = value</c> from the same temporaries: the tangents first, since
    /// the assigned variable may appear on the right (<c>p = p * x</c>). Target k is lane <paramref name="firstLane"/> + k's.
    /// </summary>
    private DIsland Island(IEnumerable<LExpr> targets, LExpr value, LExpr? assigned, int firstLane = 0)
    {
        var lanes = targets.ToEquatableArray();
        var leafTangents = new List<(Node, LExpr)>();
        var derivative = StatementAdjoint.Tangent(Analysis.IsActive, value, withValue: assigned is not null, lanes.Length, (source, graph, lane) =>
        {
            var node = graph.Local(source.Type, null);
            leafTangents.Add((node, TangentOf(source, _lanes[firstLane + lane])));
            return node;
        });
        var inputs = derivative.Leaves.Select(l => (l.Leaf, Bind(l.Source))).Concat(leafTangents);
        return new DIsland(derivative, inputs.ToEquatableArray(), lanes, assigned);
    }

    private LExpr TangentOf(LExpr leaf, Dictionary<int, int> lane) => leaf switch
    {
        LRead r => Read(lane[r.Var], r.Type),
        LElement e => new LElement(e.Type, lane[e.Var], Bind(e.Index)),
        _ => throw new InvalidOperationException($"no tangent for {leaf}"),
    };

    /// <summary>
    /// An active call: its arguments' tangents (a scalar argument's computed into a block local, a span argument's
    /// tangent span or, for an inactive span, zeros from the tape), then the callee's pushforward in every lane. The
    /// first lane's call assigns the value too, so it goes last: every other lane reads the arguments as they were. A
    /// custom pullback is called once, with seed 1, for the partials every lane's chain rule multiplies.
    /// </summary>
    private IEnumerable<DStmt> CallPushforward(LCall c)
    {
        var resolved = _input.Calls[c.Call];
        var target = Read(Var[c.Target], Program.Vars[c.Target].Type);
        var active = Analysis.Active.Contains(c.Target);
        LExpr? TargetTangent(int lane) => active ? Read(_lanes[lane][c.Target], Program.Vars[c.Target].Type) : null;
        if (resolved.Strategy == CallStrategy.CustomPullback)
        {
            yield return ChainRule(c, target, active ? _lanes.Select((_, k) => TargetTangent(k)!).ToList() : new List<LExpr>());
            yield break;
        }

        for (var lane = active ? _lanes.Length - 1 : 0; lane >= 0; lane--)
        {
            var block = new List<DStmt>();
            var (tangentArgs, scratch) = ArgumentTangents(c, lane, block);
            if (scratch)
            {
                // Zero tangents for inactive span arguments live only for the call (the call may sit in a loop).
                block.Add(new DDeclare(_scratch, DeclareForm.Inferred, new LTapeMark()));
            }

            var callArgs = c.Args.Select(Argument).Concat(tangentArgs.Select(t => new DArg(t.Tangent))).ToEquatableArray();
            var pair = resolved.Strategy != CallStrategy.CustomPushforward;
            block.Add(TargetTangent(lane) is not { } targetTangent
                ? new DCall(new[] { target }.ToEquatableArray(), resolved.Pushforward, callArgs, Element: 0, NamedPair: pair)
                : lane > 0 ? new DCall(new[] { targetTangent }.ToEquatableArray(), resolved.Pushforward, callArgs, Element: 1, NamedPair: pair)
                : new DCall(new[] { target, targetTangent }.ToEquatableArray(), resolved.Pushforward, callArgs));
            if (scratch)
            {
                block.Add(new DRelease(_scratch));
            }

            yield return new DScope(block.ToEquatableArray(), EquatableArray<int>.Empty);
        }
    }

    /// <summary>
    /// The tangents of a call's differentiable arguments in <paramref name="lane"/>, with the statements computing the
    /// scalar ones added to <paramref name="block"/>; <c>scratch</c> is true when an inactive span argument takes zeros from the tape.
    /// </summary>
    private (List<(LExpr Tangent, string Parameter)> Tangents, bool Scratch) ArgumentTangents(LCall c, int lane, List<DStmt> block)
    {
        var tangentArgs = new List<(LExpr Tangent, string Parameter)>();
        var scratch = false;
        foreach (var (parameter, argument, calleeName, parameterName) in DifferentiableArguments(c))
        {
            var suffix = calleeName + "_" + parameterName;
            if (argument.Scalar is { } scalar)
            {
                var type = parameter.Kind!.Value;
                var tangent = Derivative.Fresh("t" + suffix, type);
                block.Add(new DDeclare(tangent, DeclareForm.Typed));
                block.Add(Island(new[] { Read(tangent, type) }, scalar, assigned: null, lane));
                tangentArgs.Add((Read(tangent, type), suffix));
            }
            else
            {
                scratch |= !Analysis.Active.Contains(argument.Array);
                tangentArgs.Add((Analysis.Active.Contains(argument.Array)
                    ? Read(_lanes[lane][argument.Array], parameter.Kind!.Value)
                    : new LZeros(parameter.Kind!.Value, new LLength(Var[argument.Array])), suffix));
            }
        }

        return (tangentArgs, scratch);
    }

    /// <summary>
    /// A call of a custom pullback (scalar arguments): ∂call/∂p from one pullback with seed 1, then each lane's tangent
    /// by the chain rule against that lane's argument tangents (computed before the call assigns the value).
    /// </summary>
    private DScope ChainRule(LCall c, LExpr target, List<LExpr> targetTangents)
    {
        var callee = Method.Calls[c.Call];
        var type = callee.ReturnKind;
        var block = new List<DStmt>();
        var lanes = Enumerable.Range(0, targetTangents.Count).Select(lane => ArgumentTangents(c, lane, block).Tangents).ToList();
        var partials = CallForPartials(c, _input.Calls[c.Call].Pushforward, target, block);
        for (var lane = 0; lane < targetTangents.Count; lane++)
        {
            var chain = partials.Zip(lanes[lane], (p, t) => (LExpr)new LApply(type, Op.Mul, new[] { Read(p, type), t.Tangent }.ToEquatableArray()))
                .DefaultIfEmpty(new LConst(type, 0))
                .Aggregate((sum, term) => new LApply(type, Op.Add, new[] { sum, term }.ToEquatableArray()));
            block.Add(new DAssign(targetTangents[lane], chain));
        }

        return new DScope(block.ToEquatableArray(), EquatableArray<int>.Empty);
    }
}
