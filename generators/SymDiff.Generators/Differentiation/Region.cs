namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A straight-line stretch of generated code: the method body, or one arm of an <c>if</c>. Reverse-sweep arms also
/// see the forward arm they mirror, because the forward arm's values are kept for them.
/// </summary>
internal sealed class Region
{
    public Region(Region? parent, Region? mirrors, bool isReverse)
    {
        Parent = parent;
        Mirrors = mirrors;
        IsReverse = isReverse;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public Region? Parent { get; }

    /// <summary>For a reverse arm: the forward arm whose values it reads.</summary>
    public Region? Mirrors { get; }

    public bool IsReverse { get; }

    public int Depth { get; }

    public List<Item> Items { get; } = new();

    internal Dictionary<NodeKey, Node> Interned { get; } = new();

    /// <summary>This region and every region whose values are in scope here, innermost first.</summary>
    public IEnumerable<Region> Visible()
    {
        for (var r = this; r is not null; r = r.Parent)
        {
            yield return r;
            for (var m = r.Mirrors; m is not null; m = m.Parent)
            {
                yield return m;
            }
        }
    }

    /// <summary>True when <paramref name="region"/> is this region or nested inside it.</summary>
    public bool Contains(Region region)
    {
        for (var r = region; r is not null; r = r.Parent)
        {
            if (r == this)
            {
                return true;
            }
        }

        return false;
    }
}
