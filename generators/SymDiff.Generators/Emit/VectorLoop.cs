using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Whether an innermost counted loop of a derivative program can run on SIMD registers (<c>Vector512</c> or <c>Vector256</c>), and the facts
/// its printer needs (<see cref="DerivativePrinter"/>'s vector loops). A loop qualifies when its iterations are independent
/// apart from sums:
/// <list type="bullet">
/// <item>its counter steps by ±1 towards a bound the body does not change (<c>i &lt; n</c>, <c>i &gt;= a</c>);</item>
/// <item>every element it reads or writes is at an index that moves by one element per iteration, in the same direction
/// for all of them (<c>a[k·d + j]</c>, <c>b[l]</c> with a second counter <c>l</c> stepped by ±1 once per iteration), or
/// at an index the loop does not move, of an array it does not write;</item>
/// <item>an array it writes is only accessed at one index per iteration, so no iteration reads what another writes;</item>
/// <item>a scalar it assigns is a block local of the body (a vector), a second counter, or a sum the body only adds to
/// (<c>s += …</c>, an adjoint's contribution): with <c>reorderSums</c> only, because the lanes' partial sums are added
/// after the loop, which rounds differently from adding in order;</item>
/// <item>its statements are assignments, sums and islands whose operations have SIMD forms (<see cref="SimdPlan"/>): no
/// branches of the program, calls, conversions per element, and at most one push or one pop through tape storage (its
/// height is then a second counter); without <c>reorderSums</c> (a sweep that
/// computes the method's own values) only forms that round as the scalar code does (<see cref="SimdOps.IsApproximate"/>),
/// so a member returns the value the method does, bit for bit.</item>
/// </list>
/// The printer checks the rest at run time before the vector loop: the indices of its first and last iteration within
/// bounds, and arrays it writes apart from the others it reads unless one of them is <see cref="DVar.Distinct"/>.
/// </summary>
internal sealed partial class VectorLoop
{
    /// <summary>
    /// The register widths in bits the printer prints the loop at, widest first: each where the hardware accelerates it,
    /// one chosen per machine (the JIT drops the others).
    /// </summary>
    public static IReadOnlyList<int> Widths { get; } = [512, 256];

    private readonly DerivativeProgram _program;
    private readonly bool _reorderSums;
    private readonly HashSet<int> _locals = new();
    private readonly HashSet<int> _reductions = new();
    private readonly Dictionary<int, int> _inductions = new();
    private readonly HashSet<int> _written = new();
    private readonly List<Access> _accesses = new();
    private readonly HashSet<int> _assigned = new();
    private readonly Dictionary<DStmt, IslandPlan> _islands = new();
    private ScalarKind? _kind;
    private string? _obstacle;

    private VectorLoop(DLoop loop, DerivativeProgram program, bool reorderSums, int counter, int stride)
    {
        Loop = loop;
        _program = program;
        _reorderSums = reorderSums;
        Counter = counter;
        Stride = stride;
    }

    /// <summary>An element the loop reads or writes: its index as written, the second counters stepped before it in the iteration, its direction in memory per iteration (0: fixed).</summary>
    public sealed record Access(int Array, LExpr Index, IReadOnlyDictionary<int, int> Stepped, int Direction, bool Write);

    public DLoop Loop { get; }

    /// <summary>The loop counter.</summary>
    public int Counter { get; }

    /// <summary>+1 or -1.</summary>
    public int Stride { get; }

    /// <summary>The element type of every vector.</summary>
    public ScalarKind Kind => _kind!.Value;

    /// <summary>Elements per register of <paramref name="bits"/> bits.</summary>
    public int Lanes(int bits) => Kind == ScalarKind.Float ? bits / 32 : bits / 64;

    /// <summary>Scalars declared in the body: vectors in the vector loop.</summary>
    public ISet<int> Locals => _locals;

    /// <summary>Scalars the body only adds to: summed per lane, the lanes added after the loop.</summary>
    public ISet<int> Reductions => _reductions;

    /// <summary>Second counters (int scalars stepped once per iteration), with their step (±1).</summary>
    public IReadOnlyDictionary<int, int> Inductions => _inductions;

