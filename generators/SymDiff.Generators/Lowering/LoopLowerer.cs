using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Lowers a fenced body with loops and arrays to the imperative <see cref="LoopProgram"/>. Exits become flags:
/// <c>break</c> sets the loop's break flag, <c>continue</c> its continue flag, a nested <c>return</c> the method's
/// return flag (and the result variable); statements after a possible exit run under a guard, and loop conditions
/// test the flags, so the reverse sweep sees only structured branches and single-exit loops.
/// A rejected construct is reported on its node and lowering goes on past it (a rejected buffer is still declared,
/// a rejected store still lowers its value), so one build reports every problem of the body; a program with a
/// reported error is only analysed for further diagnostics, never emitted.
/// </summary>
internal sealed partial class LoopLowerer
{
    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<LoopVar> _vars = new();
    private readonly Dictionary<ISymbol, int> _symbols = new(SymbolEqualityComparer.Default);
    private readonly List<CallModel> _calls = new();
    private readonly Dictionary<(IOperation, bool, bool), bool> _mayExit = new();
    private readonly List<LocationInfo> _callSites = new();
    private ScalarKind _returnKind;
    private List<LStmt> _output = new();
    private int _loopDepth;
    private int? _break;
    private int? _continue;
    private int? _return;
    private int _result = -1;
    private bool _tailReturns;

    /// <summary>Whether this body inlines its small <c>[Differentiable]</c> callees (<see cref="InlinedCallees"/>): it has loops or spans.</summary>
    private bool _inlineCallees;

    private readonly Compilation _compilation;

    private LoopLowerer(IMethodSymbol method, Compilation compilation, List<DiagnosticInfo> diagnostics)
    {
        _method = method;
        _compilation = compilation;
        _diagnostics = diagnostics;
        _returnKind = KnownSymbols.KindOf(method.ReturnType) ?? ScalarKind.Double;
    }

