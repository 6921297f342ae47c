using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Forward mode as a program-to-program transformation: the method's <see cref="LoopProgram"/> in, its tangent-linear
/// program out, <em>in the same front-end IR</em>, so the reverse passes can differentiate it again. Every active
/// assignment <c>v = e</c> is preceded by <c>ṫv = ∂e/∂leaves · ṫleaves</c> (built on the shared graph, so it gets the
/// same rule table and simplification as every other derivative), every active buffer gets a tangent buffer, branches
/// and loops keep their structure. The program's result is the tangent of the result, ∇f·t; the primal result is kept
/// as the value the members return (<see cref="LoopProgram.Returns"/>).
/// <para>
/// The gradient of that result with respect to the primal inputs, with the tangents held fixed, is H·t: reverse over
/// forward, the Hessian-vector product of a method with loops, spans and branches by the loop emitter's ordinary
/// reverse sweep; with respect to the tangents too, it is the method's <c>PushforwardPullback</c>. An active call
/// <c>y = g(a)</c> is preceded by <c>ẏ = gPushforward(a, ȧ).Tangent</c>, a call whose pullback is g's
/// <c>PushforwardPullback</c>.
/// </para>
/// </summary>
internal sealed class TangentProgram
{
    private readonly LoopProgram _program;
    private readonly LoopAnalysis _analysis;
    private readonly List<LoopVar> _vars;
    private readonly Dictionary<int, int> _tangent = new();
    private readonly List<CallModel> _calls;
    private readonly List<ResolvedCall> _resolved;

    /// <summary>The call of each active call's tangent (the callee's pushforward), by the primal call's index.</summary>
    private readonly Dictionary<int, int> _tangentCalls = new();

    /// <summary>A buffer of zeros for each inactive span parameter a call passes where its callee takes a tangent.</summary>
    private readonly Dictionary<int, int> _zeros = new();

    private TangentProgram(LoopProgram program, LoopAnalysis analysis, EmitInput input)
    {
        _program = program;
        _analysis = analysis;
        _vars = program.Vars.ToList();
        _calls = input.Method.Calls.ToList();
        _resolved = input.Calls.ToList();
    }

    /// <summary>
    /// The tangent-linear model of <paramref name="input"/>'s method (see the type's remarks), with its calls: the primal
    /// parameters and then one tangent parameter per differentiable one. Its pullback puts H·t into the primal adjoints;
    /// <paramref name="overTangents"/> makes the tangents differentiable too, so that it is the method's
    /// <c>PushforwardPullback</c> (∇F into the tangents' adjoints). A tangent's adjoint is named by the convention
    /// (<c>dTX</c>), with a digit where that is taken (<paramref name="taken"/>).
    /// </summary>
    public static EmitInput Of(EmitInput input, ISet<string> taken, bool overTangents)
    {
        var m = input.Method;
        var program = m.Loops!;
        var builder = new TangentProgram(program, new LoopAnalysis(program, m.Calls), input);
        var parameters = m.Parameters.ToList();
        for (var index = 0; index < m.Parameters.Length; index++)
        {
            if (m.Parameters[index] is { IsDifferentiable: true, IsOutput: false } p)
            {
                var tangent = builder.Add(p.Tangent, p.Kind!.Value, p.IsArray, VarOrigin.Parameter, parameters.Count, differentiable: overTangents);
                if (program.Vars.FirstOrDefault(v => v.Origin == VarOrigin.Parameter && v.Parameter == index) is { } primal)
                {
                    builder._tangent[primal.Id] = tangent;
                }

                parameters.Add(TangentParameter(p) with { IsDifferentiable = overTangents, Adjoint = GeneratedNames.Free(taken, Names.Adjoint(p.Tangent)) });
            }
        }

        foreach (var id in builder._analysis.Active.OrderBy(i => i).Where(i => !builder._tangent.ContainsKey(i)))
        {
            var v = program.Vars[id];
            builder._tangent[id] = builder.Add(Names.Tangent(v.Name), v.Type, v.IsArray, VarOrigin.Local, -1);
        }

        builder.Zeros(m);
        var body = builder.Statements(program.Body);
        body.InsertRange(0, builder._zeros.Where(z => program.Vars[z.Key].Origin != VarOrigin.Local).Select(z => new LAllocate(z.Value, new LLength(z.Key))));

        // A span output's tangent is a buffer of the tangent program's own, as long as the output and zero on entry (the
        // values an output holds on entry are not differentiated); nothing else allocates it, as a local buffer's tangent
        // is allocated where the buffer is.
        body.InsertRange(0, builder._tangent
            .Where(pair => program.Vars[pair.Key] is { Origin: VarOrigin.Parameter, IsArray: true, IsOutput: true })
            .OrderBy(pair => pair.Key)
            .Select(pair => new LAllocate(pair.Value, new LLength(pair.Key))));
        var result = builder._tangent.TryGetValue(program.Result, out var t)
            ? t
            : builder.Add(Names.Tangent(program.Vars[program.Result].Name), m.ReturnKind, isArray: false, VarOrigin.Local, -1);
        var calls = builder._calls.ToEquatableArray();
        var tangentProgram = new LoopProgram(builder._vars.ToEquatableArray(), body.ToEquatableArray(), result, program.CheckpointEvery)
        {
            Returns = program.Result,
        };
        if (!new LoopAnalysis(tangentProgram, calls).Active.Contains(result))
        {
            // ∇f·t does not depend on the inputs (f is constant, or its terms cancel: −s + s): the result is a fresh zero
            // and the tangent statements nothing reads any more are dropped (no local assigned and never read).
            var zero = builder.Add(Names.Tangent(program.Vars[program.Result].Name), m.ReturnKind, isArray: false, VarOrigin.Local, -1);
            tangentProgram = tangentProgram with { Vars = builder._vars.ToEquatableArray(), Result = zero };
        }

        var method = m with { Parameters = parameters.ToEquatableArray(), Body = DeadStores.Remove(tangentProgram), Calls = calls };
        return input with { Method = method, Calls = builder._resolved.ToEquatableArray() };
    }

