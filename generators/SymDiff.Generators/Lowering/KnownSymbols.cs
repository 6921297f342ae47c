using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>Facts about symbols the lowering needs: SymDiff's attributes, scalar types and the math library.</summary>
internal static class KnownSymbols
{
    public const string DifferentiableAttribute = "SymDiff.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "SymDiff.NoDerivativeAttribute";
    public const string DerivativeOfAttribute = "SymDiff.DerivativeOfAttribute";
    public const string CheckpointAttribute = "SymDiff.CheckpointAttribute";
    public const string BroadcastAttribute = "SymDiff.BroadcastAttribute";

    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    public static ScalarKind? KindOf(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Single => ScalarKind.Float,
        SpecialType.System_Int32 => ScalarKind.Int,
        SpecialType.System_Boolean => ScalarKind.Bool,
        _ => null,
    };

    public static bool IsReal(ScalarKind? kind) => kind is ScalarKind.Double or ScalarKind.Float;

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>
    /// A type as messages and crefs spell it: as C# writes it, so a two-dimensional array is <c>double[,]</c> (Roslyn's
    /// display gives <c>double[*,*]</c>).
    /// </summary>
    public static string Display(ITypeSymbol type, SymbolDisplayFormat? format = null) =>
        System.Text.RegularExpressions.Regex.Replace(type.ToDisplayString(format), @"\[\*(,\*)+\]", m => "[" + new string(',', m.Value.Length / 2 - 1) + "]");

    /// <summary>
    /// The parameter as the model sees it. A <c>Span&lt;T&gt;</c> is an output only when the method writes it
    /// (<see cref="SpanWrites"/>); otherwise it is an input like a <c>ReadOnlySpan&lt;T&gt;</c>.
    /// </summary>
    public static ParamModel ToParamModel(IParameterSymbol parameter, Compilation compilation)
    {
        var shape = ShapeOf(parameter.Type);
        var noDerivative = NoDerivative(parameter);
        var perElement = noDerivative is not null && noDerivative.NamedArguments.Any(a => a.Key == "PerElement" && a.Value.Value is true);
        var output = shape.IsArray && shape.IsWritable && SpanWrites.IsWritten(parameter, compilation);
        return new ParamModel(Model.Names.Identifier(parameter.Name), FullName(parameter.Type), shape.Kind, IsDifferentiable(parameter), perElement, shape.IsArray, output)
        {
            IsMatrix = IsMatrix(parameter.Type),
            IsBroadcast = !shape.IsArray && IsDifferentiable(parameter) && HasAttribute(parameter, BroadcastAttribute),
        };
    }

    /// <summary>A real scalar or span parameter not marked <c>[NoDerivative]</c>.</summary>
    public static bool IsDifferentiable(IParameterSymbol parameter) => IsReal(ShapeOf(parameter.Type).Kind) && NoDerivative(parameter) is null;

    private static AttributeData? NoDerivative(IParameterSymbol parameter) =>
        parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == NoDerivativeAttribute);

    /// <summary>
    /// A scalar type, or the element type of <c>T[]</c>, <c>T[,]</c>, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>
    /// (a span is writable unless read-only; arrays count as read-only inputs).
    /// </summary>
    public static (ScalarKind? Kind, bool IsArray, bool IsWritable) ShapeOf(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol { Rank: 1 or 2, ElementType: var element }:
                return (KindOf(element), true, false);
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                when named.ContainingNamespace?.ToDisplayString() == "System" && named.Name is "Span" or "ReadOnlySpan":
                return (KindOf(named.TypeArguments[0]), true, named.Name == "Span");
            default:
                return (KindOf(type), false, false);
        }
    }

    /// <summary>
    /// Why a field a differentiable body reads is not constant data it may read, or <see langword="null"/> when it is:
    /// a <c>static readonly</c> (or <c>const</c>) number or one-dimensional array of numbers, in a type the generated
    /// code can name (not file-local, since the generated members live in another file).
    /// </summary>
    public static string? StaticDataObstacle(IFieldSymbol field)
    {
        if (!field.IsStatic)
        {
            return "differentiable code reads only its parameters, locals, constants and static readonly data; pass this value in as a [NoDerivative] parameter";
        }

        var shape = ShapeOf(field.Type);
        if (shape.Kind is null || field.Type is not IArrayTypeSymbol && shape.IsArray)
        {
            return "a static field is read as constant data only when it holds a number or an array of numbers (double, float, int, bool)";
        }

        if (IsMatrix(field.Type))
        {
            return "a two-dimensional static table is not read as constant data; keep it in a one-dimensional static readonly array indexed table[i * columns + j], or pass it in as a [NoDerivative] parameter";
        }

        if (!field.IsReadOnly && !field.IsConst)
        {
            return "a static field that is not readonly could change while the derivative runs; make it static readonly, or pass the value in as a [NoDerivative] parameter";
        }

        for (var type = field.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return $"'{type.Name}' is file-local, so the generated derivatives (in another file) cannot read its fields; move the data to a type they can see";
            }
        }

        return null;
    }

    /// <summary>True for a type the loop lowering treats as an array (a span, a one- or two-dimensional array).</summary>
    public static bool IsArrayLike(ITypeSymbol? type) => ShapeOf(type).IsArray;

    /// <summary>
    /// True for a two-dimensional array of numbers (<c>double[,]</c>): a parameter the body reads element by element
    /// (<c>a[i, j]</c>, <c>a.GetLength(1)</c>) through a row-major span of all its elements.
    /// </summary>
    public static bool IsMatrix(ITypeSymbol? type) => type is IArrayTypeSymbol { Rank: 2, ElementType: var element } && KindOf(element) is not null;

    /// <summary>
    /// The IR operation for a <c>System.Math</c>/<c>System.MathF</c> method (its row in <see cref="Ops"/>), or null when unsupported. The generic-math
    /// statics of <c>double</c> and <c>float</c> (<c>double.Exp</c>, <c>float.Sqrt</c>, …) compute the same functions
    /// as their <c>Math</c>/<c>MathF</c> namesakes, so they map to the same operations: this is the one place calls
    /// become math, so every path and generated member treats both spellings alike.
    /// </summary>
    public static Op? MathOp(IMethodSymbol method)
    {
        var type = method.ContainingType?.ToDisplayString();
        if (type is "double" or "float")
        {
            var test = Ops.TypeTest(method.Name);
            if (test is not null || !method.IsStatic)
            {
                return test;
            }
        }
        else if (type is not ("System.Math" or "System.MathF"))
        {
            return null;
        }

        return Ops.Function(method.Name, method.Parameters.Length);
    }

    public static string AccessibilityKeyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
