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
/// reverse sweep. The method model it returns has the primal parameters (each differentiable one's adjoint renamed to
/// its H·t output) followed by one tangent parameter per differentiable parameter, marked <c>[NoDerivative]</c>.
/// </para>
/// </summary>
internal sealed class TangentProgram
{
    private readonly LoopProgram _program;
    private readonly LoopAnalysis _analysis;
    private readonly List<LoopVar> _vars;
    private readonly Dictionary<int, int> _tangent = new();

    private TangentProgram(LoopProgram program, LoopAnalysis analysis)
    {
        _program = program;
        _analysis = analysis;
        _vars = program.Vars.ToList();
    }

    /// <summary>
    /// Why the tangent program of <paramref name="m"/> cannot be differentiated again, or <see langword="null"/>: a call
    /// whose arguments are active (the callee's second derivatives would be needed), or a vector result.
    /// </summary>
    public static string? Obstacle(MethodModel m)
    {
        var program = m.Loops!;
        if (program.Result < 0)
        {
            return "it returns its result in a span, and Hessians are generated for methods that return one number";
        }

        var analysis = new LoopAnalysis(program, m.Calls);
        var call = program.Body.Descendants().OfType<LCall>().FirstOrDefault(analysis.IsActive);
        return call is null ? null
            : $"it calls {m.Calls[call.Call].MethodName} with a differentiable argument, and second derivatives through calls are not generated yet (inline the callee into '{m.Name}')";
    }

    /// <summary>
    /// The tangent-linear model of <paramref name="m"/> (see the type's remarks); <paramref name="hvp"/> gives the name of
    /// each differentiable parameter's H·t output.
    /// </summary>
    public static MethodModel Of(MethodModel m, Func<ParamModel, string> hvp)
    {
        var program = m.Loops!;
        var builder = new TangentProgram(program, new LoopAnalysis(program, m.Calls));
        var parameters = m.Parameters.Select(p => p.IsDifferentiable && !p.IsOutput ? p with { Adjoint = hvp(p) } : p).ToList();
        foreach (var v in program.Vars.Where(v => v.Origin == VarOrigin.Parameter && v.IsDifferentiable && !v.IsOutput))
        {
            var p = m.Parameters[v.Parameter];
            var type = Literals(p.Kind!.Value);
            var typeName = p.IsArray ? $"global::System.ReadOnlySpan<{type}>" : type;
            builder._tangent[v.Id] = builder.Add(p.Tangent, v.Type, v.IsArray, VarOrigin.Parameter, parameters.Count);
            parameters.Add(new ParamModel(p.Tangent, typeName, p.Kind, IsDifferentiable: false, IsArray: p.IsArray));
        }

        foreach (var id in builder._analysis.Active.OrderBy(i => i).Where(i => !builder._tangent.ContainsKey(i)))
        {
            var v = program.Vars[id];
            builder._tangent[id] = builder.Add(Names.Tangent(v.Name), v.Type, v.IsArray, VarOrigin.Local, -1);
        }

        var body = builder.Statements(program.Body);
        var result = builder._tangent.TryGetValue(program.Result, out var t)
            ? t
            : builder.Add(Names.Tangent(program.Vars[program.Result].Name), m.ReturnKind, isArray: false, VarOrigin.Local, -1);
        var tangentProgram = new LoopProgram(builder._vars.ToEquatableArray(), body.ToEquatableArray(), result, program.CheckpointEvery)
        {
            Returns = program.Result,
        };
        if (!new LoopAnalysis(tangentProgram, m.Calls).Active.Contains(result))
        {
            // ∇f·t does not depend on the inputs (f is linear, or its terms cancel: −s + s), so H·t is 0: the result is
            // a fresh zero and the tangent statements nothing reads any more are dropped (no local assigned and never read).
            var zero = builder.Add(Names.Tangent(program.Vars[program.Result].Name), m.ReturnKind, isArray: false, VarOrigin.Local, -1);
            tangentProgram = tangentProgram with { Vars = builder._vars.ToEquatableArray(), Result = zero };
        }

        return m with { Parameters = parameters.ToEquatableArray(), Body = Lowering.DeadStores.Remove(tangentProgram) };
    }

    private static string Literals(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";

    private int Add(string name, ScalarKind type, bool isArray, VarOrigin origin, int parameter, bool temporary = false)
    {
        var id = _vars.Count;
        _vars.Add(new LoopVar(id, name, type, isArray, origin, parameter, IsOutput: false, IsDifferentiable: false, IsTemporary: temporary));
        return id;
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

                case LAllocate al when _tangent.TryGetValue(al.Var, out var t):
                    statements.Add(al);
                    statements.Add(new LAllocate(t, al.Length));
                    break;
                case LCall c when _analysis.IsActive(c):
                    throw new InvalidOperationException($"TangentProgram: an active call ({c.Call}) has no tangent here; Obstacle rejects it");
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