    /// <summary>The tangent parameter of a differentiable parameter: <c>tX</c>, a read-only span for a span.</summary>
    private static ParamModel TangentParameter(ParamModel p)
    {
        var type = Keyword(p.Kind!.Value);
        return new ParamModel(p.Tangent, p.IsArray ? $"global::System.ReadOnlySpan<{type}>" : type, p.Kind, IsDifferentiable: true, IsArray: p.IsArray);
    }

    private static string Keyword(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";

    private int Add(string name, ScalarKind type, bool isArray, VarOrigin origin, int parameter, bool temporary = false, bool differentiable = false)
    {
        var id = _vars.Count;
        _vars.Add(new LoopVar(id, name, type, isArray, origin, parameter, IsOutput: false, IsDifferentiable: differentiable, IsTemporary: temporary));
        return id;
    }

    /// <summary>
    /// A buffer of zeros for each inactive span an active call passes where its callee takes a tangent: allocated at the
    /// start for a parameter or static table, beside the buffer itself for a local one (allocations are outside every loop).
    /// </summary>
    private void Zeros(MethodModel m)
    {
        foreach (var c in _program.Body.Descendants().OfType<LCall>().Where(_analysis.IsActive))
        {
            for (var k = 0; k < c.Args.Length; k++)
            {
                if (m.Calls[c.Call].Parameters[k] is { IsDifferentiable: true, IsOutput: false } && c.Args[k] is { Scalar: null, Array: var array }
                    && !_tangent.ContainsKey(array) && !_zeros.ContainsKey(array))
                {
                    _zeros[array] = Add("zeros", _vars[array].Type, isArray: true, VarOrigin.Local, -1, temporary: true);
                }
            }
        }
    }

    /// <summary>
    /// <c>ẏ = g(args, ȧrgs)</c>: the callee's pushforward at the arguments and their tangents (an inactive scalar's is 0,
    /// an inactive span parameter's a buffer of zeros), whose pullback is the callee's <c>PushforwardPullback</c>.
    /// </summary>
    private LCall TangentCall(LCall c, int target, List<LStmt> statements)
    {
        var callee = _calls[c.Call];
        if (!_tangentCalls.TryGetValue(c.Call, out var index))
        {
            index = _calls.Count;
            _tangentCalls[c.Call] = index;
            var tangents = callee.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).Select(TangentParameter);
            _calls.Add(callee with { MethodName = Names.Pushforward(callee.MethodName), Parameters = callee.Parameters.Concat(tangents).ToEquatableArray(), SourceKey = null, Element = 1 });
            _resolved.Add(new ResolvedCall(CallStrategy.Gradient, callee.TypeName, Names.Pushforward(callee.MethodName), $"{callee.TypeName}.{Names.PushforwardPullback(callee.MethodName)}", string.Empty));
        }

        var args = c.Args.ToList();
        for (var k = 0; k < c.Args.Length; k++)
        {
            if (!callee.Parameters[k].IsDifferentiable || callee.Parameters[k].IsOutput)
            {
                continue;
            }

            var argument = c.Args[k];
            if (argument.Scalar is { } scalar)
            {
                args.Add(new LArg(Tangent(scalar, statements), -1));
            }
            else if (_tangent.TryGetValue(argument.Array, out var tangent))
            {
                args.Add(new LArg(null, tangent));
            }
            else
            {
                args.Add(new LArg(null, _zeros[argument.Array]));
            }
        }

        return new LCall(target, index, args.ToEquatableArray());
    }

