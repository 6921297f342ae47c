using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Parameters that hold numbers in a form SymDiff cannot read: collections (<c>List&lt;double&gt;</c>,
/// <c>IEnumerable&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, …), <c>Memory&lt;T&gt;</c>, jagged arrays and arrays of more
/// than two dimensions. The body's first use of one is reported once, on the parameter's type, with the
/// <c>ReadOnlySpan&lt;T&gt;</c> to declare instead; every other use of it is part of the same problem.
/// </summary>
internal static class CollectionParameters
{
    /// <summary>The scalar kind such a type holds, or <see langword="null"/> for any other type (spans, one- and two-dimensional arrays included).</summary>
    public static ScalarKind? ElementOf(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol { Rank: > 2, ElementType: var element }:
                return KnownSymbols.KindOf(element);
            case IArrayTypeSymbol { ElementType: IArrayTypeSymbol inner }:
                return KnownSymbols.ShapeOf(inner).Kind;
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } memory
                when memory.ContainingNamespace?.ToDisplayString() == "System" && memory.Name is "Memory" or "ReadOnlyMemory":
                return KnownSymbols.KindOf(memory.TypeArguments[0]);
            case INamedTypeSymbol named when !KnownSymbols.IsArrayLike(named):
                var enumerable = named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                    ? named
                    : named.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
                return enumerable is null ? null : KnownSymbols.KindOf(enumerable.TypeArguments[0]);
            default:
                return null;
        }
    }

    /// <summary>
    /// The collection parameter <paramref name="operation"/> reads, directly or through a property, an indexer or a
    /// call on it (<c>xs</c>, <c>xs.Count</c>, <c>xs[i]</c>, <c>xs.Sum()</c>, <c>Mean(xs)</c>), or <see langword="null"/>.
    /// </summary>
    public static IParameterSymbol? Read(IOperation? operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation switch
        {
            IParameterReferenceOperation reference when ElementOf(reference.Type) is not null => reference.Parameter,
            IPropertyReferenceOperation property => Read(property.Instance),
            IArrayElementReferenceOperation element => Read(element.ArrayReference),
            IInvocationOperation invocation => Read(invocation.Instance) ?? invocation.Arguments.Select(a => Read(a.Value)).FirstOrDefault(p => p is not null),
            _ => null,
        };
    }

    /// <summary>SD0004 on the parameter's type: what it is, why it cannot be read, and the span to declare.</summary>
    public static DiagnosticInfo Reject(IParameterSymbol parameter, IMethodSymbol method)
    {
        var syntax = parameter.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ParameterSyntax>().FirstOrDefault();
        var location = LocationInfo.From((SyntaxNode?)syntax?.Type) ?? LocationInfo.From(parameter.Locations.FirstOrDefault());
        var type = KnownSymbols.Display(parameter.Type, SymbolDisplayFormat.MinimallyQualifiedFormat);
        var element = ElementOf(parameter.Type) switch
        {
            ScalarKind.Float => "float",
            ScalarKind.Int => "int",
            ScalarKind.Bool => "bool",
            _ => "double",
        };
        var (what, pass) = parameter.Type switch
        {
            IArrayTypeSymbol { Rank: > 2 } => ("an array of more than two dimensions", $"; keep the numbers in a {element}[,] or in one array indexed as {parameter.Name}[(i * rows + j) * columns + k]"),
            IArrayTypeSymbol => ("a jagged array", $"; keep the numbers in a {element}[,] or in one array indexed as {parameter.Name}[i * columns + j]"),
            INamedTypeSymbol { Name: "Memory" or "ReadOnlyMemory" } => ("a Memory<T>", " (pass memory.Span)"),
            _ => ("a collection", $" (pass a List<{element}> as CollectionsMarshal.AsSpan(list), any other collection as .ToArray())"),
        };
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name,
            $"'{type}' is not a supported input type: it is {what}, and SymDiff reads numbers only from spans, one-dimensional arrays and two-dimensional arrays (T[,]). Declare '{parameter.Name}' as ReadOnlySpan<{element}>{pass}");
    }
}
