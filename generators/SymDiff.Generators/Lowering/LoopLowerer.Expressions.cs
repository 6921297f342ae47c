using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>Expressions: pure trees, with <c>?:</c> and user calls moved into statements before them.</summary>
internal sealed partial class LoopLowerer
{
    private LExpr Value(IOperation operation, ScalarKind? kind = null)
    {
        var value = RawValue(operation);
        return kind is { } to ? Convert(value, to) : value;
    }

    /// <summary>
    /// An expression's value. Deep expressions recurse through here once per level, so it keeps a small frame: each
    /// case with locals of its own is a method of its own (a 250-term sum must lower on the compiler's 1 MB stack).
    /// </summary>
    private LExpr RawValue(IOperation operation)
    {
        NestingGuard.EnsureStack();
        var kind = KnownSymbols.KindOf(operation.Type);
        if (operation.ConstantValue.HasValue && kind is not null)
        {
            return Constant(operation, kind.Value);
        }

        if (Element(operation) is { } element)
        {
            return element;
        }

        return operation switch
        {
            ILocalReferenceOperation { Local: var local } when _symbols.TryGetValue(local, out var variable) => new LRead(_vars[variable].Type, variable),
            ILocalReferenceOperation { Local: var aliasing } when _aliases.TryGetValue(aliasing, out var alias) => alias,
            IParameterReferenceOperation { Parameter: var aliasing } when _aliases.TryGetValue(aliasing, out var alias) => alias,
            IParameterReferenceOperation { Parameter: var parameter } when _symbols.TryGetValue(parameter, out var variable) => new LRead(_vars[variable].Type, variable),
            IFieldReferenceOperation { Field: var field } when StaticVariable(field) is { } variable && !_vars[variable].IsArray => new LRead(_vars[variable].Type, variable),
            IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when KnownSymbols.IsArrayLike(instance.Type) => Length(instance),
            IConversionOperation conversion => Value(conversion.Operand, kind),
            IParenthesizedOperation parenthesized => Value(parenthesized.Operand, kind),
            IBinaryOperation binary => Binary(binary, kind!.Value),
            ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation => Convert(AssignmentValue(operation), kind!.Value),
            IUnaryOperation unary => Unary(unary, kind),
            IConditionalOperation conditional => Conditional(conditional, kind!.Value),
            ISwitchExpressionOperation @switch => SwitchExpression(@switch, kind!.Value),
            IInvocationOperation invocation => Invocation(invocation, discard: false)!,
            _ => throw new InvalidOperationException($"unexpected expression '{operation.Syntax}'"),
        };
    }

