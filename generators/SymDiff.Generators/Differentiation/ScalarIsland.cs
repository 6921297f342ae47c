using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A body of scalars (<see cref="ScalarBody"/>: a program without loops or arrays) in structured SSA form, the form
/// <see cref="PrimalSweep"/> builds the graph of a body differentiated whole from: every value is defined once (<see cref="Instr"/>), an
/// assignment binds its variable to a new value, and each branch merges what its arms assign with phis. The program's
/// early returns were lowered by tail duplication, so a branch whose arms assign the result is a return and joins the
/// result only.
/// </summary>
/// <remarks>
/// Values take the names of the user's variables they are first assigned to (a parameter or constant never does), so
/// generated locals are named as the user's were; the variables the lowering introduced (a call's value, a <c>?:</c>'s
/// choice, the result) name nothing, and a join of a <c>?:</c> takes the name of the variable it is assigned to. The SSA
/// form is the sweeps' own: the method's model holds the program, and each body is put in SSA form once
/// (<see cref="Of"/>).
/// </remarks>
internal sealed class ScalarIsland
{
    private readonly LoopProgram _program;
    private readonly EquatableArray<CallModel> _calls;
    private readonly Dictionary<int, string> _names = new();
    private readonly HashSet<int> _nameable = new();
    private List<Stmt> _output = new();
    private int _nextId;

    private ScalarIsland(LoopProgram program, EquatableArray<CallModel> calls)
    {
        _program = program;
        _calls = calls;
    }

    /// <summary>The SSA form of each body of scalars, made once however many sweeps read it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ScalarBody, SsaBody> Built = new();

    /// <summary>The SSA body of <paramref name="method"/>'s body of scalars and the value it returns.</summary>
    public static SsaBody Of(MethodModel method)
    {
        var body = method.Scalar ?? throw new InvalidOperationException($"'{method.Name}' is not a body of scalars");
        return Built.GetValue(body, b => Build(b.Program, method.Calls));
    }

    private static SsaBody Build(LoopProgram program, EquatableArray<CallModel> calls)
    {
        var island = new ScalarIsland(program, calls);
        var env = new Bindings();
        foreach (var parameter in program.Vars.Where(v => v.Origin == VarOrigin.Parameter).OrderBy(v => v.Parameter))
        {
            env[parameter.Id] = island.Emit(Op.Param, parameter.Type, Array.Empty<int>(), parameter.Parameter, Names.Unescaped(parameter.Name));
        }

        island.Statements(program.Body, env);
        var result = env.TryGetValue(program.Result, out var value) ? value
            : throw new InvalidOperationException("the program can end without assigning its result");
        return new SsaBody(island.Finish(island._output), result);
    }

    private void Statements(EquatableArray<LStmt> statements, Bindings env)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // as Lowering's NestingGuard.EnsureStack
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case LAssign assign:
                    Assign(assign.Var, Value(assign.Value, env), env);
                    break;
                case LCall call:
                    {
                        var args = call.Args.Select(a => Value(a.Scalar ?? throw new InvalidOperationException("a span argument in a scalar program"), env)).ToArray();
                        var value = Emit(Op.Call, _calls[call.Call].ReturnKind, args, call: call.Call);
                        if (call.Target >= 0)
                        {
                            Assign(call.Target, value, env);
                        }

                        break;
                    }

