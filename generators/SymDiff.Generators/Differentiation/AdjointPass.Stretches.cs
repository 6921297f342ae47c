using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>The reverse sweep of a stretch reversed whole (<see cref="LoopAnalysis.StretchStartingAt"/>).</summary>
internal sealed partial class AdjointPass
{
    /// <summary>
    /// A stretch reversed whole: the values its forward sweep saved popped (transcendentals its sweep reads into locals,
    /// the values it overwrote back into their places, integer updates undone, captured values into locals), so every
    /// value it read on entry is there again; each seed (the adjoint of a place it assigned) taken and the adjoint zeroed,
    /// except where the place's value on entry takes the seed as it is (<c>s = s + e</c>); then one sweep of its island,
    /// values recomputed from those on entry and every leaf's adjoint added in.
    /// </summary>
    private DScope Stretch(LoopAnalysis.ReverseStretch stretch)
    {
        var saves = Analysis.SavesOf(stretch);
        var block = new List<DStmt>();
        var locals = new List<int>();
        var island = ProgramIsland.Stretch(Program, stretch.Statements, Analysis.Active.Contains, lanes: 0)
            ?? throw new InvalidOperationException("a stretch of the analysis is not an island");
        var known = new List<(Node Node, LExpr Value)>();

        // The values the stretch left in places its sweep reads: a captured variable's popped (pushed last), the others
        // taken from their places before the restores.
        var finalValues = LoopAnalysis.FinalValues(island, stretch).ToDictionary(f => f.Storage, f => f.Value);
        var popped = new HashSet<LExpr>(saves.CapturedFinals);
        foreach (var final in saves.CapturedFinals.Reverse().Concat(stretch.Finals.Where(f => !popped.Contains(f))))
        {
            var local = Derivative.Fresh("final", final.Type);
            block.Add(new DDeclare(local, DeclareForm.Typed, popped.Contains(final) ? Pop(final.Type) : Bind(final)));
            known.Add((finalValues[final], Read(local, final.Type)));
            locals.Add(local);
        }

        var intermediates = Analysis.SavedIntermediates(stretch, island);
        for (var k = intermediates.Count - 1; k >= 0; k--)
        {
            var local = Derivative.Fresh("saved", intermediates[k].Node.Type);
            block.Add(new DDeclare(local, DeclareForm.Typed, Pop(intermediates[k].Node.Type)));
            known.Add((intermediates[k].Node, Read(local, intermediates[k].Node.Type)));
            locals.Add(local);
        }

        for (var k = saves.Restored.Count - 1; k >= 0; k--)
        {
            block.Add(new DAssign(Bind(saves.Restored[k]), Pop(saves.Restored[k].Type)));
        }

        for (var k = saves.Undone.Count - 1; k >= 0; k--)
        {
            var inverse = Analysis.Inverse(saves.Undone[k])!.Value;
            block.Add(new DAccumulate(Read(saves.Undone[k].Var), Bind(inverse.Step), Subtract: inverse.Inverse != Op.Add));
        }

        var captured = new Dictionary<LExpr, int>();
        for (var k = saves.Captured.Count - 1; k >= 0; k--)
        {
            var local = Derivative.Fresh("saved", saves.Captured[k].Type);
            block.Add(new DDeclare(local, DeclareForm.Typed, Pop(saves.Captured[k].Type)));
            captured[saves.Captured[k]] = local;
            locals.Add(local);
        }

        var seeds = new List<(LExpr Storage, Node Seed)>();
        var (reverse, adjointOf) = Analysis.Sweep(island, stretch, seeds);
        var leafAdjoints = island.Leaves.Where(l => l.Leaf.Active).ToDictionary(l => l.Leaf, l => adjointOf(l.Leaf)); // each taken once
        // A leaf that is also a place's last value is read from that place (a copy: h[i] = next[i]).
        var knownNodes = new HashSet<Node>(known.Select(k => k.Node));
        var inputs = island.Leaves.Where(l => !knownNodes.Contains(l.Leaf))
            .Select(l => (l.Leaf, captured.TryGetValue(l.Source, out var local) ? Read(local, l.Source.Type) : Bind(l.Source))).ToList();
        inputs.AddRange(known);
        var leaves = island.Leaves.ToDictionary(l => l.Source, l => l.Leaf);
        var written = island.Written.ToDictionary(w => w.Storage, w => w.Value);
        var passThrough = new HashSet<LExpr>();
        foreach (var (storage, seed) in seeds)
        {
            var adjoint = AdjointOf(storage);
            if (written[storage].Active)
            {
                var taken = Derivative.Fresh("g", storage.Type);
                block.Add(new DDeclare(taken, DeclareForm.Typed, adjoint));
                inputs.Add((seed, Read(taken, storage.Type)));
                locals.Add(taken);
            }

            if (leaves.TryGetValue(storage, out var leaf) && leaf.Active && ReferenceEquals(leafAdjoints[leaf], seed))
            {
                // The value on entry takes the seed as it is: the adjoint stays.
                passThrough.Add(storage);
                continue;
            }

            // The place's adjoint goes to the value the stretch left in it; the value it had on entry starts at 0.
            block.Add(new DAssign(adjoint, new LConst(storage.Type, 0)));
        }

        var stores = new List<(DStore Store, Region From)>();
        foreach (var (leaf, source) in island.Leaves.Where(l => l.Leaf.Active && !passThrough.Contains(l.Source)))
        {
            var adjoint = leafAdjoints[leaf];
            if (!adjoint.IsConst(0))
            {
                stores.Add((new DStore(AdjointOf(source), adjoint, Accumulate: true, island.MayBeOutOfRange(leaf)), reverse));
            }
        }

        if (stores.Count > 0)
        {
            block.Add(DSweep.Of(new[] { island.Graph.Root, reverse }, inputs, stores, Array.Empty<Node>()));
        }

        return new DScope(block.ToEquatableArray(), locals.ToEquatableArray());
    }
}
