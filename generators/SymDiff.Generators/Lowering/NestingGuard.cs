using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Keeps recursion depth independent of what the user writes. The fence, lowering, the IR's value equality and the
/// printers all recurse over expression trees, and the compiler runs generators on threads with a 1 MB stack, where a
/// stack overflow aborts the whole compiler process. Roslyn itself compiles a 3,000-term sum (a left-deep tree) or
/// 1,300 nested parentheses, so SymDiff must not crash on them: a body nested deeper than <see cref="MaxDepth"/>
/// is rejected up front with SD0024 on the expression at fault. This walk itself is iterative.
/// </summary>
internal static class NestingGuard
{
    /// <summary>
    /// How many statements and expressions deep a body may nest. Every walker after the fence recurses a bounded
    /// number of frames per level; 256 levels fit a 1 MB stack with room to spare even in a debug build, leaving the
    /// rest to Roslyn (whose binder also recurses per level) and to the compiler's own frames.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>SD0024 on the outermost expression (else statement) of the first path deeper than <see cref="MaxDepth"/>, or null.</summary>
    public static DiagnosticInfo? Check(IMethodSymbol method, SyntaxNode body)
    {
        var stack = new Stack<(SyntaxNode Node, int Depth, SyntaxNode? Expression, SyntaxNode? Statement)>();
        stack.Push((body, 0, null, null));
        var max = 0;
        SyntaxNode? culprit = null;
        while (stack.Count > 0)
        {
            var (node, depth, expression, statement) = stack.Pop();
            if (node is ExpressionSyntax or StatementSyntax)
            {
                depth++;
                expression ??= node as ExpressionSyntax;
                statement ??= node as StatementSyntax;
            }

            max = Math.Max(max, depth);
            if (depth > MaxDepth && culprit is null)
            {
                culprit = expression ?? statement;
            }

            foreach (var child in node.ChildNodes())
            {
                stack.Push((child, depth, expression, statement));
            }
        }

        return culprit is null ? null : TooDeep(method, LocationInfo.From(culprit), string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N0} levels; SymDiff differentiates up to {1}", max, MaxDepth));
    }

    /// <summary>
    /// Throws <see cref="InsufficientExecutionStackException"/> when the stack is nearly used up: called by recursive
    /// walkers whose depth follows the body's length rather than its nesting (a chain of early returns, a long
    /// adjoint accumulation), so that even input the up-front check lets through ends in SD0024, not a crash.
    /// </summary>
    public static void EnsureStack() => RuntimeHelpers.EnsureSufficientExecutionStack();

    /// <summary>What SD0024 says of a method whose processing ran out of stack (at its name: where exactly is not known).</summary>
    public const string OutOfStackReason = "deeper than the compiler's stack allows";

    /// <summary>SD0024 on a method whose processing ran out of stack.</summary>
    public static DiagnosticInfo OutOfStack(string methodName, LocationInfo? location) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.NestedTooDeeply, location, methodName, OutOfStackReason);

    private static DiagnosticInfo TooDeep(IMethodSymbol method, LocationInfo? location, string how) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.NestedTooDeeply, location, method.Name, how);
}