    /// <summary>+1 when the elements the lanes of one register read lie in iteration order in memory, -1 when in reverse.</summary>
    public int Direction { get; private set; }

    /// <summary>The elements whose indices move, one access per distinct index (each checked against its array's length).</summary>
    public IEnumerable<Access> Moving => _accesses.Where(a => a.Direction != 0).Distinct(AccessComparer.Instance);

    /// <summary>The arrays with moving indices, each once.</summary>
    public IEnumerable<int> MovingArrays => _accesses.Where(a => a.Direction != 0).Select(a => a.Array).Distinct();

    /// <summary>Pairs of arrays (one written) that may share memory: the printer checks at run time that they do not.</summary>
    public IEnumerable<(int Written, int Other)> MayOverlap =>
        _written.Where(w => !_program.Vars[w].Distinct)
            .SelectMany(w => _accesses.Select(a => a.Array).Distinct().Where(o => o != w && !_program.Vars[o].Distinct && (!_written.Contains(o) || o > w)).Select(o => (w, o)));

    /// <summary>The plan for <paramref name="loop"/>, or null when it runs as written.</summary>
    public static VectorLoop? Plan(DLoop loop, DerivativeProgram program, bool reorderSums)
    {
        if (loop.Init is not DAssign { Target: LRead { Var: var counter, Type: ScalarKind.Int } }
            || StepOf(loop.Step!, counter) is not { } stride
            || loop.Condition is not LApply { Op: var test, Args: { Length: 2 } args }
            || args[0] is not LRead { Var: var tested } || tested != counter
            || (stride > 0 ? test is not (Op.Lt or Op.Le) : test is not (Op.Gt or Op.Ge)))
        {
            return null;
        }

        var plan = new VectorLoop(loop, program, reorderSums, counter, stride);
        plan.FindInductions(loop.Body);
        plan.Walk(loop.Body, new Dictionary<int, int>());
        if (plan._obstacle is null)
        {
            plan.Check(args[1]);
        }

        return plan._obstacle is null && plan._kind is not null && plan.Direction != 0 ? plan : null;
    }

    /// <summary>The loop's bound (the right side of its condition).</summary>
    public LExpr Bound => ((LApply)Loop.Condition).Args[1];

    /// <summary>±1 when <paramref name="statement"/> steps int scalar <paramref name="var"/> by one, else null.</summary>
    public static int? StepOf(DStmt statement, int var) => statement switch
    {
        DIncrement i when i.Var == var && Math.Abs(i.By) == 1 => i.By,
        DAccumulate { Target: LRead r, Value: LConst { Value: 1 } } a when r.Var == var && r.Type == ScalarKind.Int => a.Subtract ? -1 : 1,
        DAssign { Target: LRead r, Value: LApply { Op: Op.Add or Op.Sub, Args: { Length: 2 } args } apply }
            when r.Var == var && r.Type == ScalarKind.Int && args[0] is LRead { Var: var read } && read == var && args[1] is LConst { Value: 1 } =>
            apply.Op == Op.Add ? 1 : -1,
        _ => null,
    };

    /// <summary>The int scalar a statement steps by one (a second counter's step), if it is such a step.</summary>
    public int? InductionStepped(DStmt statement) =>
        statement switch
        {
            DIncrement i when _inductions.ContainsKey(i.Var) => i.Var,
            DAccumulate { Target: LRead r } a when _inductions.ContainsKey(r.Var) => r.Var,
            DAssign { Target: LRead r } a when _inductions.ContainsKey(r.Var) => r.Var,
            _ => null,
        };

    /// <summary>True when <paramref name="expression"/> is the same in every iteration (reads nothing the loop changes).</summary>
    public bool IsInvariant(LExpr expression) => expression switch
    {
        LConst => true,
        LRead r => !_assigned.Contains(r.Var) && r.Var != Counter && !_inductions.ContainsKey(r.Var),
        LElement e => !_written.Contains(e.Var) && IsInvariant(e.Index),
        LLength => true,
        LApply a => a.Args.All(IsInvariant),
        _ => false,
    };

