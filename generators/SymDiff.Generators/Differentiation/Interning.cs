namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The hash-consing table of a graph, scoped by region: a node built in a region is shared by every region that sees
/// it (<see cref="Region.Visible"/>), the innermost first. Most lookups are for a key never built anywhere (a new
/// node), and those are answered at once instead of with one probe per region in scope, which is as many as the
/// branches around it nest.
/// </summary>
internal sealed class Interning
{
    private readonly HashSet<NodeKey> _built = new();

    /// <summary>The node of <paramref name="key"/> that <paramref name="region"/> sees (the innermost), or null.</summary>
    public Node? Find(NodeKey key, Region region)
    {
        if (!_built.Contains(key))
        {
            return null;
        }

        var visible = region.Visible();
        for (var i = 0; i < visible.Count; i++)
        {
            if (visible[i].Interned.TryGetValue(key, out var existing))
            {
                return existing;
            }
        }

        return null;
    }

    /// <summary>Records <paramref name="node"/>, just built in its region, as that region's node of <paramref name="key"/>.</summary>
    public void Add(NodeKey key, Node node)
    {
        _built.Add(key);
        node.Region.Interned[key] = node;
    }
}
