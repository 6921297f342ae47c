using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Per-example ILGPU kernels (the <c>vmap</c> of JAX, compiled ahead of time) of a method with loops or spans that takes
/// <c>[NoDerivative(PerElement = true)]</c> data: one thread per example runs the method's own derivative programs
/// (<see cref="Differentiation.TapingPass"/>, <see cref="Differentiation.AdjointPass"/>), printed with the device's
/// types (<c>DeviceSpan</c>, <c>DeviceTape</c> of SymDiff.Gpu). The per-element parameters are the examples' data, laid
/// out example after example (a span parameter's views hold every example's span back to back); the others are shared
/// by every example, and their adjoints are summed over the examples in a fixed order. Each thread's tape is a fixed
/// slice of one device buffer: a launch in which some thread needed more reports it, and the launcher sizes the slices
/// from that and launches again.
/// </summary>
internal sealed partial class MemberEmitter
{
    private const string View = GpuMembers.View;
    private const string Run = "global::SymDiff.Gpu.PerExampleRun";

    /// <summary>The spans of the shared adjoints a kernel adds into atomically, when it does (<see cref="PerExampleKernel"/>).</summary>
    private ISet<string>? _atomic;

    /// <summary>Why <paramref name="input"/> cannot get per-example kernels, or <see langword="null"/> when it can.</summary>
    public static string? PerExampleObstacle(EmitInput input)
    {
        var m = input.Method;
        var p = m.Loops!;
        if (p.Result < 0)
        {
            return "it writes span outputs; per-example kernels run methods that return one double or float per example";
        }

        if (p.Body.Descendants().OfType<LCall>().FirstOrDefault() is { } call)
        {
            return $"it calls {m.Calls[call.Call].MethodName}, which is not inlined into it (a kernel cannot call a C# derivative that takes spans and the thread's tape). Calls of small [Differentiable] methods over scalars and spans are inlined: see the README's rules, or inline the callee by hand";
        }

        if (m.Parameters.FirstOrDefault(q => q.IsMatrix) is { } matrix)
        {
            return $"its parameter {Names.Unescaped(matrix.Name)} is a two-dimensional array; per-example kernels take scalars and one-dimensional spans";
        }

        if (m.Parameters.FirstOrDefault(q => q.IsOutput || q.Kind is not (ScalarKind.Double or ScalarKind.Float or ScalarKind.Int)) is { } other)
        {
            return $"its parameter {Names.Unescaped(other.Name)} has type {other.TypeName.Replace("global::System.", string.Empty).Replace("global::", string.Empty)}; per-example kernels take double, float and int scalars and read-only spans of them";
        }

        if (p.Vars.FirstOrDefault(v => v.Origin == VarOrigin.Local && v.IsArray && v.Type is not (ScalarKind.Double or ScalarKind.Float or ScalarKind.Int)) is { } buffer)
        {
            return $"its local buffer {Names.Unescaped(buffer.Name)} holds {Literals.TypeKeyword(buffer.Type)}; a kernel's tape holds buffers of double, float and int";
        }

        if (p.Vars.FirstOrDefault(v => v.Origin == VarOrigin.Static && v.IsArray && v.Type is not (ScalarKind.Double or ScalarKind.Float or ScalarKind.Int)) is { } table)
        {
            return $"it reads the static array {table.Name.Replace("global::", string.Empty)} of {Literals.TypeKeyword(table.Type)}; a kernel takes static arrays of double, float and int (copied to the device at every launch)";
        }

        // No limit on parameters: a kernel takes them all in one struct (Arguments).
        return null;
    }

