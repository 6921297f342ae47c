using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Reverse mode over stretches: a run of assignments, stores and branches of them (no loop, call or allocation) is one
/// SSA island of the hash-consed <see cref="Graph"/> (<see cref="ProgramIsland.Stretch"/>), as forward mode's stretches
/// are (<c>TangentPass.Stretches.cs</c>). The forward sweep saves, on entry to the stretch, the values it will overwrite
/// that anything reversed later reads (the stretch's own island first of all), then runs it as written; the reverse
/// sweep restores them, so every place holds its value on entry again, and runs one sweep of the island: the values
/// recomputed from what the stretch read on entry, then the adjoints of everything it assigned pulled back at once.
/// Nothing inside it is saved per statement: temporaries shared across statements, branches joined by phis (no decision
/// taped), and a scalar nothing outside the stretch reads or assigns (<see cref="StretchInternal"/>) has no adjoint.
/// </summary>
internal sealed partial class LoopAnalysis
{
    /// <summary>
    /// A stretch reverse mode differentiates as one island: its statements, its loop depth, the values on entry its
    /// sweep reads (<see cref="Read"/>: scalars, elements; each restored or saved), and whether a seed may be exactly
    /// 0 where a partial is infinite (<see cref="ZeroableSeeds"/>).
    /// </summary>
    internal sealed class ReverseStretch(EquatableArray<LStmt> statements, int depth)
    {
        public EquatableArray<LStmt> Statements { get; } = statements;

        public int Depth { get; } = depth;

        public List<LExpr> Read { get; } = new();

        /// <summary>
        /// The transcendentals outside every branch its sweep reads (by the index of the assignment or store they are
        /// computed in and their expression there), in the order the forward sweep computes and pushes them.
        /// </summary>
        public List<(int Statement, LExpr Expression)> Intermediates { get; } = new();

        /// <summary>
        /// The places whose last value the sweep reads from the place itself, before the restores (as later statements
        /// restore it), instead of computing it again (<see cref="FinalValues"/>).
        /// </summary>
        public List<LExpr> Finals { get; } = new();

        /// <summary>The scalars it assigns that nothing outside it reads or assigns: values of its island only, without adjoints.</summary>
        public HashSet<int> Internal { get; } = new();

        /// <summary>
        /// True when a seed may be exactly 0 where a partial is infinite, so a product with it must be 0, not NaN: a
        /// partial infinite at a finite value (x^0.5 at 0), or one that can overflow (e^800) when what the stretch assigns
        /// is read in an arm of a branch that may not be taken (as the per-statement sweep guards its adjoint with g ≠ 0).
        /// </summary>
        public bool ZeroableSeeds { get; set; }

        /// <summary>What the forward sweep pushes on entry (<see cref="StretchSaves"/>), computed once the saves are decided.</summary>
        internal StretchSaves? Saves { get; set; }
    }

    /// <summary>
    /// What a stretch's forward sweep pushes on entry, in order: the values on entry of captured variables its sweep reads
    /// (<see cref="Captured"/>, popped into locals), then the places it overwrites whose value on entry is read later in
    /// the reverse sweep (<see cref="Restored"/>, popped back into them). Integer updates <c>v = v ± e</c> of a scalar
    /// the stretch only updates so are undone instead (<see cref="Undone"/>).
    /// </summary>
    /// <remarks>
    /// The last values its sweep reads of captured variables (<see cref="CapturedFinals"/>), which nothing restores, are
    /// pushed after its statements instead, and popped first.
    /// </remarks>
    internal sealed record StretchSaves(IReadOnlyList<LExpr> Captured, IReadOnlyList<LExpr> Restored, IReadOnlyList<LAssign> Undone, int Intermediates, IReadOnlyList<LExpr> CapturedFinals)
    {
        /// <summary>Everything the stretch's forward sweep pushes: these and its <see cref="ReverseStretch.Intermediates"/>.</summary>
        public int Count => Captured.Count + Restored.Count + Intermediates + CapturedFinals.Count;
    }

    private readonly Dictionary<LStmt, ReverseStretch> _stretchStarts = new(ByReference.Instance);
    private readonly HashSet<LStmt> _inStretch = new(ByReference.Instance);

    /// <summary>The scalars internal to some stretch (<see cref="ReverseStretch.Internal"/>): they have no adjoint.</summary>
    public HashSet<int> StretchInternal { get; } = new();

    /// <summary>The stretch that starts at <paramref name="statement"/>, if one does.</summary>
    public ReverseStretch? StretchStartingAt(LStmt statement) => _stretchStarts.TryGetValue(statement, out var s) ? s : null;