    /// <summary>
    /// The tangent of a call through a custom derivative, from that derivative's own body (<see cref="CustomTangent"/>)
    /// inlined with the call's arguments: a pullback's run with seed 1 leaves the partials, which multiply the
    /// arguments' tangents; a pushforward's computes the tangent from them. Reverse mode then differentiates these
    /// statements like any other, which gives the second derivatives through the call.
    /// </summary>
    private void Inline(LCall c, CustomTangent custom, int target, List<LStmt> statements)
    {
        var callee = _calls[c.Call];
        var renamed = new Dictionary<int, int>();
        foreach (var v in custom.Program.Vars)
        {
            renamed[v.Id] = Add(Char.ToLowerInvariant(callee.MethodName[0]) + callee.MethodName.Substring(1) + Names.Pascal(v.Name), v.Type, isArray: false, VarOrigin.Local, -1, temporary: true);
        }

        LExpr Read(int id) => new LRead(custom.Program.Vars[id].Type, renamed[id]);
        var differentiable = Enumerable.Range(0, callee.Parameters.Length).Where(k => callee.Parameters[k].IsDifferentiable).ToList();
        var argumentTangents = differentiable.Select(k => Tangent(c.Args[k].Scalar!, statements)).ToList();
        for (var k = 0; k < custom.Inputs.Length; k++)
        {
            statements.Add(new LAssign(renamed[custom.Inputs[k]], c.Args[k].Scalar!));
        }

        var type = _vars[target].Type;
        if (custom.Seed >= 0)
        {
            statements.Add(new LAssign(renamed[custom.Seed], new LConst(custom.Program.Vars[custom.Seed].Type, 1)));
            statements.AddRange(custom.Partials.Select(p => new LAssign(renamed[p], new LConst(custom.Program.Vars[p].Type, 0))));
            statements.AddRange(Renamed(custom.Program.Body, renamed));
            var chain = custom.Partials.Zip(argumentTangents, (p, t) => (LExpr)new LApply(type, Op.Mul, new[] { Read(p), t }.ToEquatableArray()))
                .DefaultIfEmpty(new LConst(type, 0))
                .Aggregate((sum, term) => new LApply(type, Op.Add, new[] { sum, term }.ToEquatableArray()));
            statements.Add(new LAssign(target, chain));
            return;
        }

        statements.AddRange(custom.Tangents.Zip(argumentTangents, (t, value) => new LAssign(renamed[t], value)));
        statements.AddRange(Renamed(custom.Program.Body, renamed));
        statements.Add(new LAssign(target, Read(custom.Result)));
    }

    /// <summary>Straight-line statements and branches of a custom derivative over the variables <paramref name="renamed"/> gives.</summary>
    private static IEnumerable<LStmt> Renamed(IEnumerable<LStmt> body, Dictionary<int, int> renamed)
    {
        LExpr Expression(LExpr e) => e switch
        {
            LRead r => r with { Var = renamed[r.Var] },
            LApply a => a with { Args = a.Args.Select(Expression).ToEquatableArray() },
            LConst => e,
            _ => throw new InvalidOperationException($"TangentProgram: a custom derivative reads {e}"),
        };

        return body.Select(statement => statement switch
        {
            LAssign a => (LStmt)new LAssign(renamed[a.Var], Expression(a.Value)),
            LIf i => new LIf(Expression(i.Condition), Renamed(i.Then, renamed).ToEquatableArray(), Renamed(i.Else, renamed).ToEquatableArray()),
            _ => throw new InvalidOperationException($"TangentProgram: a custom derivative has {statement}"),
        });
    }

