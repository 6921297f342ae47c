using SymDiff.Generators.Model;
using static SymDiff.Generators.Model.IndexArithmetic;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Jacobian mode as a pass: the dense matrix of a vector function (row-major, a row per output element, a column per
/// differentiable input element) built from the other modes' members, as a derivative program.
/// <list type="bullet">
/// <item><see cref="FromOneRecording"/>: the body runs once, recorded, and each row replays the reverse sweep from the
/// state it ended in (when the reverse sweep only reads the recording).</item>
/// <item><see cref="ByPullbacks"/>: a row per pullback, seeded with the unit vector of its output element; the
/// pullback adds straight into the row (a block of columns per span input of the matrix's type).</item>
/// <item><see cref="ByPushforwards"/>: <c>lanes</c> columns per call of the vector pushforward, along the unit tangents
/// of their input elements; each direction's output tangents are scattered into its column.</item>
/// </list>
/// A row or a group of columns that runs the body again starts from the outputs' incoming contents, saved first.
/// The member around the program (signature, checks, tape mark) declares the matrix, its row and column counts and the
/// parameters; what the program adds is named by the printer.
/// </summary>
internal sealed class JacobianPass
{
    private readonly DerivativeProgram _d = new();
    private readonly MethodModel _m;
    private readonly ScalarKind _kind;
    private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);
    private readonly int _jacobian;
    private readonly int _columns;
    private readonly int _rows;
    private readonly JacobianNames _names;

    private JacobianPass(MethodModel method, JacobianNames names, ScalarKind kind)
    {
        _m = method;
        _kind = kind;
        _names = names;
        foreach (var p in method.Parameters)
        {
            _parameters[p.Name] = _d.Named(p.Name, p.Kind ?? ScalarKind.Double, p.IsArray);
        }

        _jacobian = _d.Named(names.Jacobian, kind, isArray: true);
        _rows = _d.Named(names.Rows, ScalarKind.Int, isArray: false);
        _columns = _d.Named(names.Columns, ScalarKind.Int, isArray: false);
    }

    /// <summary>The names the member gave the matrix, its row and column counts, and a row's counter and span.</summary>
    public sealed record JacobianNames(string Jacobian, string Rows, string Columns, string Row, string Line);

    /// <summary>The differentiable inputs, in column order.</summary>
    public static IEnumerable<ParamModel> Inputs(MethodModel m) => m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput);

    /// <summary>The real span outputs, in row order.</summary>
    public static IEnumerable<ParamModel> Outputs(MethodModel m) => m.Parameters.Where(p => p.IsOutput && p.Kind is ScalarKind.Double or ScalarKind.Float);

    /// <summary>The matrix's element type: the outputs' (double when they mix, so no row is rounded).</summary>
    public static ScalarKind Kind(MethodModel m) => Outputs(m).Any(o => o.Kind == ScalarKind.Double) ? ScalarKind.Double : ScalarKind.Float;

    /// <summary>
    /// The rows one pullback each (<paramref name="pullback"/>, the member as the caller spells it). An input span of the
    /// other element type is pulled back into a buffer of its own type and its block of columns converted; a scalar
    /// input's adjoint is a local stored into its column.
    /// </summary>
    public static DerivativeProgram ByPullbacks(MethodModel method, JacobianNames names, string pullback)
    {
        var pass = new JacobianPass(method, names, Kind(method));
        pass.Rows(pullback);
        return pass._d;
    }

    /// <summary>
    /// The columns <paramref name="lanes"/> at a time, one call of <paramref name="pushforwardN"/> (the member as the caller
    /// spells it) per group.
    /// </summary>
    public static DerivativeProgram ByPushforwards(MethodModel method, JacobianNames names, string pushforwardN, int lanes)
    {
        var pass = new JacobianPass(method, names, Kind(method));
        pass.Columns(pushforwardN, lanes);
        return pass._d;
    }

    /// <summary>
    /// What a Jacobian from one recording runs: the locals it declares first (<see cref="MemberLocals"/>), the forward
    /// sweep that records (<see cref="Taping"/>) and the reverse sweep each row replays (<see cref="Restoring"/>); the
    /// storage the forward sweep ends with, which every row starts from (<see cref="State"/>: the locals, assigned scalar
    /// parameters, local buffers and outputs); the adjoints every row starts at 0 (<see cref="Reset"/>); the adjoint
    /// holding each output's seed (null for an output without one); and the scalar inputs whose adjoint the sweep adds
    /// into a local (parameter adjoint, local).
    /// </summary>
    public sealed record Recording(
        IReadOnlyList<MemberLocals.Local> Locals, DerivativeProgram Taping, DerivativeProgram Restoring, IReadOnlyList<MemberStorage> State,
        IReadOnlyList<MemberStorage> Reset, IReadOnlyDictionary<string, string?> OutputAdjoints, IReadOnlyList<(MemberStorage Parameter, MemberStorage Local)> ScalarAdjoints);

    /// <summary>
    /// The rows from one recording: the body runs once, recorded, and the state it ends in is kept; each row restores that
    /// state and the tape's height, seeds its output element's adjoint with 1 and replays the reverse sweep into the row
    /// (a block of columns per span input of the matrix's type). The outputs receive the values the body computed.
    /// </summary>
    public static DerivativeProgram FromOneRecording(MethodModel method, JacobianNames names, Recording recording)
    {
        var pass = new JacobianPass(method, names, Kind(method));
        pass.OneRecording(recording);
        return pass._d;
    }

    private void OneRecording(Recording recording)
    {
        var body = _d.Body;
        body.AddRange(MemberLocals.Declare(_d, recording.Locals));
        var adjoints = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in Inputs(_m))
        {
            var type = p.Kind!.Value;
            adjoints[p.Name] = _d.Named(p.Adjoint, type, p.IsArray);
            body.Add(!p.IsArray ? new DDeclare(adjoints[p.Name], DeclareForm.Typed, new LConst(type, 0))
                : p.Kind == _kind ? new DDeclare(adjoints[p.Name], DeclareForm.EmptySpan)
                : new DDeclare(adjoints[p.Name], DeclareForm.Inferred, new LZeros(type, Length(p))));
        }

        body.Add(new DEmbedded(recording.Taping, Outlined: true));

        // The state the forward sweep ends in: every row's reverse sweep starts from it.
        var recorded = _d.Fresh("recorded", ScalarKind.Int);
        body.Add(new DDeclare(recorded, DeclareForm.Typed, new LTapeCount()));
        var state = recording.State.Select(s => (Var: Named(s), End: _d.Fresh(s.Name + "End", s.Type, s.IsArray), s.Type, s.IsArray)).ToList();
        foreach (var (v, end, type, isArray) in state)
        {
            if (isArray)
            {
                body.Add(new DDeclare(end, DeclareForm.Inferred, new LZeros(type, new LLength(v))));
                body.Add(new DCopy(v, end));
            }
            else
            {
                body.Add(new DDeclare(end, DeclareForm.Inferred, Read(v, type)));
            }
        }

        var row = _d.Named(_names.Row, ScalarKind.Int, isArray: false);
        var line = _d.Named(_names.Line, _kind, isArray: true);
        var again = new List<DStmt> { new DAssign(new LTapeCount(), Read(recorded)) };
        again.AddRange(state.Select(s => s.IsArray ? new DCopy(s.End, s.Var) : (DStmt)new DAssign(Read(s.Var, s.Type), Read(s.End, s.Type))));
        again.AddRange(recording.Reset.Select(r => r.IsArray ? new DClear(Named(r)) : (DStmt)new DAssign(Read(Named(r), r.Type), new LConst(r.Type, 0))));
        var rowBody = new List<DStmt>
        {
            new DIf(LApply.Of(Op.Gt, ScalarKind.Bool, Read(row), Int(0)), again.ToEquatableArray(), EquatableArray<DStmt>.Empty),
            new DDeclare(line, DeclareForm.Inferred, new LSlice(_kind, _jacobian, Mul(Read(row), Read(_columns)), Read(_columns))),
            new DClear(line),
        };
        rowBody.AddRange(Seeds(Read(row), Outputs(_m).Select(o => (o, recording.OutputAdjoints[o.Name] is { } a ? Named(new MemberStorage(a, o.Kind!.Value, true)) : (int?)null))));
        LExpr column = Int(0);
        foreach (var p in Inputs(_m))
        {
            var adjoint = adjoints[p.Name];
            rowBody.Add(!p.IsArray ? new DAssign(Read(adjoint, p.Kind!.Value), new LConst(p.Kind!.Value, 0))
                : p.Kind == _kind ? new DAssign(Read(adjoint, _kind), new LSlice(_kind, line, column, Length(p)))
                : new DClear(adjoint));
            column = Add(column, Width(p));
        }

        rowBody.Add(new DEmbedded(recording.Restoring, Outlined: true, ReorderSums: true));
        foreach (var (parameter, local) in recording.ScalarAdjoints)
        {
            rowBody.Add(new DAccumulate(Read(Named(parameter), parameter.Type), Read(Named(local), local.Type)));
        }

        rowBody.AddRange(StoreRow(line, adjoints));
        body.Add(DLoop.Counted(row, Int(0), Read(_rows), rowBody));
        foreach (var o in Outputs(_m))
        {
            body.Add(new DCopy(state.First(s => _d.Vars[s.Var].Name == o.Name).End, _parameters[o.Name]));
        }
    }

    /// <summary>The member's storage named <paramref name="storage"/>'s name (added once).</summary>
    private int Named(MemberStorage storage)
    {
        if (!_storage.TryGetValue(storage.Name, out var id))
        {
            id = _parameters.TryGetValue(storage.Name, out var parameter) ? parameter : _d.Named(storage.Name, storage.Type, storage.IsArray);
            _storage[storage.Name] = id;
        }

        return id;
    }

    private readonly Dictionary<string, int> _storage = new(StringComparer.Ordinal);

    /// <summary>
    /// Sets this row's output element's seed to 1: element row − (the lengths of the outputs before it) of the output's
    /// seed span, when the row is in its block (an output without a seed span has none to set).
    /// </summary>
    private IEnumerable<DStmt> Seeds(LExpr row, IEnumerable<(ParamModel Output, int? Seed)> outputs)
    {
        LExpr offset = Int(0);
        foreach (var (o, seed) in outputs)
        {
            var index = Sub(row, offset);
            if (seed is { } span)
            {
                var inRange = LApply.Of(Op.And, ScalarKind.Bool, LApply.Of(Op.Ge, ScalarKind.Bool, index, Int(0)), LApply.Of(Op.Lt, ScalarKind.Bool, index, Length(o)));
                yield return new DIf(inRange, new DStmt[] { new DAssign(new LElement(o.Kind!.Value, span, index), new LConst(o.Kind!.Value, 1)) }.ToEquatableArray(), EquatableArray<DStmt>.Empty);
            }

            offset = Add(offset, Length(o));
        }
    }

    private void Rows(string pullback)
    {
        var body = _d.Body;
        var output = Outputs(_m).ToList();
        var seeds = output.ToDictionary(o => o.Name, o => _d.Named(o.Seed, o.Kind!.Value, isArray: true));
        foreach (var o in output)
        {
            body.Add(new DDeclare(seeds[o.Name], DeclareForm.Inferred, new LZeros(o.Kind!.Value, Length(o))));
        }

        var restore = SavedOutputs(output);
        var adjoints = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in Inputs(_m).Where(p => p.IsArray && p.Kind != _kind))
        {
            adjoints[p.Name] = _d.Named(p.Adjoint, p.Kind!.Value, isArray: true);
            body.Add(new DDeclare(adjoints[p.Name], DeclareForm.Inferred, new LZeros(p.Kind!.Value, Length(p))));
        }

        var row = _d.Named(_names.Row, ScalarKind.Int, isArray: false);
        var line = _d.Named(_names.Line, _kind, isArray: true);
        var rowBody = new List<DStmt>(restore)
        {
            new DDeclare(line, DeclareForm.Inferred, new LSlice(_kind, _jacobian, Mul(Read(row), Read(_columns)), Read(_columns))),
            new DClear(line),
        };

        rowBody.AddRange(Seeds(Read(row), output.Select(o => (o, (int?)seeds[o.Name]))));

        var args = _m.Parameters.Select(p => new DArg(Read(_parameters[p.Name]))).Concat(output.Select(o => new DArg(Read(seeds[o.Name])))).ToList();
        LExpr column = Int(0);
        foreach (var p in Inputs(_m))
        {
            if (p.IsArray && p.Kind == _kind)
            {
                args.Add(new DArg(new LSlice(_kind, line, column, Length(p))));
            }
            else if (p.IsArray)
            {
                rowBody.Add(new DClear(adjoints[p.Name]));
                args.Add(new DArg(Read(adjoints[p.Name])));
            }
            else
            {
                adjoints[p.Name] = _d.Named(p.Adjoint, p.Kind!.Value, isArray: false);
                rowBody.Add(new DDeclare(adjoints[p.Name], DeclareForm.Typed, new LConst(p.Kind!.Value, 0)));
                args.Add(new DArg(Read(adjoints[p.Name]), ByRef: true));
            }

            column = Add(column, Width(p));
        }

        rowBody.Add(new DCall(EquatableArray<LExpr>.Empty, pullback, args.ToEquatableArray()));
        rowBody.AddRange(StoreRow(line, adjoints));
        rowBody.AddRange(output.Select(o => new DClear(seeds[o.Name])));
        body.Add(DLoop.Counted(row, Int(0), Read(_rows), rowBody));
    }

    /// <summary>
    /// Stores the adjoints the pullback did not add into the row itself: a scalar input's, and a span input's of the
    /// other element type (converted, element by element).
    /// </summary>
    private IEnumerable<DStmt> StoreRow(int line, IReadOnlyDictionary<string, int> adjoints)
    {
        LExpr column = Int(0);
        foreach (var p in Inputs(_m))
        {
            if (!p.IsArray)
            {
                yield return new DAssign(new LElement(_kind, line, column), Converted(Read(adjoints[p.Name], p.Kind!.Value)));
            }
            else if (p.Kind != _kind)
            {
                var k = _d.Fresh("k", ScalarKind.Int);
                var store = new DAssign(new LElement(_kind, line, Add(column, Read(k))), Converted(new LElement(p.Kind!.Value, adjoints[p.Name], Read(k))));
                yield return DLoop.Counted(k, Int(0), Length(p), new[] { store });
            }

            column = Add(column, Width(p));
        }
    }

    private void Columns(string pushforwardN, int lanes)
    {
        var body = _d.Body;
        var output = Outputs(_m).ToList();
        var restore = SavedOutputs(output);
        var seeds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in Inputs(_m))
        {
            seeds[p.Name] = _d.Fresh(p.Tangent, p.Kind!.Value, isArray: true);
            body.Add(new DDeclare(seeds[p.Name], DeclareForm.Inferred, new LZeros(p.Kind!.Value, Mul(Int(lanes), Width(p)))));
        }

        var tangents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var o in output)
        {
            tangents[o.Name] = _d.Fresh(o.Tangent, o.Kind!.Value, isArray: true);
            body.Add(new DDeclare(tangents[o.Name], DeclareForm.Inferred, new LZeros(o.Kind!.Value, Mul(Int(lanes), Length(o)))));
        }

        var column = _d.Fresh("column", ScalarKind.Int);
        var count = _d.Fresh("count", ScalarKind.Int);
        var j = _d.Fresh("j", ScalarKind.Int);
        var c = _d.Fresh("c", ScalarKind.Int);
        var i = _d.Fresh("i", ScalarKind.Int);
        var group = new List<DStmt>
        {
            new DDeclare(count, DeclareForm.Typed, LApply.Of(Op.Min, ScalarKind.Int, Int(lanes), Sub(Read(_columns), Read(column)))),
        };
        group.AddRange(Inputs(_m).Select(p => new DClear(seeds[p.Name])));

        // Direction j is the unit tangent of input element column + j: find its parameter.
        var unit = new List<DStmt> { new DDeclare(c, DeclareForm.Typed, Add(Read(column), Read(j))) };
        foreach (var p in Inputs(_m))
        {
            var one = new DStmt[] { new DAssign(new LElement(p.Kind!.Value, seeds[p.Name], p.IsArray ? Add(Mul(Read(j), Length(p)), Read(c)) : Read(j)), new LConst(p.Kind!.Value, 1)) };
            var inRange = p.IsArray
                ? LApply.Of(Op.And, ScalarKind.Bool, LApply.Of(Op.Ge, ScalarKind.Bool, Read(c), Int(0)), LApply.Of(Op.Lt, ScalarKind.Bool, Read(c), Length(p)))
                : LApply.Of(Op.Eq, ScalarKind.Bool, Read(c), Int(0));
            unit.Add(new DIf(inRange, one.ToEquatableArray(), EquatableArray<DStmt>.Empty));
            unit.Add(new DAccumulate(Read(c), Width(p), Subtract: true));
        }

        group.Add(DLoop.Counted(j, Int(0), Read(count), unit));
        group.AddRange(restore);
        var args = _m.Parameters.Select(p => new DArg(Read(_parameters[p.Name]))).Append(new DArg(Read(count)))
            .Concat(Inputs(_m).Select(p => new DArg(new LSlice(p.Kind!.Value, seeds[p.Name], Int(0), Mul(Read(count), Width(p))))))
            .Concat(output.Select(o => new DArg(new LSlice(o.Kind!.Value, tangents[o.Name], Int(0), Mul(Read(count), Length(o))))));
        group.Add(new DCall(EquatableArray<LExpr>.Empty, pushforwardN, args.ToEquatableArray()));

        // Direction j's output tangents are column column + j.
        var scatter = new List<DStmt>();
        LExpr offset = Int(0);
        foreach (var o in output)
        {
            var target = new LElement(_kind, _jacobian, Add(Add(Mul(Add(offset, Read(i)), Read(_columns)), Read(column)), Read(j)));
            var value = new LElement(o.Kind!.Value, tangents[o.Name], Add(Mul(Read(j), Length(o)), Read(i)));
            scatter.Add(DLoop.Counted(i, Int(0), Length(o), new[] { new DAssign(target, Converted(value)) }));
            offset = Add(offset, Length(o));
        }

        group.Add(DLoop.Counted(j, Int(0), Read(count), scatter));
        body.Add(new DLoop(
            LApply.Of(Op.Lt, ScalarKind.Bool, Read(column), Read(_columns)), group.ToEquatableArray(), TestFirst: true,
            new DDeclare(column, DeclareForm.Typed, Int(0)), new DAccumulate(Read(column), Int(lanes))));
    }

    /// <summary>The outputs' incoming contents saved first (<see cref="MemberLocals.SaveOutputs"/>); the copies back.</summary>
    private List<DStmt> SavedOutputs(IReadOnlyList<ParamModel> outputs) =>
        MemberLocals.SaveOutputs(_d, outputs.Select(o => (_parameters[o.Name], _d.Fresh(o.Name + "Start", o.Kind!.Value, isArray: true), o.Kind!.Value)).ToList());

    /// <summary>A value of an input or output converted to the matrix's element type when it has the other.</summary>
    private LExpr Converted(LExpr value) => value.Type == _kind ? value : LApply.Of(Op.Convert, _kind, value);

    private LExpr Length(ParamModel p) => new LLength(_parameters[p.Name]);

    /// <summary>How many columns (or rows) a parameter has: its length, or 1 for a scalar.</summary>
    private LExpr Width(ParamModel p) => p.IsArray ? Length(p) : Int(1);

    private static LExpr Read(int var, ScalarKind type = ScalarKind.Int) => new LRead(type, var);
}
