using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The runs of statements a stretch is made of, for both passes that differentiate stretches as islands (reverse mode,
/// <c>LoopAnalysis.Stretches.cs</c>; forward mode, <c>TangentPass.Stretches.cs</c>): consecutive statements that are
/// plain with every statement nested in them (what plain means is the pass's), up to <see cref="LongestStretch"/>
/// statements in all. Each statement's size and plainness are worked out once, inner statements first, and kept: asked
/// of each statement anew, a branch nested d deep was walked once for every branch around it (work quadratic in the
/// nesting).
/// </summary>
internal sealed class StretchRuns(Func<LStmt, bool> plain)
{
    /// <summary>
    /// The most statements (nested ones counted) one stretch takes; a longer run is cut into stretches of this size. An
    /// island is one statement of the member, which the printer cannot split into parts the JIT optimizes (a long loop
    /// body as one island printed 44 KB of IL in one method).
    /// </summary>
    public const int LongestStretch = 48;

    private readonly Dictionary<LStmt, (int Size, bool Plain)> _shapes = new(ByReference.Instance);

    /// <summary>
    /// The run of <paramref name="body"/> from statement <paramref name="start"/>: the statements that are plain with
    /// everything nested in them, at most <see cref="LongestStretch"/> in all (the first is taken whatever its size);
    /// empty where none starts.
    /// </summary>
    public EquatableArray<LStmt> From(EquatableArray<LStmt> body, int start)
    {
        var end = start;
        var size = 0;
        while (end < body.Length && Shape(body[end]) is { Plain: true } shape)
        {
            if (end > start && size + shape.Size > LongestStretch)
            {
                break;
            }

            size += shape.Size;
            end++;
        }

        return body.Skip(start).Take(end - start).ToEquatableArray();
    }

    /// <summary>The statement's size (itself and every statement nested in it) and whether all of them are plain.</summary>
    private (int Size, bool Plain) Shape(LStmt statement)
    {
        if (_shapes.TryGetValue(statement, out var known))
        {
            return known;
        }

        // Pre-order puts a statement before those nested in it: backwards, each one's children are known before it.
        var order = new[] { statement }.Descendants().ToList();
        for (var k = order.Count - 1; k >= 0; k--)
        {
            var s = order[k];
            if (_shapes.ContainsKey(s))
            {
                continue;
            }

            var size = 1;
            var isPlain = plain(s);
            foreach (var child in s.Children())
            {
                var (childSize, childPlain) = _shapes[child];
                size += childSize;
                isPlain &= childPlain;
            }

            _shapes[s] = (size, isPlain);
        }

        return _shapes[statement];
    }
}
