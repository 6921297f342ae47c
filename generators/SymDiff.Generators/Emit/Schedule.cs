using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Decides how each graph node is emitted: not at all (unreachable: dead code and dead adjoints vanish), inline
/// into its single use, or as a named local; and whether a local defined inside a forward branch must be declared
/// before the branch because the reverse sweep reads it.
/// </summary>
internal sealed class Schedule
{
    private readonly Dictionary<Node, int> _uses = new();
    private readonly HashSet<Node> _usedElsewhere = new();
    private readonly HashSet<Node> _usedFromReverse = new();

    public Schedule(IEnumerable<Region> regions, IEnumerable<(Node Node, Region From)> roots)
    {
        foreach (var region in regions)
        {
            Walk(region);
        }

        foreach (var (node, from) in roots)
        {
            Use(node, from);
        }

        CloseJoins(regions);
    }

    public bool IsReachable(Node node) => _uses.ContainsKey(node);

    public bool NeedsLocal(Node node) => IsReachable(node) && !node.IsLeaf && (
        node.Op is Op.Call or Op.CallPartial
        || node.BaseName is not null
        || _uses[node] >= 2
        || _usedElsewhere.Contains(node));

    /// <summary>True for a forward-branch local (or join) that the reverse sweep reads after the branch has closed.</summary>
    public bool IsHoisted(Node node) =>
        (NeedsLocal(node) || node.Op == Op.Phi && IsReachable(node)) && !node.Region.IsReverse && node.Region.Depth > 0 && _usedFromReverse.Contains(node);

    private void Walk(Region region)
    {
        foreach (var item in region.Items)
        {
            switch (item)
            {
                case IfItem branch:
                    Use(branch.Condition, region);
                    Walk(branch.Then);
                    Walk(branch.Else);
                    break;
                case AssignItem assign:
                    Use(assign.Value, region);
                    break;
            }
        }
    }

    /// <summary>Marks the arm values of every reachable join as used (a join is assigned only if something reads it).</summary>
    private void CloseJoins(IEnumerable<Region> regions)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var branch in regions.SelectMany(AllBranches))
            {
                foreach (var phi in branch.Phis.Where(p => IsReachable(p.Phi)))
                {
                    changed |= UseOnce(phi.Then, branch.Then);
                    changed |= UseOnce(phi.Else, branch.Else);
                }
            }
        }
        while (changed);
    }

    private readonly HashSet<PhiAssignmentUse> _joinUses = new();

    private bool UseOnce(Node node, Region from)
    {
        if (!_joinUses.Add(new PhiAssignmentUse(node, from)))
        {
            return false;
        }

        Use(node, from);
        return true;
    }

    private static IEnumerable<IfItem> AllBranches(Region region) => region.Items.OfType<IfItem>()
        .SelectMany(b => new[] { b }.Concat(AllBranches(b.Then)).Concat(AllBranches(b.Else)));

    private void Use(Node node, Region from)
    {
        if (node.Region != from)
        {
            _usedElsewhere.Add(node);
        }

        if (from.IsReverse && !node.Region.IsReverse)
        {
            _usedFromReverse.Add(node);
        }

        if (_uses.TryGetValue(node, out var count))
        {
            _uses[node] = count + 1;
            return;
        }

        _uses[node] = 1;
        foreach (var arg in node.Args)
        {
            Use(arg, node.Region);
        }
    }

    private readonly record struct PhiAssignmentUse(Node Node, Region From);
}