    private void FindInductions(IEnumerable<DStmt> body)
    {
        var steps = new Dictionary<int, List<int>>();
        foreach (var statement in Flatten(body))
        {
            foreach (var var in Assigned(statement))
            {
                if (_program.Vars[var].Type == ScalarKind.Int && !_program.Vars[var].IsArray && var != Counter && StepOf(statement, var) is { } step)
                {
                    (steps.TryGetValue(var, out var list) ? list : steps[var] = new List<int>()).Add(step);
                }
                else
                {
                    steps.Remove(var);
                    _assigned.Add(var);
                }
            }

            // A push through tape storage steps its height up, a pop down: the height is a second counter.
            foreach (var (top, step) in TapeSteps(statement))
            {
                (steps.TryGetValue(top, out var list) ? list : steps[top] = new List<int>()).Add(step);
            }
        }

        foreach (var entry in steps)
        {
            var var = entry.Key;
            var list = entry.Value;
            if (list.Count == 1 && !_assigned.Contains(var))
            {
                _inductions[var] = list[0];
            }
        }
    }

    /// <summary>The tape heights a statement steps: +1 for a push through storage, -1 for each pop through storage it reads.</summary>
    private static IEnumerable<(int Top, int Step)> TapeSteps(DStmt statement)
    {
        var pops = Expressions(statement).SelectMany(e => e.Descendants()).OfType<LPop>().Where(p => p.Storage is not null).Select(p => (p.Storage!.Top, -1));
        return statement is DPush { Storage: { } storage } ? pops.Prepend((storage.Top, 1)) : pops;
    }

    /// <summary>The expressions a statement evaluates (loops and branches are never vectorized, so theirs do not matter).</summary>
    private static IEnumerable<LExpr> Expressions(DStmt statement) => statement switch
    {
        DDeclare { Init: { } init } => new[] { init },
        DAssign a => new[] { a.Target, a.Value },
        DAccumulate a => new[] { a.Target, a.Value },
        DPush p => new[] { p.Value },
        DAdjoint a => a.Inputs.Select(i => i.Value),
        DIsland i => i.Inputs.Select(input => input.Value),
        DSweep sweep => sweep.Inputs.Select(input => input.Value),
        _ => Enumerable.Empty<LExpr>(),
    };

    private static IEnumerable<DStmt> Flatten(IEnumerable<DStmt> body) =>
        body.SelectMany(s => s is DScope scope ? Flatten(scope.Body) : new[] { s });

    /// <summary>The scalars a statement assigns (to tell second counters from everything else).</summary>
    private static IEnumerable<int> Assigned(DStmt statement) => statement switch
    {
        DAssign { Target: LRead r } => new[] { r.Var },
        DAccumulate { Target: LRead r } => new[] { r.Var },
        DIncrement i => new[] { i.Var },
        DDeclare d => d.Vars,
        DAdjoint a => a.Contributions.Select(c => c.Target).OfType<LRead>().Select(r => r.Var),
        DIsland i => i.Targets.Append(i.Assigned).OfType<LRead>().Select(r => r.Var),
        DSweep sweep => sweep.Stores.Select(st => st.Target).OfType<LRead>().Select(r => r.Var),
        _ => Enumerable.Empty<int>(),
    };

