using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The derivative IR: the body of a generated member as a mode pass produces it and a target's printer prints it.
/// Statements run over the variables of <see cref="Vars"/>, the primal program's storage (a method's locals and
/// parameters) together with what the mode adds (tangents, adjoints, block-local copies, scratch marks of the tape).
/// Expressions are the loop IR's (<see cref="LExpr"/>) over these variables, plus the few the generated code needs
/// and user code never has (<see cref="LZeros"/>, <see cref="LNewArray"/>, <see cref="LTapeMark"/>).
/// A loop-free stretch whose derivative is fused (an assignment and its tangent sharing their temporaries) is one
/// <see cref="DIsland"/>: nodes of the hash-consed <see cref="Graph"/>, scheduled, which the printer names and prints.
/// Nothing here is a string of target code: a printer decides how every statement is spelled and names every variable.
/// </summary>
internal sealed class DerivativeProgram
{
    public List<DVar> Vars { get; } = new();

    public List<DStmt> Body { get; } = new();

    /// <summary>Adds a variable named <paramref name="name"/> by the caller (a method parameter, or a local the member's
    /// printer declared up front).</summary>
    public int Named(string name, ScalarKind type, bool isArray) => Add(new DVar(Vars.Count, type, isArray, name, name));

    /// <summary>Adds a variable the printer names from <paramref name="baseName"/> where it is declared.</summary>
    public int Fresh(string baseName, ScalarKind type, bool isArray = false) => Add(new DVar(Vars.Count, type, isArray, null, baseName));

    private int Add(DVar v)
    {
        Vars.Add(v);
        return v.Id;
    }
}

/// <summary>
/// A variable of a derivative program. <see cref="Name"/> is set for storage named before the body is printed;
/// otherwise the printer gives it a fresh name from <see cref="BaseName"/> at its <see cref="DDeclare"/>.
/// </summary>
internal sealed record DVar(int Id, ScalarKind Type, bool IsArray, string? Name, string BaseName)
{
    /// <summary>
    /// For the row-major span of a two-dimensional array parameter, the parameter's own name: what a call passing the
    /// whole array and a dimension (<see cref="LDimension"/>) print. Null for every other variable.
    /// </summary>
    public string? Matrix { get; init; }

    /// <summary>
    /// True for storage no other variable shares: a local buffer of the program, or a tangent or adjoint buffer of one
    /// (each is allocated on its own). A printer may reorder the element accesses of such a variable against those of
    /// any other variable (SIMD loops); other arrays (parameters, their shadows, static tables) may overlap.
    /// </summary>
    public bool Distinct { get; init; }
}

/// <summary>The value of a call (element <see cref="Element"/> of the returned pair when 0 or 1; see <see cref="DCall"/>).</summary>
internal sealed record LInvoke(ScalarKind Type, string Member, EquatableArray<DArg> Args, int Element = -1, bool NamedPair = false) : LExpr(Type);

/// <summary>A zeroed scratch array of <paramref name="Length"/> elements from the thread's tape (freed with the tape's mark).</summary>
internal sealed record LZeros(ScalarKind Type, LExpr Length) : LExpr(Type);

/// <summary>A new zeroed heap array (a buffer the program passes to a callee's array parameter).</summary>
internal sealed record LNewArray(ScalarKind Type, LExpr Length) : LExpr(Type);

/// <summary>The tape's current height, to release the scratch taken after it (<see cref="DRelease"/>).</summary>
internal sealed record LTapeMark() : LExpr(ScalarKind.Int);

/// <summary>
/// Tape storage a loop pushes into (or pops from) through locals: the tape's array <see cref="Values"/> and its height
/// <see cref="Top"/>, copied in before the loop and the height stored back after it, so no call sits in the loop.
/// </summary>
internal sealed record DTapeStorage(int Values, int Top);

/// <summary>The value saved last on the tape, taken off it, as <see cref="LExpr.Type"/>; through <see cref="Storage"/> when set.</summary>
internal sealed record LPop(ScalarKind Type, DTapeStorage? Storage) : LExpr(Type);

/// <summary>The tape's storage array: as it is, or after reserving room for <see cref="Reserve"/> more values.</summary>
internal sealed record LTapeStorage(LExpr? Reserve) : LExpr(ScalarKind.Double);

/// <summary>The tape's height (how many values it holds); assignable, to store back a loop's local height.</summary>
internal sealed record LTapeCount() : LExpr(ScalarKind.Int);

/// <summary>
/// An upper bound on a counted loop's trip count, evaluated on entry: the iterations from <see cref="From"/> up to
/// <see cref="To"/> (exclusive unless <see cref="Inclusive"/>) in steps of <see cref="Stride"/>, in 64-bit arithmetic.
/// </summary>
internal sealed record LTripCount(LExpr From, LExpr To, bool Inclusive, int Stride) : LExpr(ScalarKind.Int);

