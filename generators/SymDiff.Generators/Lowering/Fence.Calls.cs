using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// The fence's checks of calls: math functions, calls to other methods (whose derivatives are looked for once the
/// registry of custom derivatives is known), and calls that inline their callee (helpers, local functions and small
/// <c>[Differentiable]</c> callees, <see cref="InlinedHelpers"/>), whose bodies are checked here as the method's own.
/// </summary>
internal sealed partial class Fence
{
    private void Invocation(IInvocationOperation invocation)
    {
        if (ReadsCollection(invocation))
        {
            return;
        }

        if (MatrixBounds.Of(invocation) is { } bound)
        {
            if (bound.Dimension < 0)
            {
                Reject(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, invocation.Syntax.ToString(),
                    "the dimension of a two-dimensional array must be the constant 0 (its rows) or 1 (its columns)");
            }
            else
            {
                Expression(bound.Matrix);
            }

            return;
        }

        var target = invocation.TargetMethod;
        if (target.Name is "Fill" or "Clear" && invocation.Instance is { } span && KnownSymbols.ShapeOf(span.Type) is { IsArray: true, IsWritable: true } && invocation.Parent is IExpressionStatementOperation)
        {
            // span.Fill(v), span.Clear(): a loop storing into every element (LoopLowerer.FillOrClear).
            Expression(span);
            Arguments(invocation);
            return;
        }

        var callsReportedDelegate = invocation.Instance is ILocalReferenceOperation { Local: var local } && _delegates.Contains(local);
        if (target.MethodKind == MethodKind.LocalFunction)
        {
            // Checked where it is declared (LocalFunction); inlined at each call.
            InlinedArguments(invocation);
            return;
        }

        if (KnownSymbols.MathOp(target) is null && !callsReportedDelegate)
        {
            if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method.OriginalDefinition))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RecursiveCall, Where(invocation.Syntax), _method.Name, "a direct call"));
                return;
            }

            if (invocation.SemanticModel is { Compilation: var compilation } && InlinedHelpers.Inlines(invocation, compilation, _inlineCallees))
            {
                InlinedCall(invocation, compilation);
                return;
            }

            var problem = UserCallProblem(target);
            if (problem is not null)
            {
                Reject(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, invocation.Syntax.ToString(), problem);
                return;
            }

            _calls.Add(invocation);
        }

        foreach (var argument in invocation.Arguments)
        {
            Expression(argument.Value);
        }
    }

    /// <summary>Why a call to a user method cannot be differentiated, or null when it can (given a derivative).</summary>
    private static string? UserCallProblem(IMethodSymbol target)
    {
        if (!target.IsStatic)
        {
            return $"'{target.Name}' is an instance method; only static methods are differentiated";
        }

        if (target.IsGenericMethod)
        {
            return $"'{target.Name}' is generic; call a non-generic double or float method";
        }

        // A math function without a rule of its own (double.Exp10, Math.Round(x, digits)) that returns a real is a call like any
        // other: made as written where no derivative flows through it, otherwise SD0007 (with the spelling SymDiff
        // supports), unless the user gives it a [DerivativeOf] derivative.
        var writesSpan = target.ReturnsVoid && target.Parameters.Any(p => KnownSymbols.ShapeOf(p.Type) is { IsArray: true, IsWritable: true });
        if (!writesSpan && !KnownSymbols.IsReal(KnownSymbols.KindOf(target.ReturnType)))
        {
            var type = KnownSymbols.FullName(target.ContainingType!);
            return MathSpellings.IsMathType(type)
                ? $"'{MathSpellings.Display(type, target.Name)}' has no derivative rule in SymDiff"
                  + (MathSpellings.Advice(type, target.Name, target.Parameters.Length) is { } spelling ? "; " + spelling : string.Empty)
                : $"'{target.Name}' returns '{target.ReturnType.ToDisplayString()}'; differentiable calls return double or float";
        }

        foreach (var parameter in target.Parameters)
        {
            if (parameter.RefKind != RefKind.None || KnownSymbols.ShapeOf(parameter.Type).Kind is null)
            {
                return $"parameter '{parameter.Name}' of '{target.Name}' is '{parameter.Type.ToDisplayString()}'{(parameter.RefKind == RefKind.None ? string.Empty : " by reference")}; calls pass double, float, int or bool by value, or spans of them";
            }
        }

        return null;
    }

    /// <summary>
    /// The arguments of a call that is inlined (a helper or a local function): each checked as an expression, and a
    /// <c>ref</c>/<c>out</c> one a scalar variable, an element, an <c>out var</c> declaration or a discard (<c>out _</c>),
    /// which the inlined body reads and writes in place.
    /// </summary>
    private void InlinedArguments(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value;
            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out } byReference
                && !(IsVariable(value) && KnownSymbols.KindOf(value.Type) is not null || IsElement(value) || value is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation } or IDiscardOperation))
            {
                Reject(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax, argument.Syntax.ToString(),
                    $"the argument for '{byReference.Name}' of '{invocation.TargetMethod.Name}' must be a scalar local or parameter, or an element of a span or buffer");
                continue;
            }

            if (value is not (IDeclarationExpressionOperation or IDiscardOperation))
            {
                Expression(value);
            }
        }
    }

    /// <summary>
    /// A call that inlines its callee (<see cref="InlinedHelpers"/>): the callee returns a scalar or nothing and takes
    /// scalars and spans; a <c>ref</c>/<c>out</c>/<c>in</c> argument is a scalar variable or an element; its body is
    /// checked like the method's, once, its problems reported at this call.
    /// </summary>
    private void InlinedCall(IInvocationOperation invocation, Compilation compilation)
    {
        var target = invocation.TargetMethod;
        var parameter = target.Parameters.FirstOrDefault(p => p.IsParams || KnownSymbols.ShapeOf(p.Type).Kind is null || p.RefKind != RefKind.None && KnownSymbols.ShapeOf(p.Type).IsArray);
        var why = target.ReturnsByRef || target.ReturnsByRefReadonly ? $"'{target.Name}' returns by reference; return the value"
            : !target.ReturnsVoid && KnownSymbols.KindOf(target.ReturnType) is null ? $"'{target.Name}' returns '{target.ReturnType.ToDisplayString()}'; a helper returns double, float, int or bool, or nothing"
            : parameter is not null ? $"parameter '{parameter.Name}' of '{target.Name}' is '{parameter.Type.ToDisplayString()}'{(parameter.IsParams ? " params" : parameter.RefKind != RefKind.None ? " by reference" : string.Empty)}; a helper takes double, float, int or bool (by value or by ref), or spans of them"
            : null;
        if (why is not null)
        {
            Reject(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, invocation.Syntax.ToString(), why);
            return;
        }

        InlinedArguments(invocation);
        if (_checkedHelpers.Add(target.OriginalDefinition) && InlinedHelpers.Body(target, compilation) is { } body)
        {
            var around = _inlining;
            _inlining = (around?.Site ?? invocation.Syntax, target);
            try
            {
                Statement(body);
            }
            finally
            {
                _inlining = around;
            }
        }
    }
}
