using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Decides whether a <c>Span&lt;T&gt;</c> parameter is an output. The type alone does not say: <c>Span&lt;T&gt;</c> is
/// what a caller holding a <c>T[]</c> or a buffer naturally passes for an input too, so a span parameter is an output
/// only when the method writes it — an element assignment, <c>++</c>/<c>--</c>, a <c>ref</c> to an element, a
/// <c>Clear</c>/<c>Fill</c>, or passing it on as an argument the callee writes (callees with source are followed;
/// a callee without source writes every <c>Span&lt;T&gt;</c> it takes). Every other span parameter is an input and
/// gets an adjoint and a tangent like a <c>ReadOnlySpan&lt;T&gt;</c>.
/// </summary>
internal static class SpanWrites
{
    /// <summary>Answers already worked out, per compilation: each parameter is asked again for every call to its method.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IParameterSymbol, bool>> Answers = new();

    /// <summary>True when <paramref name="parameter"/> is a writable span its method writes.</summary>
    public static bool IsWritten(IParameterSymbol parameter, Compilation compilation)
    {
        if (KnownSymbols.ShapeOf(parameter.Type) is not { IsArray: true, IsWritable: true })
        {
            return false;
        }

        var answers = Answers.GetValue(compilation, static _ => new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default));
        if (answers.TryGetValue(parameter, out var known))
        {
            return known;
        }

        // Only whole answers are kept: inside a cycle of calls a parameter's answer is partial (the cycle's other paths decide).
        var written = IsWritten(parameter, compilation, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
        answers.TryAdd(parameter, written);
        return written;
    }

    private static bool IsWritten(IParameterSymbol parameter, Compilation compilation, HashSet<IMethodSymbol> visiting)
    {
        if (KnownSymbols.ShapeOf(parameter.Type) is not { IsArray: true, IsWritable: true })
        {
            return false;
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method || method.DeclaringSyntaxReferences.Length == 0)
        {
            return true;
        }

        if (!visiting.Add(method.OriginalDefinition))
        {
            // A cycle through the same method adds no write of its own; the other paths decide.
            return false;
        }

        try
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    return true;
                }

                var model = SharedSemanticModels.For(compilation, syntax.SyntaxTree);
                foreach (var body in BodiesOf(syntax))
                {
                    if (model.GetOperation(body) is { } operation && Writes(operation, parameter, compilation, visiting))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            visiting.Remove(method.OriginalDefinition);
        }
    }

    private static IEnumerable<SyntaxNode> BodiesOf(SyntaxNode declaration)
    {
        var (block, arrow) = declaration switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax m => ((SyntaxNode?)m.Body, (SyntaxNode?)m.ExpressionBody),
            Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody),
            _ => (null, null),
        };
        if (block is not null)
        {
            yield return block;
        }

        if (arrow is not null)
        {
            yield return arrow;
        }
    }

    private static bool Writes(IOperation root, IParameterSymbol parameter, Compilation compilation, HashSet<IMethodSymbol> visiting)
    {
        // An explicit stack: bodies can nest deeper than the compiler's thread stack allows a recursive walk.
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (IsReferenceTo(operation, parameter) && WritesThrough(operation, compilation, visiting))
            {
                return true;
            }

            if (ElementOf(operation, parameter) && IsWriteTarget(operation))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return false;
    }

    private static bool IsReferenceTo(IOperation operation, IParameterSymbol parameter) =>
        operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

    /// <summary>An element of the span: <c>v[i]</c>, including <c>v[^1]</c>.</summary>
    private static bool ElementOf(IOperation operation, IParameterSymbol parameter) => operation switch
    {
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => IsReferenceTo(instance, parameter),
        IImplicitIndexerReferenceOperation { Instance: { } instance } => IsReferenceTo(instance, parameter),
        _ => false,
    };

    private static bool IsWriteTarget(IOperation element) => element.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == element,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        IVariableInitializerOperation initializer => initializer.Parent is IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref },
        // `return ref v[0];` hands the element out to be written; `return v[0];` only reads it (fuzzer seed 1015851).
        IReturnOperation => element.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.RefExpressionSyntax,
        _ => false,
    };

    /// <summary>The whole span used where it can be written: an instance call that writes, or an argument a callee writes.</summary>
    private static bool WritesThrough(IOperation reference, Compilation compilation, HashSet<IMethodSymbol> visiting)
    {
        // Conversions to another span type (Span<T> → ReadOnlySpan<T>, or implicit ones around a foreach collection)
        // pass the span on; what decides is where it goes.
        var use = reference;
        while (use.Parent is IConversionOperation conversion)
        {
            if (!KnownSymbols.ShapeOf(conversion.Type).IsWritable)
            {
                return false;
            }

            use = conversion;
        }

        return use.Parent switch
        {
            IInvocationOperation invocation when invocation.Instance == use =>
                invocation.TargetMethod.Name is "Clear" or "Fill" or "Reverse" or "Sort" or "GetPinnableReference",
            IArgumentOperation { Parameter: { } callee } => IsWritten(callee, compilation, visiting),
            IAssignmentOperation assignment => assignment.Value == use,
            IVariableInitializerOperation => true,

            // foreach reads the elements; only `foreach (ref var x in span)` can write them.
            IForEachLoopOperation loop => loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref },
            _ => false,
        };
    }
}