    private List<LStmt> Statements(EquatableArray<LStmt> body)
    {
        var statements = new List<LStmt>();
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a when _tangent.TryGetValue(a.Var, out var t):
                    {
                        // s = s + c leaves the tangent as it is: no ṡ = ṡ (CS1717).
                        var tangent = Tangent(a.Value, statements);
                        if (tangent is not LRead same || same.Var != t)
                        {
                            statements.Add(new LAssign(t, tangent));
                        }

                        statements.Add(a);
                        break;
                    }

                case LStore st when _tangent.TryGetValue(st.Var, out var t):
                    {
                        var tangent = Tangent(st.Value, statements);
                        if (tangent is not LElement same || same.Var != t || !same.Index.Equals(st.Index))
                        {
                            statements.Add(new LStore(t, st.Index, tangent));
                        }

                        statements.Add(st);
                        break;
                    }

                case LAllocate al:
                    statements.Add(al);
                    if (_tangent.TryGetValue(al.Var, out var buffer))
                    {
                        statements.Add(new LAllocate(buffer, al.Length));
                    }

                    if (_zeros.TryGetValue(al.Var, out var zeros))
                    {
                        statements.Add(new LAllocate(zeros, al.Length));
                    }

                    break;
                case LCall c when _analysis.IsActive(c):
                    // The tangent first: the call may assign a variable its arguments read (y = g(y)).
                    if (c.Target >= 0 && _tangent.TryGetValue(c.Target, out var tangentTarget))
                    {
                        if (_calls[c.Call].CustomTangent is { } custom)
                        {
                            Inline(c, custom, tangentTarget, statements);
                        }
                        else
                        {
                            statements.Add(TangentCall(c, tangentTarget, statements));
                        }
                    }

                    statements.Add(c);
                    break;
                case LCall c:
                    statements.Add(c);
                    if (c.Target >= 0 && _tangent.TryGetValue(c.Target, out var target))
                    {
                        statements.Add(new LAssign(target, new LConst(_vars[target].Type, 0)));
                    }

                    break;
                case LIf i:
                    statements.Add(new LIf(i.Condition, Statements(i.Then).ToEquatableArray(), Statements(i.Else).ToEquatableArray()));
                    break;
                case LLoop l:
                    statements.Add(l with { Body = Statements(l.Body).ToEquatableArray(), Step = Statements(l.Step).ToEquatableArray() });
                    break;
                default:
                    statements.Add(statement);
                    break;
            }
        }

        return statements;
    }

    /// <summary>
    /// The tangent of <paramref name="value"/> as an expression over the values before the assignment and the leaves'
    /// tangents; a subexpression it uses twice is computed once into a temporary, appended to <paramref name="statements"/>.
    /// </summary>
    private LExpr Tangent(LExpr value, List<LStmt> statements)
    {
        var leafTangents = new Dictionary<Node, LExpr>();
        var derivative = StatementAdjoint.Tangent(_analysis.IsActive, value, withValue: false, (source, graph) =>
        {
            var node = graph.Local(source.Type, null);
            leafTangents[node] = TangentOf(source);
            return node;
        });
        var leaves = derivative.Leaves.ToDictionary(l => l.Leaf, l => l.Source);
        var tangent = derivative.Derivatives[derivative.Result];

        var uses = new Dictionary<Node, int>();
        var order = new List<Node>();
        void Count(Node n)
        {
            uses[n] = uses.TryGetValue(n, out var k) ? k + 1 : 1;
            if (uses[n] == 1 && !n.IsLeaf)
            {
                foreach (var arg in n.Args)
                {
                    Count(arg);
                }

                order.Add(n);
            }
        }

        Count(tangent);
        var temporaries = new Dictionary<Node, LExpr>();
        LExpr Expression(Node n) => temporaries.TryGetValue(n, out var temporary) ? temporary : n.Op switch
        {
            Op.Const => new LConst(n.Type, n.Value),
            Op.Local when leafTangents.TryGetValue(n, out var t) => t,
            Op.Local => leaves[n],
            _ when !n.IsLeaf => new LApply(n.Type, n.Op, n.Args.Select(Expression).ToEquatableArray()),
            _ => throw new InvalidOperationException($"TangentProgram: no expression for {n}"),
        };

        // Post-order: a temporary's operands are computed (or named) before it.
        foreach (var n in order.Where(n => uses[n] >= 2 && n != tangent))
        {
            var id = Add("dot", n.Type, isArray: false, VarOrigin.Local, -1, temporary: true);
            statements.Add(new LAssign(id, Expression(n)));
            temporaries[n] = new LRead(n.Type, id);
        }

        return Expression(tangent);
    }

    private LExpr TangentOf(LExpr leaf) => leaf switch
    {
        LRead r => new LRead(r.Type, _tangent[r.Var]),
        LElement e => new LElement(e.Type, _tangent[e.Var], e.Index),
        _ => throw new InvalidOperationException($"TangentProgram: no tangent for {leaf}"),
    };
}
