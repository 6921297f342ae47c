using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Simplification;
using SymDiff.Generators.Model;

namespace SymDiff.CodeFixes;

/// <summary>
/// SD0007 (call to a method without a derivative): writes a <c>[DerivativeOf]</c> pullback for the callee next to the
/// calling method, with the signature SymDiff validates (the callee's parameters, a seed, one <c>ref</c> adjoint per
/// differentiable parameter, named as SymDiff names them) and a body that throws until it is written, saying what to
/// write. Works for any callee, a library's included (the attribute then names its type). Offered for callees over
/// scalars: a pullback's adjoints are scalars, so a callee over spans has no pullback of this form.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDerivativeOfStub)), Shared]
internal sealed class AddDerivativeOfStub : SiteFixProvider<AddDerivativeOfStub.Site>
{
    private static readonly string[] GeneratedSuffixes = { "Gradient", "Pullback", "Pushforward", "Jacobian", "Batch", "PullbackBatch" };

    public AddDerivativeOfStub()
        : base(DiagnosticDescriptors.NonDifferentiableCall, "Add [DerivativeOf] pullbacks for the called methods")
    {
    }

    protected override Site? FindSite(Document document, SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        if (DiagnosedCall.At(root, model, span, cancellationToken) is not { Caller.Parent: TypeDeclarationSyntax type } call
            || model.GetDeclaredSymbol(type, cancellationToken) is not { } owner
            || !HasPullback(call.Callee))
        {
            return null;
        }

        var callee = call.Callee;
        var position = call.Caller.SpanStart;
        string Display(ITypeSymbol t) => t.ToMinimalDisplayString(model, position);
        var sameType = SymbolEqualityComparer.Default.Equals(callee.ContainingType, owner);
        var qualified = sameType ? callee.Name : $"{Display(callee.ContainingType)}.{callee.Name}";
        var target = sameType ? $"nameof({callee.Name})" : $"typeof({Display(callee.ContainingType)}), nameof({qualified})";

        var parameters = GeneratedNames.Assign(callee.Name, callee.Parameters.Select(p => KnownSymbols.ToParamModel(p, model.Compilation)).ToList());
        var taken = new HashSet<string>(parameters.Select(p => p.Name).Concat(parameters.Where(p => p.IsDifferentiable).Select(p => p.Adjoint)), StringComparer.Ordinal);
        var seed = GeneratedNames.Free(taken, "seed");
        var returnType = Display(callee.ReturnType);
        var signature = callee.Parameters.Select((p, i) => $"{Display(p.Type)} {parameters[i].Name}")
            .Append($"{returnType} {seed}")
            .Concat(parameters.Where(p => p.IsDifferentiable).Select(p => $"ref {returnType} {p.Adjoint}"));

        var primal = $"{qualified}({string.Join(", ", parameters.Select(p => p.Name))})";
        var steps = parameters.Where(p => p.IsDifferentiable).Select(p => $"{p.Adjoint} += {seed} * ∂{callee.Name}/∂{Names.Unescaped(p.Name)}; ");
        var message = $"Write the pullback of {primal}: {string.Concat(steps)}then return {primal}.";

        return new Site(
            document,
            type.Span,
            "stub:" + callee.GetDocumentationCommentId(),
            $"Add a [DerivativeOf] pullback for '{qualified}'",
            call.Caller.Span,
            callee.Name + "Pullback",
            MemberNames(owner),
            name => $"[global::SymDiff.DerivativeOfAttribute({target})]\ninternal static {returnType} {name}({string.Join(", ", signature)})\n{{\n    throw new global::System.NotImplementedException({SymbolDisplay.FormatLiteral(message, quote: true)});\n}}");
    }

    protected override SyntaxNode Rewrite(Document document, SyntaxNode root, IReadOnlyList<Site> sites, CancellationToken cancellationToken)
    {
        var endOfLine = SyntaxEdits.EndOfLine(root);
        var byType = sites.GroupBy(s => s.Span).ToDictionary(g => g.Key, g => g.ToList());
        var types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => byType.ContainsKey(t.Span));
        return root.ReplaceNodes(types, (original, rewritten) =>
        {
            // Nested types may have been rewritten already; members keep their order, so the caller is found by index.
            var members = rewritten.Members;
            var taken = new HashSet<string>(byType[original.Span].SelectMany(s => s.TakenNames), StringComparer.Ordinal);
            var named = byType[original.Span].Select(site => (Site: site, Name: GeneratedNames.Free(taken, site.Name))).ToList();

            // From the last: each stub goes right after its caller, and those of one caller stay in order.
            foreach (var (site, name) in named.AsEnumerable().Reverse())
            {
                var caller = original.Members.IndexOf(m => m.Span == site.Caller);
                var indentation = SyntaxEdits.Indentation(original.Members[caller].GetLeadingTrivia()).ToString();
                members = members.Insert(caller + 1, Stub(site.Render(name), indentation, endOfLine.ToString()));
            }

            return rewritten.WithMembers(members);
        });
    }

    /// <summary>False for a callee no pullback can be written for: one over spans, or not returning double or float.</summary>
    private static bool HasPullback(IMethodSymbol callee) =>
        KnownSymbols.IsReal(KnownSymbols.KindOf(callee.ReturnType))
        && callee.Parameters.All(p => p.RefKind == RefKind.None && KnownSymbols.ShapeOf(p.Type) is { IsArray: false, Kind: not null });

    /// <summary>The names of the type's members, with those SymDiff generates for its [Differentiable] methods.</summary>
    private static IEnumerable<string> MemberNames(INamedTypeSymbol type) =>
        type.GetMembers().Select(m => m.Name).Concat(type.GetMembers().OfType<IMethodSymbol>()
            .Where(m => KnownSymbols.HasAttribute(m, KnownSymbols.DifferentiableAttribute))
            .SelectMany(m => GeneratedSuffixes.Select(suffix => m.Name + suffix)));

    /// <summary>The stub's text as a member, indented like the caller, after a blank line.</summary>
    private static MemberDeclarationSyntax Stub(string text, string indentation, string endOfLine)
    {
        var lines = text.Split('\n').Select(line => indentation + line);
        var member = SyntaxFactory.ParseMemberDeclaration(endOfLine + string.Join(endOfLine, lines) + endOfLine)!;
        return member.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The type the pullback goes into, the calling method it follows, and its text for a free name.</summary>
    internal sealed class Site : FixSite
    {
        public Site(Document document, TextSpan type, string key, string title, TextSpan caller, string name, IEnumerable<string> takenNames, Func<string, string> render)
            : base(document, type, key, title)
        {
            Caller = caller;
            Name = name;
            TakenNames = takenNames.ToList();
            Render = render;
        }

        public TextSpan Caller { get; }

        public string Name { get; }

        public IReadOnlyList<string> TakenNames { get; }

        public Func<string, string> Render { get; }
    }
}
