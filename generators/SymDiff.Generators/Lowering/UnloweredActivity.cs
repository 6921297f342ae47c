using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Which calls of a rejected body need a derivative, so that SD0007 is reported with the body's other problems
/// instead of after they are fixed. A rejected body is never lowered, so this works on the <c>IOperation</c> tree,
/// flow-insensitively, with the rules of the lowered analyses: a value is varied when it is a real computed from a
/// varied value by a differentiable operation (comparisons, <c>int</c>s, indices, conditions and piecewise-constant
/// functions cut it), and a call counts only when its result reaches the result or an output.
/// Flow-insensitive, it can find a call active that lowering would find passive (a local varied only after the call).
/// </summary>
internal static class UnloweredActivity
{
    /// <summary>The <paramref name="calls"/> as models, <see cref="CallModel.IsPassive"/> set by this analysis.</summary>
    public static EquatableArray<CallModel> Calls(IMethodSymbol method, IOperation body, IReadOnlyList<IInvocationOperation> calls)
    {
        if (calls.Count == 0)
        {
            return EquatableArray<CallModel>.Empty;
        }

        var assignments = Assignments(body).ToList();
        var varied = new HashSet<ISymbol>(method.Parameters.Where(KnownSymbols.IsDifferentiable), SymbolEqualityComparer.Default);
        Close(varied, assignments.Where(a => a.Target is not null), a => Reads(a.Value).Any(varied.Contains) ? new[] { a.Target! } : Array.Empty<ISymbol>());

        // Useful: what the result reads, and outputs (written spans that are parameters); then what they are computed from.
        var returns = Body(body).OfType<IReturnOperation>().Where(r => r.ReturnedValue is not null).Select(r => r.ReturnedValue!).ToList();
        var useful = new HashSet<ISymbol>(returns.SelectMany(Reads), SymbolEqualityComparer.Default);
        useful.UnionWith(assignments.Where(a => a.Target is IParameterSymbol && a.IsElementWrite).Select(a => a.Target!));
        Close(useful, assignments.Where(a => a.Target is not null), a => useful.Contains(a.Target!) ? Reads(a.Value) : Enumerable.Empty<ISymbol>());
        var usefulCalls = new HashSet<IOperation>(returns.Concat(assignments.Where(a => a.Target is not null && useful.Contains(a.Target)).Select(a => a.Value)).SelectMany(Values).OfType<IInvocationOperation>());

        var compilation = body.SemanticModel!.Compilation;
        return calls.Select(call => new CallModel(
            KnownSymbols.FullName(call.TargetMethod.ContainingType),
            call.TargetMethod.Name,
            call.TargetMethod.Parameters.Select(p => KnownSymbols.ToParamModel(p, compilation)).ToEquatableArray(),
            KnownSymbols.KindOf(call.TargetMethod.ReturnType) ?? ScalarKind.Double,
            KnownSymbols.HasAttribute(call.TargetMethod, KnownSymbols.DifferentiableAttribute),
            ReturnsVoid: call.TargetMethod.ReturnsVoid,
            IsPassive: !call.Arguments.SelectMany(a => Reads(a.Value)).Any(varied.Contains) || !usefulCalls.Contains(call),
            SourceKey: CallGraph.SourceKeyOf(call.TargetMethod))).ToEquatableArray();
    }

    /// <summary>A value flowing into a variable: a declaration, an assignment (compound ones read the target too), an element write, a foreach variable.</summary>
    private sealed record Assignment(ISymbol? Target, IOperation Value, bool IsElementWrite);

    private static IEnumerable<Assignment> Assignments(IOperation body)
    {
        foreach (var operation in Body(body))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    yield return new Assignment(declarator.Symbol, initializer.Value, false);
                    break;
                case IAssignmentOperation assignment:
                    yield return new Assignment(Variable(assignment.Target), assignment.Value, assignment.Target is not (ILocalReferenceOperation or IParameterReferenceOperation));
                    break;
                case IForEachLoopOperation loop when loop.LoopControlVariable is IVariableDeclaratorOperation control:
                    yield return new Assignment(control.Symbol, loop.Collection, false);
                    break;
            }
        }
    }

    /// <summary>The body's operations, without the bodies of lambdas and local functions (rejected, and not the method's code).</summary>
    private static IEnumerable<IOperation> Body(IOperation body)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>The local or parameter an assignment writes, itself or one of its elements.</summary>
    private static ISymbol? Variable(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IArrayElementReferenceOperation element => Variable(element.ArrayReference),
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => Variable(instance),
        IConversionOperation conversion => Variable(conversion.Operand),
        _ => null,
    };

    /// <summary>Grows <paramref name="set"/> by what <paramref name="step"/> adds for each assignment, until nothing changes.</summary>
    private static void Close(HashSet<ISymbol> set, IEnumerable<Assignment> assignments, Func<Assignment, IEnumerable<ISymbol>> step)
    {
        var list = assignments.ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var assignment in list)
            {
                foreach (var symbol in step(assignment).ToList())
                {
                    changed |= set.Add(symbol);
                }
            }
        }
    }

    /// <summary>The locals and parameters a value reads with a derivative (<see cref="Values"/>).</summary>
    private static IEnumerable<ISymbol> Reads(IOperation value) => Values(value).Select(o => o switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
        _ => null,
    }).Where(s => s is not null)!;

    /// <summary>
    /// <paramref name="value"/> and the parts of it its value is differentiably computed from: reals and spans of them,
    /// not through indices, conditions, comparisons, <c>int</c>s or piecewise-constant functions.
    /// </summary>
    private static IEnumerable<IOperation> Values(IOperation value)
    {
        var pending = new Stack<IOperation>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IArgumentOperation argument)
            {
                pending.Push(argument.Value);
                continue;
            }

            if (!KnownSymbols.IsReal(KnownSymbols.ShapeOf(operation.Type).Kind))
            {
                continue;
            }

            yield return operation;
            var parts = operation switch
            {
                IConditionalOperation conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
                IArrayElementReferenceOperation element => new[] { element.ArrayReference },
                IPropertyReferenceOperation property => new[] { property.Instance },
                IInvocationOperation invocation when KnownSymbols.MathOp(invocation.TargetMethod) is { } op && Ops.Of(op).PiecewiseConstant => Array.Empty<IOperation?>(),
                _ => operation.ChildOperations.ToArray(),
            };
            foreach (var part in parts.Where(p => p is not null))
            {
                pending.Push(part!);
            }
        }
    }
}
