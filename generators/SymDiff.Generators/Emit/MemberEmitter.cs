using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Emits the derivative members of a method, a body of scalars or a program with loops or arrays: their signatures,
/// documentation (<see cref="GradientSummary"/>), argument checks and tape marks, around the derivative programs of the passes, printed by <see cref="DerivativePrinter"/>: the mode
/// passes (<see cref="TangentPass"/>, <see cref="TapingPass"/>, <see cref="AdjointPass"/>) and the member bodies built
/// over them (<see cref="ReversePass"/>, <see cref="JacobianPass"/>, <see cref="VectorForwardPass"/>,
/// <see cref="HessianPass"/>, <see cref="IslandPass"/>). It names the method's own storage (locals, adjoints, tangents)
/// up front; the printer names what a pass adds.
/// <list type="bullet">
/// <item><c>{F}Pullback</c>: a forward sweep that runs the body and saves on the tape what it overwrites and the reverse
/// sweep will read, then a reverse sweep that walks the statements backwards restoring those values and accumulating
/// adjoints;</item>
/// <item><c>{F}Gradient</c> (scalar results): clears the adjoints and pulls back a seed of 1;</item>
/// <item><c>{F}Pushforward</c>: the body with a tangent computed before every active assignment;</item>
/// <item><c>{F}PushforwardN</c> (vector functions, or when asked): the same with several tangents per sweep;</item>
/// <item><c>{F}Jacobian</c> (span outputs): the dense row-major matrix, a reverse sweep per row or a vector pushforward
/// per group of columns, whichever is cheaper for the lengths.</item>
/// </list>
/// A program that is one island (a body of scalars always is: <see cref="ProgramIsland.OfBody"/>) has each of these as one
/// fused sweep with no tape instead (<c>MemberEmitter.Island.cs</c>); second derivatives are in <c>MemberEmitter.Hessian.cs</c>
/// (programs) and <c>MemberEmitter.SecondOrder.cs</c> (bodies of scalars that call nothing).
/// </summary>
internal sealed partial class MemberEmitter
{
    private readonly EmitInput _input;
    private readonly MethodModel _m;
    private readonly LoopProgram _p;
    private readonly IndentedWriter _w;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private readonly Dictionary<int, string> _adjoints = new();
    private readonly Dictionary<int, string> _tangents = new();
    private readonly string _type;
    private readonly bool _scalarResult;
    private readonly string _tape;
    private readonly string _mark;
    private readonly string _seed;
    private readonly string _g;
    private readonly string _jacobian;
    private readonly string _scratch;
    private readonly string _rows;
    private readonly string _columns;
    private readonly string _row;
    private readonly string _line;

    /// <summary>
    /// The method whose second derivatives these are, when <see cref="_m"/> is its tangent program
    /// (<see cref="TangentProgram"/>): the pullback then prints as <c>{F}PushforwardPullback</c>. Null for a method's own
    /// first derivatives.
    /// </summary>
    private readonly MethodModel? _primal;

    /// <summary>For a tangent program: true when its tangents are differentiated too (<c>{F}PushforwardPullback</c>).</summary>
    private readonly bool _overTangents;

    /// <summary>True when printing a per-example ILGPU kernel (<see cref="EmitPerExample"/>): spans and the tape are the device's.</summary>
    private readonly bool _device;

    /// <summary>False when the project turned SIMD loops off (<c>SymDiffSimdLoops=false</c>): every loop is printed as written.</summary>
    private readonly bool _simd;

    /// <summary>False when the project left the formulas out of the documentation (<c>SymDiffDocFormulas=false</c>; see <see cref="Formulas"/>).</summary>
    private readonly bool _docFormulas;

