using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Lowers a fenced method body (its <see cref="IOperation"/> tree) to structured SSA: every value is defined once,
/// reassignment makes a new value, and branches merge values with phis. A <c>return</c> inside an <c>if</c> is
/// handled by moving the statements after the <c>if</c> into the branches that fall through (tail duplication),
/// so every body ends in exactly one result value.
/// </summary>
internal sealed class BodyLowerer
{
    private readonly IMethodSymbol _method;
    private readonly List<CallModel> _calls = new();
    private readonly List<LocationInfo> _callSites = new();
    private readonly Dictionary<int, string> _names = new();
    private readonly Dictionary<int, Instr> _instrs = new();
    private readonly HashSet<int> _phis = new();
    private readonly Dictionary<IOperation, bool> _containsReturn = new();
    private List<Stmt> _output = new();
    private int _nextId;

    private readonly Compilation _compilation;

    private BodyLowerer(IMethodSymbol method, Compilation compilation)
    {
        _method = method;
        _compilation = compilation;
    }

    /// <summary>Lowers <paramref name="body"/>; <c>CallSites</c> are where its <c>Calls</c> are written, in the same order.</summary>
    public static (EquatableArray<Stmt> Body, int Result, EquatableArray<CallModel> Calls, EquatableArray<LocationInfo> CallSites) Lower(IMethodSymbol method, IOperation body)
    {
        var lowerer = new BodyLowerer(method, body.SemanticModel!.Compilation);
        var env = new Bindings();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (KnownSymbols.KindOf(parameter.Type) is { } kind)
            {
                env[parameter] = lowerer.Emit(Op.Param, kind, Array.Empty<int>(), i, parameter.Name);
            }
        }

