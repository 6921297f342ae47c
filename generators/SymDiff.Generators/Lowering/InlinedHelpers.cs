using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Helper methods a differentiable method's calls inline, as they inline static local functions: static methods of
/// this compilation, with a body, that take a <c>ref</c>/<c>out</c>/<c>in</c> parameter
/// (<c>static void Accumulate(ref double s, double v) { s += v * v; }</c>) or write a span parameter (a matrix–vector
/// product into the caller's buffer). A call cannot carry derivatives through either (a generated pullback has no
/// seed for what the callee writes), so their bodies are lowered at the call, where the caller's derivatives see every
/// write; every other call goes to the callee's generated members as before. The caller's model holds the inlined code,
/// so editing a helper regenerates its callers.
/// </summary>
internal static class InlinedHelpers
{
    /// <summary>Bodies already found, per compilation (each helper is asked again at every call).</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, IBlockOperation?>> Bodies = new();

    /// <summary>True when a call to <paramref name="target"/> is inlined (see the class).</summary>
    public static bool Inlines(IMethodSymbol target, Compilation compilation) =>
        target.MethodKind == MethodKind.Ordinary && target.IsStatic && !target.IsGenericMethod
        && (target.Parameters.Any(p => p.RefKind != RefKind.None) || target.Parameters.Any(p => SpanWrites.IsWritten(p, compilation)))
        && Body(target, compilation) is not null;

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
                    && compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration) is IMethodBodyOperation body)
                {
                    return body.BlockBody ?? body.ExpressionBody;
                }
            }

            return null;
        });
    }

    /// <summary>
    /// The operations of <paramref name="body"/> and of the helpers its calls inline, transitively (each helper once):
    /// what the lowering's choices over a whole body (loops, assignments inside expressions) must see.
    /// </summary>
    public static IEnumerable<IOperation> WithInlined(IOperation body, Compilation compilation)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            foreach (var operation in pending.Pop().Descendants())
            {
                yield return operation;
                if (operation is IInvocationOperation { TargetMethod: var target } && Inlines(target, compilation) && seen.Add(target.OriginalDefinition))
                {
                    pending.Push(Body(target, compilation)!);
                }
            }
        }
    }
}