    /// <summary>True for a statement of a stretch (nested ones included): its pushes are the stretch's.</summary>
    public bool InStretch(LStmt statement) => _inStretch.Contains(statement);

    /// <summary>Finds the stretches of every list of statements of the program (see the file's summary).</summary>
    private void FindStretches()
    {
        // A statement met at two places of the program (a loop condition's, before the loop and at the end of its body) is never in a stretch.
        var places = _program.Body.Places();
        var runs = new StretchRuns(s => places[s] == 1 && s is LAssign or LStore or LIf);
        var readInArms = BranchReads;
        var pending = new Stack<(EquatableArray<LStmt> Body, int Depth, bool Innermost)>();
        pending.Push((_program.Body, 0, false));
        while (pending.Count > 0)
        {
            var (body, depth, innermost) = pending.Pop();
            for (var k = 0; k < body.Length; k++)
            {
                var run = runs.From(body, k);
                if (run.Length == 0)
                {
                    foreach (var block in body[k].Blocks())
                    {
                        pending.Push((block, body[k] is LLoop ? depth + 1 : depth, body[k] is LLoop { Counter: not null } l && TapeAnalysis.KeepsTapeInLocals(l)));
                    }

                    continue;
                }

                if (Stretch(run, depth, readInArms, simd: innermost && run.Length == body.Length) is { } stretch)
                {
                    _stretchStarts[run[0]] = stretch;
                    _inStretch.UnionWith(run.Descendants());
                    StretchInternal.UnionWith(stretch.Internal);
                }

                k += run.Length - 1;
            }
        }
    }

    /// <summary>
    /// The run as a stretch, or null when it is not worth one (fewer than two statements assigning an active variable)
    /// or not one island (<see cref="ProgramIsland.Stretch"/>).
    /// </summary>
    /// <param name="simd">
    /// True for the whole body of an innermost counted loop without calls: when every scalar it assigns lives only in it
    /// or is a sum, its reverse loop may run on SIMD registers, which a second push would prevent; its sweep then computes
    /// its transcendentals again (on vectors) instead of saving them.
    /// </param>
    private ReverseStretch? Stretch(EquatableArray<LStmt> run, int depth, List<(LIf If, HashSet<int> Reads)> readInArms, bool simd)
    {
        var descendants = run.Descendants().ToList();
        if (descendants.Any(s => s is LAssign a && Var(a.Var).IsArray)
            || descendants.Count(s => s is LAssign a && Active.Contains(a.Var) || s is LStore st && Active.Contains(st.Var)) < 2
            || ProgramIsland.Stretch(_program, run, Active.Contains, lanes: 0) is not { } island)
        {
            return null;
        }

        foreach (var guarded in island.Leaves.Where(l => l.Source is LElement e && island.MayBeOutOfRange(l.Leaf) && IsWritten(e.Var)))
        {
            // An element read only in an arm (`if (i + 1 < n) … b[i + 1]`) may be out of range on entry, where the
            // forward sweep would push it if its array were captured (IndexOutOfRangeException, fuzzer seed 1130015):
            // the array is saved where it is overwritten instead, and the reverse sweep reads the element in place, in
            // its arm. An input nothing writes is never pushed.
            _neededElsewhere.Add(((LElement)guarded.Source).Var);
        }

        var stretch = new ReverseStretch(run, depth);
        stretch.Internal.UnionWith(InternalTo(run, island));

        // As the per-statement sweep guards an adjoint with g ≠ 0: where a partial is infinite at a finite value, or
        // where a place it seeds is read in an arm of a branch outside it that may not be taken (inside, the island's
        // own arms are handled by its sweep) and a partial can overflow.
        var inRun = new HashSet<LStmt>(descendants, ByReference.Instance);
        var nodes = island.Graph.Root.AllItems().OfType<NodeItem>().Select(i => i.Node).ToList();
        stretch.ZeroableSeeds = nodes.Any(n => DerivativeRules.MaySingular(n.Op))
            || nodes.Any(n => Ops.Of(n.Op).MayOverflow)
                && Seeded(island, stretch).Any(w => readInArms.Any(branch => !inRun.Contains(branch.If) && branch.Reads.Contains(VarOf(w.Storage))));
        var (reverse, adjoints) = Sweep(island, stretch);
        var contributions = island.Leaves.Where(l => l.Leaf.Active).Select(l => adjoints(l.Leaf)).Where(a => !a.IsConst(0)).ToList();

        // A value the stretch leaves in a place is read from there, as the per-statement sweep reads a variable, before
        // the restores (where later statements restore it: only a place the stretch's own expressions read, so a value
        // no reduction loop drops); transcendentals outside every branch that the sweep reads are saved by the forward
        // sweep (an exp costs more to compute again than a push and a pop); what only these read is not needed.
        var reads = new HashSet<int>(run.ExpressionsWithin().SelectMany(e => e.AllReads()));
        var finals = FinalValues(island, stretch).Where(f => reads.Contains(VarOf(f.Storage))).ToList();
        var given = new HashSet<Node>(finals.Select(f => f.Value));
        var vectorCandidate = simd && descendants.OfType<LAssign>().All(a => stretch.Internal.Contains(a.Var) || IsSum(a));
        var candidates = new HashSet<Node>(island.Graph.Root.Items.OfType<NodeItem>().Select(i => i.Node)
            .Where(n => !vectorCandidate && IsTranscendental(n.Op) && island.Sources.ContainsKey(n) && !given.Contains(n)));
        given.UnionWith(candidates);
        var reached = Reached(island.Graph.Root, reverse, contributions, given);
        stretch.Finals.AddRange(finals.Where(f => reached.Contains(f.Value)).Select(f => f.Storage));
        // In the order the forward sweep pushes them: by statement (a node may be made before the statement it is saved in,
        // in a branch's condition: fuzzer seed 1090768), and within one, operands first.
        stretch.Intermediates.AddRange(candidates.Where(reached.Contains).OrderBy(n => island.Sources[n].Statement).ThenBy(n => n.Id).Select(n => island.Sources[n]));
        var finalValues = new HashSet<Node>(finals.Select(f => f.Value));
        stretch.Read.AddRange(island.Leaves.Where(l => l.Source is LRead or LElement && reached.Contains(l.Leaf) && !finalValues.Contains(l.Leaf)).Select(l => l.Source));
        return stretch;
    }

