using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Whether the user's own declaration already has compile errors. Code that is being typed is half-finished most of
/// the time: the compiler reports what is wrong with it, and anything SymDiff said or generated on top (an internal
/// error, an "unsupported expression" for an undefined name, derivatives of a body that does not compile) would only
/// bury that report. So a method with errors gets nothing from SymDiff until it compiles.
/// </summary>
internal static class UserErrors
{
    /// <summary>
    /// True when <paramref name="syntax"/> has a syntax error, or the compiler reports a semantic error inside it
    /// (its signature, attributes or body). Syntax errors are free to check; the semantic check binds only this
    /// method, which lowering binds anyway.
    /// </summary>
    public static bool InMethod(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        if (syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(IsError))
        {
            return true;
        }

        return model.GetDiagnostics(syntax.Span, cancellationToken).Any(IsError);
    }

    /// <summary>
    /// True when a declaration of <paramref name="method"/> in <paramref name="compilation"/> has errors
    /// (<see cref="InMethod"/>): a helper or callee being typed, whose errors are the user's to fix first.
    /// </summary>
    public static bool InDeclarationOf(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration && compilation.ContainsSyntaxTree(declaration.SyntaxTree)
            && InMethod(SharedSemanticModels.For(compilation, declaration.SyntaxTree), declaration, cancellationToken));

    /// <summary>
    /// True when the containing type declares another method with <paramref name="method"/>'s name and parameter
    /// types (a copy-paste; CS0111 is reported on the copy only): every call to either is ambiguous (CS0121), so
    /// derivatives that call the primal could not compile for the first declaration either.
    /// </summary>
    public static bool IsDuplicated(IMethodSymbol method) =>
        method.ContainingType is { } type && type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            !SymbolEqualityComparer.Default.Equals(other, method)
            && other.Parameters.Length == method.Parameters.Length
            && other.Parameters.Zip(method.Parameters, (a, b) => a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same));

    /// <summary>
    /// True when a declaration of <paramref name="method"/> (in any file) has a syntax error: a method that is still
    /// being typed, such as <c>static double Hyp(double </c>, whose parameters may have no names yet.
    /// </summary>
    public static bool InSyntaxOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax(cancellationToken) is { ContainsDiagnostics: true } node
            && node.GetDiagnostics().Any(IsError));

    /// <summary>
    /// An error of the language, not a warning the project promotes (<c>TreatWarningsAsErrors</c>): an unused local
    /// must not cost a method its derivatives.
    /// </summary>
    private static bool IsError(Diagnostic diagnostic) => diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.IsWarningAsError;
}