    /// <summary>The file of <paramref name="input"/>'s per-example kernels, launchers and kernel cache.</summary>
    public static string EmitPerExample(EmitInput input)
    {
        var w = new IndentedWriter();
        var m = input.Method;
        var cache = $"{m.Name}GpuKernels{HintNames.SignatureHash(m)}";
        using (Declarations.Open(w, m, "per-example ILGPU kernels"))
        {
            new MemberEmitter(w, input).Arguments(backward: false);
            w.Line();
            new MemberEmitter(w, input).Arguments(backward: true);
            w.Line();
            new MemberEmitter(w, input, device: true).PerExampleKernel(backward: false);
            w.Line();
            new MemberEmitter(w, input, device: true).PerExampleKernel(backward: true);
            w.Line();
            new MemberEmitter(w, input, device: true).PerExampleKernel(backward: true, atomic: true);
            w.Line();
            new MemberEmitter(w, input).PerExampleLauncher(backward: false, cache);
            w.Line();
            new MemberEmitter(w, input).PerExampleLauncher(backward: true, cache);
            w.Line();
            new MemberEmitter(w, input).PerExampleCache(cache);
        }

        return w.ToString();
    }

    private IEnumerable<ParamModel> Shared => _m.Parameters.Where(p => !p.IsPerElement);

    /// <summary>
    /// The static readonly arrays the body reads: a kernel cannot read a managed array, so the launcher copies each to
    /// the device at every launch (its elements may have changed) and the kernel takes it as a view.
    /// </summary>
    private static IEnumerable<LoopVar> StaticArrays(LoopProgram p) => p.Vars.Where(v => v.Origin == VarOrigin.Static && v.IsArray);

    /// <summary>A static array's field name, without its type.</summary>
    private static string StaticName(LoopVar v) => Names.Unescaped(v.Name.Substring(v.Name.LastIndexOf('.') + 1));

    /// <summary>The base name of a static array's view.</summary>
    private static string StaticView(LoopVar v) => StaticName(v) + "View";

    /// <summary>The kernel's parameters after the thread index, named: the inputs' views (or scalars), then the rest.</summary>
    /// <param name="viewName">The name of a parameter's view (or of the scalar itself).</param>
    /// <param name="own">The name of one of the kernel's own parameters, from its base name.</param>
    /// <param name="atomic">True for the kernel that adds into the shared adjoints themselves rather than into slabs.</param>
    private List<(string Type, string Name)> KernelParameters(bool backward, Func<ParamModel, string> viewName, Func<string, string> own, bool atomic = false)
    {
        var list = _m.Parameters.Select(p => p.IsArray || p.IsPerElement ? ($"{View}<{ElementType(p)}>", viewName(p)) : (p.TypeName, p.Name)).ToList();
        list.AddRange(StaticArrays(_p).Select(v => ($"{View}<{Literals.TypeKeyword(v.Type)}>", own(StaticView(v)))));
        if (backward)
        {
            list.Add(($"{View}<{_type}>", own("upstream")));
            list.Add(($"{View}<{_type}>", own("values")));
            list.AddRange(Differentiable.Select(p => ($"{View}<{ElementType(p)}>", own(atomic ? Names.Unescaped(p.Adjoint) + "Total" : Slab(p)))));
        }
        else
        {
            list.Add(($"{View}<{_type}>", own("result")));
        }

        list.Add(($"{View}<double>", own("tapes")));
        list.Add(($"{View}<int>", own("needed")));
        return list;
    }

    /// <summary>The base name of the slab of <paramref name="p"/>'s adjoints, one row per example.</summary>
    private static string Slab(ParamModel p) => Names.Unescaped(p.Adjoint) + "Examples";

    /// <summary>The kernel's type arguments: the thread index and the arguments struct.</summary>
    private string KernelTypes(bool backward) => $"global::ILGPU.Index1D, {ArgumentsName(backward)}";

    /// <summary>
    /// The struct a kernel takes its arguments in (ILGPU loads kernels of at most 14 parameters; a struct of views has
    /// no such limit): one per direction and overload.
    /// </summary>
    private string ArgumentsName(bool backward) => $"{_m.Name}Gpu{(backward ? "Backward" : "Forward")}Arguments{HintNames.SignatureHash(_m)}";