    private static LExpr Constant(IOperation operation, ScalarKind kind) => new LConst(kind, operation.ConstantValue.Value switch
    {
        bool b => b ? 1 : 0,
        IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"constant '{operation.Syntax}' has no numeric value"),
    });

    private LExpr Length(IOperation instance) =>
        ViewOf(instance)?.Length ?? throw new InvalidOperationException($"'{instance.Syntax}' is not a span or array variable");

    private LExpr Binary(IBinaryOperation binary, ScalarKind kind)
    {
        var op = Fence.BinaryOp(binary.OperatorKind, binary.Type)!.Value;
        var rightAssigns = HasEffect(binary.RightOperand);
        if (op is Op.And or Op.Or && (rightAssigns || LowersToStatements(binary.RightOperand)))
        {
            return ShortCircuit(op, binary);
        }

        var operandKind = KnownSymbols.KindOf(binary.LeftOperand.Type)!.Value;
        var left = Value(binary.LeftOperand, operandKind);
        if (rightAssigns)
        {
            left = Before(left, new[] { binary.RightOperand });
        }

        return Apply(kind, op, left, Value(binary.RightOperand, operandKind));
    }

    private LExpr Unary(IUnaryOperation unary, ScalarKind? kind)
    {
        var operand = Value(unary.Operand, kind);
        return unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => Apply(kind!.Value, Op.Neg, operand),
            UnaryOperatorKind.Not => Apply(ScalarKind.Bool, Op.Not, operand),
            _ => operand,
        };
    }

    /// <summary>
    /// <c>c ? a : b</c>: only the branch taken is evaluated, in the derivatives too; a constant condition is the arm it
    /// takes (printed, the other arm would be unreachable code, CS0162).
    /// </summary>
    private LExpr Conditional(IConditionalOperation conditional, ScalarKind kind)
    {
        var condition = Value(conditional.Condition, ScalarKind.Bool);
        if (condition is LConst { Value: var taken })
        {
            return Value(taken != 0 ? conditional.WhenTrue : conditional.WhenFalse!, kind);
        }

        var choice = NewTemp("choice", kind);
        var then = Nested(() => _output.Add(new LAssign(choice, Value(conditional.WhenTrue, kind))));
        var @else = Nested(() => _output.Add(new LAssign(choice, Value(conditional.WhenFalse!, kind))));
        _output.Add(new LIf(condition, then, @else));
        return new LRead(kind, choice);
    }

    /// <summary><c>a[i]</c> on a span or array variable, or null when the operation is not an element access.</summary>
    private LElement? Element(IOperation operation)
    {
        if (MatrixElement(operation) is { } cell)
        {
            return cell;
        }

        var (instance, index) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } a when a.Indices[0] is not IRangeOperation => (a.ArrayReference, a.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } target, Arguments.Length: 1 } p when KnownSymbols.IsArrayLike(target.Type) => (target, p.Arguments[0].Value),
            IImplicitIndexerReferenceOperation { Instance: var target, Argument: var argument } i when argument is not IRangeOperation && !KnownSymbols.IsArrayLike(i.Type) => (target, argument),
            _ => (null, null),
        };
        if (instance is null || index is null)
        {
            return null;
        }

        if (ViewOf(instance) is not { } view)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, instance.Syntax, instance.Syntax.ToString(),
                "elements are read from span or array parameters, local buffers and views of them (Slice, ranges) only");
            var rejected = Rejected(instance.Type);
            view = new View(rejected, new LConst(ScalarKind.Int, 0), new LLength(rejected), IsCopy: false);
        }

        if (ReadsReal(index))
        {
            Report(DiagnosticDescriptors.ActiveIndex, index.Syntax, index.Syntax.ToString());
        }

        return ElementOf(view, Endpoint(index, view));
    }

    private static bool ReadsReal(IOperation operation) =>
        KnownSymbols.IsReal(KnownSymbols.KindOf(operation.Type)) && !operation.ConstantValue.HasValue || operation.ChildOperations.Any(ReadsReal);

    /// <summary>The array variable an operand names whole (a span or array variable, or a view local of all of one), or null.</summary>
    private int? WholeArray(IOperation operation) =>
        ArrayVar(operation) ?? (ViewOf(operation) is { Offset: LConst { Value: 0 }, Length: LLength { Var: var length }, Base: var array } && length == array ? array : null);

    /// <summary>The array variable a span/array-typed operand names (through implicit conversions), or null.</summary>
    private int? ArrayVar(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        ISymbol? symbol = operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Field: var field } when StaticVariable(field) is not null => field,
            _ => null,
        };
        return symbol is not null && _symbols.TryGetValue(symbol, out var variable) && _vars[variable].IsArray ? variable : null;
    }

    /// <summary>The variable of a static readonly field the body reads (constant data), made where it is first read; null for another field.</summary>
    private int? StaticVariable(IFieldSymbol field)
    {
        if (_symbols.TryGetValue(field, out var existing))
        {
            return existing;
        }

        if (KnownSymbols.StaticDataObstacle(field) is not null)
        {
            return null;
        }

        var shape = KnownSymbols.ShapeOf(field.Type);
        var name = KnownSymbols.FullName(field.ContainingType) + "." + Model.Names.Identifier(field.Name);
        return _symbols[field] = NewVar(name, shape.Kind!.Value, shape.IsArray, VarOrigin.Static, -1, isOutput: false, differentiable: false);
    }

    private LExpr? Invocation(IInvocationOperation invocation, bool discard)
    {
        var target = invocation.TargetMethod;
        if (FillOrClear(invocation))
        {
            return null;
        }

        if (target.MethodKind == MethodKind.LocalFunction || InlinedHelpers.Inlines(invocation, _compilation, _inlineCallees))
        {
            return Inline(invocation, discard);
        }

        if (BoundOf(invocation) is { } bound)
        {
            return bound;
        }

        var kind = KnownSymbols.KindOf(target.ReturnType);
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        if (KnownSymbols.MathOp(target) is { } op)
        {
            return Apply(kind!.Value, op, Arguments(arguments));
        }

        var callArgs = new List<LArg>();
        foreach (var argument in arguments)
        {
            var shape = KnownSymbols.ShapeOf(argument.Parameter!.Type);
            if (shape.IsArray)
            {
                if (WholeArray(argument.Value) is not { } array)
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax, argument.Syntax.ToString(),
                        "a span argument must be a whole span or array parameter or local buffer (slices are not supported)");
                    array = Rejected(argument.Parameter.Type);
                }
                else if (SpanWrites.IsWritten(argument.Parameter, _compilation) && !_vars[array].IsOutput)
                {
                    Report(DiagnosticDescriptors.WriteToInput, argument.Syntax, InputName(array));
                }

                callArgs.Add(new LArg(null, array));
            }
            else
            {
                callArgs.Add(new LArg(Before(Value(argument.Value, shape.Kind), arguments.Skip(callArgs.Count + 1).Select(a => a.Value)), -1));
            }
        }

        var call = new CallModel(
            KnownSymbols.FullName(target.ContainingType),
            target.Name,
            target.Parameters.Select(p => KnownSymbols.ToParamModel(p, _compilation)).ToEquatableArray(),
            kind ?? ScalarKind.Double,
            KnownSymbols.HasAttribute(target, KnownSymbols.DifferentiableAttribute),
            ReturnsVoid: target.ReturnsVoid,
            SourceKey: CallGraph.SourceKeyOf(target))
        {
            IsCheckpointed = KnownSymbols.HasAttribute(target, KnownSymbols.CheckpointAttribute),
        };
        if (!call.IsDifferentiable && AsksForHessian())
        {
            // Second derivatives through a custom derivative differentiate the user's derivative: lowered here, with the caller.
            var (tangent, obstacle) = CustomTangents.Of(target.OriginalDefinition, _compilation);
            call = call with { CustomTangent = tangent, CustomTangentObstacle = obstacle };
        }

        _calls.Add(call);
        _callSites.Add(LocationInfo.Of(_inlinedAt ?? invocation.Syntax));
        var result = discard || kind is null ? -1 : NewTemp(Char.ToLowerInvariant(target.Name[0]) + target.Name.Substring(1), kind.Value);
        _output.Add(new LCall(result, _calls.Count - 1, callArgs.ToEquatableArray()));
        return result < 0 ? null : new LRead(kind!.Value, result);
    }

    /// <summary>True when the method being lowered says <c>[Differentiable(Hessian = true)]</c>.</summary>
    private bool AsksForHessian() => MethodModelBuilder.NamedArgument(_method, "Hessian") == true;

    /// <summary>The arguments of a <c>Math</c> function in order, each held where a later one assigns what it reads.</summary>
    private LExpr[] Arguments(List<IArgumentOperation> arguments)
    {
        var values = new LExpr[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            values[i] = Before(Value(arguments[i].Value, KnownSymbols.KindOf(arguments[i].Parameter?.Type)), arguments.Skip(i + 1).Select(a => a.Value));
        }

        return values;
    }

    private EquatableArray<LStmt> Nested(Action lower)
    {
        var saved = _output;
        _output = new List<LStmt>();
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

    private static LExpr Apply(ScalarKind type, Op op, params LExpr[] args)
    {
        if (args.All(a => a is LConst) && type is not ScalarKind.Bool && Ops.Of(op).Fold is { } fold)
        {
            return new LConst(type, fold(args.Select(a => ((LConst)a).Value).ToArray()));
        }

        return new LApply(type, op, args.ToEquatableArray());
    }

    private static LExpr Convert(LExpr value, ScalarKind to) => value.Type == to ? value
        : value is LConst c ? new LConst(to, to == ScalarKind.Int ? Math.Truncate(c.Value) : to == ScalarKind.Float ? (float)c.Value : c.Value)
        : new LApply(to, Op.Convert, new[] { value }.ToEquatableArray());
}
