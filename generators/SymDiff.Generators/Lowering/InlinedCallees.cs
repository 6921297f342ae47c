using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Small <c>[Differentiable]</c> callees a method with loops or spans inlines instead of calling: split-mode calls by
/// inlining. A call to another differentiable method is otherwise a checkpoint: the caller's reverse sweep calls the
/// callee's <c>Pullback</c>, which runs the callee's forward sweep again (a <c>Sigmoid</c> or a log-sum-exp inside a
/// recurrence, once per step). Inlined, the callee's body is lowered at the call like a helper's
/// (<see cref="InlinedHelpers"/>), so the caller's forward sweep records what the callee's reverse sweep needs and
/// nothing is computed twice.
/// </summary>
/// <remarks>
/// <para>A callee is inlined when all of these hold, so that inlining it changes the cost and never the derivatives:</para>
/// <list type="bullet">
/// <item>the caller is a body with loops or spans (a body over scalars alone calls the callee's fused
/// value-and-partials member, which recomputes nothing, and keeps its batched kernels);</item>
/// <item>the callee is a static, non-generic <c>[Differentiable]</c> method of this compilation without compile errors,
/// returns <c>double</c> or <c>float</c>, and takes scalars and one-dimensional spans by value;</item>
/// <item>it is small: at most <see cref="MaxOperations"/> operations, counting those of the callees it inlines in turn,
/// and every call it makes is inlined too (math functions aside: helpers, its own local functions, and callees that
/// pass this rule themselves, so a <c>Gate</c> calling a <c>Sigmoid</c> is inlined whole; a cycle of calls never is);</item>
/// <item>its body passes SymDiff's checks on its own (<see cref="Fence"/>), so the caller reports nothing new;</item>
/// <item>no <c>[Differentiable(Inline = false)]</c>, no <c>[Checkpoint]</c> (both ask for the call and its
/// recomputation), and no <c>[DerivativeOf]</c> derivative of a method of
/// its name anywhere in the compilation (the user's derivative is used as written).</item>
/// </list>
/// <para>A callee with a <c>[NoDerivative]</c> real parameter is inlined only at calls whose argument for it is plainly
/// free of derivatives (<see cref="PlainlyInactive"/>: constants, <c>[NoDerivative]</c> and integer parameters, static
/// readonly data, their elements, and arithmetic of these). A call drops a derivative flowing into such a parameter
/// (warning SD0025); inlined, it would flow, so any other argument keeps the call and its warning.</para>
/// <para>The verdict is per callee and per compilation (the callee's body is read once); the caller's model holds the
/// inlined code, so editing the callee regenerates its callers.</para>
/// </remarks>
internal static class InlinedCallees
{
    /// <summary>The largest callee inlined, in operations (<c>IOperation</c> nodes) of its body and of the bodies it inlines.</summary>
    public const int MaxOperations = 200;

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>> Verdicts = new();

    private static readonly ConditionalWeakTable<Compilation, HashSet<string>?> CustomDerivativeTargets = new();

    /// <summary><see cref="NeverAssigned"/> per parameter: every call to the callee asks it again, in each stage.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IParameterSymbol, bool>> Unassigned = new();

    /// <summary>The callees whose verdict this thread is deciding: one met again is part of a cycle of calls, not inlined.</summary>
    [ThreadStatic]
    private static HashSet<IMethodSymbol>? t_deciding;