    /// <summary>
    /// The fields of <see cref="ArgumentsName"/>, in the order of <see cref="KernelParameters"/>: each with its type, its
    /// name, and what it holds.
    /// </summary>
    private List<(string Type, string Field, string Doc)> Fields(bool backward)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string Field(string baseName) => GeneratedNames.Free(taken, baseName);
        var fields = _m.Parameters.Select(p => (Base: Names.Unescaped(p.Name), Doc: p.IsPerElement
            ? p.IsArray ? $"Every example's {Names.Unescaped(p.Name)}, back to back." : $"One {Names.Unescaped(p.Name)} per example."
            : p.IsArray ? $"{Names.Unescaped(p.Name)}, shared by every example." : $"{Names.Unescaped(p.Name)}, shared by every example."))
            .Concat(StaticArrays(_p).Select(v => (Base: StaticName(v), Doc: $"The device copy of the static array {v.Name.Replace("global::", string.Empty)}.")))
            .ToList();
        if (backward)
        {
            fields.Add(("upstream", "One upstream value per example."));
            fields.Add(("values", "Receives one value per example."));
            fields.AddRange(Differentiable.Select(p => (Names.Unescaped(p.Adjoint), $"The adjoints of {Names.Unescaped(p.Name)}: one row per example (the atomic kernel: the sums themselves).")));
        }
        else
        {
            fields.Add(("result", "Receives one value per example."));
        }