    /// <summary>True for an array the program stores into or passes to a call (which may write it).</summary>
    private bool IsWritten(int array) => (_written ??= _program.Body.WrittenArrays()).Contains(array);

    private HashSet<int>? _written;

    /// <summary><c>v = v + e</c> or <c>v = e + v</c> (e not reading v): a sum a vector loop keeps per lane.</summary>
    private static bool IsSum(LAssign a) =>
        a.Value is LApply { Op: Op.Add, Args: { Length: 2 } args }
        && (args[0] is LRead l && l.Var == a.Var && !args[1].Reads().Contains(a.Var)
            || args[1] is LRead r && r.Var == a.Var && !args[0].Reads().Contains(a.Var));

    /// <summary>
    /// The places a stretch assigns (not internal scalars) whose last value its sweep could read from the place itself,
    /// each value once: an operation or a leaf, not a constant, and not a join (whose arms assign it).
    /// </summary>
    internal static IEnumerable<(LExpr Storage, Node Value)> FinalValues(ProgramIsland island, ReverseStretch stretch)
    {
        var seen = new HashSet<Node>();
        foreach (var (storage, value) in island.Written)
        {
            if (!(storage is LRead r && stretch.Internal.Contains(r.Var)) && value.Op is not (Op.Const or Op.Phi) && seen.Add(value))
            {
                yield return (storage, value);
            }
        }
    }

    /// <summary>
    /// Every node a stretch's sweep may read: what the reverse region computes and the contributions, followed through
    /// their arguments and through joins to their arms' values and conditions, not past the nodes in
    /// <paramref name="given"/> (values the sweep is handed).
    /// </summary>
    private static HashSet<Node> Reached(Region root, Region reverse, IEnumerable<Node> contributions, ISet<Node> given)
    {
        var joins = new Dictionary<Node, (Node Then, Node Else, Node Condition)>();
        foreach (var branch in root.AllItems().OfType<IfItem>())
        {
            foreach (var phi in branch.Phis)
            {
                joins[phi.Phi] = (phi.Then, phi.Else, branch.Condition);
            }
        }

        var reached = new HashSet<Node>();
        var pending = new Stack<Node>(contributions.Concat(ReverseRoots(reverse)));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!reached.Add(node) || given.Contains(node))
            {
                continue;
            }

            foreach (var arg in node.Args)
            {
                pending.Push(arg);
            }

