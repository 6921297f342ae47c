using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Two-dimensional array parameters (<c>double[,] a</c>). The program reads one through a row-major span of all its
/// elements: <c>a[i, j]</c> is element <c>i * columns + j</c> of it, <c>a.Length</c> its length, and the dimensions are
/// two <c>int</c> locals set from <c>a.GetLength(0)</c> and <c>a.GetLength(1)</c> (<see cref="LDimension"/>) at the top
/// of the program (dropped when nothing reads them). The derivatives see an array like any other: its adjoint and
/// tangent are spans of the same layout.
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>The rows and columns locals of each two-dimensional array parameter's variable.</summary>
    private readonly Dictionary<int, (int Rows, int Columns)> _dimensions = new();

    /// <summary>Declares the dimensions of two-dimensional array parameter <paramref name="matrix"/>, set on entry.</summary>
    private void Dimensions(int matrix)
    {
        var name = _vars[matrix].Name.TrimStart('@');
        var rows = NewVar(name + "Rows", ScalarKind.Int, false, VarOrigin.Local, -1, false, false);
        var columns = NewVar(name + "Columns", ScalarKind.Int, false, VarOrigin.Local, -1, false, false);
        _output.Add(new LAssign(rows, new LDimension(matrix, 0)));
        _output.Add(new LAssign(columns, new LDimension(matrix, 1)));
        _dimensions[matrix] = (rows, columns);
    }

    /// <summary><c>a[i, j]</c> on a two-dimensional array parameter, or null when the operation is not one.</summary>
    private LElement? MatrixElement(IOperation operation)
    {
        if (operation is not IArrayElementReferenceOperation { Indices.Length: 2 } cell || !KnownSymbols.IsMatrix(cell.ArrayReference.Type))
        {
            return null;
        }

        var kind = KnownSymbols.KindOf(cell.Type) ?? ScalarKind.Double;
        if (ArrayVar(cell.ArrayReference) is not { } matrix || !_dimensions.TryGetValue(matrix, out var dimensions))
        {
            Report(DiagnosticDescriptors.UnsupportedArray, cell.ArrayReference.Syntax, cell.ArrayReference.Syntax.ToString(),
                "elements of a two-dimensional array are read from a parameter only");
            return new LElement(kind, Rejected(cell.ArrayReference.Type), new LConst(ScalarKind.Int, 0));
        }

        foreach (var index in cell.Indices.Where(ReadsReal))
        {
            Report(DiagnosticDescriptors.ActiveIndex, index.Syntax, index.Syntax.ToString());
        }

        // Both indices in evaluation order: the row holds its value across effects in the column (a[i, i++]).
        var row = Before(Value(cell.Indices[0], ScalarKind.Int), new[] { cell.Indices[1] });
        var column = Value(cell.Indices[1], ScalarKind.Int);
        var start = Apply(ScalarKind.Int, Op.Mul, row, new LRead(ScalarKind.Int, dimensions.Columns));
        return new LElement(kind, matrix, row is LConst { Value: 0 } ? column : Apply(ScalarKind.Int, Op.Add, start, column));
    }

    /// <summary><c>a.GetLength(d)</c>, <c>a.GetUpperBound(d)</c> or <c>a.GetLowerBound(d)</c>, or null for another call.</summary>
    private LExpr? BoundOf(IInvocationOperation invocation)
    {
        if (MatrixBounds.Of(invocation) is not { } bound)
        {
            return null;
        }

        if (bound.Dimension < 0 || ArrayVar(bound.Matrix) is not { } matrix || !_dimensions.TryGetValue(matrix, out var dimensions))
        {
            // Reported by the fence; a placeholder keeps the lowering going.
            return new LConst(ScalarKind.Int, 0);
        }

        var length = new LRead(ScalarKind.Int, bound.Dimension == 0 ? dimensions.Rows : dimensions.Columns);
        return bound.Bound switch
        {
            MatrixBound.Length => length,
            MatrixBound.Upper => Apply(ScalarKind.Int, Op.Sub, length, new LConst(ScalarKind.Int, 1)),
            _ => new LConst(ScalarKind.Int, 0),
        };
    }
}