    private void Walk(IEnumerable<DStmt> body, Dictionary<int, int> stepped)
    {
        foreach (var statement in body)
        {
            if (_obstacle is not null)
            {
                return;
            }

            if (InductionStepped(statement) is { } induction)
            {
                Step(induction, stepped);
                continue;
            }

            switch (statement)
            {
                case DScope scope:
                    Walk(scope.Body, stepped);
                    break;
                case DComment:
                    break;
                case DDeclare { Form: DeclareForm.Typed } d:
                    foreach (var var in d.Vars)
                    {
                        Lane(_program.Vars[var].Type);
                        _locals.Add(var);
                    }

                    if (d.Init is not null)
                    {
                        Value(d.Init, stepped);
                    }

                    break;
                case DAssign { Target: LRead r, Value: var value } when _locals.Contains(r.Var):
                    Value(value, stepped);
                    break;
                case DAssign { Target: LRead r, Value: LApply { Op: Op.Add, Args: { Length: 2 } args } }
                    when args[0] is LRead { Var: var read } && read == r.Var:
                    Sum(r.Var);
                    Value(args[1], stepped);
                    break;
                case DAssign { Target: LElement e, Value: var value }:
                    Element(e, stepped, write: true);
                    Value(value, stepped);
                    break;
                case DAccumulate { Target: LRead r, Value: var value }:
                    if (!_locals.Contains(r.Var))
                    {
                        Sum(r.Var);
                    }

                    Value(value, stepped);
                    break;
                case DAccumulate { Target: LElement e, Value: var value }:
                    Element(e, stepped, write: true);
                    Value(value, stepped);
                    break;
                case DPush { Storage: { } storage } push when _inductions.ContainsKey(storage.Top):
                    if (push.Value.Type != ScalarKind.Double)
                    {
                        Block($"a pushed {Literals.TypeKeyword(push.Value.Type)}");
                    }

                    Value(push.Value, stepped);
                    Element(TapeSlot(storage), stepped, write: true);
                    Step(storage.Top, stepped);
                    break;
                case DAdjoint a:
                    Adjoint(a, stepped);
                    break;
                case DIsland i:
                    Island(i, stepped);
                    break;
                case DSweep { Returned.Count: 0 } sweep when sweep.Stores.All(st => st.Accumulate == sweep.Stores[0].Accumulate && !st.Guarded):
                    Island(sweep, stepped);
                    break;
                default:
                    Block(statement.GetType().Name);
                    break;
            }
        }
    }

    /// <summary>Reads an island's leaves (those its vector code reads) and its targets; its graph is checked once the body is seen.</summary>
    private void Island(DStmt statement, IslandPlan island, Dictionary<int, int> stepped)
    {
        foreach (var (node, value) in island.Leaves)
        {
            if (island.Printed.Contains(node))
            {
                Value(value, stepped);
            }
        }

        foreach (var target in island.Targets)
        {
            Target(target, stepped, island.Accumulates);
        }

        _islands[statement] = island;
    }

    /// <summary>Where an island stores: a block local, an element, or (adding, <paramref name="accumulate"/>) a sum.</summary>
    private void Target(LExpr target, Dictionary<int, int> stepped, bool accumulate)
    {
        switch (target)
        {
            case LRead r when _locals.Contains(r.Var):
                break;
            case LRead r when accumulate:
                Sum(r.Var);
                break;
            case LElement e:
                Element(e, stepped, write: true);
                break;
            default:
                Block("an assignment to a scalar that lives after the loop");
                break;
        }
    }

    /// <summary>Plans an island's graph on vectors (the leaves the loop moves as vectors) and checks it has SIMD forms.</summary>
    private void Graph(IslandPlan island)
    {
        island.Varying = new HashSet<Node>(island.Leaves.Where(l => !IsInvariant(l.Value)).Select(l => l.Node));
        island.Simd = SimdPlan.Analyze(island.Schedule, island.Regions, island.Outputs, Kind, island.Varying.Contains, island.Given);
        if (island.Simd.Obstacle is { } obstacle)
        {
            Block(obstacle);
        }

        if (!_reorderSums && island.Printed.FirstOrDefault(n => !island.Given.Contains(n) && SimdOps.IsApproximate(n.Op)) is { } approximate)
        {
            Block(Ops.Of(approximate.Op).Title);
        }
    }

    /// <summary>
    /// The nodes the vector code of an island computes or reads: its outputs, the locals its regions declare, and what
    /// they are computed from, down to its <paramref name="inputs"/> (given, never computed: a value the forward sweep
    /// saved is read, not recomputed from the elements it came from).
    /// </summary>
    private static HashSet<Node> PrintedNodes(Schedule schedule, IEnumerable<Region> regions, IEnumerable<Node> outputs, ISet<Node> inputs)
    {
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>(outputs);
        foreach (var item in regions.SelectMany(r => r.AllItems()))
        {
            switch (item)
            {
                case NodeItem n when schedule.NeedsLocal(n.Node):
                    stack.Push(n.Node);
                    break;
                case AssignItem a:
                    stack.Push(a.Value);
                    break;
                case IfItem branch:
                    stack.Push(branch.Condition);
                    foreach (var phi in branch.Phis.Where(p => schedule.IsReachable(p.Phi)))
                    {
                        stack.Push(phi.Then);
                        stack.Push(phi.Else);
                    }

                    break;
            }
        }

        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (seen.Add(node) && !inputs.Contains(node))
            {
                foreach (var arg in node.Args)
                {
                    stack.Push(arg);
                }
            }
        }

