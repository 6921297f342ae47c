using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Helper methods a differentiable method's calls inline, as they inline static local functions: static methods of
/// this compilation, with a body, that take a <c>ref</c>/<c>out</c>/<c>in</c> parameter
/// (<c>static void Accumulate(ref double s, double v) { s += v * v; }</c>) or write a span parameter (a matrix–vector
/// product into the caller's buffer), and any such method called with a view of a span (<c>Dot(w.Slice(i * n, n),
/// x)</c>). A call cannot carry derivatives through any of these (a generated pullback has no seed for what the callee
/// writes, and takes whole spans), so their bodies are lowered at the call, where the caller's derivatives see every
/// read and write; every other call goes to the callee's generated members as before. The caller's model holds the inlined code,
/// so editing a helper regenerates its callers.
/// </summary>
internal static class InlinedHelpers
{
    /// <summary>Bodies already found, per compilation (each helper is asked again at every call).</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, IBlockOperation?>> Bodies = new();

    /// <summary>
    /// True when <paramref name="invocation"/> is inlined: a helper (see the class), or, where
    /// <paramref name="inlineCallees"/> (the calling body has loops or spans), a small <c>[Differentiable]</c> callee
    /// (<see cref="InlinedCallees"/>).
    /// </summary>
    public static bool Inlines(IInvocationOperation invocation, Compilation compilation, bool inlineCallees)
    {
        var target = invocation.TargetMethod;
        return target.MethodKind == MethodKind.Ordinary && target.IsStatic && !target.IsGenericMethod
            && ((target.Parameters.Any(p => p.RefKind != RefKind.None) || target.Parameters.Any(p => SpanWrites.IsWritten(p, compilation))
                || invocation.Arguments.Any(a => a.Parameter is { } p && KnownSymbols.ShapeOf(p.Type).IsArray && IsView(a.Value)))
                && Body(target, compilation) is not null
                || inlineCallees && InlinedCallees.Inlines(invocation, compilation));
    }

    /// <summary>
    /// True when <paramref name="value"/> is a view rather than a whole span: a <c>Slice</c>, <c>AsSpan</c> or range, or
    /// a local declared as one or as another name of a span (<c>ReadOnlySpan&lt;double&gt; row = w.Slice(i * n, n)</c>).
    /// A call cannot pass a view to the callee's generated members, which take whole spans; inlined, the callee reads
    /// and writes the view's elements as elements of the viewed span.
    /// </summary>
    public static bool IsView(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" }:
            case IImplicitIndexerReferenceOperation { Argument: IRangeOperation }:
            case IArrayElementReferenceOperation { Indices: { Length: 1 } indices } when indices[0] is IRangeOperation:
                return true;
            case ILocalReferenceOperation { Local: var local } when KnownSymbols.IsArrayLike(local.Type) && value.SemanticModel is { } model:
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initializer } && model.Compilation.ContainsSyntaxTree(initializer.SyntaxTree)
                        && SharedSemanticModels.For(model.Compilation, initializer.SyntaxTree).GetOperation(initializer) is { } aliased)
                    {
                        var named = aliased;
                        while (named is IConversionOperation inner)
                        {
                            named = inner.Operand;
                        }

                        return IsView(named) || named is IParameterReferenceOperation or ILocalReferenceOperation;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The body of <paramref name="target"/> (a block, or an expression body as a block), or null when it has no source here.</summary>
    public static IBlockOperation? Body(IMethodSymbol target, Compilation compilation)
    {
        var bodies = Bodies.GetValue(compilation, static _ => new ConcurrentDictionary<IMethodSymbol, IBlockOperation?>(SymbolEqualityComparer.Default));
        return bodies.GetOrAdd(target.OriginalDefinition, method =>
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax { } declaration && (declaration.Body is not null || declaration.ExpressionBody is not null)
                    && compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                    && SharedSemanticModels.For(compilation, declaration.SyntaxTree).GetOperation(declaration) is IMethodBodyOperation body)
                {
                    return body.BlockBody ?? body.ExpressionBody;
                }
            }

            return null;
        });
    }

    /// <summary>
    /// True when a helper <paramref name="body"/> inlines (transitively) has compile errors: a helper being typed. Its
    /// errors are the user's to fix first, so the method that inlines it gets nothing from SymDiff until it compiles,
    /// as a method with errors of its own does (<see cref="UserErrors"/>).
    /// </summary>
    public static bool HaveErrors(IOperation body, Compilation compilation, CancellationToken cancellationToken, bool inlineCallees) =>
        Helpers(body, compilation, inlineCallees).Any(helper => UserErrors.InDeclarationOf(helper.Symbol, compilation, cancellationToken));

    /// <summary>
    /// The operations of <paramref name="body"/> and of the helpers its calls inline, transitively (each helper once):
    /// what the lowering's choices over a whole body (loops, assignments inside expressions) must see.
    /// </summary>
    public static IEnumerable<IOperation> WithInlined(IOperation body, Compilation compilation, bool inlineCallees) =>
        body.Descendants().Concat(Helpers(body, compilation, inlineCallees).SelectMany(helper => helper.Body.Descendants()));

    /// <summary>The helpers <paramref name="body"/>'s calls inline, and theirs in turn, each once, with their bodies.</summary>
    private static IEnumerable<(IMethodSymbol Symbol, IBlockOperation Body)> Helpers(IOperation body, Compilation compilation, bool inlineCallees)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            foreach (var invocation in pending.Pop().Descendants().OfType<IInvocationOperation>())
            {
                var target = invocation.TargetMethod.OriginalDefinition;
                if (Inlines(invocation, compilation, inlineCallees) && seen.Add(target) && Body(target, compilation) is { } helper)
                {
                    yield return (target, helper);
                    pending.Push(helper);
                }
            }
        }
    }
}
