using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// The elements a local buffer is initialized with: <c>double[] a = { x, y }</c>, <c>new double[] { … }</c>,
/// <c>new double[2] { … }</c>, <c>stackalloc double[] { … }</c>, <c>stackalloc[] { … }</c> and collection expressions
/// <c>Span&lt;double&gt; v = [x, 2 * y]</c>. Such a buffer is a new buffer of that many elements, each stored in order.
/// </summary>
internal static class BufferInitializer
{
    /// <summary>
    /// The element values of <paramref name="initializer"/> in order (a collection expression's may include spreads,
    /// which the fence rejects), or null when it lists no elements (<c>new T[n]</c>, or not a new buffer at all).
    /// </summary>
    public static IReadOnlyList<IOperation>? Elements(IOperation initializer)
    {
        var operation = initializer;
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        switch (operation)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } elements }:
                return elements.ElementValues;
            case ICollectionExpressionOperation collection:
                return collection.Elements;
        }

        var listed = operation.Syntax switch
        {
            StackAllocArrayCreationExpressionSyntax { Initializer: { } elements } => elements.Expressions,
            ImplicitStackAllocArrayCreationExpressionSyntax { Initializer: var elements } => elements.Expressions,
            _ => (SeparatedSyntaxList<ExpressionSyntax>?)null,
        };
        if (listed is not { } expressions || operation.SemanticModel is not { } model)
        {
            return null;
        }

        var values = new List<IOperation>();
        foreach (var expression in expressions)
        {
            if (model.GetOperation(expression) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }
}
