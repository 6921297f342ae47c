using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>The islands of a vector loop: an adjoint's, a tangent's, a stretch's (<see cref="IslandPlan"/>).</summary>
internal sealed partial class VectorLoop
{
    /// <summary>
    /// One island of the loop (an adjoint's or a tangent's graph) on vectors, decided once for the check and its printer:
    /// its regions, the values it stores and where (<see cref="Accumulates"/>: added), its leaves with the expressions they
    /// read (the seed first when it has one), the nodes its vector code computes or reads (<see cref="Printed"/>), the
    /// leaves that change per iteration (<see cref="Varying"/>, the rest broadcast) and its SIMD plan.
    /// </summary>
    public sealed class IslandPlan(
        Schedule schedule, Region[] regions, IReadOnlyList<Node> outputs, IReadOnlyList<LExpr> targets, bool accumulates, IReadOnlyList<(Node Node, LExpr Value)> leaves)
    {
        public Schedule Schedule { get; } = schedule;

        public Region[] Regions { get; } = regions;

        public IReadOnlyList<Node> Outputs { get; } = outputs;

        public IReadOnlyList<LExpr> Targets { get; } = targets;

        public bool Accumulates { get; } = accumulates;

        public IReadOnlyList<(Node Node, LExpr Value)> Leaves { get; } = leaves;

        /// <summary>The leaves as a set: given, never computed (a value the forward sweep saved is read back).</summary>
        public HashSet<Node> Given { get; } = new(leaves.Select(l => l.Node));

        public HashSet<Node> Printed { get; } = PrintedNodes(schedule, regions, outputs, new HashSet<Node>(leaves.Select(l => l.Node)));

        public HashSet<Node> Varying { get; internal set; } = new();

        public SimdPlan? Simd { get; internal set; }
    }

    /// <summary>The plan of island statement <paramref name="statement"/> (a <see cref="DAdjoint"/>, <see cref="DIsland"/> or stretch's <see cref="DSweep"/> of the loop).</summary>
    public IslandPlan IslandOf(DStmt statement) => _islands[statement];

    private void Adjoint(DAdjoint adjoint, Dictionary<int, int> stepped)
    {
        var derivative = adjoint.Derivative;
        var seed = (derivative.Seed, (LExpr)new LRead(_program.Vars[adjoint.Seed].Type, adjoint.Seed));
        Island(adjoint, new IslandPlan(
            derivative.Schedule,
            new[] { derivative.Graph.Root, derivative.Reverse! },
            adjoint.Contributions.Select(c => c.Adjoint).ToList(),
            adjoint.Contributions.Select(c => c.Target).ToList(),
            accumulates: true,
            adjoint.Inputs.Prepend(seed).ToList()), stepped);
    }

    private void Island(DIsland island, Dictionary<int, int> stepped)
    {
        // Each lane's tangent, then the assigned value.
        var derivative = island.Derivative;
        var outputs = derivative.Tangents.Take(island.Targets.Length).ToList();
        var targets = island.Targets.ToList();
        if (island.Assigned is not null)
        {
            outputs.Add(derivative.Result);
            targets.Add(island.Assigned);
        }

        Island(island, new IslandPlan(derivative.Schedule, new[] { derivative.Graph.Root }, outputs, targets, accumulates: false, island.Inputs.ToList()), stepped);
    }

    /// <summary>
    /// A stretch's island: its stores' values into their targets (<c>TangentPass.Stretches</c>), or added into them, the
    /// adjoints of its reverse sweep (<c>LoopAnalysis.Stretches</c>).
    /// </summary>
    private void Island(DSweep sweep, Dictionary<int, int> stepped) =>
        Island(sweep, new IslandPlan(
            sweep.Schedule, sweep.Regions.ToArray(), sweep.Stores.Select(s => s.Value).ToList(), sweep.Stores.Select(s => s.Target).ToList(),
            accumulates: sweep.Stores.Length > 0 && sweep.Stores[0].Accumulate, sweep.Inputs.ToList()), stepped);
}
