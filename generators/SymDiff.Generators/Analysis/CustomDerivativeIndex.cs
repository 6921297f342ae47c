using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Analysis;

/// <summary>
/// Every valid <c>[DerivativeOf]</c> of a compilation, as the generator's registry holds them, for the analyzer's
/// "this call has no derivative" check. A derivative may target a method of any type, so the whole compilation is
/// searched once per analysis, with a syntactic filter first (only methods carrying an attribute named like it).
/// </summary>
internal static class CustomDerivativeIndex
{
    public static EquatableArray<CustomDerivativeModel> Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var models = new List<CustomDerivativeModel>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            SemanticModel? semanticModel = null;
            foreach (var syntax in tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (!syntax.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("DerivativeOf")))
                {
                    continue;
                }

                semanticModel ??= compilation.GetSemanticModel(tree);
                if (semanticModel.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method)
                {
                    continue;
                }

                foreach (var attribute in method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.DerivativeOfAttribute))
                {
                    if (CustomDerivativeBuilder.Build(method, syntax, attribute, semanticModel, cancellationToken).Model is { } model)
                    {
                        models.Add(model);
                    }
                }
            }
        }

        return models.ToEquatableArray();
    }
}
