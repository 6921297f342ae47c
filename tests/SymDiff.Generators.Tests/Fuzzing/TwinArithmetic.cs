using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Makes the twin see its arithmetic leave the program's range, not only its math functions': every <c>+ − × ÷</c>
/// and compound assignment becomes <c>TwinMath.R(…)</c>, which notes a value past the limit and returns it unchanged
/// (generic, so integer arithmetic keeps its type). A float program whose <c>Sinh(u)·Sinh(u)</c> is ∞ while its
/// result is finite (a quotient by it, fuzzer seed 201023) has no derivative there by README's rule, and its twin,
/// which never overflowed, is no reference for it. Constants stay as they are (a <c>const</c> must stay constant).
/// </summary>
internal sealed class TwinArithmetic : CSharpSyntaxRewriter
{
    private static readonly HashSet<SyntaxKind> Arithmetic = new()
    {
        SyntaxKind.AddExpression, SyntaxKind.SubtractExpression, SyntaxKind.MultiplyExpression, SyntaxKind.DivideExpression,
        SyntaxKind.AddAssignmentExpression, SyntaxKind.SubtractAssignmentExpression, SyntaxKind.MultiplyAssignmentExpression,
        SyntaxKind.DivideAssignmentExpression,
    };

    /// <summary>The twin's source with its arithmetic range-checked.</summary>
    public static string Checked(string source) =>
        new TwinArithmetic().Visit(CSharpSyntaxTree.ParseText(source).GetRoot()).ToFullString();

    public override SyntaxNode? VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node) =>
        node.IsConst ? node : base.VisitLocalDeclarationStatement(node);

    public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node) => node;

    public override SyntaxNode? VisitParameter(ParameterSyntax node) => node;

    public override SyntaxNode? VisitAttribute(AttributeSyntax node) => node;

    public override SyntaxNode? VisitCaseSwitchLabel(CaseSwitchLabelSyntax node) => node;

    public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node) =>
        Arithmetic.Contains(node.Kind()) && !IsConstant(node) ? Wrap((ExpressionSyntax)base.VisitBinaryExpression(node)!, node) : base.VisitBinaryExpression(node);

    public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node) =>
        Arithmetic.Contains(node.Kind()) ? Wrap((ExpressionSyntax)base.VisitAssignmentExpression(node)!, node) : base.VisitAssignmentExpression(node);

    private static ExpressionSyntax Wrap(ExpressionSyntax expression, SyntaxNode original) =>
        SyntaxFactory.ParseExpression($"TwinMath.R({expression.WithoutTrivia().ToFullString()})").WithTriviaFrom(original);

    /// <summary>Literals only (a folded constant cannot leave the range at run time, and may be needed as a constant).</summary>
    private static bool IsConstant(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any() is false
        && expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any() is false;
}
