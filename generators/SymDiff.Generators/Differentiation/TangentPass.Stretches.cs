using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Forward mode over stretches: a run of statements without loops, calls or allocations (assignments, stores, branches
/// of them) is one SSA island of the hash-consed <see cref="Graph"/> (<see cref="ProgramIsland.Stretch"/>), as a body
/// of scalars is: the values and every lane's tangents computed once from what the stretch reads on entry, temporaries
/// shared across its statements, branches joined by phis, then what it assigns stored.
/// </summary>
internal sealed partial class TangentPass
{
    /// <summary>
    /// The stretch of <paramref name="body"/> that starts at statement <paramref name="start"/>: its length and its
    /// sweep, or its length and null when it is not one island (its statements then go one by one). Null where no
    /// stretch starts, or where it has fewer than two statements assigning an active variable (each statement is
    /// already one island).
    /// </summary>
    private (int Length, DStmt? Sweep)? StretchAt(EquatableArray<LStmt> body, int start)
    {
        var (run, worth) = Run(body, start);
        return run.Length == 0 ? null
            : worth && ProgramIsland.Stretch(Program, run, Analysis.Active.Contains, _lanes.Length) is { } island ? (run.Length, Sweep(island, run))
            : (run.Length, null);
    }

    /// <summary>
    /// The stretch from statement <paramref name="start"/> to the first that is not <see cref="Plain"/>, and whether it is
    /// worth an island: it has two statements assigning an active variable.
    /// </summary>
    private (EquatableArray<LStmt> Run, bool Worth) Run(EquatableArray<LStmt> body, int start)
    {
        var run = (_runs ??= new StretchRuns(Plain)).From(body, start);
        var active = run.Descendants().Count(s => s is LAssign a && Analysis.Active.Contains(a.Var) || s is LStore st && Analysis.Active.Contains(st.Var));
        return (run, active >= 2);
    }

    /// <summary>
    /// The scalars that may live only in a stretch's island (<see cref="InternalTo"/> of every stretch of the program, found
    /// before any statement is made): innermost loops do not copy them into block locals, since the island may keep them
    /// as nodes only. Where a stretch turns out not to be one island they are read where they are.
    /// </summary>
    private HashSet<int>? _mayBeInternal;

    protected override bool Copies(int id) => !(_mayBeInternal ??= MayBeInternal()).Contains(id);

    private HashSet<int> MayBeInternal()
    {
        var found = new HashSet<int>();
        var pending = new Stack<EquatableArray<LStmt>>();
        pending.Push(Program.Body);
        while (pending.Count > 0)
        {
            var body = pending.Pop();
            for (var k = 0; k < body.Length; k++)
            {
                var (run, worth) = Run(body, k);
                if (worth)
                {
                    found.UnionWith(InternalTo(run));
                }

                k += Math.Max(0, run.Length - 1);
            }

            foreach (var block in body.SelectMany(child => child.Blocks()))
            {
                pending.Push(block);
            }
        }

        return found;
    }

    /// <summary>
    /// The scalars a stretch island assigns that nothing outside it reads or assigns (not the result): values of its graph
    /// only, never stored or declared (a variable assigned a constant and never read is CS0219).
    /// </summary>
    private readonly HashSet<int> _internal = new();

    /// <summary>What each statement of the program touches, over its places (<see cref="LoopAnalysis.PlaceTouches"/>).</summary>
    private LoopAnalysis.PlaceTouches? _touches;

    /// <summary><see cref="InternalTo"/> of each stretch, by its first statement: asked before the statements are made and again for its sweep.</summary>
    private readonly Dictionary<LStmt, HashSet<int>> _internalTo = new(ByReference.Instance);

    /// <summary>The scalars of <paramref name="run"/> whose values live only in it (see <see cref="_internal"/>).</summary>
    private HashSet<int> InternalTo(EquatableArray<LStmt> run)
    {
        if (_internalTo.TryGetValue(run[0], out var known))
        {
            return new HashSet<int>(known);
        }

        var found = (_touches ??= new LoopAnalysis.PlaceTouches(Program)).AssignedOnlyIn(run);
        _internalTo[run[0]] = found;
        return new HashSet<int>(found);
    }

    /// <summary>The runs stretches are made of, plain meaning <see cref="Plain"/>.</summary>
    private StretchRuns? _runs;

    /// <summary>An assignment to a scalar, a store, or a branch (of them, <see cref="StretchRuns"/> asks of what it holds).</summary>
    private bool Plain(LStmt statement) => statement switch
    {
        LAssign a => !Program.Vars[a.Var].IsArray,
        LStore or LIf => true,
        _ => false,
    };

    /// <summary>
    /// The stretch's sweep in a block of its own: every lane's tangent of what it assigns stored first, then the values
    /// (nothing stored where it keeps its value on entry: <c>x = x</c> is CS1717). A value that would read, through the
    /// expressions the printer inlines, what a store before it wrote (<c>c = c + q; s = c + r</c>: the tangent of s reads
    /// c's on entry) is computed into a local first. Null when the value is itself what an earlier store overwrote
    /// (<c>t = a; a = b; b = t;</c>).
    /// </summary>
    private DStmt? Sweep(ProgramIsland island, EquatableArray<LStmt> run)
    {
        var internals = InternalTo(run);
        internals.ExceptWith(island.Leaves.Select(l => l.Source).OfType<LRead>().Select(r => r.Var)); // read on entry: declared
        var root = island.Graph.Root;
        var valueLeaves = island.Leaves.ToDictionary(l => l.Leaf, l => l.Source);
        var tangentLeaves = island.TangentLeaves.ToDictionary(t => t.Tangent, t => (t.Source, t.Lane));
        var stored = new HashSet<(LExpr Storage, int Lane)>();
        var kept = new HashSet<Node>();
        var stores = new List<(DStore Store, Region From)>();
        bool Store(LExpr storage, int lane, LExpr target, Node value)
        {
            var unchanged = lane < 0
                ? valueLeaves.TryGetValue(value, out var source) && source.Equals(storage)
                : tangentLeaves.TryGetValue(value, out var tangent) && tangent.Source.Equals(storage) && tangent.Lane == lane;
            if (unchanged)
            {
                return true;
            }

            if (ReadsStored(value))
            {
                if (value.IsLeaf)
                {
                    return false; // t = a; a = b; b = t: the value is what an earlier store overwrote
                }

                // Computed into a local with the values, before any store, instead of inlined into this one.
                var name = Names.Unescaped(Program.Vars[VarOf(storage)].Name);
                value.BaseName ??= lane < 0 ? name : Names.Tangent(name);
                kept.Add(value);
            }

            stores.Add((new DStore(target, value, Accumulate: false), root));
            stored.Add((storage, lane));
            return true;
        }

        bool ReadsStored(Node value) => ProgramIsland.Reaches(value, node =>
            valueLeaves.TryGetValue(node, out var source) && stored.Contains((source, -1))
            || tangentLeaves.TryGetValue(node, out var tangent) && stored.Contains((tangent.Source, tangent.Lane)));

        var written = island.Written.Where(w => w.Storage is not LRead r || !internals.Contains(r.Var)).ToList();
        for (var lane = 0; lane < _lanes.Length; lane++)
        {
            foreach (var (storage, value) in written.Where(w => Analysis.Active.Contains(VarOf(w.Storage))))
            {
                if (!Store(storage, lane, TangentOf(storage, _lanes[lane]), island.TangentOf(value, lane)))
                {
                    return null;
                }
            }
        }

        foreach (var (storage, value) in written)
        {
            if (!Store(storage, -1, Bind(storage), value))
            {
                return null;
            }
        }

        _internal.UnionWith(internals);

        // A value the island named after its variable (for a body of scalars, whose values stay in locals) that only
        // its store reads is written into the store itself, not into a local copied there.
        var users = new Dictionary<Node, int>();
        var seen = new HashSet<Node>();
        var walk = new Stack<Node>(stores.Select(st => st.Store.Value));
        while (walk.Count > 0)
        {
            var node = walk.Pop();
            if (seen.Add(node))
            {
                foreach (var arg in node.Args)
                {
                    users[arg] = users.TryGetValue(arg, out var n) ? n + 1 : 1;
                    walk.Push(arg);
                }
            }
        }

        foreach (var group in stores.GroupBy(st => st.Store.Value).Where(g => g.Count() == 1 && !users.ContainsKey(g.Key) && !kept.Contains(g.Key) && g.Key.Op != Op.Phi))
        {
            group.Key.BaseName = null;
        }

        var inputs = island.Leaves.Select(l => (l.Leaf, Bind(l.Source)))
            .Concat(island.TangentLeaves.Select(t => (t.Tangent, TangentOf(t.Source, _lanes[t.Lane]))));
        var sweep = DSweep.Of(new[] { root }, inputs, stores, Array.Empty<Node>());
        return new DScope(new DStmt[] { sweep }.ToEquatableArray(), EquatableArray<int>.Empty);
    }

    private static int VarOf(LExpr storage) => storage switch
    {
        LRead r => r.Var,
        LElement e => e.Var,
        _ => throw new InvalidOperationException($"{storage} is not storage"),
    };
}