        var statements = body is IBlockOperation block ? block.Operations.ToList() : new List<IOperation> { body };
        var result = lowerer.Statements(statements, 0, env)
            ?? throw new InvalidOperationException("the body can end without returning a value");
        var stmts = lowerer.Finish(lowerer._output);
        return (stmts, result, lowerer._calls.ToEquatableArray(), lowerer._callSites.ToEquatableArray());
    }

    /// <summary>Lowers statements[start..]; returns the value returned on every path, or null when control falls through.</summary>
    private int? Statements(IReadOnlyList<IOperation> statements, int start, Bindings env)
    {
        NestingGuard.EnsureStack();
        for (var i = start; i < statements.Count; i++)
        {
            var statement = statements[i];
            switch (statement)
            {
                case IBlockOperation block:
                    return Statements(block.Operations.Concat(statements.Skip(i + 1)).ToList(), 0, env);
                case IReturnOperation { ReturnedValue: { } value }:
                    return Value(value, env, KnownSymbols.KindOf(_method.ReturnType));
                case IConditionalOperation conditional when ContainsReturn(conditional):
                    {
                        var rest = statements.Skip(i + 1).ToList();
                        var condition = Value(conditional.Condition, env);
                        var thenList = Prepend(conditional.WhenTrue, rest);
                        var elseList = conditional.WhenFalse is null ? rest : Prepend(conditional.WhenFalse, rest);
                        var thenEnv = env.Arm();
                        var elseEnv = env.Arm();
                        int? thenResult = null, elseResult = null;
                        var thenStmts = Nested(() => thenResult = Statements(thenList, 0, thenEnv));
                        var elseStmts = Nested(() => elseResult = Statements(elseList, 0, elseEnv));
                        if (thenResult is not { } t || elseResult is not { } e)
                        {
                            throw new InvalidOperationException("a branch can end without returning a value");
                        }

                        var kind = KnownSymbols.KindOf(_method.ReturnType)!.Value;
                        var phi = new Phi(NewId(), kind, t, e, "result");
                        _output.Add(new Stmt(null, new IfStmt(condition, thenStmts, elseStmts, new[] { phi }.ToEquatableArray())));
                        return phi.Id;
                    }

                case IConditionalOperation conditional:
                    Branch(Value(conditional.Condition, env), env,
                        branchEnv => Statements(new[] { conditional.WhenTrue }, 0, branchEnv),
                        branchEnv => conditional.WhenFalse is null ? null : Statements(new[] { conditional.WhenFalse }, 0, branchEnv));
                    break;
                default:
                    Simple(statement, env);
                    break;
            }
        }

        return null;
    }

    private void Simple(IOperation statement, Bindings env)
    {
        switch (statement)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                {
                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        Assign(declarator.Symbol, Value(initializer.Value, env, KnownSymbols.KindOf(declarator.Symbol.Type)), env);
                    }
                }

                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }:
                {
                    var target = VariableOf(assignment.Target);
                    Assign(target, Value(assignment.Value, env, KnownSymbols.KindOf(assignment.Target.Type)), env);
                    break;
                }

            case IExpressionStatementOperation { Operation: ICompoundAssignmentOperation compound }:
                {
                    var target = VariableOf(compound.Target);
                    var kind = KnownSymbols.KindOf(compound.Target.Type)!.Value;
                    var operandKind = KnownSymbols.KindOf(compound.Value.Type) is ScalarKind.Double && kind == ScalarKind.Float ? ScalarKind.Double : kind;
                    var left = Convert(env[target], kind, operandKind);
                    var right = Value(compound.Value, env, operandKind);
                    var op = Fence.BinaryOp(compound.OperatorKind, compound.Target.Type)!.Value;
                    Assign(target, Convert(Emit(op, operandKind, new[] { left, right }), operandKind, kind), env);
                    break;
                }

            case IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation increment }:
                {
                    var target = VariableOf(increment.Target);
                    var kind = KnownSymbols.KindOf(increment.Target.Type)!.Value;
                    var one = Emit(Op.Const, kind, Array.Empty<int>(), 1);
                    var op = increment.Kind == OperationKind.Increment ? Op.Add : Op.Sub;
                    Assign(target, Emit(op, kind, new[] { env[target], one }), env);
                    break;
                }

            case IEmptyOperation:
                break;
            default:
                throw new InvalidOperationException($"unexpected statement '{statement.Syntax}'");
        }
    }

    /// <summary>Lowers a two-way branch whose arms fall through, merging every variable they change with a phi.</summary>
    private void Branch(int condition, Bindings env, Func<Bindings, int?> whenTrue, Func<Bindings, int?> whenFalse)
    {
        var thenEnv = env.Arm();
        var elseEnv = env.Arm();
        var thenStmts = Nested(() => whenTrue(thenEnv));
        var elseStmts = Nested(() => whenFalse(elseEnv));
        // A variable neither arm assigned still holds its value; one that only an arm binds is a local of that arm.
        var phis = new List<Phi>();
        foreach (var variable in Bindings.AssignedInEither(thenEnv, elseEnv))
        {
            var thenValue = thenEnv[variable];
            if (elseEnv.TryGetValue(variable, out var elseValue) && elseValue != thenValue)
            {
                var kind = KnownSymbols.KindOf(TypeOf(variable))!.Value;
                var phi = new Phi(NewId(), kind, thenValue, elseValue, variable.Name);
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

        _output.Add(new Stmt(null, new IfStmt(condition, thenStmts, elseStmts, phis.ToEquatableArray())));
    }

    /// <summary>Lowers an expression to a value, converted to <paramref name="kind"/> when given.</summary>
    private int Value(IOperation operation, Bindings env, ScalarKind? kind = null)
    {
        var value = RawValue(operation, env);
        var from = KnownSymbols.KindOf(operation.Type) ?? throw new InvalidOperationException($"untyped expression '{operation.Syntax}'");
        return kind is { } to ? Convert(value, from, to) : value;
    }

    private int RawValue(IOperation operation, Bindings env)
    {
        NestingGuard.EnsureStack();
        var kind = KnownSymbols.KindOf(operation.Type);
        if (operation.ConstantValue is { HasValue: true, Value: var constant } && kind is { } constantKind)
        {
            return Emit(Op.Const, constantKind, Array.Empty<int>(), constant switch
            {
                bool b => b ? 1 : 0,
                IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"constant '{operation.Syntax}' has no numeric value"),
            });
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return env.TryGetValue(local.Local, out var localValue) ? localValue
                    : throw new InvalidOperationException($"local '{local.Local.Name}' is read before it is assigned");
            case IParameterReferenceOperation parameter:
                return env[parameter.Parameter];
            case IConversionOperation conversion:
                return Value(conversion.Operand, env, kind);
            case IBinaryOperation binary:
                {
                    var op = Fence.BinaryOp(binary.OperatorKind, binary.Type)!.Value;
                    var operandKind = KnownSymbols.KindOf(binary.LeftOperand.Type)!.Value;
                    var left = Value(binary.LeftOperand, env, operandKind);
                    var right = Value(binary.RightOperand, env, operandKind);
                    return Emit(op, kind!.Value, new[] { left, right });
                }

            case IUnaryOperation unary:
                {
                    var operand = Value(unary.Operand, env, kind);
                    return unary.OperatorKind switch
                    {
                        UnaryOperatorKind.Minus => Emit(Op.Neg, kind!.Value, new[] { operand }),
                        UnaryOperatorKind.Not => Emit(Op.Not, ScalarKind.Bool, new[] { operand }),
                        _ => operand,
                    };
                }

            case IConditionalOperation conditional:
                {
                    var condition = Value(conditional.Condition, env);
                    int thenValue = 0, elseValue = 0;
                    var thenStmts = Nested(() => thenValue = Value(conditional.WhenTrue, env, kind));
                    var elseStmts = Nested(() => elseValue = Value(conditional.WhenFalse!, env, kind));
                    var phi = new Phi(NewId(), kind!.Value, thenValue, elseValue, null);
                    _phis.Add(phi.Id);
                    _output.Add(new Stmt(null, new IfStmt(condition, thenStmts, elseStmts, new[] { phi }.ToEquatableArray())));
                    return phi.Id;
                }

            case IInvocationOperation invocation:
                return Invocation(invocation, env, kind!.Value);
            default:
                throw new InvalidOperationException($"unexpected expression '{operation.Syntax}'");
        }
    }

    private int Invocation(IInvocationOperation invocation, Bindings env, ScalarKind kind)
    {
        var target = invocation.TargetMethod;
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        int[] Args() => arguments.Select(a => Value(a.Value, env, KnownSymbols.KindOf(a.Parameter?.Type))).ToArray();

        if (KnownSymbols.MathOp(target) is { } op)
        {
            return Emit(op, kind, Args());
        }

        var call = new CallModel(
            KnownSymbols.FullName(target.ContainingType),
            target.Name,
            target.Parameters.Select(p => KnownSymbols.ToParamModel(p, _compilation)).ToEquatableArray(),
            kind,
            KnownSymbols.HasAttribute(target, KnownSymbols.DifferentiableAttribute),
            SourceKey: CallGraph.SourceKeyOf(target));
        var index = _calls.Count;
        _calls.Add(call);
        _callSites.Add(LocationInfo.Of(invocation.Syntax));
        var callArgs = Args();
        return Emit(Op.Call, kind, callArgs, call: index);
    }

    private int Convert(int value, ScalarKind from, ScalarKind to) =>
        from == to ? value : Emit(Op.Convert, to, new[] { value });

    private void Assign(ISymbol variable, int value, Bindings env)
    {
        env[variable] = value;
        var named = _instrs.TryGetValue(value, out var instr) ? instr.Op is not (Op.Param or Op.Const) : _phis.Contains(value);
        if (named && !_names.ContainsKey(value))
        {
            _names[value] = variable.Name;
        }
    }

    private int Emit(Op op, ScalarKind type, int[] args, double value = 0, string? name = null, int call = -1)
    {
        var instr = new Instr(NewId(), op, type, args.ToEquatableArray(), value, name, call);
        _instrs[instr.Id] = instr;
        _output.Add(new Stmt(instr, null));
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

    /// <summary>Attaches the user's local names, known only once a value is assigned, to instructions and phis.</summary>
    private EquatableArray<Stmt> Finish(IEnumerable<Stmt> statements) => statements.Select(s =>
    {
        if (s.Let is { } let)
        {
            return _names.TryGetValue(let.Id, out var name) ? s with { Let = let with { Name = name } } : s;
        }

        var branch = s.If!;
        return s with
        {
            If = branch with
            {
                Then = Finish(branch.Then),
                Else = Finish(branch.Else),
                Phis = branch.Phis.Select(p => p.Name is null && _names.TryGetValue(p.Id, out var name) ? p with { Name = name } : p).ToEquatableArray(),
            },
        };
    }).ToEquatableArray();

    private static List<IOperation> Prepend(IOperation first, List<IOperation> rest)
    {
        var list = new List<IOperation> { first };
        list.AddRange(rest);
        return list;
    }

    private static ISymbol VariableOf(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => throw new InvalidOperationException($"cannot assign to '{target.Syntax}'"),
    };

    private static ITypeSymbol TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        _ => throw new InvalidOperationException($"'{symbol.Name}' is not a variable"),
    };

    /// <summary>
    /// True when a <c>return</c> is inside <paramref name="operation"/>. Asked of every <c>if</c>, nested ones included,
    /// so each answer is kept: an <c>if</c> nested n deep would otherwise be searched n times.
    /// </summary>
    private bool ContainsReturn(IOperation operation)
    {
        if (!_containsReturn.TryGetValue(operation, out var contains))
        {
            contains = operation is IReturnOperation || operation.ChildOperations.Any(ContainsReturn);
            _containsReturn[operation] = contains;
        }

        return contains;
    }
}
