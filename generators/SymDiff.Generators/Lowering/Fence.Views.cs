using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Views of spans and arrays (<see cref="LoopLowerer"/> lowers them to offsets into the viewed variable):
/// <c>x.Slice(k)</c>, <c>x.Slice(k, n)</c>, <c>a.AsSpan(k, n)</c>, <c>x[a..b]</c> (on an array, a copy). Anything else
/// that makes a span (<c>ToArray</c>, <c>MemoryMarshal</c>, a method returning a span) is SD0016. And aliases of one
/// element or variable: <c>ref</c> locals.
/// </summary>
internal sealed partial class Fence
{
    private void View(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice when KnownSymbols.IsArrayLike(instance.Type) && slice.Arguments.All(IsInt):
                Expression(instance);
                Arguments(slice);
                break;
            case IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true } } asSpan
                when asSpan.Arguments.Length >= 1 && asSpan.Arguments[0].Value.Type is IArrayTypeSymbol && asSpan.Arguments.Skip(1).All(IsInt):
                Arguments(asSpan);
                break;
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: IRangeOperation range }:
                Expression(instance);
                Expression(range);
                break;
            case IArrayElementReferenceOperation { ArrayReference: var array, Indices.Length: 1 } element when element.Indices[0] is IRangeOperation range:
                Expression(array);
                Expression(range);
                break;
            case IInvocationOperation { TargetMethod.Name: "ToArray" }:
                Reject(DiagnosticDescriptors.UnsupportedArray, operation.Syntax, operation.Syntax.ToString(),
                    "ToArray copies the span into a new array, which SymDiff does not follow; read the span itself, or copy into a buffer of your own in a loop");
                break;
            default:
                Reject(DiagnosticDescriptors.UnsupportedArray, operation.Syntax, operation.Syntax.ToString(),
                    "spans come from parameters, local buffers and views of them (Slice, AsSpan, ranges); pass the whole span, or a view");
                break;
        }
    }

    private void Arguments(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            Expression(argument.Value);
        }
    }

    private static bool IsInt(IArgumentOperation argument) => argument.Value.Type?.SpecialType == SpecialType.System_Int32;

    /// <summary>
    /// Indices from the end and ranges (<c>x[^1]</c>, <c>x[1..^1]</c>) and their parts; true when
    /// <paramref name="operation"/> is one of them (checked here), false for anything else.
    /// </summary>
    private bool Indexing(IOperation operation)
    {
        switch (operation)
        {
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: var index } when KnownSymbols.IsArrayLike(instance.Type):
                Expression(instance);
                Expression(index);
                return true;
            case IRangeOperation range:
                if (range.LeftOperand is not null)
                {
                    Expression(range.LeftOperand);
                }

                if (range.RightOperand is not null)
                {
                    Expression(range.RightOperand);
                }

                return true;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, OperatorMethod: null } fromEnd:
                Expression(fromEnd.Operand);
                return true;
            case IConversionOperation { Type.Name: "Index" or "Range", Type.ContainingNamespace.Name: "System" } conversion:
                Expression(conversion.Operand);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A <c>ref</c> local of a scalar (<c>ref double cell = ref buf[k];</c>, <c>ref double r = ref s;</c>): an alias of a
    /// buffer element or a variable, read and written as that element or variable.
    /// </summary>
    private void RefLocal(IVariableDeclaratorOperation declarator)
    {
        var target = declarator.GetVariableInitializer()?.Value;
        if (target is not null && (IsElement(target) || target is ILocalReferenceOperation or IParameterReferenceOperation && KnownSymbols.KindOf(target.Type) is not null))
        {
            Expression(target);
            return;
        }

        Reject(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, "ref local",
            $"ref local '{declarator.Symbol.Name}' must alias an element of a span or buffer ('ref double cell = ref buf[k];') or a scalar local or parameter");
    }
}