        fields.Add(("tapes", "The threads' tapes, an equal slice per example."));
        fields.Add(("needed", "Raised to the most a thread's tape needed when it needed more than its slice."));
        var types = KernelParameters(backward, p => p.Name, n => n);
        return fields.Select((f, i) => (types[i].Type, Field(f.Base), f.Doc)).ToList();
    }

    /// <summary>The arguments struct of the forward or backward kernels (<see cref="ArgumentsName"/>).</summary>
    private void Arguments(bool backward)
    {
        _w.Line("/// <summary>");
        _w.Line($"/// The arguments of the per-example {(backward ? "backward" : "forward")} kernels of <see cref=\"{_m.PrimalCref}\"/>, in one struct (ILGPU loads kernels of at most 14 parameters). Filled by <see cref=\"{LauncherName(backward)}\"/>.");
        _w.Line("/// </summary>");
        // Not [Obsolete] with an obsolete method, unlike the members: the kernel cache class (never obsolete) holds
        // delegates over it, and plain data calls nothing obsolete (fuzzer seed 1008813's mutant: CS0618 in the cache).
        _w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        using (_w.Block($"{_m.Accessibility} struct {ArgumentsName(backward)}"))
        {
            var fields = Fields(backward);
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    _w.Line();
                }

                _w.Line($"/// <summary>{fields[i].Doc}</summary>");
                _w.Line($"public {fields[i].Type} {fields[i].Field};");
            }
        }
    }

    private string KernelName(bool backward, bool atomic = false) =>
        atomic ? Names.GpuBackwardAtomicKernel(_m.Name) : backward ? Names.GpuBackwardKernel(_m.Name) : Names.GpuForwardKernel(_m.Name);

    private string LauncherName(bool backward) => backward ? Names.GpuBackward(_m.Name) : Names.GpuForward(_m.Name);

    /// <summary>
    /// The kernel: thread <c>example</c> binds its example's data and the shared parameters to the names the method's
    /// body uses, runs the forward sweep (and for the backward kernel the reverse sweep, seeded with its upstream value),
    /// and stores its value and its adjoints of the shared parameters in its row of their slabs; with
    /// <paramref name="atomic"/>, adds them into the shared adjoints themselves with <c>Atomic.Add</c> instead.
    /// </summary>
    private void PerExampleKernel(bool backward, bool atomic = false)
    {
        var views = _m.Parameters.ToDictionary(p => p.Name, p => p.IsArray || p.IsPerElement ? Fresh(Names.Unescaped(p.Name) + "View") : p.Name);
        var fixedNames = new Dictionary<string, string>();
        string Param(string name) => fixedNames.TryGetValue(name, out var own) ? own : fixedNames[name] = Fresh(name);
        var parameters = KernelParameters(backward, p => views[p.Name], Param, atomic);
        string Target(ParamModel p) => Param(atomic ? Names.Unescaped(p.Adjoint) + "Total" : Slab(p));
        var example = Fresh("example");
        var examples = Fresh("examples");
        var tapeLength = Fresh("tapeLength");

        w("/// <summary>");
        w(atomic
            ? $"/// ILGPU kernel, one example per thread, of the pullback of <see cref=\"{_m.PrimalCref}\"/>: the value and, seeded with the example's upstream value, the adjoints of the shared parameters, added with <c>Atomic.Add</c> into views every thread adds into (zeroed before the launch; the order of the additions, and so the rounding, varies). Launch it with <see cref=\"{LauncherName(true)}\"/> and <c>deterministic: false</c>."
            : backward
            ? $"/// ILGPU kernel, one example per thread, of the pullback of <see cref=\"{_m.PrimalCref}\"/>: the value and, seeded with the example's upstream value, the adjoints of the shared parameters, each in the example's row of its slab. Launch it with <see cref=\"{LauncherName(true)}\"/>, which sums the rows."
            : $"/// ILGPU kernel, one example per thread, of the values of <see cref=\"{_m.PrimalCref}\"/>. Launch it with <see cref=\"{LauncherName(false)}\"/>.");
        w("/// </summary>");
        w("/// <remarks>Each thread's tape is its slice of the arguments' <c>tapes</c> (an equal share per example); a thread that needs more raises <c>needed</c>[0] and computes garbage, which the launcher discards, launching again with longer slices.</remarks>");
        Declarations.MemberAttributes(_w, _m);
        var arguments = Fresh("arguments");
        using (_w.Block(Declarations.Header(_m, _m.Accessibility, "void", KernelName(backward, atomic), [$"global::ILGPU.Index1D {example}", $"{ArgumentsName(backward)} {arguments}"])))
        {
            foreach (var (local, field) in parameters.Zip(Fields(backward), (l, f) => (l.Name, f.Field)))
            {
                w($"var {local} = {arguments}.{field};");
            }

            var reference = backward ? Param("upstream") : Param("result");
            w($"int {examples} = (int){reference}.Length;");
            w($"int {tapeLength} = (int)({Param("tapes")}.Length / {examples});");
            w($"var {_tape} = new global::SymDiff.Gpu.DeviceTape({Param("tapes")}.SubView((long){example}.X * {tapeLength}, {tapeLength}));");
            foreach (var p in _m.Parameters)
            {
                var type = ElementType(p);
                if (p.IsArray && p.IsPerElement)
                {
                    var length = Fresh(Names.Unescaped(p.Name) + "Length");
                    w($"int {length} = (int)({views[p.Name]}.Length / {examples});");
                    w($"var {p.Name} = new global::SymDiff.Gpu.DeviceSpan<{type}>({views[p.Name]}.SubView((long){example}.X * {length}, {length}));");
                }
                else if (p.IsArray)
                {
                    w($"var {p.Name} = new global::SymDiff.Gpu.DeviceSpan<{type}>({views[p.Name]});");
                }
                else if (p.IsPerElement)
                {
                    w($"{type} {p.Name} = {views[p.Name]}[{example}];");
                }
            }

            foreach (var v in StaticArrays(_p))
            {
                // The body reads the static array through a span of its device copy, under a name of the kernel's own.
                _names[v.Id] = Fresh(StaticName(v));
                w($"var {_names[v.Id]} = new global::SymDiff.Gpu.DeviceSpan<{Literals.TypeKeyword(v.Type)}>({Param(StaticView(v))});");
            }

            if (backward)
            {
                w($"{_type} {_seed} = {Param("upstream")}[{example}];");
                foreach (var p in Differentiable)
                {
                    if (p.IsArray && atomic)
                    {
                        w($"var {p.Adjoint} = new global::SymDiff.Gpu.DeviceSpan<{ElementType(p)}>({Target(p)});");
                    }
                    else if (p.IsArray)
                    {
                        w($"var {p.Adjoint} = new global::SymDiff.Gpu.DeviceSpan<{ElementType(p)}>({Target(p)}.SubView((long){example}.X * {p.Name}.Length, {p.Name}.Length));");
                        w($"{p.Adjoint}.Clear();");
                    }
                    else
                    {
                        w($"{ElementType(p)} {p.Adjoint} = {Literals.Constant(0, p.Kind!.Value)};");
                    }
                }

                _atomic = atomic ? new HashSet<string>(Differentiable.Where(p => p.IsArray).Select(p => p.Adjoint), StringComparer.Ordinal) : null;
                PullbackBody((program, value) => new DAssign(
                    new LElement(_m.ReturnKind, program.Named(Param("values"), _m.ReturnKind, isArray: true), new LRead(ScalarKind.Int, program.Named(example, ScalarKind.Int, isArray: false))), value));
                foreach (var p in Differentiable.Where(p => !p.IsArray))
                {
                    w(atomic ? $"global::ILGPU.Atomic.Add(ref {Target(p)}[0], {p.Adjoint});" : $"{Target(p)}[{example}] = {p.Adjoint};");
                }
            }
            else
            {
                // The value alone: the locals, the forward sweep, the result stored.
                var program = new DerivativeProgram();
                program.Body.AddRange(MemberLocals.Declare(program, Locals(scalarAdjoints: false)));
                program.Body.Add(new DEmbedded(TapingProgram()));
                var result = new LElement(_m.ReturnKind, program.Named(Param("result"), _m.ReturnKind, isArray: true), new LRead(ScalarKind.Int, program.Named(example, ScalarKind.Int, isArray: false)));
                program.Body.Add(new DAssign(result, new LRead(_m.ReturnKind, program.Named(_names[_p.Returned], _m.ReturnKind, isArray: false))));
                DerivativePrinter.Print(_w, program, _input, _taken, _tape, device: _device, simd: _simd);
            }

            w($"{_tape}.Report({Param("needed")});");
        }

        void w(string line) => _w.Line(line);
    }

    /// <summary>
    /// The host launcher: checks the views' lengths and that no output shares memory with another view, then launches
    /// the kernel (again, with longer tape slices, while a thread's tape ran out) and sums the shared adjoints.
    /// </summary>
    private void PerExampleLauncher(bool backward, string cache)
    {
        var reserved = new HashSet<string>(_m.Parameters.Select(p => Names.Unescaped(p.Name)).Concat(Differentiable.Select(p => p.Adjoint)), StringComparer.Ordinal);
        string Free(params string[] candidates) => GeneratedNames.Free(reserved, candidates);

        var accelerator = Free("accelerator", "device", "gpu");
        var upstream = backward ? Free("upstream", "upstreamValues") : null;
        var values = Free(backward ? "values" : "result", "exampleValues");
        var (kernels, run, examples, tapes, needed) = (Free("kernels", "loaded"), Free("run", "memory"), Free("examples", "count"), Free("tapes", "tapeViews"), Free("needed", "neededMark"));
        var deterministic = backward ? Free("deterministic", "inOrder") : null;
        var examplesPerLaunch = Free("examplesPerLaunch", "perLaunch");
        var (chunk, start, count) = (Free("chunk", "chunkSize"), Free("start", "first"), Free("count", "inChunk"));
        var name = LauncherName(backward);
        var perExample = _m.Parameters.Where(p => p.IsPerElement).ToList();
        var reference = upstream ?? values;

        _w.Line("/// <summary>");
        _w.Line(backward
            ? $"/// Enqueues the pullback of <see cref=\"{_m.PrimalCref}\"/> over a batch of examples on <paramref name=\"{accelerator}\"/>: each example's value into <paramref name=\"{values}\"/>, and into each shared parameter's adjoint the sum over the examples of their upstream value times the derivative (set, not added to)."
            : $"/// Enqueues <see cref=\"{_m.PrimalCref}\"/> over a batch of examples on <paramref name=\"{accelerator}\"/>: one value per example into <paramref name=\"{values}\"/>.");
        _w.Line("/// </summary>");
        _w.Line($"/// <remarks>One thread per example. The per-element parameters hold every example's data, example after example (a span's view is the examples' spans back to back, all of one length); the other parameters are shared by every example. Kernels are loaded on the first call per accelerator; tapes{(backward ? " and the adjoints' per-example slabs" : string.Empty)} live in device memory kept per accelerator, grown when a launch needs more. The call waits for the kernel, to read whether every thread's tape fit (if not, it launches again with longer slices){(backward ? "; the adjoints are then summed in a fixed order (the same result every launch)" : string.Empty)}. The accelerator's context must have been created with <c>EnableAlgorithms()</c> for the math functions on GPUs.</remarks>");
        _w.Line($"/// <param name=\"{accelerator}\">The accelerator whose memory holds the views.</param>");
        foreach (var p in _m.Parameters)
        {
            _w.Line($"/// <param name=\"{Names.Unescaped(p.Name)}\">{(p.IsPerElement ? p.IsArray ? "Every example's span, back to back." : "One value per example." : p.IsArray ? "Shared by every example." : "Shared by every example.")}</param>");
        }

        if (backward)
        {
            _w.Line($"/// <param name=\"{upstream}\">One upstream value (adjoint of the example's result) per example.</param>");
        }

        _w.Line($"/// <param name=\"{values}\">Receives one value per example.</param>");
        foreach (var p in backward ? Differentiable : Enumerable.Empty<ParamModel>())
        {
            _w.Line($"/// <param name=\"{p.Adjoint}\">Receives Σ upstream·∂{_m.Name}/∂{Names.Unescaped(p.Name)} over the examples{(p.IsArray ? $" (as long as {Names.Unescaped(p.Name)})" : " (a view of length 1)")}.</param>");
        }

        if (deterministic is not null)
        {
            _w.Line($"/// <param name=\"{deterministic}\">True (the default): every example's adjoints in a slab of device memory (examples × parameters), summed in a fixed order, the same bits every launch. False: added into the adjoints with <c>Atomic.Add</c>, no slabs (for models too large for them), the rounding varying from launch to launch.</param>");
        }

        _w.Line($"/// <param name=\"{examplesPerLaunch}\">The most examples one launch takes (their tapes{(backward ? " and slabs" : string.Empty)} are device memory); 0, the default, takes as many as fit 1 GiB or a quarter of the accelerator's memory, whichever is less. A larger call is launched in chunks, one after another.</param>");
        _w.Line($"/// <exception cref=\"global::System.ArgumentException\">A view's length does not fit the number of examples (the length of <paramref name=\"{reference}\"/>) or its parameter, or an output shares memory with another view.</exception>");
        var names = _m.Parameters.Select(p => p.Name).Concat(backward ? [upstream!] : []).Append(values)
            .Concat((backward ? Differentiable : []).Select(p => p.Adjoint)).Concat(backward ? [deterministic!] : []).Append(examplesPerLaunch).Prepend(accelerator);
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal) { [examplesPerLaunch] = " = 0" };
        if (deterministic is not null)
        {
            defaults[deterministic] = " = true";
        }

        var parameters = GpuMembers.LauncherTypes(_m, backward).Zip(names, (type, parameter) => $"{type} {parameter}{(defaults.TryGetValue(parameter, out var value) ? value : string.Empty)}");
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block(Declarations.Header(_m, _m.Accessibility, "void", name, parameters)))
        {
            _w.Line($"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
            Throw($"{examplesPerLaunch} < 0", examplesPerLaunch, $"$\"{name}: {examplesPerLaunch} is {{{examplesPerLaunch}}}; it is the most examples one launch takes, or 0 to choose from the accelerator's memory.\"");
            Throw($"{reference}.Length > int.MaxValue", reference, $"$\"{name}: {reference} has {{{reference}.Length}} examples; a launch covers at most int.MaxValue.\"");
            _w.Line($"int {examples} = (int){reference}.Length;");
            if (backward)
            {
                Throw($"{values}.Length != {examples}", values, $"$\"{name}: {values} has {{{values}.Length}} elements but {upstream} has {{{examples}}}; both have one per example.\"");
            }

            foreach (var p in perExample)
            {
                var shown = Names.Unescaped(p.Name);
                if (p.IsArray)
                {
                    Throw($"{examples} == 0 ? {p.Name}.Length != 0 : {p.Name}.Length % {examples} != 0 || {p.Name}.Length / {examples} > int.MaxValue", p.Name,
                        $"$\"{name}: {shown} has {{{p.Name}.Length}} elements, not one span of equal length per each of the {{{examples}}} examples of {reference}.\"");
                }
                else
                {
                    Throw($"{p.Name}.Length != {examples}", p.Name, $"$\"{name}: {shown} has {{{p.Name}.Length}} elements but {reference} has {{{examples}}}; a per-element parameter has one per example.\"");
                }
            }

            foreach (var p in Shared.Where(p => p.IsArray))
            {
                Throw($"{p.Name}.Length > int.MaxValue", p.Name, $"$\"{name}: {Names.Unescaped(p.Name)} has {{{p.Name}.Length}} elements; a span holds at most int.MaxValue.\"");
            }

            var outputs = new List<string> { values };
            foreach (var p in backward ? Differentiable : Enumerable.Empty<ParamModel>())
            {
                Throw(p.IsArray ? $"{p.Adjoint}.Length != {p.Name}.Length" : $"{p.Adjoint}.Length != 1", p.Adjoint, p.IsArray
                    ? $"$\"{name}: {p.Adjoint} has {{{p.Adjoint}.Length}} elements but {Names.Unescaped(p.Name)} has {{{p.Name}.Length}}; an adjoint has one element per parameter element.\""
                    : $"$\"{name}: {p.Adjoint} has {{{p.Adjoint}.Length}} elements; it receives one value, the sum over the examples (a view of length 1).\"");
                outputs.Add(p.Adjoint);
            }

            var inputs = _m.Parameters.Where(p => p.IsArray || p.IsPerElement).Select(p => p.Name).Concat(upstream is null ? [] : [upstream]).ToList();
            for (var o = 0; o < outputs.Count; o++)
            {
                foreach (var other in inputs.Concat(outputs.Skip(o + 1)))
                {
                    Throw($"{Run}.Overlap({outputs[o]}, {other})", outputs[o], $"\"{name}: {outputs[o]} shares memory with {Names.Unescaped(other)}; every output needs a view of its own.\"");
                }
            }

            using (_w.Block($"if ({examples} == 0)"))
            {
                foreach (var p in backward ? Differentiable : Enumerable.Empty<ParamModel>())
                {
                    _w.Line($"global::ILGPU.Runtime.ArrayViewExtensions.MemSetToZero({p.Adjoint});");
                }

                _w.Line("return;");
            }

            var adjoints = backward ? Differentiable.ToList() : new List<ParamModel>();
            var statics = StaticArrays(_p).Select((v, k) => (Var: v, View: Free(StaticView(v)), Slot: k)).ToList();
            _w.Line($"var {kernels} = {cache}.For({accelerator});");
            if (backward)
            {
                // Atomic adds into the adjoints themselves: no slabs, each launch's rounding its own.
                using (_w.Block($"if (!{deterministic})"))
                {
                    Launches("BackwardAtomic", KernelName(true, atomic: true), adjoints.ToDictionary(p => p.Name, p => p.Adjoint), atomic: true);
                    _w.Line("return;");
                }
            }

            var slabs = new Dictionary<string, string>();
            Launches(backward ? "Backward" : "Forward", KernelName(backward), slabs, atomic: false);

            void Launches(string field, string kernel, Dictionary<string, string> into, bool atomic)
            {
                _w.Line($"{kernels}.{field} ??= global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{KernelTypes(backward)}>({accelerator}, {kernel});");
                using (_w.Block($"lock ({kernels})"))
                {
                    _w.Line($"var {run} = {kernels}.Run ??= new {Run}({accelerator});");
                    foreach (var (v, view, slot) in statics)
                    {
                        _w.Line($"var {view} = {run}.Upload({slot}, {v.Name}, \"{v.Name.Replace("global::", string.Empty)}\");");
                    }

                    // Examples per launch: as asked, or as many as the tapes (and slabs) fit in the run's memory budget.
                    var slabBytes = atomic || adjoints.Count == 0 ? "0" : string.Join(" + ", adjoints.Select(p => $"{(p.IsArray ? $"(long){p.Name}.Length" : "1L")} * sizeof({ElementType(p)})"));
                    string Chunk() => $"{run}.ExamplesPerLaunch({examples}, {slabBytes}, {examplesPerLaunch})";
                    _w.Line($"int {chunk} = {Chunk()};");
                    foreach (var p in atomic ? adjoints : [])
                    {
                        _w.Line($"global::ILGPU.Runtime.ArrayViewExtensions.MemSetToZero({p.Adjoint});");
                    }

                    using (_w.Block($"for (int {start} = 0; {start} < {examples}; {start} += {chunk})"))
                    {
                        _w.Line($"int {count} = global::System.Math.Min({chunk}, {examples} - {start});");
                        var slot = 0;
                        foreach (var p in atomic ? [] : adjoints)
                        {
                            into[p.Name] = Free(Slab(p));
                            _w.Line($"var {into[p.Name]} = {run}.Slab<{ElementType(p)}>({slot++}, (long){count} * {(p.IsArray ? $"{p.Name}.Length" : "1")}, \"{name}\");");
                        }

                        _w.Line($"var ({tapes}, {needed}) = {run}.Launch({count}, \"{name}\");");
                        string Part(string view, bool isSpan) => isSpan
                            ? $"{view}.SubView((long){start} * ({view}.Length / {examples}), (long){count} * ({view}.Length / {examples}))"
                            : $"{view}.SubView({start}, {count})";
                        var arguments = _m.Parameters.Select(p => p.IsPerElement ? Part(p.Name, p.IsArray) : p.Name).Concat(statics.Select(x => x.View))
                            .Concat(upstream is null ? [] : [Part(upstream, isSpan: false)]).Append(Part(values, isSpan: false))
                            .Concat(adjoints.Select(p => into[p.Name])).Append(tapes).Append(needed);
                        var fields = Fields(backward).Zip(arguments, (f, a) => $"{f.Field} = {a}");
                        _w.Line($"{kernels}.{field}!({count}, new {ArgumentsName(backward)} {{ {string.Join(", ", fields)} }});");
                        using (_w.Block($"if (!{run}.Fitted())"))
                        {
                            // A tape ran out: start over with longer tapes (and the chunks they allow); what earlier
                            // chunks added is written again.
                            foreach (var p in atomic ? adjoints : [])
                            {
                                _w.Line($"global::ILGPU.Runtime.ArrayViewExtensions.MemSetToZero({p.Adjoint});");
                            }

                            _w.Line($"{chunk} = {Chunk()};");
                            _w.Line($"{start} = -{chunk};");
                            _w.Line("continue;");
                        }

                        foreach (var p in atomic ? [] : adjoints)
                        {
                            _w.Line($"{run}.SumExamples({into[p.Name]}, {count}, {p.Adjoint}, accumulate: {start} > 0);");
                        }
                    }
                }
            }
        }

        void Throw(string condition, string parameter, string message)
        {
            using (_w.Block($"if ({condition})"))
            {
                _w.Line($"throw new global::System.ArgumentException({message}, {Literals.NameOf(parameter, _m)});");
            }
        }
    }

    /// <summary>The loaded kernels and the device memory of one accelerator, held as long as the accelerator lives.</summary>
    private void PerExampleCache(string cache)
    {
        _w.Line($"/// <summary>The per-example kernels of {_m.Name} loaded on each accelerator, and their device memory, dropped with it.</summary>");
        using (_w.Block($"private sealed class {cache}"))
        {
            _w.Line($"private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<global::ILGPU.Runtime.Accelerator, {cache}> Loaded = new();");
            _w.Line();
            _w.Line($"public global::System.Action<{KernelTypes(false)}>? Forward;");
            _w.Line();
            _w.Line($"public global::System.Action<{KernelTypes(true)}>? Backward;");
            _w.Line();
            _w.Line($"public global::System.Action<{KernelTypes(true)}>? BackwardAtomic;");
            _w.Line();
            _w.Line($"public {Run}? Run;");
            _w.Line();
            _w.Line($"public static {cache} For(global::ILGPU.Runtime.Accelerator accelerator) => Loaded.GetValue(accelerator, static _ => new {cache}());");
        }
    }
}
