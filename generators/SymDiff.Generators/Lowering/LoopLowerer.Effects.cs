using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Assignments, compound assignments and <c>++</c>/<c>--</c> inside expressions (<c>if ((r = a * b) != 0)</c>,
/// <c>return x *= 2;</c>, <c>a = b = c;</c>, <c>s += x[i++]</c>, <c>while (n-- &gt; 0)</c>), lowered in C#'s evaluation
/// order: the assignment becomes a statement before the expression that contains it, and its value is read after it.
/// An operand evaluated before such an assignment that reads what the assignment writes is held in a temporary first,
/// so it keeps the value C# gives it; <c>&amp;&amp;</c> and <c>||</c> whose right side assigns become branches, so the
/// assignment runs only when C# would run it.
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>
    /// True when evaluating <paramref name="operation"/> assigns something. Asked of operands all through lowering, so
    /// a body without assignments inside expressions (most) answers at once (<see cref="_embeddedEffects"/>).
    /// </summary>
    private bool HasEffect(IOperation? operation) =>
        _embeddedEffects && operation is not null && (IsEffect(operation) || operation.Descendants().Any(IsEffect));

    /// <summary>True when some assignment of the body is inside an expression rather than a statement of its own.</summary>
    private bool _embeddedEffects;

    private static bool IsEffect(IOperation operation) =>
        operation is ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation;

    /// <summary>The variables (scalars, and the arrays of element targets) that evaluating <paramref name="operation"/> assigns.</summary>
    private HashSet<int> Writes(IOperation operation)
    {
        var written = new HashSet<int>();
        foreach (var effect in new[] { operation }.Concat(operation.Descendants()).Where(IsEffect))
        {
            var target = effect switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            switch (target)
            {
                case ILocalReferenceOperation { Local: var local } when _symbols.TryGetValue(local, out var variable):
                    written.Add(variable);
                    break;
                case IParameterReferenceOperation { Parameter: var parameter } when _symbols.TryGetValue(parameter, out var variable):
                    written.Add(variable);
                    break;
                case IArrayElementReferenceOperation { ArrayReference: var array } when ArrayVar(array) is { } variable:
                    written.Add(variable);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } array } when ArrayVar(array) is { } variable:
                    written.Add(variable);
                    break;
            }
        }

        return written;
    }

    /// <summary>
    /// <paramref name="value"/>, evaluated now: held in a temporary when evaluating <paramref name="later"/> (the operands
    /// C# evaluates after it) assigns a variable it reads.
    /// </summary>
    private LExpr Before(LExpr value, IEnumerable<IOperation> later)
    {
        var effects = later.Where(HasEffect).ToList();
        if (effects.Count == 0 || value is LConst)
        {
            return value;
        }

        var written = new HashSet<int>(effects.SelectMany(Writes));
        return value.Reads().Any(written.Contains) ? Hold(value) : value;
    }

    /// <summary>A temporary holding <paramref name="value"/> as it is now.</summary>
    private LExpr Hold(LExpr value)
    {
        if (value is LConst)
        {
            return value;
        }

        var held = NewTemp("held", value.Type);
        _output.Add(new LAssign(held, value));
        return new LRead(value.Type, held);
    }

    /// <summary>The value of an assignment, compound assignment, <c>++</c> or <c>--</c> used as an expression; the assignment is emitted first.</summary>
    private LExpr AssignmentValue(IOperation operation)
    {
        switch (operation)
        {
            case IIncrementOrDecrementOperation { IsPostfix: true } increment:
                {
                    // x++ is the value before the increment.
                    LExpr? before = null;
                    var op = increment.Kind == OperationKind.Increment ? Op.Add : Op.Sub;
                    Assign(increment.Target, target =>
                    {
                        before = Hold(target);
                        return Apply(target.Type, op, before, new LConst(target.Type, 1));
                    });
                    return before ?? new LConst(KnownSymbols.KindOf(increment.Type) ?? ScalarKind.Int, 0);
                }

            default:
                return SideEffect(operation, keepValue: true)
                    ?? new LConst(KnownSymbols.KindOf(operation.Type) ?? ScalarKind.Double, 0);
        }
    }

    /// <summary>
    /// True when <paramref name="operation"/> lowers to statements before its value, not to an expression alone: a
    /// <c>?:</c>, a switch expression, or a call that is not a math function (a user method, an inlined function).
    /// On the right of <c>&amp;&amp;</c>/<c>||</c> those statements must run only when C# runs them: a <c>?:</c>
    /// reading <c>x[k]</c> behind <c>k &lt; n &amp;&amp;</c> would otherwise read past the end.
    /// </summary>
    private static bool LowersToStatements(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o is IConditionalOperation or ISwitchExpressionOperation
            || o is IInvocationOperation invocation && KnownSymbols.MathOp(invocation.TargetMethod) is null && MatrixBounds.Of(invocation) is null);

    /// <summary><c>a &amp;&amp; b</c> or <c>a || b</c> whose right side assigns or lowers to statements: a branch, so it runs only when C# runs it.</summary>
    private LExpr ShortCircuit(Op op, IBinaryOperation binary)
    {
        var result = NewTemp("both", ScalarKind.Bool);
        _output.Add(new LAssign(result, Value(binary.LeftOperand, ScalarKind.Bool)));
        var read = new LRead(ScalarKind.Bool, result);
        var right = Nested(() => _output.Add(new LAssign(result, Value(binary.RightOperand, ScalarKind.Bool))));
        _output.Add(op == Op.And
            ? new LIf(read, right, EquatableArray<LStmt>.Empty)
            : new LIf(Not(read), right, EquatableArray<LStmt>.Empty));
        return read;
    }
}
