using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Generators.Lowering;

/// <summary>Which bound of a dimension <c>System.Array</c>'s bound methods give.</summary>
internal enum MatrixBound : byte
{
    /// <summary><c>GetLength(d)</c>: the number of rows (0) or columns (1).</summary>
    Length,

    /// <summary><c>GetUpperBound(d)</c>: the last index, the length less one.</summary>
    Upper,

    /// <summary><c>GetLowerBound(d)</c>: 0 (the derivatives accept zero-based arrays only).</summary>
    Lower,
}

/// <summary>
/// <c>a.GetLength(d)</c>, <c>a.GetUpperBound(d)</c> and <c>a.GetLowerBound(d)</c> on a two-dimensional array
/// parameter: the only members of it a body may call (besides <c>Length</c> and <c>a[i, j]</c>).
/// </summary>
internal static class MatrixBounds
{
    /// <summary>
    /// The bound <paramref name="invocation"/> asks for, or <see langword="null"/> when it is not one of the bound methods
    /// on a two-dimensional array. <c>Dimension</c> is the constant dimension, or -1 when it is not the constant 0 or 1.
    /// </summary>
    public static (IOperation Matrix, int Dimension, MatrixBound Bound)? Of(IInvocationOperation invocation)
    {
        if (invocation is not { Instance: { } instance, Arguments.Length: 1, TargetMethod: { ContainingType.SpecialType: SpecialType.System_Array } target }
            || !KnownSymbols.IsMatrix(Unconverted(instance).Type))
        {
            return null;
        }

        MatrixBound? bound = target.Name switch
        {
            "GetLength" => MatrixBound.Length,
            "GetUpperBound" => MatrixBound.Upper,
            "GetLowerBound" => MatrixBound.Lower,
            _ => null,
        };
        if (bound is null)
        {
            return null;
        }

        var dimension = invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int d and (0 or 1) } ? d : -1;
        return (Unconverted(instance), dimension, bound.Value);
    }

    /// <summary>The operand under implicit reference conversions (<c>double[,]</c> to <c>System.Array</c> for the call).</summary>
    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