            if (joins.TryGetValue(node, out var join))
            {
                pending.Push(join.Then);
                pending.Push(join.Else);
                pending.Push(join.Condition);
            }
        }

        return reached;
    }

    /// <summary>
    /// The intermediates of <paramref name="island"/> (built again from <paramref name="stretch"/>'s statements) that the
    /// forward sweep saved, with the expressions they were made from, in the order they were pushed.
    /// </summary>
    public List<(Node Node, LExpr Expression)> SavedIntermediates(ReverseStretch stretch, ProgramIsland island)
    {
        var nodes = island.Sources.ToDictionary(s => s.Value, s => s.Key);
        return stretch.Intermediates.Select(i => (nodes[i], i.Expression)).ToList();
    }

    /// <summary>
    /// The reverse sweep of a stretch's island, seeded at each active place it assigns that is not internal (a seed
    /// leaf per place, in <see cref="ProgramIsland.Written"/>' order), and each leaf's adjoint.
    /// </summary>
    internal (Region Reverse, Func<Node, Node> AdjointOf) Sweep(ProgramIsland island, ReverseStretch stretch, List<(LExpr Storage, Node Seed)>? seeds = null)
    {
        seeds ??= new List<(LExpr, Node)>();
        var g = island.Graph;
        var results = new List<(Node Result, Node Seed)>();
        var zeroable = new List<Node>();
        foreach (var (storage, value) in Seeded(island, stretch))
        {
            var current = g.Current;
            g.Current = g.Root;
            var seed = g.Local(storage.Type, null);
            g.Current = current;
            seeds.Add((storage, seed));
            results.Add((value, seed));
            if (stretch.ZeroableSeeds)
            {
                zeroable.Add(seed);
            }
        }

        return ReverseSweep.Run(g, results, zeroable);
    }

    /// <summary>The places a stretch's sweep is seeded at: what it assigns, active and not internal, with its last value.</summary>
    internal IEnumerable<(LExpr Storage, Node Value)> Seeded(ProgramIsland island, ReverseStretch stretch) =>
        island.Written.Where(w => Active.Contains(VarOf(w.Storage)) && !(w.Storage is LRead r && stretch.Internal.Contains(r.Var)));

    /// <summary>
    /// The scalars <paramref name="run"/> assigns that are values of its island only: not read before it assigns them (a
    /// leaf of its island), and <see cref="PlaceTouches.AssignedOnlyIn"/>.
    /// </summary>
    private HashSet<int> InternalTo(EquatableArray<LStmt> run, ProgramIsland island)
    {
        var found = (_touches ??= new PlaceTouches(_program)).AssignedOnlyIn(run);
        found.ExceptWith(island.Leaves.Select(l => l.Source).OfType<LRead>().Select(r => r.Var));
        return found;
    }

    private PlaceTouches? _touches;

    /// <summary>
    /// The variables each statement of a program touches (its own expressions read, the scalar it assigns, a loop's
    /// counter; not its children's: a loop around a run holds it), counted over every place of the program: lowering
    /// may put one statement at two places (a loop condition's statements before the loop and again at the end of its
    /// body), and only the place in a run is the run's.
    /// </summary>
    internal sealed class PlaceTouches
    {
        private readonly LoopProgram _program;
        private readonly Dictionary<LStmt, int[]> _byStatement = new(ByReference.Instance);
        private readonly Dictionary<int, int> _places = new();

        public PlaceTouches(LoopProgram program)
        {
            _program = program;
            foreach (var s in program.Body.Descendants())
            {
                foreach (var v in Of(s))
                {
                    _places[v] = _places.TryGetValue(v, out var n) ? n + 1 : 1;
                }
            }
        }

        /// <summary>
        /// The scalars <paramref name="run"/> assigns that no statement at a place outside it touches, and that are not
        /// the result nor a parameter (whose adjoint on entry the member hands back, 0 when the run assigns it before
        /// reading it: fuzzer seed 1130087).
        /// </summary>
        public HashSet<int> AssignedOnlyIn(EquatableArray<LStmt> run)
        {
            var inRun = new Dictionary<int, int>();
            foreach (var s in run.Descendants())
            {
                foreach (var v in Of(s))
                {
                    inRun[v] = inRun.TryGetValue(v, out var n) ? n + 1 : 1;
                }
            }

            return new HashSet<int>(run.Descendants().OfType<LAssign>().Select(a => a.Var)
                .Where(v => v != _program.Result && v != _program.Returned && _program.Vars[v].Origin != VarOrigin.Parameter && _places[v] == inRun[v]));
        }

        private int[] Of(LStmt s)
        {
            if (!_byStatement.TryGetValue(s, out var touched))
            {
                var set = new HashSet<int>(s.Expressions().SelectMany(e => e.AllReads()));
                if (s.AssignedScalar() is var assigned and >= 0)
                {
                    set.Add(assigned);
                }

                if (s is LLoop { Counter: { } counter })
                {
                    set.Add(counter.Var);
                }

                _byStatement[s] = touched = set.ToArray();
            }

            return touched;
        }
    }

    private List<(LIf If, HashSet<int> Reads)>? _branchReads;
    private HashSet<int>? _readInArms;

    /// <summary>Each <c>if</c> of the program with the variables it reads in an arm without assigning them there (so assigned before it).</summary>
    private List<(LIf If, HashSet<int> Reads)> BranchReads => _branchReads ??= _program.Body.Descendants().OfType<LIf>()
        .Select(branch =>
        {
            var arms = branch.Then.Concat(branch.Else).ToList();
            return (branch, new HashSet<int>(arms.ReadVariables().Where(v => !arms.Assigns(v))));
        })
        .ToList();

    /// <summary>True when some <c>if</c> reads <paramref name="variable"/> in an arm without assigning it there.</summary>
    public bool IsReadInAnArm(int variable) => (_readInArms ??= new HashSet<int>(BranchReads.SelectMany(b => b.Reads))).Contains(variable);

    /// <summary>
    /// Marks what a stretch's reverse sweep reads as needed: the values on entry its island recomputes from (read by the
    /// partials, the branch conditions, the indices), each variable's read counted at the stretch's depth (a real one may
    /// be captured: pushed on entry), and the indices of the elements it reads or adds adjoints into.
    /// </summary>
    private void NeedStretch(ReverseStretch stretch)
    {
        foreach (var source in stretch.Read)
        {
            var v = VarOf(source);
            Needed.Add(v);
            Add(_readCost, v, stretch.Depth);
        }

        foreach (var final in stretch.Finals)
        {
            // Read where it is after the stretch (restored by what overwrites it later), or, captured, pushed after it.
            var v = VarOf(final);
            Needed.Add(v);
            Add(_readCost, v, stretch.Depth);
            if (final is LElement element)
            {
                NeedAll(element.Index);
            }
        }

        foreach (var element in stretch.Statements.ExpressionsWithin().SelectMany(e => e.Descendants()).OfType<LElement>())
        {
            NeedAll(element.Index);
        }

        foreach (var st in stretch.Statements.Descendants().OfType<LStore>())
        {
            NeedAll(st.Index);
        }
    }

    /// <summary>What the forward sweep of <paramref name="stretch"/> pushes on entry (see <see cref="StretchSaves"/>).</summary>
    public StretchSaves SavesOf(ReverseStretch stretch)
    {
        if (stretch.Saves is { } known)
        {
            return known;
        }

        var captured = stretch.Read.Where(source => Captures(VarOf(source))).ToList();
        var restored = new List<LExpr>();
        var undone = new List<LAssign>();
        var assigned = stretch.Statements.AssignedVariables();
        var seen = new HashSet<LExpr>();
        foreach (var s in stretch.Statements.Descendants())
        {
            var (place, v) = s switch
            {
                LAssign a => ((LExpr)new LRead(Var(a.Var).Type, a.Var), a.Var),
                LStore st => (new LElement(Var(st.Var).Type, st.Var, st.Index), st.Var),
                _ => (null!, -1),
            };
            if (v < 0 || !seen.Add(place) || stretch.Internal.Contains(v) || Captures(v) || !SavesAt(s, v))
            {
                continue;
            }

            if (place is LRead && UndoneUpdates(stretch, v, assigned) is { } updates)
            {
                undone.AddRange(updates);
                continue;
            }

            restored.Add(place);
        }

        var finals = stretch.Finals.Where(final => Captures(VarOf(final))).ToList();
        return stretch.Saves = new StretchSaves(captured, restored, undone, stretch.Intermediates.Count, finals);
    }

    /// <summary>
    /// The assignments of scalar <paramref name="v"/> in the stretch when every one is an integer update <c>v = v ± e</c>
    /// outside any branch whose e reads nothing the stretch assigns: the reverse sweep undoes them (in any order, the e's
    /// do not change) instead of saving v. Null otherwise.
    /// </summary>
    private List<LAssign>? UndoneUpdates(ReverseStretch stretch, int v, HashSet<int> assigned)
    {
        var writes = stretch.Statements.Descendants().Where(s => s.AssignedScalar() == v).ToList();
        var top = new HashSet<LStmt>(stretch.Statements, ByReference.Instance);
        var updates = new List<LAssign>();
        foreach (var w in writes)
        {
            if (w is not LAssign a || !top.Contains(a) || Inverse(a) is not { } inverse || inverse.Step.Reads().Any(assigned.Contains))
            {
                return null;
            }

            updates.Add(a);
        }

        return updates;
    }
}