                case LIf branch:
                    Branch(branch, env);
                    break;
                default:
                    throw new InvalidOperationException($"{statement.GetType().Name} in a scalar program");
            }
        }
    }

    private void Branch(LIf branch, Bindings env)
    {
        var condition = Value(branch.Condition, env);
        var thenEnv = env.Arm();
        var elseEnv = env.Arm();
        var thenStmts = Nested(() => Statements(branch.Then, thenEnv));
        var elseStmts = Nested(() => Statements(branch.Else, elseEnv));
        var phis = new List<Phi>();
        var result = _program.Result;
        if (thenEnv.Binds(result) || elseEnv.Binds(result))
        {
            // A return on both paths: nothing follows the branch, so only the result is joined.
            var phi = new Phi(NewId(), _program.Vars[result].Type, thenEnv[result], elseEnv[result], "result");
            env[result] = phi.Id;
            _output.Add(new IfStmt(condition, thenStmts, elseStmts, new[] { phi }.ToEquatableArray()));
            return;
        }

        // A variable neither arm assigned still holds its value; one that only an arm binds is a local of that arm.
        foreach (var variable in Bindings.AssignedInEither(thenEnv, elseEnv))
        {
            var thenValue = thenEnv[variable];
            if (elseEnv.TryGetValue(variable, out var elseValue) && elseValue != thenValue)
            {
                var declared = _program.Vars[variable];
                var phi = new Phi(NewId(), declared.Type, thenValue, elseValue, declared.IsTemporary ? null : Names.Unescaped(declared.Name));
                if (declared.IsTemporary)
                {
                    _nameable.Add(phi.Id);
                }

                phis.Add(phi);
                env[variable] = phi.Id;
            }
            else if (elseEnv.TryGetValue(variable, out _))
            {
                env[variable] = thenValue;
            }
        }

        if (phis.Count == 0)
        {
            // A branch that changes nothing visible after it (`if (c) { }`, or arms that only compute locals of their
            // own): in SSA form a value leaves an arm only through a join, so the whole branch, condition included,
            // is dead code that the derivatives would otherwise still compute (and a ?: in its condition would leave
            // a join assigned and never read, CS0219).
            return;
        }

        _output.Add(new IfStmt(condition, thenStmts, elseStmts, phis.ToEquatableArray()));
    }

    private int Value(LExpr expression, Bindings env) => expression switch
    {
        LConst constant => Emit(Op.Const, constant.Type, Array.Empty<int>(), constant.Value),
        LRead read => env.TryGetValue(read.Var, out var value) ? value
            : throw new InvalidOperationException($"'{_program.Vars[read.Var].Name}' is read before it is assigned"),
        LApply apply => Emit(apply.Op, apply.Type, apply.Args.Select(a => Value(a, env)).ToArray()),
        _ => throw new InvalidOperationException($"{expression.GetType().Name} in a scalar program"),
    };

    /// <summary>Binds <paramref name="variable"/> to <paramref name="value"/>, which takes its name if it has none yet.</summary>
    private void Assign(int variable, int value, Bindings env)
    {
        env[variable] = value;
        var declared = _program.Vars[variable];
        if (!declared.IsTemporary && _nameable.Contains(value) && !_names.ContainsKey(value))
        {
            _names[value] = Names.Unescaped(declared.Name);
        }
    }

    private int Emit(Op op, ScalarKind type, int[] args, double value = 0, string? name = null, int call = -1)
    {
        var instr = new Instr(NewId(), op, type, args.ToEquatableArray(), value, name, call);
        if (op is not (Op.Param or Op.Const))
        {
            _nameable.Add(instr.Id);
        }

        _output.Add(new Let(instr));
        return instr.Id;
    }

    private int NewId() => _nextId++;

    private EquatableArray<Stmt> Nested(Action lower)
    {
        var saved = _output;
        _output = new List<Stmt>();
        try
        {
            lower();
            return _output.ToEquatableArray();
        }
        finally
        {
            _output = saved;
        }
    }

    /// <summary>Attaches the user's names, known only once a value is assigned, to instructions and phis.</summary>
    private EquatableArray<Stmt> Finish(IEnumerable<Stmt> statements) => statements.Select(s => s switch
    {
        Let let => _names.TryGetValue(let.Instr.Id, out var name) ? new Let(let.Instr with { Name = name }) : s,
        IfStmt branch => branch with
        {
            Then = Finish(branch.Then),
            Else = Finish(branch.Else),
            Phis = branch.Phis.Select(p => p.Name is null && _names.TryGetValue(p.Id, out var name) ? p with { Name = name } : p).ToEquatableArray(),
        },
        _ => throw new InvalidOperationException($"unexpected statement {s}"),
    }).ToEquatableArray();
}