    /// <param name="analysis">The analysis of the same program another emitter has made (it depends on nothing an emitter names).</param>
    private MemberEmitter(
        IndentedWriter w, EmitInput input, MethodModel? primal = null, bool overTangents = false, bool device = false, bool simd = true, bool docFormulas = false,
        LoopAnalysis? analysis = null)
    {
        _w = w;
        _analysis = analysis;
        _docFormulas = docFormulas;
        _device = device;
        _simd = simd;
        _input = input;
        _primal = primal;
        _overTangents = overTangents;
        _m = input.Method;
        _p = _m.Program!;
        _type = Literals.TypeKeyword(_m.ReturnKind);
        _scalarResult = _p.Result >= 0;
        foreach (var parameter in _m.Parameters)
        {
            _taken.Add(parameter.Name);
            _taken.Add(parameter.Adjoint);
            _taken.Add(parameter.Tangent);
            _taken.Add(SeedName(parameter));
        }

        // The generated code's own locals and parameters, named so as not to clash with the method's parameters.
        _tape = Fresh("tape");
        _mark = Fresh("mark");
        _seed = GeneratedNames.Free(_taken, "seed", "upstream"); // as a body of scalars names it
        _g = Fresh("g");
        _jacobian = Fresh("jacobian");
        _scratch = Fresh("scratch");
        _rows = Fresh("rows");
        _columns = Fresh("columns");
        _row = Fresh("row");
        _line = Fresh("line");
        var value = Fresh("value");

        _names = _p.Vars.Select(v => v.Origin is VarOrigin.Parameter or VarOrigin.Static ? v.Name : null).Select(n => n!).ToArray();
        foreach (var v in MatrixVars)
        {
            // A two-dimensional array is read through the row-major span of its elements (MatrixSpans).
            _names[v.Id] = Fresh(v.Name.TrimStart('@') + "Elements");
        }

        foreach (var v in _p.Vars.Where(v => v.Origin == VarOrigin.Local))
        {
            _names[v.Id] = v.Id == _p.Returned ? value : Fresh(v.Name);
        }

        // A body of scalars is printed as its island alone (Island), which names what it computes: its locals' adjoints
        // and tangents are never declared, and it needs no analysis.
        foreach (var id in _m.Scalar is not null ? Enumerable.Empty<int>() : Analysis.Active.OrderBy(i => i))
        {
            var v = _p.Vars[id];
            if (Analysis.StretchInternal.Contains(id))
            {
                // A value of one stretch's island only: reverse mode gives it no adjoint (its name is still taken, so
                // every other name is as it would be).
                _islandAdjoints.Add(Fresh(Names.Adjoint(_names[id])));
                _tangents[id] = Fresh(Names.Tangent(_names[id]));
                continue;
            }

            var parameterAdjoint = v.Origin == VarOrigin.Parameter && (v.IsArray ? !v.IsOutput : !Assigned(id));
            _adjoints[id] = parameterAdjoint ? ParamOf(v).Adjoint : Fresh(Names.Adjoint(_names[id]));
            _tangents[id] = v.Origin == VarOrigin.Parameter ? ParamOf(v).Tangent : Fresh(Names.Tangent(_names[id]));
        }

        CollectHeapArrays(_p.Body);
        _reductions = ReductionNamesOf();
    }

    private LoopAnalysis? _analysis;

    /// <summary>
    /// What the taped sweeps need to know of the program (activity, what to save, checkpoints, stretches, reductions),
    /// made when a member first asks: the members of a body of scalars, one island each, never do.
    /// </summary>
    private LoopAnalysis Analysis => _analysis ??= new LoopAnalysis(
        _p, _m.Calls, recorded: c => RecordedCalls.IsRecorded(_input, c), reductions: !_device, stretches: true);

    /// <summary>The adjoint names taken for the values of one stretch's island only (which get no adjoint), so that every other name is as it would be.</summary>
    private readonly List<string> _islandAdjoints = new();

    /// <summary>How the sweeps name what the loops of <see cref="LoopAnalysis.Reductions"/> share (declared with the locals); null without such loops.</summary>
    private readonly ReductionNames? _reductions;

    private ReductionNames? ReductionNamesOf()
    {
        if (_m.Scalar is not null || Analysis.Reductions.Count == 0)
        {
            return null;
        }

        var accumulators = new Dictionary<(int Statement, int Var), string>();
        var seeds = new Dictionary<int, string>();
        foreach (var r in Analysis.Reductions.Values.OrderBy(r => r.Statement))
        {
            seeds[r.Statement] = Fresh(Names.Adjoint(_names[r.Sum]) + "Each");
            foreach (var v in r.Inputs)
            {
                accumulators[(r.Statement, v)] = Fresh(Names.Unescaped(_adjoints[v]) + "Per" + Names.Pascal(Names.Unescaped(_names[r.Sum])));
            }
        }

        return new ReductionNames(accumulators, seeds, new AdjointPass.PassNames(_names, _adjoints, _g, _scratch, _heapArrays));
    }

