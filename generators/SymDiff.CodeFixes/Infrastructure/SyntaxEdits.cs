using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Simplification;

namespace SymDiff.CodeFixes.Infrastructure;

/// <summary>Edits of declarations that keep the user's layout: a modifier or an attribute added where C# wants it.</summary>
internal static class SyntaxEdits
{
    /// <summary><paramref name="root"/> with each node of type <typeparamref name="TNode"/> at one of <paramref name="spans"/> edited (nested ones too).</summary>
    public static SyntaxNode ReplaceAt<TNode>(SyntaxNode root, IEnumerable<TextSpan> spans, Func<TNode, TNode> edit)
        where TNode : SyntaxNode
    {
        var at = new HashSet<TextSpan>(spans);
        var nodes = root.DescendantNodesAndSelf().OfType<TNode>().Where(n => at.Contains(n.Span));
        return root.ReplaceNodes(nodes, (_, rewritten) => edit(rewritten));
    }

    /// <summary><c>partial</c> last among the type's modifiers, right before its keyword, as C# requires.</summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return type;
        }

        if (type.Modifiers.Count == 0)
        {
            return type.WithKeyword(type.Keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(Modifier(SyntaxKind.PartialKeyword, type.Keyword.LeadingTrivia)));
        }

        return type.WithModifiers(type.Modifiers.Add(Modifier(SyntaxKind.PartialKeyword, default)));
    }

    /// <summary><c>static</c> after the method's accessibility (and <c>new</c>), before the rest of its modifiers.</summary>
    public static MethodDeclarationSyntax WithStatic(MethodDeclarationSyntax method)
    {
        var modifiers = method.Modifiers;
        if (modifiers.Count == 0)
        {
            return method.WithReturnType(method.ReturnType.WithoutLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(Modifier(SyntaxKind.StaticKeyword, method.ReturnType.GetLeadingTrivia())));
        }

        var index = 0;
        while (index < modifiers.Count && IsAccessibilityOrNew(modifiers[index].Kind()))
        {
            index++;
        }

        if (index > 0)
        {
            return method.WithModifiers(modifiers.Insert(index, Modifier(SyntaxKind.StaticKeyword, default)));
        }

        var first = modifiers[0];
        return method.WithModifiers(modifiers.Replace(first, first.WithLeadingTrivia()).Insert(0, Modifier(SyntaxKind.StaticKeyword, first.LeadingTrivia)));
    }

    /// <summary>The method with <paramref name="attribute"/> as its first attribute list, on a line of its own.</summary>
    public static MethodDeclarationSyntax WithAttribute(MethodDeclarationSyntax method, AttributeListSyntax attribute, SyntaxTrivia endOfLine)
    {
        var leading = method.GetLeadingTrivia();
        var list = attribute.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine, Indentation(leading));
        return method.WithoutLeadingTrivia().WithAttributeLists(method.WithoutLeadingTrivia().AttributeLists.Insert(0, list));
    }

    /// <summary>The parameter with <paramref name="attribute"/> as its first attribute list: <c>[A] double x</c>.</summary>
    public static ParameterSyntax WithAttribute(ParameterSyntax parameter, AttributeListSyntax attribute)
    {
        var list = attribute.WithLeadingTrivia(parameter.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space);
        var bare = parameter.WithoutLeadingTrivia();
        return bare.WithAttributeLists(bare.AttributeLists.Insert(0, list));
    }

    /// <summary>
    /// <c>[global::SymDiff.{name}]</c>, marked for the code action's cleanup to shorten (to <c>[{name}]</c> where
    /// <c>using SymDiff;</c> is in scope) and to add the <c>using</c> where it is not.
    /// </summary>
    public static AttributeListSyntax SymDiffAttribute(string name) =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(QualifiedName("SymDiff." + name + "Attribute"))));

    /// <summary><c>global::</c><paramref name="dottedName"/>, marked for the code action's cleanup to shorten and import.</summary>
    public static NameSyntax QualifiedName(string dottedName) =>
        SyntaxFactory.ParseName("global::" + dottedName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The document's line break (its first one), or a line feed.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var first = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return first.IsKind(SyntaxKind.EndOfLineTrivia) ? first : SyntaxFactory.LineFeed;
    }

    /// <summary>The whitespace that indents the line a node with this leading trivia starts on.</summary>
    public static SyntaxTrivia Indentation(SyntaxTriviaList leading)
    {
        var space = leading.Reverse().TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).FirstOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        return space.IsKind(SyntaxKind.WhitespaceTrivia) ? space : SyntaxFactory.Whitespace(string.Empty);
    }

    private static SyntaxToken Modifier(SyntaxKind kind, SyntaxTriviaList leading) =>
        SyntaxFactory.Token(leading, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));

    private static bool IsAccessibilityOrNew(SyntaxKind kind) =>
        kind is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword
            or SyntaxKind.FileKeyword or SyntaxKind.NewKeyword;
}