    /// <summary>
    /// Lowers <paramref name="body"/>, adding what it rejects to <paramref name="diagnostics"/>; <c>CallSites</c> are
    /// where its <c>Calls</c> are written, in the same order.
    /// </summary>
    /// <param name="scalarBody">Whether the body is scalar-only (<see cref="IsScalarBody"/>): its returns are tail-duplicated.</param>
    /// <param name="inlineCallees">Whether the body inlines its small <c>[Differentiable]</c> callees (<see cref="InlinedCallees"/>: a body with loops or spans), as its fence was told.</param>
    /// <param name="returnKind">The result's kind where the method's return type does not say it (an element of a tuple it returns, <see cref="CustomTangents"/>).</param>
    public static (LoopProgram Program, EquatableArray<CallModel> Calls, EquatableArray<LocationInfo> CallSites) Lower(
        IMethodSymbol method, IOperation body, List<DiagnosticInfo> diagnostics, bool scalarBody, bool inlineCallees, ScalarKind? returnKind = null)
    {
        var lowerer = new LoopLowerer(method, body.SemanticModel!.Compilation, diagnostics) { _tailReturns = scalarBody };
        lowerer._returnKind = returnKind ?? lowerer._returnKind;
        lowerer._inlineCallees = inlineCallees;
        var operations = InlinedHelpers.WithInlined(body, lowerer._compilation, lowerer._inlineCallees).ToList();
        lowerer._embeddedEffects = operations.Any(o => IsEffect(o) && o.Parent is not IExpressionStatementOperation);
        lowerer._localFunctions = operations.OfType<ILocalFunctionOperation>().ToDictionary(f => f.Symbol, f => f, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
        foreach (var parameter in method.Parameters)
        {
            var shape = KnownSymbols.ShapeOf(parameter.Type);
            if (shape.Kind is { } kind)
            {
                var model = KnownSymbols.ToParamModel(parameter, lowerer._compilation);
                lowerer._symbols[parameter] = lowerer.NewVar(Model.Names.Identifier(parameter.Name), kind, shape.IsArray, VarOrigin.Parameter, parameter.Ordinal, model.IsOutput, model.IsDifferentiable);
                if (model.IsMatrix)
                {
                    lowerer.Dimensions(lowerer._symbols[parameter]);
                }
            }
        }

        if (!method.ReturnsVoid)
        {
            lowerer._result = lowerer.NewTemp("value", lowerer._returnKind);
        }

        // A [NoDerivative] scalar parameter the body assigns becomes a local copy: what is assigned to it may carry a
        // derivative, and a parameter without one has no tangent or adjoint to carry it in.
        foreach (var parameter in AssignedParameters(body).Where(p => !KnownSymbols.ShapeOf(p.Type).IsArray && !KnownSymbols.IsDifferentiable(p)))
        {
            if (lowerer._symbols.TryGetValue(parameter, out var incoming))
            {
                var local = lowerer.NewVar(parameter.Name, lowerer._vars[incoming].Type, false, VarOrigin.Local, -1, false, false);
                lowerer._output.Add(new LAssign(local, new LRead(lowerer._vars[incoming].Type, incoming)));
                lowerer._symbols[parameter] = local;
            }
        }

        var statements = body is IBlockOperation block ? block.Operations.ToList() : new List<IOperation> { body };
        if (body is not IBlockOperation && !method.ReturnsVoid)
        {
            // Expression body: the expression is the result.
            statements = new List<IOperation>();
            lowerer._output.Add(new LAssign(lowerer._result, lowerer.Value(Unwrap(body), lowerer._returnKind)));
        }

        lowerer.Block(statements, lowerer._output, topLevel: true);
        if (lowerer._return is { } flag)
        {
            lowerer._output.Insert(0, new LAssign(flag, new LConst(ScalarKind.Bool, 0)));
        }

        var program = new LoopProgram(lowerer._vars.ToEquatableArray(), lowerer._output.ToEquatableArray(), lowerer._result);
        return (DeadStores.Remove(program), lowerer._calls.ToEquatableArray(), lowerer._callSites.ToEquatableArray());
    }

    /// <summary>The parameters <paramref name="body"/> assigns: directly, in a deconstruction, or through a ref local.</summary>
    private static IEnumerable<IParameterSymbol> AssignedParameters(IOperation body)
    {
        var targets = body.Descendants().SelectMany(o => o switch
        {
            ISimpleAssignmentOperation a => new[] { a.Target },
            ICompoundAssignmentOperation c => new[] { c.Target },
            IIncrementOrDecrementOperation i => new[] { i.Target },
            IDeconstructionAssignmentOperation d => Fence.TupleTargets(d.Target) ?? Array.Empty<IOperation>(),
            IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } v when v.GetVariableInitializer()?.Value is { } aliased => new[] { aliased },
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byReference => new[] { byReference.Value },
            _ => Array.Empty<IOperation>(),
        });
        return targets.OfType<IParameterReferenceOperation>().Select(p => p.Parameter).Distinct<IParameterSymbol>(SymbolEqualityComparer.Default);
    }

    /// <summary>
    /// True for a body of scalars only: no loop, no span or array (parameter or local), no static readonly data (read
    /// where it is, by the loop back end), and a returned value. Its
    /// program is straight-line code and branches (a <see cref="ScalarBody"/>), which the scalar sweeps differentiate whole;
    /// its early returns are lowered by tail duplication instead of flags (see <see cref="Tail"/>).
    /// </summary>
    public static bool IsScalarBody(IMethodSymbol method, IOperation body) =>
        !method.ReturnsVoid
        && !method.Parameters.Any(p => KnownSymbols.IsArrayLike(p.Type))
        && !InlinedHelpers.WithInlined(body, body.SemanticModel!.Compilation, inlineCallees: false).Any(o => o is ILoopOperation || o is IVariableDeclaratorOperation d && KnownSymbols.IsArrayLike(d.Symbol.Type)
            || o is IFieldReferenceOperation { ConstantValue.HasValue: false, Field: var field } && KnownSymbols.StaticDataObstacle(field) is null);

    private static IOperation Unwrap(IOperation body) => body switch
    {
        IBlockOperation { Operations.Length: 1 } b => Unwrap(b.Operations[0]),
        IReturnOperation { ReturnedValue: { } v } => v,
        IExpressionStatementOperation e => e.Operation,
        _ => body,
    };