    /// <summary>True when the call to <paramref name="invocation"/>'s target inlines it (see the class).</summary>
    public static bool Inlines(IInvocationOperation invocation, Compilation compilation)
    {
        var target = invocation.TargetMethod;
        if (target.MethodKind != MethodKind.Ordinary || !target.IsStatic || target.IsGenericMethod
            || !KnownSymbols.HasAttribute(target, KnownSymbols.DifferentiableAttribute))
        {
            return false;
        }

        if (!target.Parameters.All(p => !KnownSymbols.IsReal(KnownSymbols.ShapeOf(p.Type).Kind) || KnownSymbols.IsDifferentiable(p)
            || invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, p)) is not { } argument || PlainlyInactive(argument.Value)))
        {
            return false;
        }

        var verdicts = Verdicts.GetValue(compilation, static _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
        var method = target.OriginalDefinition;
        if (verdicts.TryGetValue(method, out var verdict))
        {
            return verdict;
        }

        var deciding = t_deciding ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (!deciding.Add(method))
        {
            // Met again while deciding it: the callee calls itself, directly or through others.
            return false;
        }

        try
        {
            return verdicts.GetOrAdd(method, Small(method, compilation));
        }
        finally
        {
            deciding.Remove(method);
        }
    }

    private static bool Small(IMethodSymbol method, Compilation compilation)
    {
        if (KnownSymbols.HasAttribute(method, KnownSymbols.CheckpointAttribute) || AsksNotToBeInlined(method)
            || method.ReturnsByRef || method.ReturnsByRefReadonly || !KnownSymbols.IsReal(KnownSymbols.KindOf(method.ReturnType))
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || KnownSymbols.ShapeOf(p.Type).Kind is null || KnownSymbols.IsMatrix(p.Type))
            || InlinedHelpers.Body(method, compilation) is not { } body
            || Targets(compilation) is not { } targets || targets.Contains(method.Name))
        {
            return false;
        }

        // The operation count first: it is the cheapest test that rules out most callees.
        if (InlinedHelpers.WithInlined(body, compilation, inlineCallees: true).Take(MaxOperations + 1).Count() > MaxOperations)
        {
            return false;
        }

        if (UserErrors.InDeclarationOf(method, compilation, CancellationToken.None) || InlinedHelpers.HaveErrors(body, compilation, CancellationToken.None, inlineCallees: true))
        {
            return false;
        }

        var diagnostics = new List<DiagnosticInfo>();
        var calls = Fence.CheckBody(method, body, diagnostics, inlineCallees: true);
        return calls.Count == 0 && diagnostics.Count == 0;
    }

    /// <summary>
    /// True for a value no derivative can flow into: a constant, a <c>[NoDerivative]</c> or non-real parameter (of the
    /// method, or of a function inlined into it, whose own argument was checked the same way), static readonly data, an
    /// element of one of these, and conversions and arithmetic of such values.
    /// </summary>
    private static bool PlainlyInactive(IOperation value)
    {
        NestingGuard.EnsureStack();
        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        return value switch
        {
            IConversionOperation conversion => PlainlyInactive(conversion.Operand),
            IParenthesizedOperation parenthesized => PlainlyInactive(parenthesized.Operand),
            IUnaryOperation unary => PlainlyInactive(unary.Operand),
            IBinaryOperation binary => PlainlyInactive(binary.LeftOperand) && PlainlyInactive(binary.RightOperand),
            IParameterReferenceOperation { Parameter: var parameter } => parameter.RefKind == RefKind.None && !KnownSymbols.IsDifferentiable(parameter)
                && KnownSymbols.ShapeOf(parameter.Type) is not { IsArray: true, IsWritable: true }
                && value.SemanticModel is { Compilation: var compilation }
                && Unassigned.GetValue(compilation, static _ => new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default)).GetOrAdd(parameter, NeverAssigned),
            IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } } => true,
            IArrayElementReferenceOperation element => PlainlyInactive(element.ArrayReference),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => PlainlyInactive(instance),
            IImplicitIndexerReferenceOperation indexer => PlainlyInactive(indexer.Instance),
            _ => false,
        };
    }

    /// <summary>
    /// True when the body declaring <paramref name="parameter"/> never assigns it (<c>=</c>, a compound assignment,
    /// <c>++</c>/<c>--</c>, a <c>ref</c>/<c>out</c> argument), by name: a <c>[NoDerivative]</c> parameter the method
    /// overwrites with a value of its inputs would carry their derivative.
    /// </summary>
    private static bool NeverAssigned(IParameterSymbol parameter)
    {
        var name = parameter.Name;
        bool Names(ExpressionSyntax expression) => expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;
        return parameter.ContainingSymbol.DeclaringSyntaxReferences.All(reference => !reference.GetSyntax().DescendantNodes().Any(node => node switch
        {
            AssignmentExpressionSyntax assignment => Names(assignment.Left),
            PrefixUnaryExpressionSyntax prefix => Names(prefix.Operand),
            PostfixUnaryExpressionSyntax postfix => Names(postfix.Operand),
            ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => Names(argument.Expression),
            _ => false,
        }));
    }

    /// <summary>True for <c>[Differentiable(Inline = false)]</c>.</summary>
    private static bool AsksNotToBeInlined(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.DifferentiableAttribute
            && a.NamedArguments.Any(n => n.Key == "Inline" && n.Value.Value is false));

    /// <summary>
    /// The method names <c>[DerivativeOf]</c> attributes of the compilation name, found syntactically (an attribute
    /// named like it, its method-name argument a <c>nameof</c> or a string): a callee of such a name is not inlined, so a
    /// custom derivative is never bypassed (a same-named method of another type is conservatively called as well).
    /// Null when an argument names its method some other way (a constant): then no callee is inlined.
    /// </summary>
    private static HashSet<string>? Targets(Compilation compilation) => CustomDerivativeTargets.GetValue(compilation, static compilation =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                if (attribute.Name.ToString().Contains("DerivativeOf") && attribute.ArgumentList?.Arguments.LastOrDefault()?.Expression is { } argument)
                {
                    switch (argument)
                    {
                        case LiteralExpressionSyntax literal:
                            names.Add(literal.Token.ValueText);
                            break;
                        case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" }, ArgumentList.Arguments: { Count: 1 } nameofArguments }:
                            names.Add(LastName(nameofArguments[0].Expression));
                            break;
                        default:
                            return null;
                    }
                }
            }
        }

        return names;
    });

    private static string LastName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => expression.ToString(),
    };
}
