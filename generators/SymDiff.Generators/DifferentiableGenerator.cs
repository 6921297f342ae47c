using Microsoft.CodeAnalysis;

namespace SymDiff.Generators;

/// <summary>Emits forward- and reverse-mode derivatives of methods marked <c>[Differentiable]</c>.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