/// <summary>The segment length of a checkpointed loop of <see cref="Trips"/> iterations (⌈√N⌉, from the runtime).</summary>
internal sealed record LSegmentLength(LExpr Trips) : LExpr(ScalarKind.Int);

/// <summary>
/// The <see cref="Length"/> elements of span <see cref="Span"/> from <see cref="Start"/> on, as a span over the same
/// memory (a Jacobian row or a block of its columns handed to a pullback, which adds into it).
/// </summary>
internal sealed record LSlice(ScalarKind Type, int Span, LExpr Start, LExpr Length) : LExpr(Type);

/// <summary>A statement of the derivative IR.</summary>
internal abstract record DStmt;

/// <summary>How a <see cref="DDeclare"/> states its variable's type.</summary>
internal enum DeclareForm : byte
{
    /// <summary>The element type, with the initial value if there is one (<c>double x = 0;</c>, <c>double t;</c>).</summary>
    Typed,

    /// <summary>Inferred from the initial value (<c>var m = tape.Mark();</c>).</summary>
    Inferred,

    /// <summary>A span, empty until assigned.</summary>
    EmptySpan,

    /// <summary>A heap array, empty until assigned.</summary>
    EmptyArray,
}

/// <summary>Declares <see cref="Vars"/> (several only with <see cref="DeclareForm.Typed"/>, all of one type and initial value).</summary>
internal sealed record DDeclare(EquatableArray<int> Vars, DeclareForm Form, LExpr? Init) : DStmt
{
    public DDeclare(int var, DeclareForm form, LExpr? init = null)
        : this(new EquatableArray<int>(new[] { var }), form, init)
    {
    }
}

/// <summary><c>Target += Value</c> (<c>-=</c> when <see cref="Subtract"/>): an adjoint's contribution, a counter's step, an undone update.</summary>
internal sealed record DAccumulate(LExpr Target, LExpr Value, bool Subtract = false) : DStmt;

/// <summary>
/// A derivative program of another pass run here (a checkpoint segment's recording run inside the reverse sweep, a
/// Jacobian's forward sweep and its reverse sweep replayed per row). <see cref="Outlined"/>: printed as a member's body
/// is, a long one split into parts of their own; <see cref="ReorderSums"/>: a reverse sweep, whose sums may be added in
/// another order (SIMD lanes).
/// </summary>
internal sealed record DEmbedded(DerivativeProgram Program, bool Outlined = false, bool ReorderSums = false) : DStmt;

/// <summary>Saves <see cref="Value"/> on the tape (a bool as 1 or 0); through <see cref="Storage"/> when set.</summary>
internal sealed record DPush(LExpr Value, DTapeStorage? Storage) : DStmt;

/// <summary>Saves a copy of buffer <see cref="Var"/>'s elements on the tape (<see cref="Restore"/> false), or takes them back.</summary>
internal sealed record DSnapshot(int Var, bool Restore) : DStmt;

/// <summary>Adds <see cref="By"/> (1 or -1) to an int variable.</summary>
internal sealed record DIncrement(int Var, int By) : DStmt;

/// <summary>A comment for the reader of the generated code.</summary>
internal sealed record DComment(string Text) : DStmt;

/// <summary><c>Target = Value</c>; the target is a variable (<see cref="LRead"/>) or an element (<see cref="LElement"/>).</summary>
internal sealed record DAssign(LExpr Target, LExpr Value) : DStmt;

/// <summary>Sets every element of array <see cref="Var"/> to zero.</summary>
internal sealed record DClear(int Var) : DStmt;

/// <summary>Copies every element of array <see cref="From"/> into array <see cref="To"/> (of at least its length).</summary>
internal sealed record DCopy(int From, int To) : DStmt;

/// <summary>Frees the tape's scratch taken since the mark held in <see cref="Mark"/>.</summary>
internal sealed record DRelease(int Mark) : DStmt;

/// <summary>
/// An argument of a <see cref="DCall"/>: a value, or a variable or element passed by reference (<see cref="ByRef"/>), or
/// as an <c>out</c> argument (<see cref="Out"/>: the callee assigns it).
/// </summary>
internal sealed record DArg(LExpr Value, bool ByRef = false, bool Out = false);

/// <summary>
/// A call of the generated or user member <see cref="Member"/> (its name as the resolver gave it). With no target the
/// value is discarded; with one it is assigned (element <see cref="Element"/> of the returned pair when that is 0 or 1,
/// its elements named <c>Value</c> and <c>Tangent</c> when <see cref="NamedPair"/>); with two the returned pair is
/// deconstructed into them.
/// </summary>
internal sealed record DCall(EquatableArray<LExpr> Targets, string Member, EquatableArray<DArg> Args, int Element = -1, bool NamedPair = false) : DStmt;

internal sealed record DIf(LExpr Condition, EquatableArray<DStmt> Then, EquatableArray<DStmt> Else) : DStmt;

