using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Assignments: a statement or expression evaluated for its effect, simple and compound assignments to scalars,
/// elements and <c>ref</c> aliases (with the element's index held where C# takes it), and deconstruction of tuple
/// literals.
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>
    /// Lowers an expression evaluated for its effect. With <paramref name="keepValue"/> (an assignment inside an
    /// expression), returns the value the assignment leaves, read after it.
    /// </summary>
    private LExpr? SideEffect(IOperation effect, bool keepValue = false)
    {
        switch (effect)
        {
            case ISimpleAssignmentOperation assignment:
                return Assign(assignment.Target, target => Value(assignment.Value, target.Type), HasEffect(assignment.Value), keepValue);
            case ICompoundAssignmentOperation compound:
                return Assign(compound.Target, target =>
                {
                    var kind = target.Type;
                    var operandKind = KnownSymbols.KindOf(compound.Value.Type) is ScalarKind.Double && kind == ScalarKind.Float ? ScalarKind.Double : kind;
                    var op = Fence.BinaryOp(compound.OperatorKind, compound.Target.Type)!.Value;
                    // The target is read before the right side is evaluated: s += (s = 2) adds 2 to the old s.
                    var current = Before(target, new[] { compound.Value });
                    return Convert(Apply(operandKind, op, Convert(current, operandKind), Value(compound.Value, operandKind)), kind);
                }, HasEffect(compound.Value), keepValue);
            case IIncrementOrDecrementOperation increment:
                return Assign(increment.Target, target =>
                    Apply(target.Type, increment.Kind == OperationKind.Increment ? Op.Add : Op.Sub, target, new LConst(target.Type, 1)), false, keepValue);
            case IInvocationOperation invocation:
                Invocation(invocation, discard: true);
                return null;
            case IDeconstructionAssignmentOperation deconstruction:
                Deconstruct(deconstruction);
                return null;
            default:
                throw new InvalidOperationException($"unexpected expression statement '{effect.Syntax}'");
        }
    }

    /// <summary>
    /// Assigns to a scalar variable or an element; <paramref name="value"/> gets the target's current value. Where the
    /// value assigns too (<paramref name="valueAssigns"/>), an element's index is taken before it, as C# takes it. With
    /// <paramref name="keepValue"/>, returns the value stored (an element's is held in a temporary).
    /// </summary>
    private LExpr? Assign(IOperation target, Func<LExpr, LExpr> value, bool valueAssigns = false, bool keepValue = false)
    {
        if (target is ILocalReferenceOperation { Local: var aliasLocal } && _aliases.TryGetValue(aliasLocal, out var alias)
            || target is IParameterReferenceOperation { Parameter: var aliasParameter } && _aliases.TryGetValue(aliasParameter, out alias))
        {
            return AssignAlias(target, alias, value, keepValue);
        }

        if (CopyWrittenThrough(target) is { } copy)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, target.Syntax, copy,
                "it is a range of an array, which C# copies; writes to it would have to leave the array as it is. Copy the elements into a buffer of its own (new double[n] and a loop), or take a view with AsSpan");
        }

        if (Element(target) is { } element)
        {
            if (valueAssigns)
            {
                element = element with { Index = Hold(element.Index) };
            }

            var array = _vars[element.Var];
            var stored = value(element);
            if (keepValue)
            {
                stored = Hold(stored);
            }

            if (array.IsOutput)
            {
                _output.Add(new LStore(element.Var, element.Index, stored));
            }
            else
            {
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax, InputName(element.Var));
            }

            return stored;
        }

        var symbol = target switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => throw new InvalidOperationException($"cannot assign to '{target.Syntax}'"),
        };
        if (!_symbols.TryGetValue(symbol, out var variable) && symbol is ILocalSymbol { Type: var declaredType } && KnownSymbols.KindOf(declaredType) is { } declaredKind)
        {
            // A local declared by a deconstruction (var (c, s) = …).
            variable = NewVar(symbol.Name, declaredKind, false, VarOrigin.Local, -1, false, false);
            _symbols[symbol] = variable;
        }

        if (_vars[variable].IsArray)
        {
            // The new value is a span, which has no scalar form to lower.
            Report(DiagnosticDescriptors.UnsupportedArray, target.Syntax, symbol.Name,
                "a span or array variable cannot be reassigned; declare another buffer");
            return null;
        }

        _output.Add(new LAssign(variable, value(new LRead(_vars[variable].Type, variable))));
        return new LRead(_vars[variable].Type, variable);
    }

    /// <summary>
    /// <c>(a, b) = (x, y)</c>: every value is evaluated first, left to right (held in temporaries), then assigned in order,
    /// so <c>(a, b) = (b, a)</c> swaps.
    /// </summary>
    private void Deconstruct(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = Fence.TupleTargets(deconstruction.Target)!;
        var value = deconstruction.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        var elements = ((ITupleOperation)value).Elements;
        var values = new LExpr[elements.Length];
        for (var k = 0; k < elements.Length; k++)
        {
            values[k] = targets[k] is IDiscardOperation ? Value(elements[k]) : Hold(Value(elements[k], KnownSymbols.KindOf(targets[k].Type)));
        }

        for (var k = 0; k < targets.Count; k++)
        {
            if (targets[k] is not IDiscardOperation)
            {
                var assigned = values[k];
                Assign(targets[k], _ => assigned);
            }
        }
    }

    /// <summary>The <c>ref</c> locals and the <c>ref</c>/<c>out</c>/<c>in</c> parameters of inlined helpers: what each aliases (a buffer element, or a variable's read).</summary>
    private readonly Dictionary<ISymbol, LExpr> _aliases = new(SymbolEqualityComparer.Default);

    /// <summary>An assignment through a <c>ref</c> local: a store to the element it aliases, or an assignment of the variable.</summary>
    private LExpr? AssignAlias(IOperation target, LExpr alias, Func<LExpr, LExpr> value, bool keepValue)
    {
        var stored = value(alias);
        if (keepValue)
        {
            stored = Hold(stored);
        }

        switch (alias)
        {
            case LElement element when _vars[element.Var].IsOutput:
                _output.Add(new LStore(element.Var, element.Index, stored));
                break;
            case LElement element:
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax, InputName(element.Var));
                break;
            case LRead read:
                _output.Add(new LAssign(read.Var, stored));
                return keepValue ? stored : alias;
        }

        return stored;
    }
}
