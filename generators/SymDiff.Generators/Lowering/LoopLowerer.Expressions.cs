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

    private LExpr RawValue(IOperation operation)
    {
        NestingGuard.EnsureStack();
        var kind = KnownSymbols.KindOf(operation.Type);
        if (operation.ConstantValue is { HasValue: true, Value: var constant } && kind is { } constantKind)
        {
            return new LConst(constantKind, constant switch
            {
                bool b => b ? 1 : 0,
                IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"constant '{operation.Syntax}' has no numeric value"),
            });
        }

        if (Element(operation) is { } element)
        {
            return element;
        }

        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when _symbols.TryGetValue(local, out var variable):
                return new LRead(_vars[variable].Type, variable);
            case IParameterReferenceOperation { Parameter: var parameter } when _symbols.TryGetValue(parameter, out var variable):
                return new LRead(_vars[variable].Type, variable);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when ArrayVar(instance) is { } array:
                return new LLength(array);
            case IConversionOperation conversion:
                return Value(conversion.Operand, kind);
            case IParenthesizedOperation parenthesized:
                return Value(parenthesized.Operand, kind);
            case IBinaryOperation binary:
                {
                    var op = Fence.BinaryOp(binary.OperatorKind, binary.Type)!.Value;
                    if (op is Op.And or Op.Or && HasEffect(binary.RightOperand))
                    {
                        return ShortCircuit(op, binary);
                    }

                    var operandKind = KnownSymbols.KindOf(binary.LeftOperand.Type)!.Value;
                    var left = Before(Value(binary.LeftOperand, operandKind), new[] { binary.RightOperand });
                    return Apply(kind!.Value, op, left, Value(binary.RightOperand, operandKind));
                }

            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                return Convert(AssignmentValue(operation), kind!.Value);

            case IUnaryOperation unary:
                {
                    var operand = Value(unary.Operand, kind);
                    return unary.OperatorKind switch
                    {
                        UnaryOperatorKind.Minus => Apply(kind!.Value, Op.Neg, operand),
                        UnaryOperatorKind.Not => Apply(ScalarKind.Bool, Op.Not, operand),
                        _ => operand,
                    };
                }

            case IConditionalOperation conditional:
                {
                    // Only the branch taken is evaluated, in the derivatives too; a constant condition is the arm it
                    // takes (printed, the other arm would be unreachable code, CS0162).
                    var condition = Value(conditional.Condition, ScalarKind.Bool);
                    if (condition is LConst { Value: var taken })
                    {
                        return Value(taken != 0 ? conditional.WhenTrue : conditional.WhenFalse!, kind);
                    }

                    var choice = NewTemp("choice", kind!.Value);
                    var then = Nested(() => _output.Add(new LAssign(choice, Value(conditional.WhenTrue, kind))));
                    var @else = Nested(() => _output.Add(new LAssign(choice, Value(conditional.WhenFalse!, kind))));
                    _output.Add(new LIf(condition, then, @else));
                    return new LRead(kind.Value, choice);
                }

            case ISwitchExpressionOperation @switch:
                return SwitchExpression(@switch, kind!.Value);
            case IInvocationOperation invocation:
                return Invocation(invocation, discard: false)!;
            default:
                throw new InvalidOperationException($"unexpected expression '{operation.Syntax}'");
        }
    }

    /// <summary><c>a[i]</c> on a span or array variable, or null when the operation is not an element access.</summary>
    private LElement? Element(IOperation operation)
    {
        var (instance, index) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } a => (a.ArrayReference, a.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } target, Arguments.Length: 1 } p when KnownSymbols.IsArrayLike(target.Type) => (target, p.Arguments[0].Value),
            _ => (null, null),
        };
        if (instance is null || index is null)
        {
            return null;
        }

        if (ArrayVar(instance) is not { } array)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, instance.Syntax, instance.Syntax.ToString(),
                "elements are read from span or array parameters and local buffers only");
            array = Rejected(instance.Type);
        }

        if (ReadsReal(index))
        {
            Report(DiagnosticDescriptors.ActiveIndex, index.Syntax, index.Syntax.ToString());
        }

        return new LElement(_vars[array].Type, array, Value(index, ScalarKind.Int));
    }

    private static bool ReadsReal(IOperation operation) =>
        KnownSymbols.IsReal(KnownSymbols.KindOf(operation.Type)) && !operation.ConstantValue.HasValue || operation.ChildOperations.Any(ReadsReal);

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
            _ => null,
        };
        return symbol is not null && _symbols.TryGetValue(symbol, out var variable) && _vars[variable].IsArray ? variable : null;
    }

    private LExpr? Invocation(IInvocationOperation invocation, bool discard)
    {
        var target = invocation.TargetMethod;
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
                if (ArrayVar(argument.Value) is not { } array)
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax, argument.Syntax.ToString(),
                        "a span argument must be a whole span or array parameter or local buffer (slices are not supported)");
                    array = Rejected(argument.Parameter.Type);
                }
                else if (SpanWrites.IsWritten(argument.Parameter, _compilation) && !_vars[array].IsOutput)
                {
                    Report(DiagnosticDescriptors.WriteToInput, argument.Syntax, _vars[array].Name);
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
            SourceKey: CallGraph.SourceKeyOf(target));
        _calls.Add(call);
        _callSites.Add(LocationInfo.Of(invocation.Syntax));
        var result = discard || kind is null ? -1 : NewTemp(Char.ToLowerInvariant(target.Name[0]) + target.Name.Substring(1), kind.Value);
        _output.Add(new LCall(result, _calls.Count - 1, callArgs.ToEquatableArray()));
        return result < 0 ? null : new LRead(kind!.Value, result);
    }

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