    /// <summary>
    /// Local buffers passed to a callee's <c>T[]</c> parameter. Buffers are tape spans everywhere else, but a span does
    /// not convert to an array, so these are real arrays (allocated, zeroed, like <c>new T[n]</c> in the user's code).
    /// </summary>
    private readonly HashSet<int> _heapArrays = new();

    private void CollectHeapArrays(EquatableArray<LStmt> body)
    {
        foreach (var c in body.Descendants().OfType<LCall>())
        {
            for (var k = 0; k < c.Args.Length; k++)
            {
                if (c.Args[k].Array is var array and >= 0 && _p.Vars[array].Origin == VarOrigin.Local
                    && _m.Calls[c.Call].Parameters[k].TypeName.EndsWith("[]", StringComparison.Ordinal))
                {
                    _heapArrays.Add(array);
                }
            }
        }
    }

    /// <summary>The declaration of local buffer <paramref name="v"/>, before it is allocated.</summary>
    private string BufferDeclaration(LoopVar v) => _heapArrays.Contains(v.Id)
        ? $"{Literals.TypeKeyword(v.Type)}[] {_names[v.Id]} = global::System.Array.Empty<{Literals.TypeKeyword(v.Type)}>();"
        : $"{DerivativePrinter.SpanType(v.Type, _device)} {_names[v.Id]} = default;";

    /// <summary>
    /// The first-order members of the method (over scalars, or with loops or arrays); <paramref name="docFormulas"/>
    /// prints a body of scalars' derivative formulas in their documentation (<see cref="Formulas"/>).
    /// </summary>
    public static void Emit(IndentedWriter w, EmitInput input, bool simd = true, bool docFormulas = true)
    {
        var emitter = new MemberEmitter(w, input, simd: simd, docFormulas: docFormulas);
        if (emitter._scalarResult)
        {
            emitter.Gradient();
            w.Line();
        }

        emitter.Pullback();
        w.Line();
        emitter.Pushforward();
        if (!emitter._scalarResult)
        {
            w.Line();
            emitter.Jacobian();
        }

        if (input.Method.HasPushforwardN)
        {
            // Its own emitter: the names the other members took are free again in this one (the analysis is the same).
            w.Line();
            new MemberEmitter(w, input, simd: simd, analysis: emitter._analysis).PushforwardN();
        }
    }

    /// <summary>
    /// Compiles the member fully optimized on its first call. Loop derivatives are long-running numeric code: under
    /// tiered compilation their first calls run unoptimized or as on-stack-replacement code, several times slower,
    /// which a program calling a large gradient a few times would pay in full. A member whose body is one island is
    /// straight-line code and goes without: tiering optimizes it, with the profile of its first calls, once it is hot.
    /// </summary>
    private void FullyOptimized() =>
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");

    /// <summary>
    /// <paramref name="body"/> between the tape's mark and its release in a <c>finally</c>: the scratch a member takes
    /// from the thread's tape (buffers, recordings) is given back however it leaves.
    /// </summary>
    private void InsideTapeMark(Action body)
    {
        _w.Line($"var {_tape} = global::SymDiff.Tape.Current;");
        _w.Line($"var {_mark} = {_tape}.Mark();");
        using (_w.Block("try"))
        {
            body();
        }

        using (_w.Block("finally"))
        {
            _w.Line($"{_tape}.Release({_mark});");
        }
    }

    /// <summary>
    /// Opens member <paramref name="name"/>, whose parameters are the method's and then <paramref name="extra"/>
    /// (<see cref="Signature"/>), and declares first the row-major span of each two-dimensional array parameter, which
    /// the checks and the body read in its place (a <c>T[,]</c> has no span conversion); taking it checks the array is
    /// there and zero-based.
    /// </summary>
    private IDisposable Member(string accessibility, string returns, string name, IEnumerable<MemberParameter> extra)
    {
        var block = _w.Block(Declarations.Header(_m, accessibility, returns, name, Signature(name, extra)));
        _apart = new HashSet<(string, string)>();
        MatrixSpans();
        return new OnDispose(() =>
        {
            _apart = null;
            block.Dispose();
        });
    }

