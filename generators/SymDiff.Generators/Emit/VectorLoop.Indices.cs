using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The elements a loop reads and writes: how far each index moves per iteration, from its coefficients of the counter and
/// of the second counters (an index affine in them with constant coefficients, <c>k·d + j</c> or <c>l</c>), and which
/// accesses are of one element.
/// </summary>
internal sealed partial class VectorLoop
{
    private void Element(LElement element, Dictionary<int, int> stepped, bool write)
    {
        var array = _program.Vars[element.Var];
        var direction = DirectionOf(element.Index, stepped);
        if (direction is null)
        {
            Block("an index that does not move by one element per iteration");
            return;
        }

        if (direction != 0 || write)
        {
            Lane(array.Type);
        }

        if (write)
        {
            _written.Add(element.Var);
        }

        _accesses.Add(new Access(element.Var, element.Index, Relevant(element.Index, stepped), direction.Value, write));
    }

    /// <summary>The second counters stepped before an access that its index reads (what makes two accesses the same element).</summary>
    private IReadOnlyDictionary<int, int> Relevant(LExpr index, Dictionary<int, int> stepped)
    {
        var reads = new HashSet<int>(index.Reads());
        return stepped.Where(s => reads.Contains(s.Key)).OrderBy(s => s.Key).ToDictionary(s => s.Key, s => s.Value);
    }

    /// <summary>How far the element moves per iteration (0, +1, -1), or null when that is another amount or unknown.</summary>
    private int? DirectionOf(LExpr index, Dictionary<int, int> stepped)
    {
        var reads = index.Reads().ToList();
        if (!reads.Contains(Counter) && !reads.Any(_inductions.ContainsKey))
        {
            return reads.Any(r => _locals.Contains(r) || _reductions.Contains(r) || _assigned.Contains(r)) ? null : 0;
        }

        if (Slope(index) is not { } slope)
        {
            return null;
        }

        var perIteration = (slope.Counter * Stride) + slope.Inductions.Sum(i => i.Value * _inductions[i.Key]);
        return perIteration is 1 or -1 ? perIteration : null;
    }

    /// <summary>The index's coefficient of the counter and of each second counter, when it is affine in them with constant coefficients.</summary>
    private (int Counter, Dictionary<int, int> Inductions)? Slope(LExpr index)
    {
        switch (index)
        {
            case LConst:
                return (0, new Dictionary<int, int>());
            case LRead r when r.Var == Counter:
                return (1, new Dictionary<int, int>());
            case LRead r when _inductions.ContainsKey(r.Var):
                return (0, new Dictionary<int, int> { [r.Var] = 1 });
            case LRead r when !_assigned.Contains(r.Var) && !_locals.Contains(r.Var):
                return (0, new Dictionary<int, int>());
            case LApply { Op: Op.Add or Op.Sub, Args: { Length: 2 } args } a:
                {
                    if (Slope(args[0]) is not { } left || Slope(args[1]) is not { } right)
                    {
                        return null;
                    }

                    var sign = a.Op == Op.Add ? 1 : -1;
                    foreach (var entry in right.Inductions)
                    {
                        var var = entry.Key;
                        var c = entry.Value;
                        left.Inductions[var] = left.Inductions.TryGetValue(var, out var l) ? l + (sign * c) : sign * c;
                    }

                    return (left.Counter + (sign * right.Counter), left.Inductions);
                }

            case LApply { Op: Op.Neg, Args: { Length: 1 } args }:
                return Slope(args[0]) is { } inner ? (-inner.Counter, inner.Inductions.ToDictionary(i => i.Key, i => -i.Value)) : null;
            case LApply { Op: Op.Mul, Args: { Length: 2 } args }:
                {
                    // A product moves by a constant amount only when one factor is a constant (k·i); ik·d + j keeps its slope
                    // in j because ik·d reads no counter.
                    var reads = index.Reads().ToList();
                    if (!reads.Contains(Counter) && !reads.Any(_inductions.ContainsKey))
                    {
                        return (0, new Dictionary<int, int>());
                    }

                    var (factor, other) = args[0] is LConst c0 ? (c0, args[1]) : args[1] is LConst c1 ? (c1, args[0]) : (null, args[0]);
                    if (factor is null || Slope(other) is not { } scaled)
                    {
                        return null;
                    }

                    var k = (int)factor.Value;
                    return (k * scaled.Counter, scaled.Inductions.ToDictionary(i => i.Key, i => k * i.Value));
                }

            default:
                return index.Reads().Any(r => r == Counter || _inductions.ContainsKey(r) || _assigned.Contains(r) || _locals.Contains(r))
                    ? null
                    : (0, new Dictionary<int, int>());
        }
    }

    /// <summary>Two accesses of one element: the same array, index and second counters stepped before them.</summary>
    private sealed class AccessComparer : IEqualityComparer<Access>
    {
        public static readonly AccessComparer Instance = new();

        public bool Equals(Access? x, Access? y) =>
            x!.Array == y!.Array && x.Index.Equals(y.Index) && x.Stepped.Count == y.Stepped.Count && x.Stepped.All(s => y.Stepped.TryGetValue(s.Key, out var v) && v == s.Value);

        public int GetHashCode(Access obj) => (obj.Array, obj.Index).GetHashCode();
    }
}