    /// <summary>Lowers a statement list into <paramref name="into"/>, guarding what follows a possible exit.</summary>
    private void Block(IReadOnlyList<IOperation> statements, List<LStmt> into, bool topLevel = false)
    {
        if (statements.Any(s => s is ILocalFunctionOperation))
        {
            // Local functions are inlined where they are called: their declarations (often after the return) are no statements.
            statements = statements.Where(s => s is not ILocalFunctionOperation).ToList();
        }

        var saved = _output;
        _output = into;
        try
        {
            for (var i = 0; i < statements.Count; i++)
            {
                var statement = statements[i];
                if (topLevel && i == statements.Count - 1 && statement is IReturnOperation { ReturnedValue: { } last } && _return is null)
                {
                    _output.Add(new LAssign(_result, Value(last, _returnKind)));
                    continue;
                }

                if (statement is IReturnOperation { ReturnedValue: null, IsImplicit: true } && i == statements.Count - 1)
                {
                    // The end of a void local function's body.
                    continue;
                }

                if (IsSwitchBreak(statement))
                {
                    // The end of a switch section (the fence accepts a break only there): what follows is unreachable,
                    // and in a tail-duplicated switch the statements after the switch come next.
                    BreakOutOfSwitch();
                    return;
                }

                if (_tailReturns && Tail(statements, i))
                {
                    return;
                }

                Statement(statement);
                if (i < statements.Count - 1 && MayExit(statement) && Pending() is { } pending)
                {
                    var rest = new List<LStmt>();
                    Block(statements.Skip(i + 1).ToList(), rest, topLevel);
                    _output.Add(new LIf(Not(pending), rest.ToEquatableArray(), EquatableArray<LStmt>.Empty));
                    return;
                }
            }
        }
        finally
        {
            _output = saved;
        }
    }

    /// <summary>
    /// In a body without loops, a statement that returns on some path takes the statements after it into each arm that
    /// falls through (tail duplication): <c>if (c) return a; rest</c> is <c>if (c) result = a; else { rest }</c>. Every
    /// path then ends in one assignment of the result, and no flag guards what follows. True when the statement (and
    /// with it the rest of the list) was lowered here.
    /// </summary>
    private bool Tail(IReadOnlyList<IOperation> statements, int i)
    {
        var statement = statements[i];
        switch (statement)
        {
            case IReturnOperation { ReturnedValue: var value }:
                // Whatever follows a return is unreachable (a void local function's return has no value).
                if (value is not null)
                {
                    _output.Add(new LAssign(_result, Value(value, _returnKind)));
                }

                return true;
            case IBlockOperation block when MayExit(block):
                Block(block.Operations.Concat(statements.Skip(i + 1)).ToList(), _output);
                return true;
            case ISwitchOperation @switch when @switch.Descendants().Any(o => o is IReturnOperation):
                Switch(@switch, statements.Skip(i + 1).ToList());
                return true;
            case IConditionalOperation conditional when MayExit(conditional):
                {
                    var rest = statements.Skip(i + 1).ToList();
                    var condition = Value(conditional.Condition, ScalarKind.Bool);
                    var thenList = new List<IOperation> { conditional.WhenTrue };
                    thenList.AddRange(rest);
                    var elseList = new List<IOperation>();
                    if (conditional.WhenFalse is not null)
                    {
                        elseList.Add(conditional.WhenFalse);
                    }

                    elseList.AddRange(rest);
                    if (condition is LConst { Value: var constant })
                    {
                        Block(constant != 0 ? thenList : elseList, _output);
                        return true;
                    }

                    var then = new List<LStmt>();
                    var @else = new List<LStmt>();
                    Block(thenList, then);
                    Block(elseList, @else);
                    _output.Add(new LIf(condition, then.ToEquatableArray(), @else.ToEquatableArray()));
                    return true;
                }

            default:
                return false;
        }
    }

    private void Statement(IOperation statement)
    {
        NestingGuard.EnsureStack();
        switch (statement)
        {
            case IBlockOperation block:
                Block(block.Operations.ToList(), _output);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                {
                    Declare(declarator);
                }

                break;
            case IExpressionStatementOperation { Operation: var effect }:
                SideEffect(effect);
                break;
            case IConditionalOperation conditional:
                {
                    var condition = Value(conditional.Condition, ScalarKind.Bool);
                    if (condition is LConst { Value: var constant })
                    {
                        // A constant condition (const bool flag, if (false)) is the arm it takes: printed as if (false),
                        // the other arm would be unreachable code to the compiler (CS0162).
                        var taken = constant != 0 ? conditional.WhenTrue : conditional.WhenFalse;
                        if (taken is not null)
                        {
                            Block(new[] { taken }, _output);
                        }

                        break;
                    }

                    var then = new List<LStmt>();
                    var @else = new List<LStmt>();
                    Block(new[] { conditional.WhenTrue }, then);
                    if (conditional.WhenFalse is not null)
                    {
                        Block(new[] { conditional.WhenFalse }, @else);
                    }

                    _output.Add(new LIf(condition, then.ToEquatableArray(), @else.ToEquatableArray()));
                    break;
                }

            case ILoopOperation loop:
                Loop(loop);
                break;
            case ISwitchOperation @switch:
                Switch(@switch, rest: null);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break }:
                _break ??= NewFlag("broke");
                _output.Add(new LAssign(_break.Value, True));
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue }:
                _continue ??= NewFlag("continued");
                _output.Add(new LAssign(_continue.Value, True));
                break;
            case IReturnOperation { ReturnedValue: var value }:
                _return ??= NewFlag("returned");
                if (value is not null)
                {
                    _output.Add(new LAssign(_result, Value(value, _returnKind)));
                }