    /// <summary>
    /// Inside a member opened with <see cref="Member"/>: the pairs of spans (written, read) its entry checked apart
    /// (<see cref="NoOverlap"/>), which its SIMD loops need not check again. Null elsewhere.
    /// </summary>
    private HashSet<(string Written, string Read)>? _apart;

    /// <summary>The variables of the two-dimensional array parameters.</summary>
    private IEnumerable<LoopVar> MatrixVars => _p.Vars.Where(v => v.Origin == VarOrigin.Parameter && ParamOf(v).IsMatrix);

    /// <summary>
    /// The row-major span of each two-dimensional array parameter (see <see cref="Member"/>), declared at the top of every
    /// member that takes one, so the checks and the body read it by name.
    /// </summary>
    private void MatrixSpans()
    {
        foreach (var v in MatrixVars)
        {
            var type = $"global::System.ReadOnlySpan<{Literals.TypeKeyword(v.Type)}>";
            _w.Line($"{type} {_names[v.Id]} = global::SymDiff.GeneratedChecks.RowMajor({v.Name}, {Literals.NameOf(v.Name, _m)});");
            _declared[_names[v.Id]] = type;
        }
    }

    /// <summary>
    /// Parameter <paramref name="p"/> as a span: itself, or for a two-dimensional array the row-major span the member
    /// declared (<see cref="MatrixSpans"/>; a tangent program's primal parameters have the primal's names).
    /// </summary>
    private string InputSpan(ParamModel p) => p.IsMatrix ? _names[VarOf(p)] : p.Name;

