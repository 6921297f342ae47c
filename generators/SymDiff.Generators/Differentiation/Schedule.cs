using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Decides how each graph node is emitted: not at all (unreachable: dead code and dead adjoints vanish), inline
/// into its single use, or as a named local; and whether a local defined inside a forward branch must be declared
/// before the branch because the reverse sweep reads it.
/// </summary>
internal sealed class Schedule
{
    /// <summary>
    /// How deep single-use values may be inlined into one expression. Printing an inlined value recurses into its
    /// operands, and a long body can chain thousands of them (3,000 statements <c>y = y + x</c> accumulate one adjoint
    /// sum); a value this deep gets a local of its own instead, so printing never recurses deeper than this.
    /// </summary>
    private const int MaxInlineDepth = 64;

    private readonly Dictionary<Node, int> _uses = new();
    private readonly HashSet<Node> _split = new();
    private readonly HashSet<Node> _usedElsewhere = new();
    private readonly HashSet<Node> _usedFromReverse = new();
    private readonly Dictionary<IfItem, bool> _emits = new();
    private readonly ISet<Node>? _given;

    /// <param name="regions">The regions printed, in order.</param>
    /// <param name="roots">The values printed and the regions that use them.</param>
    /// <param name="given">Values handed in (a saved intermediate): used, but what they are computed from is not.</param>
    public Schedule(IEnumerable<Region> regions, IEnumerable<(Node Node, Region From)> roots, ISet<Node>? given = null)
    {
        _given = given;
        foreach (var region in regions)
        {
            Walk(region);
        }

        foreach (var (node, from) in roots)
        {
            Use(node, from);
        }

        // A branch's condition is used only if the branch is emitted: one whose arms compute nothing reachable is
        // dropped, and the values its condition reads (an earlier ?:'s join) may then be dead too (fuzzer seed 71304).
        var joins = Joins(regions);
        do
        {
            CloseJoins(joins);
        }
        while (UseConditionsOfLiveBranches());

        SplitDeepExpressions();
    }

    public bool IsReachable(Node node) => _uses.ContainsKey(node);

    public bool NeedsLocal(Node node) => IsReachable(node) && !node.IsLeaf && (
        node.Op is Op.Call or Op.CallPartial
        || node.BaseName is not null
        || _uses[node] >= 2
        || _usedElsewhere.Contains(node)
        || _split.Contains(node));

    /// <summary>
    /// True when the branch has something to emit: in an arm, a local, an assignment or a branch that has; or a
    /// reachable join. Writers ask it of every branch and, through its arms, of every branch nested in it, so each
    /// answer is kept: nested branches would otherwise be walked once per branch around them.
    /// </summary>
    public bool Emits(IfItem branch)
    {
        if (!_emits.TryGetValue(branch, out var emits))
        {
            emits = branch.Then.Items.Any(Emits) || branch.Else.Items.Any(Emits) || branch.Phis.Any(p => IsReachable(p.Phi));
            _emits[branch] = emits;
        }

        return emits;
    }