                _output.Add(new LAssign(_return.Value, True));
                break;
            case IEmptyOperation:
            case ILocalFunctionOperation:
                // A local function is inlined where it is called (LoopLowerer.LocalFunctions).
                break;
            default:
                throw new InvalidOperationException($"unexpected statement '{statement.Syntax}'");
        }
    }

    private void Declare(IVariableDeclaratorOperation declarator)
    {
        var symbol = declarator.Symbol;
        var shape = KnownSymbols.ShapeOf(symbol.Type);
        var initializer = declarator.GetVariableInitializer()?.Value;
        if (symbol.RefKind != RefKind.None && !shape.IsArray && initializer is not null)
        {
            // ref double cell = ref buf[k]: an alias of the element (its index taken now) or of the variable.
            _aliases[symbol] = Element(initializer) is { } element ? element with { Index = Hold(element.Index) } : RawValue(initializer);
            return;
        }

        if (shape.IsArray && symbol is ILocalSymbol local && DeclareView(local, initializer))
        {
            return;
        }

        if (shape.IsArray)
        {
            var elements = initializer is null ? null : BufferInitializer.Elements(initializer);
            var length = initializer is null || elements is not null ? null : BufferLength(initializer);
            if (length is null && elements is null)
            {
                Report(DiagnosticDescriptors.UnsupportedArray, declarator.Syntax, symbol.Name,
                    "a local span or array must be a new buffer: 'new T[n]', 'stackalloc T[n]', or its elements listed ('{ a, b }', '[a, b]'); aliases of parameters, slices and other spans are not supported");
            }

            // A rejected buffer is declared all the same, so that its uses lower (and report their own problems) as usual.
            var array = NewVar(symbol.Name, shape.Kind!.Value, true, VarOrigin.Local, -1, true, false);
            _symbols[symbol] = array;
            if (_loopDepth > 0 && (length is not null || elements is not null && !elements.Any(e => e is ISpreadOperation)))
            {
                HoistBuffer(array, shape.Kind.Value, length, elements, declarator.Syntax);
            }
            else if (length is not null)
            {
                _output.Add(new LAllocate(array, Value(length, ScalarKind.Int)));
            }
            else if (elements is not null && !elements.Any(e => e is ISpreadOperation))
            {
                // A buffer of that many elements, each stored in order; no element can read the buffer, which C#
                // makes only once all of them are evaluated.
                _output.Add(new LAllocate(array, new LConst(ScalarKind.Int, elements.Count)));
                for (var k = 0; k < elements.Count; k++)
                {
                    _output.Add(new LStore(array, new LConst(ScalarKind.Int, k), Value(elements[k], shape.Kind.Value)));
                }
            }

            return;
        }

        var variable = NewVar(symbol.Name, shape.Kind!.Value, false, VarOrigin.Local, -1, false, false);
        _symbols[symbol] = variable;
        if (initializer is not null)
        {
            _output.Add(new LAssign(variable, Value(initializer, shape.Kind.Value)));
        }
    }

    /// <summary>The length operand of <c>new T[n]</c> or <c>stackalloc T[n]</c> (through implicit span conversions).</summary>
    private static IOperation? BufferLength(IOperation initializer)
    {
        var operation = initializer;
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        if (operation is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation)
        {
            return creation.DimensionSizes[0];
        }

        if (operation.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } type, Initializer: null }
            && type.RankSpecifiers[0].Sizes.Count == 1
            && operation.SemanticModel?.GetOperation(type.RankSpecifiers[0].Sizes[0]) is { } sizeOperation)
        {
            return sizeOperation;
        }

        return operation.ChildOperations.Count == 1 && operation.Syntax is StackAllocArrayCreationExpressionSyntax
            ? operation.ChildOperations.First()
            : null;
    }

    private int NewVar(string name, ScalarKind type, bool isArray, VarOrigin origin, int parameter, bool isOutput, bool differentiable, bool temporary = false)
    {
        _vars.Add(new LoopVar(_vars.Count, name, type, isArray, origin, parameter, isOutput, differentiable, temporary));
        return _vars.Count - 1;
    }

    /// <summary>How a message names an input array: its parameter, or a static table as the user's code spells its type.</summary>
    private string InputName(int variable) => _vars[variable] is { Origin: VarOrigin.Static } v ? v.Name.Replace("global::", string.Empty) : _vars[variable].Name;

    private int NewFlag(string name) => NewTemp(name, ScalarKind.Bool);

    private int NewTemp(string name, ScalarKind type) => NewVar(name, type, false, VarOrigin.Local, -1, false, false, temporary: true);

    private static LConst True => new(ScalarKind.Bool, 1);

    /// <summary>"An exit is pending": the disjunction of the flags that exist here, or null when none does.</summary>
    private LExpr? Pending()
    {
        LExpr? pending = null;
        foreach (var flag in new[] { _break, _continue, _return })
        {
            if (flag is { } f)
            {
                var read = new LRead(ScalarKind.Bool, f);
                pending = pending is null ? read : new LApply(ScalarKind.Bool, Op.Or, new LExpr[] { pending, read }.ToEquatableArray());
            }
        }

        return pending;
    }

    private static LExpr Not(LExpr condition) => new LApply(ScalarKind.Bool, Op.Not, new[] { condition }.ToEquatableArray());

    /// <summary><c>a &amp;&amp; b</c>; the <c>true</c> of <c>while (true)</c> or <c>for (;;)</c> is left out.</summary>
    private static LExpr And(LExpr a, LExpr b) => b is LConst { Value: not 0 } ? a : new LApply(ScalarKind.Bool, Op.And, new[] { a, b }.ToEquatableArray());

    /// <summary>
    /// True when the statement can leave its block early (a break or continue not inside a nested loop, a break not inside
    /// a nested switch, a return). Asked of the statements of every block, nested ones included, so each answer is kept:
    /// a statement nested n deep would otherwise be searched n times.
    /// </summary>
    private bool MayExit(IOperation operation, bool breakBound = false, bool continueBound = false)
    {
        if (!_mayExit.TryGetValue((operation, breakBound, continueBound), out var mayExit))
        {
            mayExit = operation switch
            {
                IReturnOperation => true,
                ILocalFunctionOperation => false,
                IBranchOperation { BranchKind: BranchKind.Break } => !breakBound,
                IBranchOperation { BranchKind: BranchKind.Continue } => !continueBound,
                ILoopOperation loop => loop.ChildOperations.Any(c => MayExit(c, breakBound: true, continueBound: true)),
                ISwitchOperation @switch => @switch.ChildOperations.Any(c => MayExit(c, breakBound: true, continueBound)),
                _ => operation.ChildOperations.Any(c => MayExit(c, breakBound, continueBound)),
            };
            _mayExit[(operation, breakBound, continueBound)] = mayExit;
        }

        return mayExit;
    }

    /// <summary>Reports a rejected construct on its node; the caller goes on lowering past it.</summary>
    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
    {
        // Inside an inlined helper: at the call in this method that inlines it.
        node = _inlinedAt ?? node;
        var args = descriptor == DiagnosticDescriptors.WriteToInput || descriptor == DiagnosticDescriptors.ActiveIndex
            ? new[] { arguments.Length > 0 ? arguments[0] : node.ToString(), _method.Name }
            : new[] { arguments[0], _method.Name }.Concat(arguments.Skip(1)).ToArray();
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(node), args));
    }

    /// <summary>
    /// A writable local array standing in for a rejected span operand, so the statement around it still lowers (and
    /// reports its other problems) without the rejection repeating as a write to an input.
    /// </summary>
    private int Rejected(ITypeSymbol? type) =>
        NewVar("rejected", KnownSymbols.ShapeOf(type).Kind ?? ScalarKind.Double, true, VarOrigin.Local, -1, true, false);
}
