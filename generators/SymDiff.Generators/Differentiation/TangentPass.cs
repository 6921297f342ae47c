using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Forward mode as a pass: the primal program in, the derivative program of its pushforward out (the body of
/// <c>{F}Pushforward</c>, inside the tape's mark). Every active assignment becomes a <see cref="DIsland"/> that computes
/// the tangent first and then the value from the same temporaries; an active call becomes a call of the callee's
/// pushforward (or, for a custom pullback, one pullback with seed 1 and the chain rule); innermost loops run on block
/// copies of the scalars and tangents they touch (see <see cref="ProgramPass.Localized"/>). The pass names nothing: variables it
/// adds carry a base name, and the printer names them where they are declared.
/// </summary>
internal sealed class TangentPass : ProgramPass
{
    private readonly EmitInput _input;

    /// <summary>The variable holding each active primal variable's tangent now.</summary>
    private readonly Dictionary<int, int> _tangent = new();

    private readonly int _scratch;

    private TangentPass(EmitInput input, LoopAnalysis analysis, PassNames names)
        : base(input.Method, analysis, names.Primal, names.HeapArrays)
    {
        _input = input;
        foreach (var id in Analysis.Active.OrderBy(i => i))
        {
            _tangent[id] = Derivative.Named(names.Tangents[id], Program.Vars[id].Type, Program.Vars[id].IsArray);
        }

        _scratch = Derivative.Named(names.Scratch, ScalarKind.Int, isArray: false);
    }

    /// <summary>
    /// The variables of the method named before the pass runs: every primal variable, every active variable's tangent
    /// (parameters' tangents are parameters of the generated member), the tape scratch mark, and the local buffers
    /// that must be heap arrays (passed to a callee's <c>T[]</c> parameter).
    /// </summary>
    public sealed record PassNames(IReadOnlyList<string> Primal, IReadOnlyDictionary<int, string> Tangents, string Scratch, ISet<int> HeapArrays, Func<int, bool> IsUsed);

    /// <summary>The pushforward's body: local declarations, cleared output tangents, the body with tangents, the return.</summary>
    public static DerivativeProgram Run(EmitInput input, LoopAnalysis analysis, PassNames names)
    {
        var pass = new TangentPass(input, analysis, names);
        pass.Declarations(names);
        pass.Derivative.Body.AddRange(pass.Outputs());
        pass.Derivative.Body.AddRange(pass.Statements(pass.Program.Body));
        if (pass.Program.Result >= 0)
        {
            var result = pass.Program.Result;
            LExpr tangent = pass.Analysis.Active.Contains(result) ? Read(pass._tangent[result], pass.Program.Vars[result].Type) : new LConst(pass.Method.ReturnKind, 0);
            pass.Derivative.Body.Add(new DReturn(new[] { Read(pass.Var[result], pass.Program.Vars[result].Type), tangent }.ToEquatableArray()));
        }

        return pass.Derivative;
    }

    private void Declarations(PassNames names)
    {
        foreach (var v in Program.Vars.Where(v => v.Origin == VarOrigin.Local && names.IsUsed(v.Id)))
        {
            Derivative.Body.Add(!v.IsArray ? new DDeclare(Var[v.Id], DeclareForm.Typed, new LConst(v.Type, 0))
                : new DDeclare(Var[v.Id], names.HeapArrays.Contains(v.Id) ? DeclareForm.EmptyArray : DeclareForm.EmptySpan));
        }

        foreach (var id in Analysis.Active.OrderBy(i => i).Where(i => Program.Vars[i].Origin == VarOrigin.Local))
        {
            var v = Program.Vars[id];
            Derivative.Body.Add(v.IsArray ? new DDeclare(_tangent[id], DeclareForm.EmptySpan) : new DDeclare(_tangent[id], DeclareForm.Typed, new LConst(v.Type, 0)));
        }

    }

    /// <summary>The tangents of the span outputs start at zero (a body may write only some elements).</summary>
    private IEnumerable<DStmt> Outputs() =>
        Method.Parameters.Where(p => p.IsOutput && p.Kind is ScalarKind.Double or ScalarKind.Float)
            .Select(o => new DClear(Derivative.Named(o.Tangent, o.Kind!.Value, isArray: true)));

    private List<DStmt> Statements(EquatableArray<LStmt> body)
    {
        var statements = new List<DStmt>();
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    var assigned = Read(Var[a.Var], Program.Vars[a.Var].Type);
                    statements.Add(Analysis.Active.Contains(a.Var)
                        ? Island(Read(_tangent[a.Var], Program.Vars[a.Var].Type), a.Value, assigned)
                        : new DAssign(assigned, Bind(a.Value)));
                    break;
                case LStore st:
                    {
                        var type = Program.Vars[st.Var].Type;
                        var index = Bind(st.Index);
                        var element = new LElement(type, Var[st.Var], index);
                        statements.Add(Analysis.Active.Contains(st.Var)
                            ? Island(new LElement(type, _tangent[st.Var], index), st.Value, element)
                            : new DAssign(element, Bind(st.Value)));
                        break;
                    }

                case LAllocate al:
                    statements.AddRange(Allocate(al, Analysis.Active.Contains(al.Var) ? _tangent[al.Var] : null));
                    break;
                case LCall c when Analysis.IsActive(c) && c.Target >= 0:
                    statements.Add(CallPushforward(c));
                    break;
                case LCall c:
                    statements.Add(PrimalCall(c));
                    if (c.Target >= 0 && Analysis.Active.Contains(c.Target))
                    {
                        var type = Program.Vars[c.Target].Type;
                        statements.Add(new DAssign(Read(_tangent[c.Target], type), new LConst(type, 0)));
                    }

                    break;
                case LIf i:
                    statements.Add(new DIf(Bind(i.Condition), Statements(i.Then).ToEquatableArray(), Statements(i.Else).ToEquatableArray()));
                    break;
                case LLoop l:
                    statements.AddRange(Localized(l, () => new[] { Loop(l, Body(l)) }, _tangent));
                    break;
            }
        }

        return statements;
    }

    private IEnumerable<DStmt> Body(LLoop l) => Statements(l.Body).Concat(Statements(l.Step));

    /// <summary>
    /// <c>target = ∂value/∂leaves · leaf tangents</c> from the values before the assignment, then (when
    /// <paramref name="assigned"/> is given) <c>assigned = value</c> from the same temporaries: the tangent first, since the
    /// assigned variable may appear on the right (<c>p = p * x</c>).
    /// </summary>
    private DIsland Island(LExpr target, LExpr value, LExpr? assigned)
    {
        var leafTangents = new List<(Node, LExpr)>();
        var derivative = StatementAdjoint.Tangent(Analysis.IsActive, value, withValue: assigned is not null, (source, graph) =>
        {
            var node = graph.Local(source.Type, null);
            leafTangents.Add((node, TangentOf(source)));
            return node;
        });
        var inputs = derivative.Leaves.Select(l => (l.Leaf, Bind(l.Source))).Concat(leafTangents);
        return new DIsland(derivative, inputs.ToEquatableArray(), target, assigned);
    }

    private LExpr TangentOf(LExpr leaf) => leaf switch
    {
        LRead r => Read(_tangent[r.Var], r.Type),
        LElement e => new LElement(e.Type, _tangent[e.Var], Bind(e.Index)),
        _ => throw new InvalidOperationException($"no tangent for {leaf}"),
    };

    /// <summary>
    /// An active call: its arguments' tangents (a scalar argument's computed into a block local, a span argument's
    /// tangent span or, for an inactive span, zeros from the tape), then the callee's pushforward.
    /// </summary>
    private DScope CallPushforward(LCall c)
    {
        var callee = Method.Calls[c.Call];
        var resolved = _input.Calls[c.Call];
        var block = new List<DStmt>();
        var args = c.Args.Select(Argument).ToList();
        var target = Read(Var[c.Target], Program.Vars[c.Target].Type);
        var targetTangent = Analysis.Active.Contains(c.Target) ? Read(_tangent[c.Target], Program.Vars[c.Target].Type) : null;
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
                block.Add(Island(Read(tangent, type), scalar, assigned: null));
                tangentArgs.Add((Read(tangent, type), suffix));
            }
            else
            {
                scratch |= !Analysis.Active.Contains(argument.Array);
                tangentArgs.Add((Analysis.Active.Contains(argument.Array)
                    ? Read(_tangent[argument.Array], parameter.Kind!.Value)
                    : new LZeros(parameter.Kind!.Value, new LLength(Var[argument.Array])), suffix));
            }
        }

        if (resolved.Strategy == CallStrategy.CustomPullback)
        {
            // ∂call/∂p from one pullback with seed 1, then the chain rule against the argument tangents.
            var type = callee.ReturnKind;
            var partials = tangentArgs.Select(t => Derivative.Fresh("p" + t.Parameter, type)).ToList();
            if (partials.Count > 0)
            {
                block.Add(new DDeclare(partials.ToEquatableArray(), DeclareForm.Typed, new LConst(ScalarKind.Int, 0)));
            }

            var pullbackArgs = args.Append(new DArg(new LConst(type, 1))).Concat(partials.Select(p => new DArg(Read(p, type), ByRef: true)));
            block.Add(new DCall(new[] { target }.ToEquatableArray(), resolved.Pushforward, pullbackArgs.ToEquatableArray()));
            if (targetTangent is not null)
            {
                var chain = partials.Zip(tangentArgs, (p, t) => (LExpr)new LApply(type, Op.Mul, new[] { Read(p, type), t.Tangent }.ToEquatableArray()))
                    .DefaultIfEmpty(new LConst(type, 0))
                    .Aggregate((sum, term) => new LApply(type, Op.Add, new[] { sum, term }.ToEquatableArray()));
                block.Add(new DAssign(targetTangent, chain));
            }

            return new DScope(block.ToEquatableArray(), EquatableArray<int>.Empty);
        }

        if (scratch)
        {
            // Zero tangents for inactive span arguments live only for the call (the call may sit in a loop).
            block.Add(new DDeclare(_scratch, DeclareForm.Inferred, new LTapeMark()));
        }

        var callArgs = args.Concat(tangentArgs.Select(t => new DArg(t.Tangent))).ToEquatableArray();
        block.Add(targetTangent is null
            ? new DCall(new[] { target }.ToEquatableArray(), resolved.Pushforward, callArgs, Element: 0, NamedPair: resolved.Strategy != CallStrategy.CustomPushforward)
            : new DCall(new[] { target, targetTangent }.ToEquatableArray(), resolved.Pushforward, callArgs));
        if (scratch)
        {
            block.Add(new DRelease(_scratch));
        }

        return new DScope(block.ToEquatableArray(), EquatableArray<int>.Empty);
    }
}
