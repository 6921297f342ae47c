using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.CodeFixes.Infrastructure;

/// <summary>The call a call diagnostic (SD0007, SD0025) is reported on: the invocation, its callee and the method it is in.</summary>
internal sealed class DiagnosedCall
{
    private DiagnosedCall(InvocationExpressionSyntax syntax, IInvocationOperation invocation, MethodDeclarationSyntax caller)
    {
        Syntax = syntax;
        Invocation = invocation;
        Caller = caller;
    }

    public InvocationExpressionSyntax Syntax { get; }

    public IInvocationOperation Invocation { get; }

    /// <summary>The called method as declared (a generic type's method unsubstituted).</summary>
    public IMethodSymbol Callee => Invocation.TargetMethod.OriginalDefinition;

    /// <summary>The method whose body makes the call.</summary>
    public MethodDeclarationSyntax Caller { get; }

    /// <summary>The call a diagnostic at <paramref name="span"/> is on, or null when it is on none.</summary>
    public static DiagnosedCall? At(SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var call = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var caller = call?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        return call is not null && caller is not null && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
            ? new DiagnosedCall(call, invocation, caller)
            : null;
    }
}