    /// <summary>True when the item emits something (see <see cref="Emits(IfItem)"/>).</summary>
    public bool Emits(Item item) => item switch
    {
        NodeItem n => NeedsLocal(n.Node),
        IfItem b => Emits(b),
        _ => true,
    };

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
                    _conditions.Add((branch, region));
                    Walk(branch.Then);
                    Walk(branch.Else);
                    break;
                case AssignItem assign:
                    Use(assign.Value, region);
                    break;
            }
        }
    }

    /// <summary>Each join of the branches in <paramref name="regions"/>, nested ones included, with its branch.</summary>
    private static Dictionary<Node, List<(PhiAssignment Phi, IfItem Branch)>> Joins(IEnumerable<Region> regions)
    {
        var joins = new Dictionary<Node, List<(PhiAssignment Phi, IfItem Branch)>>();
        foreach (var branch in regions.SelectMany(r => r.Branches()))
        {
            foreach (var phi in branch.Phis)
            {
                if (!joins.TryGetValue(phi.Phi, out var assignments))
                {
                    joins[phi.Phi] = assignments = new List<(PhiAssignment, IfItem)>();
                }

                assignments.Add((phi, branch));
            }
        }

        return joins;
    }

    /// <summary>
    /// Marks the arm values of every reachable join as used (a join is assigned only if something reads it). Using an
    /// arm value can reach another join: each join is closed once, when it first becomes reachable (a work list, not
    /// passes over every branch until nothing changes, which take as many passes as joins feed each other in a row).
    /// </summary>
    private void CloseJoins(Dictionary<Node, List<(PhiAssignment Phi, IfItem Branch)>> joins)
    {
        while (_reachedJoins.Count > 0)
        {
            if (joins.TryGetValue(_reachedJoins.Pop(), out var assignments))
            {
                foreach (var (phi, branch) in assignments)
                {
                    UseOnce(phi.Then, branch.Then);
                    UseOnce(phi.Else, branch.Else);
                }
            }
        }
    }

    /// <summary>Joins that became reachable and whose arm values are not yet marked used.</summary>
    private readonly Stack<Node> _reachedJoins = new();

    private readonly HashSet<PhiAssignmentUse> _joinUses = new();

    /// <summary>Branches whose condition is not used yet, with the region the condition is read from.</summary>
    private readonly List<(IfItem Branch, Region From)> _conditions = new();

    private bool UseConditionsOfLiveBranches()
    {
        // Reachability only grows when the conditions are used, after this pass has asked every branch: within the pass
        // an answer can be kept (a nested branch is asked once per branch around it).
        var live = new Dictionary<IfItem, bool>();
        var used = new List<(IfItem Branch, Region From)>();
        var waiting = new List<(IfItem Branch, Region From)>();
        foreach (var condition in _conditions)
        {
            (IsLive(condition.Branch, live) ? used : waiting).Add(condition);
        }

        _conditions.Clear();
        _conditions.AddRange(waiting);
        foreach (var (branch, from) in used)
        {
            Use(branch.Condition, from);
        }

        return used.Count > 0;
    }

    /// <summary>A branch is emitted when a join of it is read, or an arm accumulates or computes something read.</summary>
    private bool IsLive(IfItem branch, Dictionary<IfItem, bool> live)
    {
        if (!live.TryGetValue(branch, out var isLive))
        {
            isLive = branch.Phis.Any(p => IsReachable(p.Phi)) || IsLive(branch.Then, live) || IsLive(branch.Else, live);
            live[branch] = isLive;
        }

        return isLive;
    }

    private bool IsLive(Region arm, Dictionary<IfItem, bool> live) => arm.Items.Any(item => item switch
    {
        NodeItem n => IsReachable(n.Node),
        IfItem b => IsLive(b, live),
        _ => true,
    });

    private void UseOnce(Node node, Region from)
    {
        if (_joinUses.Add(new PhiAssignmentUse(node, from)))
        {
            Use(node, from);
        }
    }

    /// <summary>The nodes <see cref="Use"/> has still to count (one stack for every call: it is empty between them).</summary>
    private readonly Stack<(Node Node, Region From)> _pending = new();

    /// <summary>Counts one use of <paramref name="node"/> from <paramref name="from"/>, and on its first use, one of each operand (with a work list: chains of values are as long as the body).</summary>
    private void Use(Node node, Region from)
    {
        var pending = _pending;
        pending.Push((node, from));
        while (pending.Count > 0)
        {
            var (current, region) = pending.Pop();
            if (current.Region != region)
            {
                _usedElsewhere.Add(current);
            }

            if (region.IsReverse && !current.Region.IsReverse)
            {
                _usedFromReverse.Add(current);
            }

            if (_uses.TryGetValue(current, out var count))
            {
                _uses[current] = count + 1;
                continue;
            }

            _uses[current] = 1;
            if (_given is not null && _given.Contains(current))
            {
                continue;
            }

            if (current.Op == Op.Phi)
            {
                _reachedJoins.Push(current);
            }

            foreach (var arg in current.Args)
            {
                pending.Push((arg, current.Region));
            }
        }
    }

    /// <summary>
    /// Gives a local to every value more than <see cref="MaxInlineDepth"/> inlined operations deep. Operands are
    /// created before the values that read them, so in id order each value's inline depth is known from its operands'.
    /// </summary>
    private void SplitDeepExpressions()
    {
        var nodes = new List<Node>(_uses.Count);
        foreach (var node in _uses.Keys)
        {
            if (!node.IsLeaf)
            {
                nodes.Add(node);
            }
        }

        nodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        var depth = new Dictionary<Node, int>(nodes.Count);
        foreach (var node in nodes)
        {
            var deepest = 0;
            foreach (var argument in node.Args)
            {
                if (depth.TryGetValue(argument, out var d) && d > deepest)
                {
                    deepest = d;
                }
            }

            var inlined = 1 + deepest;
            if (inlined > MaxInlineDepth)
            {
                _split.Add(node);
            }

            depth[node] = NeedsLocal(node) ? 0 : inlined;
        }
    }

    private readonly record struct PhiAssignmentUse(Node Node, Region From);
}