        return seen;
    }

    /// <summary>Second counter <paramref name="induction"/> steps here (once per iteration).</summary>
    private void Step(int induction, Dictionary<int, int> stepped)
    {
        if (stepped.ContainsKey(induction))
        {
            Block("a second counter stepped twice");
        }

        stepped[induction] = 1;
    }

    /// <summary>The slot of the tape storage a push writes or a pop reads: its values at its height (after a pop's step).</summary>
    public static LElement TapeSlot(DTapeStorage storage) => new(ScalarKind.Double, storage.Values, new LRead(ScalarKind.Int, storage.Top));

    /// <summary>A scalar the loop only adds to.</summary>
    private void Sum(int var)
    {
        if (!_reorderSums)
        {
            Block("a sum (its rounding would change)");
            return;
        }

        Lane(_program.Vars[var].Type);
        _reductions.Add(var);
    }

    private void Value(LExpr expression, Dictionary<int, int> stepped)
    {
        switch (expression)
        {
            case LConst:
            case LLength:
                break;
            case LRead r when r.Var == Counter || _inductions.ContainsKey(r.Var):
                Block("a counter read as a value");
                break;
            case LRead r when _reductions.Contains(r.Var):
                Block("a sum read in the loop");
                break;
            case LRead r when _locals.Contains(r.Var):
                break;
            case LRead r when _assigned.Contains(r.Var):
                // Assigned in the loop but neither a local nor (yet) a sum: read before the sum is seen, or a value carried
                // from one iteration to the next.
                Block("a value carried from one iteration to the next");
                break;
            case LRead:
                break;
            case LElement e:
                Element(e, stepped, write: false);
                break;
            case LPop { Storage: { } storage } pop when _inductions.ContainsKey(storage.Top):
                Step(storage.Top, stepped);
                Lane(pop.Type);
                Element(TapeSlot(storage), stepped, write: false);
                break;
            case LApply a:
                foreach (var arg in a.Args)
                {
                    Value(arg, stepped);
                }

                if (!IsInvariant(a))
                {
                    if (a.Type == ScalarKind.Bool || a.Op == Op.Convert || Ops.Of(a.Op).Vector is null || (!_reorderSums && SimdOps.IsApproximate(a.Op)))
                    {
                        Block(Ops.Of(a.Op).Title);
                    }

                    Lane(a.Type);
                }

                break;
            default:
                Block(expression.GetType().Name);
                break;
        }
    }

    /// <summary>The checks that need the whole body: arrays written at one index, one direction, a bound the loop does not change.</summary>
    private void Check(LExpr bound)
    {
        if (!IsInvariant(bound) || _assigned.Contains(Counter))
        {
            Block("a bound or counter the loop changes");
            return;
        }

        foreach (var array in _written)
        {
            var accesses = _accesses.Where(a => a.Array == array).ToList();
            if (accesses.Any(a => a.Direction == 0) || accesses.Distinct(AccessComparer.Instance).Count() > 1)
            {
                Block("an array read and written at different elements");
                return;
            }
        }

        var directions = _accesses.Where(a => a.Direction != 0).Select(a => a.Direction).Distinct().ToList();
        if (directions.Count != 1)
        {
            Block(directions.Count == 0 ? "no element that moves" : "elements moving in opposite directions");
            return;
        }

        Direction = directions[0];
        foreach (var island in _islands.Values)
        {
            Graph(island);
        }
    }

    private void Lane(ScalarKind type)
    {
        if (type is not (ScalarKind.Double or ScalarKind.Float))
        {
            Block($"a per-element {Literals.TypeKeyword(type)}");
        }
        else if (_kind is null)
        {
            _kind = type;
        }
        else if (_kind != type)
        {
            Block("elements of two types");
        }
    }

    private void Block(string obstacle) => _obstacle ??= obstacle;
}
