using SymDiff.Generators.Model;
using static SymDiff.Generators.Model.IndexArithmetic;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The dense Hessian as a pass over the Hessian-vector product (<see cref="Dense"/>; <see cref="Unrolled"/> for a method
/// over scalars alone, whose order is a constant): row r is H·e_r (the Hessian is symmetric, so H·e_r is
/// row r as well as column r), written in place into the matrix by one call of <c>{F}HessianVectorProduct</c> along the
/// unit tangent of input r (a span input counts one input per element), then each pair of mirrored entries replaced by
/// its mean. The member around the program (signature, the size check, the tape mark) names the matrix, its order and
/// the locals; this builds what runs inside the tape mark.
/// </summary>
internal static class HessianPass
{
    /// <summary>
    /// The names the member gave the matrix, its order n, the value, the mean of a mirrored pair, the row and column
    /// counters, and each span input's unit tangent (by input name).
    /// </summary>
    public sealed record HessianNames(string Matrix, string Order, string Value, string Mean, string Row, string Column, IReadOnlyDictionary<string, string> Tangents);

    /// <summary>
    /// Where each of <paramref name="inputs"/> starts among the n inputs (constants until the first span, then sums of
    /// lengths, over the variables <paramref name="var"/> gives the parameters).
    /// </summary>
    private static List<LExpr> Offsets(IReadOnlyList<ParamModel> inputs, Func<ParamModel, int> var)
    {
        var offsets = new List<LExpr>();
        var (constant, lengths) = (0, new List<LExpr>());
        LExpr Sum() => lengths.Aggregate(Int(constant), Add);
        foreach (var p in inputs)
        {
            offsets.Add(Sum());
            if (p.IsArray)
            {
                lengths.Add(new LLength(var(p)));
            }
            else
            {
                constant++;
            }
        }

        return offsets;
    }

    /// <summary>
    /// The rows and the symmetrizing of <paramref name="primal"/>'s dense Hessian over its differentiable inputs, through
    /// <paramref name="hessianVectorProduct"/> (the member as the caller spells it); returns the value.
    /// </summary>
    public static DerivativeProgram Dense(MethodModel primal, HessianNames names, string hessianVectorProduct)
    {
        var d = new DerivativeProgram();
        var kind = primal.ReturnKind;
        var parameters = primal.Parameters.ToDictionary(p => p.Name, p => d.Named(p.Name, p.Kind ?? ScalarKind.Double, p.IsArray), StringComparer.Ordinal);
        var inputs = primal.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).ToList();
        var matrix = d.Named(names.Matrix, kind, isArray: true);
        var n = Read(d.Named(names.Order, ScalarKind.Int, isArray: false));
        var value = d.Named(names.Value, kind, isArray: false);
        var mean = d.Named(names.Mean, kind, isArray: false);
        var rowVar = d.Named(names.Row, ScalarKind.Int, isArray: false);
        var columnVar = d.Named(names.Column, ScalarKind.Int, isArray: false);
        var (row, column) = (Read(rowVar), Read(columnVar));
        var tangents = inputs.Where(p => p.IsArray).ToDictionary(p => p.Name, p => d.Named(names.Tangents[p.Name], p.Kind!.Value, isArray: true), StringComparer.Ordinal);
        var offsets = Offsets(inputs, p => parameters[p.Name]);

        // Span tangents: zeros, with a 1 at the element whose row this is.
        foreach (var p in inputs.Where(p => p.IsArray))
        {
            d.Body.Add(new DDeclare(tangents[p.Name], DeclareForm.Inferred, new LZeros(p.Kind!.Value, new LLength(parameters[p.Name]))));
        }

        d.Body.Add(new DDeclare(value, DeclareForm.Typed, new LConst(kind, 0)));
        LExpr Within(int k) => offsets[k] is LConst { Value: 0 }
            ? LApply.Of(Op.Lt, ScalarKind.Bool, row, new LLength(parameters[inputs[k].Name]))
            : LApply.Of(Op.And, ScalarKind.Bool, LApply.Of(Op.Ge, ScalarKind.Bool, row, offsets[k]), LApply.Of(Op.Lt, ScalarKind.Bool, row, Add(offsets[k], new LLength(parameters[inputs[k].Name]))));
        DStmt Unit(int k, double one) => new DIf(
            Within(k), new DStmt[] { new DAssign(new LElement(inputs[k].Kind!.Value, tangents[inputs[k].Name], Sub(row, offsets[k])), new LConst(inputs[k].Kind!.Value, one)) }.ToEquatableArray(),
            EquatableArray<DStmt>.Empty);

        var rowBody = new List<DStmt>();
        var args = primal.Parameters.Select(p => new DArg(Read(parameters[p.Name]))).ToList();
        var outputs = new List<DArg>();
        for (var k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            var start = Add(LApply.Of(Op.Mul, ScalarKind.Int, row, n), offsets[k]);
            if (p.IsArray)
            {
                rowBody.Add(Unit(k, 1));
                args.Add(new DArg(Read(tangents[p.Name])));
                outputs.Add(new DArg(new LSlice(kind, matrix, start, new LLength(parameters[p.Name]))));
            }
            else
            {
                var one = LApply.Of(Op.Eq, ScalarKind.Bool, row, offsets[k]);
                args.Add(new DArg(LApply.Of(Op.Select, p.Kind!.Value, one, new LConst(p.Kind!.Value, 1), new LConst(p.Kind!.Value, 0))));
                outputs.Add(new DArg(new LElement(kind, matrix, start), Out: true));
            }
        }

        rowBody.Add(new DCall(new[] { Read(value, kind) }.ToEquatableArray(), hessianVectorProduct, args.Concat(outputs).ToEquatableArray()));
        rowBody.AddRange(Enumerable.Range(0, inputs.Count).Where(k => inputs[k].IsArray).Select(k => Unit(k, 0)));
        d.Body.Add(DLoop.Counted(rowVar, Int(0), n, rowBody));

        LExpr At(LExpr i, LExpr j) => new LElement(kind, matrix, Add(LApply.Of(Op.Mul, ScalarKind.Int, i, n), j));
        var symmetrize = new DStmt[]
        {
            new DDeclare(mean, DeclareForm.Typed, Mean(At(row, column), At(column, row))),
            new DAssign(At(row, column), Read(mean, kind)),
            new DAssign(At(column, row), Read(mean, kind)),
        };
        d.Body.Add(DLoop.Counted(rowVar, Int(0), n, new[] { DLoop.Counted(columnVar, Add(row, Int(1)), n, symmetrize) }));
        d.Body.Add(new DReturn(new[] { Read(value, kind) }.ToEquatableArray()));
        return d;
    }

    /// <summary>
    /// The dense Hessian of a method over scalars alone, whose order n is known here: the n H·e_j calls and the mirrored
    /// pairs written out with constant indices (no loop, no unit tangent kept between calls). The member named the matrix,
    /// the value and the mean of a mirrored pair <paramref name="matrix"/>, <paramref name="valueName"/> and
    /// <paramref name="meanName"/>.
    /// </summary>
    public static DerivativeProgram Unrolled(MethodModel primal, string matrix, string valueName, string meanName, string hessianVectorProduct)
    {
        var d = new DerivativeProgram();
        var kind = primal.ReturnKind;
        var inputs = primal.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).ToList();
        var n = inputs.Count;
        var hessian = d.Named(matrix, kind, isArray: true);
        var value = d.Named(valueName, kind, isArray: false);
        var mean = d.Named(meanName, kind, isArray: false);
        var arguments = primal.Parameters.Select(p => new DArg(new LRead(p.Kind ?? ScalarKind.Double, d.Named(p.Name, p.Kind ?? ScalarKind.Double, p.IsArray)))).ToList();
        LExpr At(int i, int j) => new LElement(kind, hessian, Int((i * n) + j));

        // Column j (row j too: the Hessian is symmetric) from H·e_j.
        for (var column = 0; column < n; column++)
        {
            var units = inputs.Select((p, k) => new DArg(new LConst(p.Kind!.Value, k == column ? 1 : 0)));
            var outs = Enumerable.Range(0, n).Select(row => new DArg(At(row, column), Out: true));
            var call = new LInvoke(kind, hessianVectorProduct, arguments.Concat(units).Concat(outs).ToEquatableArray());
            d.Body.Add(column == 0 ? new DDeclare(value, DeclareForm.Typed, call) : new DCall(EquatableArray<LExpr>.Empty, hessianVectorProduct, call.Args));
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var average = Mean(At(i, j), At(j, i));
                d.Body.Add(i == 0 && j == 1 ? new DDeclare(mean, DeclareForm.Typed, average) : new DAssign(new LRead(kind, mean), average));
                d.Body.Add(new DAssign(At(i, j), new LRead(kind, mean)));
                d.Body.Add(new DAssign(At(j, i), new LRead(kind, mean)));
            }
        }

        d.Body.Add(new DReturn(new[] { (LExpr)new LRead(kind, value) }.ToEquatableArray()));
        return d;
    }

    private static LExpr Read(int var, ScalarKind type = ScalarKind.Int) => new LRead(type, var);

    /// <summary>The mean of a pair of mirrored entries, <c>(a + b) * 0.5</c>.</summary>
    private static LExpr Mean(LExpr a, LExpr b) => LApply.Of(Op.Mul, a.Type, LApply.Of(Op.Add, a.Type, a, b), new LConst(a.Type, 0.5));
}
