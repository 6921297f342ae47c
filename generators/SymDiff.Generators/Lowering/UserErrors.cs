using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Whether the user's own declaration already has compile errors. Code that is being typed is half-finished most of
/// the time: the compiler reports what is wrong with it, and anything SymDiff said or generated on top (an internal
/// error, an "unsupported expression" for an undefined name, derivatives of a body that does not compile) would only
/// bury that report. So a method with errors gets nothing from SymDiff until it compiles.
/// </summary>
internal static class UserErrors
{
    /// <summary>The compiler's errors in each file of a compilation, asked for once each.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, FileErrors>> Errors = new();

    /// <summary>
    /// Binding a plain member costs about an eighth of what asking the compiler for one method's errors costs beyond
    /// binding it (measured on files of 300 methods): a file with fewer plain members than this many for each
    /// <c>[Differentiable]</c> or <c>[DerivativeOf]</c> method is asked for once, whole.
    /// </summary>
    private const int PlainMembersPerAskWorthBinding = 8;

    /// <summary>
    /// True when <paramref name="syntax"/> has a syntax error, or the compiler reports a semantic error inside it
    /// (its signature, attributes or body). Syntax errors are free to check. Semantic errors are asked of the compiler
    /// for the method's span or, where most of the file's members are SymDiff's, for the whole file once per
    /// compilation (<see cref="FileErrors"/>), then looked up by the method's span.
    /// </summary>
    public static bool InMethod(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        if (syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(IsError))
        {
            return true;
        }

        var span = syntax.Span;
        var errors = Errors.GetValue(model.Compilation, static _ => new()).GetOrAdd(model.SyntaxTree, static tree => new FileErrors(tree))
            .Spans(model, cancellationToken);
        return errors is { } spans
            ? spans.Any(error => error.IntersectsWith(span))
            : model.GetDiagnostics(span, cancellationToken).Any(IsError);
    }

    /// <summary>
    /// Where the compiler reports errors in one file (each error's location and its additional locations in the
    /// file), when its members are mostly SymDiff's. Asked per method, the compiler set up a compilation of the
    /// method's span every time and walked every declaration of the file to filter them by location: a quarter of the
    /// generator's time on a file of 300 methods, and growing with the file. Asked once for the file, it binds each
    /// body once, as asking per method did, and the plain members too: worth it only where they are few
    /// (<see cref="PlainMembersPerAskWorthBinding"/>).
    /// </summary>
    private sealed class FileErrors(SyntaxTree tree)
    {
        private readonly bool _askWhole = AskWhole(tree.GetRoot());
        private TextSpan[]? _spans;

        /// <summary>The errors' spans, or null when the file is asked method by method.</summary>
        public IReadOnlyList<TextSpan>? Spans(SemanticModel model, CancellationToken cancellationToken)
        {
            if (!_askWhole)
            {
                return null;
            }

            // Two threads may both ask (the generator's and the analyzer's runs share a compilation); either answer is
            // the same, and an array is published whole.
            return _spans ??= model.GetDiagnostics(span: null, cancellationToken).Where(IsError)
                .SelectMany(d => d.AdditionalLocations.Prepend(d.Location))
                .Where(location => location.SourceTree == model.SyntaxTree)
                .Select(location => location.SourceSpan)
                .ToArray();
        }

        private static bool AskWhole(SyntaxNode root)
        {
            int ours = 0, plain = 0;
            foreach (var member in root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
            {
                if (member is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax)
                {
                    continue;
                }

                if (member.AttributeLists.SelectMany(list => list.Attributes).Any(IsSymDiffs))
                {
                    ours++;
                }
                else
                {
                    plain++;
                }
            }

            return ours > 0 && plain < PlainMembersPerAskWorthBinding * ours;
        }

        /// <summary>
        /// The names <c>[Differentiable]</c> and <c>[DerivativeOf]</c> (the methods SymDiff asks about) are written with,
        /// with and without the suffix.
        /// </summary>
        private static readonly HashSet<string> OursByName = new(
            new[] { KnownSymbols.DifferentiableAttribute, KnownSymbols.DerivativeOfAttribute }
                .Select(metadataName => metadataName.Substring(metadataName.LastIndexOf('.') + 1))
                .SelectMany(name => new[] { name, name.Substring(0, name.Length - "Attribute".Length) }),
            StringComparer.Ordinal);

        /// <summary><c>[Differentiable]</c> or <c>[DerivativeOf]</c>, by the name written (the file's syntax, before binding).</summary>
        private static bool IsSymDiffs(AttributeSyntax attribute) => OursByName.Contains(attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax n => n.Identifier.ValueText,
            _ => string.Empty,
        });
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
