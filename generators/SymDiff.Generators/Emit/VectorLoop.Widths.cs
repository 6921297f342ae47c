using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Which register widths a vector loop is printed at (<see cref="UsefulWidths"/>).</summary>
internal sealed partial class VectorLoop
{
    /// <summary>
    /// The widths of <see cref="Widths"/> worth printing the loop at: every one, or none where the trip count is a
    /// constant (the counter's start and the bound are: a point in the plane, a quaternion) smaller than the widest
    /// register's lanes. On hardware with that register its block would be taken and run no iteration, so it only costs
    /// the method its size; a narrower register run once costs more in checks than it saves (a quaternion's gradient,
    /// measured: 3.7 µs with its loops of four as written, 4.6 µs on <c>Vector256</c>). Such a loop stays as written.
    /// </summary>
    public IReadOnlyList<int> UsefulWidths =>
        ConstantTrips() is { } trips && trips < Lanes(Widths[0]) ? Array.Empty<int>() : Widths;

    private long? ConstantTrips()
    {
        if (Loop.Init is not DAssign { Value: var init } || Integer(init) is not { } start || Integer(Bound) is not { } bound)
        {
            return null;
        }

        var trips = ((LApply)Loop.Condition).Op switch
        {
            Op.Lt => bound - start,
            Op.Le => bound - start + 1,
            Op.Gt => start - bound,
            _ => start - bound + 1,
        };
        return Math.Max(0, trips);
    }

    /// <summary>The value of integer arithmetic on constants (a reversed loop starts at <c>Math.Max(0, 3) - 1</c>); null for anything else.</summary>
    private static long? Integer(LExpr expression)
    {
        switch (expression)
        {
            case LConst { Type: ScalarKind.Int } c:
                return (long)c.Value;
            case LApply { Type: ScalarKind.Int, Args.Length: 2, Op: Op.Add or Op.Sub or Op.Mul or Op.Max or Op.Min } a
                when Integer(a.Args[0]) is { } x && Integer(a.Args[1]) is { } y:
                return a.Op switch
                {
                    Op.Add => x + y,
                    Op.Sub => x - y,
                    Op.Mul => x * y,
                    Op.Max => Math.Max(x, y),
                    _ => Math.Min(x, y),
                };
            default:
                return null;
        }
    }
}