/// <summary>
/// A loop: <c>while (Condition)</c>, <c>do … while (Condition)</c> when <see cref="TestFirst"/> is false, or, with
/// <see cref="Init"/> and <see cref="Step"/>, <c>for (Init; Condition; Step)</c> (an assignment, an increment or a
/// declaration scoped to the loop).
/// </summary>
internal sealed record DLoop(LExpr Condition, EquatableArray<DStmt> Body, bool TestFirst, DStmt? Init = null, DStmt? Step = null) : DStmt
{
    /// <summary><c>for (int v = from; v &lt; bound; v++) body</c>, the counter declared by the loop.</summary>
    public static DLoop Counted(int v, LExpr from, LExpr bound, IEnumerable<DStmt> body) =>
        new(LApply.Of(Op.Lt, ScalarKind.Bool, new LRead(ScalarKind.Int, v), bound), body.ToEquatableArray(), TestFirst: true,
            new DDeclare(v, DeclareForm.Typed, from), new DIncrement(v, 1));
}

/// <summary>
/// A nested block. The names of <see cref="Released"/> are free again after it (block locals of an innermost loop:
/// sibling blocks reuse them).
/// </summary>
internal sealed record DScope(EquatableArray<DStmt> Body, EquatableArray<int> Released) : DStmt;

/// <summary><c>return</c> of one value, or of a tuple of several.</summary>
internal sealed record DReturn(EquatableArray<LExpr> Values) : DStmt;

/// <summary>
/// An SSA island: the tangents of one assigned expression (one per lane of vector forward mode) and, when
/// <see cref="Assigned"/> is set, the expression itself, computed from one scheduled graph so they share their
/// temporaries. <see cref="Inputs"/> are the graph's leaves (the variables and elements the expression reads) and the
/// tangents of the active ones, as expressions over the program's variables. Lane k's tangent is stored in
/// <see cref="Targets"/>[k], then the value in <see cref="Assigned"/>.
/// </summary>
internal sealed record DIsland(StatementAdjoint Derivative, EquatableArray<(Node Node, LExpr Value)> Inputs, EquatableArray<LExpr> Targets, LExpr? Assigned) : DStmt;

/// <summary>
/// The contributions of one statement's adjoint island: the reverse sweep of <see cref="Derivative"/> seeded with
/// variable <see cref="Seed"/>, each leaf's adjoint added into its storage (<see cref="Contributions"/>: the adjoint
/// node and where it goes). <see cref="Inputs"/> give the leaves (variables, elements, or locals their popped values were
/// put in) and the operation nodes whose values were saved by the forward sweep (<see cref="Known"/>: read, never computed).
/// </summary>
internal sealed record DAdjoint(
    StatementAdjoint Derivative, int Seed, EquatableArray<(Node Node, LExpr Value)> Inputs, IReadOnlyList<Node> Known, EquatableArray<(Node Adjoint, LExpr Target)> Contributions) : DStmt;

/// <summary>
/// A body without loops differentiated whole (<see cref="IslandPass"/>): one SSA graph whose branches are phis in its
/// regions, scheduled so that every derivative shares the primal's temporaries. The printer names each of
/// <see cref="Inputs"/>' nodes by its variable (the parameters, the seed, the tangents), prints <see cref="Regions"/> in
/// order, then <see cref="Stores"/>, then returns <see cref="Returned"/> (a tuple when there are several).
/// </summary>
internal sealed record DSweep(
    Schedule Schedule, IReadOnlyList<Region> Regions, EquatableArray<(Node Node, LExpr Value)> Inputs, EquatableArray<DStore> Stores, IReadOnlyList<Node> Returned) : DStmt
{
    /// <summary>
    /// The sweep of <paramref name="regions"/> that stores <paramref name="stores"/> (each value used from the region
    /// that computes it: the last, or a Jacobian row's own reverse region) and returns <paramref name="returned"/>,
    /// scheduled for exactly these.
    /// </summary>
    public static DSweep Of(
        IReadOnlyList<Region> regions, IEnumerable<(Node Node, LExpr Value)> inputs, IReadOnlyList<(DStore Store, Region From)> stores, IReadOnlyList<Node> returned)
    {
        var roots = stores.Select(s => (s.Store.Value, s.From)).Concat(returned.Select(n => (n, regions[regions.Count - 1])));
        var given = inputs.ToArray();
        return new DSweep(
            new Schedule(regions, roots, new HashSet<Node>(given.Select(i => i.Node))), regions, new EquatableArray<(Node, LExpr)>(given),
            new EquatableArray<DStore>(stores.Select(s => s.Store).ToArray()), returned);
    }
}

/// <summary>
/// A result of a <see cref="DSweep"/>: <c>Target = Value</c>, or <c>Target += Value</c> when <see cref="Accumulate"/>;
/// only where the value is not 0 when <see cref="Guarded"/> (the adjoint of an element the body may not have read,
/// whose index is then not known to be in range).
/// </summary>
internal sealed record DStore(LExpr Target, Node Value, bool Accumulate, bool Guarded = false);