    private IEnumerable<ParamModel> Differentiable => _m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput);

    private IEnumerable<ParamModel> Outputs => _m.Parameters.Where(p => p.IsOutput && p.Kind is ScalarKind.Double or ScalarKind.Float);

    private static string SeedName(ParamModel p) => p.Seed;

    private ParamModel ParamOf(LoopVar v) => _m.Parameters[v.Parameter];

    /// <summary>True when the variable's adjoint is its parameter's own adjoint parameter (not a local of the generated code).</summary>
    private bool IsParameterAdjoint(int id) => _p.Vars[id] is { Origin: VarOrigin.Parameter } v && _adjoints[id] == ParamOf(v).Adjoint;

    /// <summary>
    /// A generated member of the method's own type, qualified where a parameter or local is named like it (a parameter
    /// <c>FPullback</c>): a simple name would bind to that instead.
    /// </summary>
    private string Own(string member) => _taken.Contains(member) ? $"{_m.ContainingTypeFullName}.{member}" : member;

    private string Fresh(string baseName) => GeneratedNames.Free(_taken, baseName);

    private bool Assigned(int variable) => _p.Body.Assigns(variable);

    private HashSet<int>? _used;

    /// <summary>
    /// False for a local the program neither reads nor assigns (its stores were dropped as dead): declared, it would be
    /// a local assigned a constant and never read (CS0219).
    /// </summary>
    private bool IsUsed(int variable)
    {
        _used ??= _p.Body.ReadVariables(assigned: true);
        return variable == _p.Returned || _used.Contains(variable);
    }


    private int VarOf(ParamModel p) => _p.Vars.First(v => v.Origin == VarOrigin.Parameter && v.Name == p.Name).Id;

    private static string ElementType(ParamModel p) => Literals.TypeKeyword(p.Kind!.Value);

    /// <summary>
    /// The parameter list of member <paramref name="member"/>: the method's parameters, then <paramref name="extra"/>
    /// (<c>ref double dX</c>, …). Starts the member's <see cref="Outline"/>: its name and the types of
    /// its parameters (its locals are added as they are declared).
    /// </summary>
    private IEnumerable<string> Signature(string member, IEnumerable<MemberParameter> extra)
    {
        var parameters = _m.Parameters.Select(p => new MemberParameter(p.TypeName, p.Name)).Concat(extra).ToList();
        _declared.Clear();
        foreach (var parameter in parameters)
        {
            _declared[parameter.Name] = parameter.Type;
        }

        _outline = new Outline(member, _m, _declared);
        return parameters.Select(p => p.ToString());
    }

    /// <summary>The C# types of the storage the member being printed declared itself (parameters, up-front locals), by name.</summary>
    private readonly Dictionary<string, string> _declared = new(StringComparer.Ordinal);

    /// <summary>How the member being printed may split a long body (<see cref="DerivativePrinter"/>).</summary>
    private Outline? _outline;

    /// <summary>
    /// The name of the pullback member: <c>{F}Pullback</c>; for a tangent program <c>{F}PushforwardPullback</c> over the
    /// tangents too, or the H·t member's own (private) pullback over the inputs alone.
    /// </summary>
    private string PullbackName => _primal is null ? Names.Pullback(_m.Name)
        : _overTangents ? Names.PushforwardPullback(_m.Name)
        : Names.HessianVectorProduct(_m.Name) + Names.PullbackSuffix;

    private void Gradient()
    {
        var adjoints = Differentiable.Select(p => p.IsArray ? new MemberParameter($"global::System.Span<{ElementType(p)}>", p.Adjoint) : MemberParameter.Out(ElementType(p), p.Adjoint));

        // One island: its own sweep with a seed of 1 (no call of the pullback), its arguments checked as the pullback checks them.
        var island = _primal is null ? PrintedIsland(IslandGradient, _w.Indent + 1, lanes: 0) : null;
        _formulas = GradientFormulas(island?.Program);
        GradientSummary(island is not null);
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Adjoint}\">Receives ∂{_m.Name}/∂{p.Name}{DocComments.SameLength(p)}.</param>");
        }

        _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        DerivativeFormulaAttribute();
        Declarations.MemberAttributes(_w, _m);
        using (Member(_m.Accessibility, _type, Names.Gradient(_m.Name), adjoints))
        {
            if (island is not null)
            {
                Checks(p => p.IsOutput ? null : p.Adjoint);
            }

            InputsApart(WrittenAdjoints);
            DistinctOutputs(SpanAdjoints);
            if (island is { } printed)
            {
                _w.Raw(printed.Text);
            }
            else
            {
                var arguments = _m.Parameters.Select(MemberStorage.Of);
                var cleared = Differentiable.Select(p => new MemberStorage(p.Adjoint, p.Kind!.Value, p.IsArray));
                DerivativePrinter.Print(_w, ReversePass.Gradient(arguments, cleared, _m.ReturnKind, Own(PullbackName)), _input, _taken, _tape);
            }
        }
    }

    private string WithRespectTo()
    {
        var names = Differentiable.Select(p => p.Name).ToList();
        return names.Count == 0 ? string.Empty : $" with respect to {string.Join(", ", names)}";
    }

    /// <summary>A zeroed tape buffer; int and bool buffers are carved from the double arena (zero bits are 0 and false).</summary>
    private string Zeros(ScalarKind kind, string length) => DerivativePrinter.Zeros(_tape, kind, length, _device);

    /// <summary>The span adjoints of the differentiable span parameters (written by Gradient and Pullback).</summary>
    private IEnumerable<string> SpanAdjoints => Differentiable.Where(p => p.IsArray).Select(p => p.Adjoint);

    /// <summary><see cref="SpanAdjoints"/> with their element kinds.</summary>
    private IEnumerable<(string Name, ScalarKind Kind)> WrittenAdjoints => Differentiable.Where(p => p.IsArray).Select(p => (p.Adjoint, p.Kind!.Value));

    /// <summary>
    /// Rejects overlapping outputs: the primal's span outputs (every entry point runs the primal) and
    /// <paramref name="written"/>, the other spans this entry point writes.
    /// </summary>
    private void DistinctOutputs(IEnumerable<string> written, bool accumulating = false)
    {
        var spans = written.ToList();
        OutputChecks.Write(_w, _m, _m.Parameters.Where(p => p.IsOutput).Select(p => p.Name).Concat(spans).ToList(), accumulating ? spans : null);
    }

    /// <summary>Length checks: every span adjoint, seed and tangent against its parameter; outputs must not overlap inputs.</summary>
    private void Checks(Func<ParamModel, string?> companion)
    {
        foreach (var p in _m.Parameters.Where(p => p.IsArray && p.IsDifferentiable))
        {
            if (companion(p) is { } name)
            {
                SameLength(name, p.Name, _m);
            }
        }

        InputsApart(Outputs.Select(o => (o.Name, o.Kind!.Value)));
    }

    /// <summary>The check that span <paramref name="span"/> has parameter <paramref name="parameter"/>'s length (names as <paramref name="method"/>'s members spell them).</summary>
    private void SameLength(string span, string parameter, MethodModel method) =>
        _w.Line($"global::SymDiff.GeneratedChecks.SameLength({span}.Length, {Literals.NameOf(span, method)}, {parameter}.Length, {Literals.NameOf(parameter, method)});");

    /// <summary>
    /// Rejects a span the entry point writes (<paramref name="written"/>, with its element kind: a primal output, an
    /// adjoint, an output tangent, a Jacobian or Hessian) that overlaps a span input of the same element type: the sweeps
    /// read the inputs while they clear and write the outputs, so one buffer for both would give a wrong result, not an error.
    /// The inputs are <paramref name="method"/>'s (this emitter's method unless a member of another signature asks).
    /// </summary>
    private void InputsApart(IEnumerable<(string Name, ScalarKind Kind)> written, MethodModel? method = null)
    {
        method ??= _m;
        foreach (var (name, kind) in written)
        {
            foreach (var p in method.Parameters.Where(p => p.IsArray && !p.IsOutput && p.Kind == kind))
            {
                NoOverlap(name, p.Name, kind, method, InputSpan(p));
            }
        }
    }

    /// <summary>The check that span <paramref name="output"/>, which the member writes, shares no memory with <paramref name="input"/>, which it reads.</summary>
    /// <param name="span">The input as a span, when its name is not one (a two-dimensional array's elements).</param>
    private void NoOverlap(string output, string input, ScalarKind kind, MethodModel method, string? span = null)
    {
        _apart?.Add((output, span ?? input));
        _w.Line($"global::SymDiff.GeneratedChecks.NoOverlap(global::System.MemoryExtensions.Overlaps<{Literals.TypeKeyword(kind)}>({output}, {span ?? input}), {Literals.NameOf(output, method)}, {Literals.NameOf(input, method)});");
    }

    /// <summary>
    /// The method's locals and the adjoints that are not parameters, which a member body declares up front
    /// (<see cref="MemberLocals"/>); without <paramref name="scalarAdjoints"/> (a forward sweep alone) only the adjoint
    /// buffers the forward sweep allocates next to their locals.
    /// </summary>
    private List<MemberLocals.Local> Locals(bool scalarAdjoints = true)
    {
        var locals = new List<MemberLocals.Local>();
        foreach (var v in _p.Vars.Where(v => v.Origin == VarOrigin.Local && IsUsed(v.Id)))
        {
            var start = !v.IsArray ? MemberLocals.Start.Zero : _heapArrays.Contains(v.Id) ? MemberLocals.Start.EmptyArray : MemberLocals.Start.EmptySpan;
            locals.Add(new(_names[v.Id], v.Type, start));
        }

        foreach (var r in _reductions is null ? Enumerable.Empty<Reduction>() : Analysis.Reductions.Values.OrderBy(r => r.Statement))
        {
            var type = _p.Vars[r.Sum].Type;
            locals.Add(new(_reductions!.Seeds[r.Statement], type, MemberLocals.Start.Zero));
            locals.AddRange(r.Inputs.Select(v => new MemberLocals.Local(_reductions.Accumulators[(r.Statement, v)], type, _p.Vars[v].IsArray ? MemberLocals.Start.EmptySpan : MemberLocals.Start.Zero)));
        }

        foreach (var id in Analysis.Active.Where(_adjoints.ContainsKey).OrderBy(i => i))
        {
            var v = _p.Vars[id];
            if (!IsParameterAdjoint(id) && (scalarAdjoints || v.IsArray))
            {
                // A span output parameter's adjoint exists from the start; a local buffer's is allocated with the buffer.
                locals.Add(v.IsOutput && v.Origin == VarOrigin.Parameter ? new(_adjoints[id], v.Type, MemberLocals.Start.ZerosLike, v.Name)
                    : new(_adjoints[id], v.Type, v.IsArray ? MemberLocals.Start.EmptySpan : MemberLocals.Start.Zero));
            }
        }

        return locals;
    }
}
