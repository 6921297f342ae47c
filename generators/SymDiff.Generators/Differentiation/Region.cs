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

    /// <summary>The items of this region and, after each branch, those of its arms, in order.</summary>
    public IEnumerable<Item> AllItems() => Items.SelectMany(item => item is IfItem branch
        ? new[] { item }.Concat(branch.Then.AllItems()).Concat(branch.Else.AllItems())
        : new[] { item });

    /// <summary>The nodes built in this region, by hash-consing key (see <see cref="Interning"/>).</summary>
    internal Dictionary<NodeKey, Node> Interned { get; } = new();

    private Region[]? _visible;

    /// <summary>
    /// This region and every region whose values are in scope here, innermost first, each once (where it is first
    /// reached). The mirrored forward arms of nested reverse arms share their outer arms, so the chains reach the forward
    /// arm at depth k once per reverse arm below it: parents and mirrors never change, so this is worked out once.
    /// </summary>
    public IReadOnlyList<Region> Visible()
    {
        if (_visible is null && Mirrors is null && Parent is not null)
        {
            // Nothing here is reached twice: this region, then what its parent sees.
            var outer = Parent.Visible();
            _visible = new Region[outer.Count + 1];
            _visible[0] = this;
            for (var i = 0; i < outer.Count; i++)
            {
                _visible[i + 1] = outer[i];
            }
        }

        if (_visible is null)
        {
            var visible = new List<Region>();
            var seen = new HashSet<Region>();
            for (var r = this; r is not null; r = r.Parent)
            {
                if (seen.Add(r))
                {
                    visible.Add(r);
                }

                for (var m = r.Mirrors; m is not null; m = m.Parent)
                {
                    if (seen.Add(m))
                    {
                        visible.Add(m);
                    }
                }
            }

            _visible = visible.ToArray();
        }

        return _visible;
    }

    /// <summary>
    /// The nodes defined in this region and in the branches nested in it, in the order the code defines them (a branch's
    /// then-arm before its else-arm). Iterative: nested lazy sequences would cost each node one step per level it is
    /// nested, and branches nest as deep as the user writes them.
    /// </summary>
    public IEnumerable<Node> Nodes()
    {
        var pending = new Stack<Item>();
        PushReversed(pending, this);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NodeItem n:
                    yield return n.Node;
                    break;
                case IfItem b:
                    PushReversed(pending, b.Else);
                    PushReversed(pending, b.Then);
                    break;
            }
        }
    }

    /// <summary>The branches in this region and nested in its branches, each before the ones in its arms (then-arm first).</summary>
    public IEnumerable<IfItem> Branches()
    {
        var pending = new Stack<Item>();
        PushReversed(pending, this);
        while (pending.Count > 0)
        {
            if (pending.Pop() is IfItem b)
            {
                yield return b;
                PushReversed(pending, b.Else);
                PushReversed(pending, b.Then);
            }
        }
    }

    private static void PushReversed(Stack<Item> pending, Region region)
    {
        for (var k = region.Items.Count - 1; k >= 0; k--)
        {
            pending.Push(region.Items[k]);
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
