using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The ILGPU printer: the batched kernels' graphs (<see cref="BatchEmitter.Forward"/>, <see cref="BatchEmitter.Backward"/>)
/// printed as ILGPU kernels, four elements per thread (<see cref="ElementsPerThread"/>) — <c>{F}GpuForwardKernel</c> (<c>value[i] = F(…)</c>) and
/// <c>{F}GpuBackwardKernel</c> (<c>dX[i] = upstream[i]·∂F/∂x</c>, forward and reverse sweeps fused in one thread) — and
/// typed host launchers, <c>{F}GpuForward</c> and <c>{F}GpuBackward</c>, that check the views' lengths and load each
/// kernel once per accelerator. The same graphs, the same schedule and the same statement printer as the C#
/// members: only the loads, the stores and two operations that may throw (<see cref="OpSyntax.Format"/>) differ.
/// </summary>
internal static class GpuEmitter
{
    /// <summary>
    /// Elements per thread, a quarter of the views apart, all loaded before any is stored: measured on an H200, one
    /// element per thread (even a plain copy kernel) reached 55 % of the device's copy bandwidth, four with the loads
    /// first 89–95 %.
    /// </summary>
    public const int ElementsPerThread = 4;

    /// <summary>Threads per group of the launchers on CUDA GPUs (the best of 64–1024 measured on an H200; other accelerators choose their own).</summary>
    public const int CudaGroupSize = 256;

    /// <summary>ILGPU kernels take at most this many parameters after the index (<c>LoadAutoGroupedStreamKernel</c>'s arity).</summary>
    public const int MaxKernelParameters = 14;

    private const string ArrayView = GpuMembers.View;
    private const string Accelerator = GpuMembers.Accelerator;

    /// <summary>
    /// Why <paramref name="input"/>'s kernels cannot be ILGPU kernels, or <see langword="null"/> when they can. A kernel
    /// calls its callees' C# members, so each callee must be kernel code too (<see cref="Lowering.KernelCalls"/>).
    /// </summary>
    public static string? Obstacle(EmitInput input)
    {
        var m = input.Method;
        if (input.KernelBlockingCall is { } callee)
        {
            return $"it calls {callee}, which cannot run inside a GPU kernel (a kernel runs its callees' C# members, and only [Differentiable] methods of this project over scalars, without loops, Math.Clamp or Math.Sign, that call only such methods, qualify). Inline the callee, or call the CPU kernels {Names.Batch(m.Name)} and {Names.PullbackBatch(m.Name)}";
        }

        var backward = m.Parameters.Length + 1 + m.Parameters.Count(p => p.IsDifferentiable);
        return backward > MaxKernelParameters
            ? $"its backward kernel would take {backward} parameters besides the thread index, and ILGPU loads kernels of at most {MaxKernelParameters}"
            : null;
    }

    public static string Emit(EmitInput input)
    {
        var method = input.Method;
        var w = new IndentedWriter();
        var forward = BatchEmitter.Forward(method);
        var backward = BatchEmitter.Backward(method);
        var cache = $"{method.Name}GpuKernels{HintNames.SignatureHash(method)}";
        using (Declarations.Open(w, method, "ILGPU kernels"))
        {
            Kernel(w, input, forward, Names.GpuForwardKernel(method.Name), $"the values of <see cref=\"{method.PrimalCref}\"/>");
            w.Line();
            Kernel(w, input, backward, Names.GpuBackwardKernel(method.Name), $"the pullback of <see cref=\"{method.PrimalCref}\"/> (forward and reverse sweeps fused)");
            w.Line();
            if (backward.Outputs.Any(o => o.Reduced))
            {
                Kernel(w, input, backward, Names.GpuBackwardAtomicKernel(method.Name), $"the pullback of <see cref=\"{method.PrimalCref}\"/> (forward and reverse sweeps fused), each thread's partial sum of a [Broadcast] adjoint added into its one-element view with <c>Atomic.Add</c>", atomic: true);
                w.Line();
            }

            Launcher(w, method, forward, Names.GpuForward(method.Name), Names.GpuForwardKernel(method.Name), cache, "Forward");
            w.Line();
            Launcher(w, method, backward, Names.GpuBackward(method.Name), Names.GpuBackwardKernel(method.Name), cache, "Backward");
            w.Line();
            Cache(w, method, forward, backward, cache);
        }

        return w.ToString();
    }

    /// <param name="atomic">True for the kernel whose threads add their partial sums of the [Broadcast] adjoints into one element each, atomically.</param>
    private static void Kernel(IndentedWriter w, EmitInput input, Kernel k, string name, string what, bool atomic = false)
    {
        var m = k.Method;
        var names = new NameAllocator(k.Inputs.Select(p => p.Name).Concat(k.Outputs.Select(o => o.Name)).Append(name));
        string Fresh(string baseName) => names.Fresh(baseName);
        var index = Fresh("index");
        var count = Fresh("count");
        var stride = Fresh("stride");
        var elements = Enumerable.Range(0, ElementsPerThread).Select(j => j == 0 ? $"{index}.X" : Fresh("element" + j)).ToList();
        var loads = new List<(string Local, string[] PerElement, KernelInput Input)>();
        foreach (var p in k.Inputs)
        {
            if (!p.IsSpan)
            {
                names.Fix(p.Leaf, p.Name);
            }
            else if (k.Schedule.IsReachable(p.Leaf))
            {
                var local = Fresh(Names.Unescaped(p.Name) + "I");
                names.Fix(p.Leaf, local);
                loads.Add((local, [.. Enumerable.Range(0, ElementsPerThread).Select(j => Fresh(Names.Unescaped(p.Name) + j))], p));
            }
        }

        w.Line("/// <summary>");
        w.Line($"/// ILGPU kernel, {ElementsPerThread} elements per thread a quarter of the views apart (thread <paramref name=\"{index}\"/> takes elements <c>{index}</c>, <c>{index} + s</c>, <c>{index} + 2s</c>, <c>{index} + 3s</c> with s = ⌈n/{ElementsPerThread}⌉), of {what}: {k.Summary}");
        w.Line("/// </summary>");
        w.Line($"/// <remarks>Every load is issued before any store, so each thread keeps {ElementsPerThread} memory requests in flight (one element per thread reaches about half of a GPU's copy bandwidth, this about all of it). Launch it over ⌈n/{ElementsPerThread}⌉ threads on a context created with <c>EnableAlgorithms()</c>, or with the generated launcher.</remarks>");
        Declarations.MemberAttributes(w, m);
        using (w.Block(Declarations.Header(m, m.Accessibility, "void", name, Signature(k).Prepend($"{Index} {index}"))))
        {
            // A [Broadcast] adjoint's view holds one partial sum per thread, not one value per element.
            w.Line($"int {count} = (int){k.Outputs.FirstOrDefault(o => !o.Reduced)?.Name ?? k.Inputs.First(p => p.IsSpan).Name}.Length;");
            var sums = k.Outputs.Where(o => o.Reduced).ToDictionary(o => o.Name, o => Fresh(o.Name + "Sum"));
            foreach (var o in k.Outputs.Where(o => o.Reduced))
            {
                w.Line($"{Literals.TypeKeyword(o.Kind)} {sums[o.Name]} = {Literals.Constant(0, o.Kind)};");
            }

            w.Line($"int {stride} = ({count} + {ElementsPerThread - 1}) / {ElementsPerThread};");
            for (var j = 1; j < ElementsPerThread; j++)
            {
                w.Line($"int {elements[j]} = {elements[j - 1]} + {stride};");
            }

            foreach (var (_, perElement, p) in loads)
            {
                for (var j = 0; j < ElementsPerThread; j++)
                {
                    var at = j == 0 ? index : $"global::System.Math.Min({elements[j]}, {count} - 1)";
                    w.Line($"{p.TypeName} {perElement[j]} = {p.Name}[{at}];");
                }
            }

            for (var j = 0; j < ElementsPerThread; j++)
            {
                using (j == 0 ? w.Scope() : w.Block($"if ({elements[j]} < {count})"))
                {
                    foreach (var (local, perElement, p) in loads)
                    {
                        w.Line($"{p.TypeName} {local} = {perElement[j]};");
                    }

                    var code = new CodeWriter(w, k.Schedule, names, input, kernel: true);
                    foreach (var region in k.Regions)
                    {
                        code.Region(region);
                    }

                    foreach (var output in k.Outputs)
                    {
                        w.Line(output.Reduced
                            ? $"{sums[output.Name]} += {code.Expr(output.Value)};"
                            : $"{output.Name}[{(j == 0 ? index : elements[j])}] = {code.Expr(output.Value)};");
                    }
                }
            }

            foreach (var output in k.Outputs.Where(o => o.Reduced))
            {
                w.Line(atomic ? $"global::ILGPU.Atomic.Add(ref {output.Name}[0], {sums[output.Name]});" : $"{output.Name}[{index}] = {sums[output.Name]};");
            }
        }
    }

    private static void Launcher(IndentedWriter w, MethodModel m, Kernel k, string name, string kernel, string cache, string field)
    {
        var views = k.Inputs.Where(p => p.IsSpan).Select(p => p.Name).Concat(k.Outputs.Where(o => !o.Reduced).Select(o => o.Name)).ToList();
        var reduced = k.Outputs.Where(o => o.Reduced).ToList();
        var reserved = new HashSet<string>(k.Inputs.Select(p => Names.Unescaped(p.Name)).Concat(k.Outputs.Select(o => o.Name)), StringComparer.Ordinal);
        var accelerator = GeneratedNames.Free(reserved, "accelerator", "device", "gpu");
        var loaded = GeneratedNames.Free(reserved, "kernels", "loaded", "cache");
        var deterministic = k.Outputs.Any(o => o.Reduced) ? GeneratedNames.Free(reserved, "deterministic", "inOrder") : null;
        var reference = views[0];
        w.Line("/// <summary>");
        w.Line($"/// Enqueues <see cref=\"{kernel}\"/> on <paramref name=\"{accelerator}\"/>'s default stream over every element: {k.Summary}");
        w.Line("/// </summary>");
        var summing = k.Outputs.Any(o => o.Reduced)
            ? $" The adjoints of [Broadcast] parameters are summed on the device: each thread's partial sum, then runs of them in order by <c>{SumKernelName(cache, k, k.Outputs.First(o => o.Reduced).Kind)}</c> in two more launches (the same result every launch); the partial sums live in scratch kept per accelerator, allocated on the first call and grown when a longer launch needs more, and the launches are enqueued under a lock."
            : string.Empty;
        w.Line($"/// <remarks>The kernel is loaded on the first call per accelerator and reused after; a call allocates nothing then. It returns once the kernel is enqueued: synchronize the accelerator (or copy a result back) before reading the outputs. The accelerator's context must have been created with <c>EnableAlgorithms()</c> for the math functions on GPUs.{summing}</remarks>");
        w.Line($"/// <param name=\"{accelerator}\">The accelerator whose memory holds the views.</param>");
        foreach (var input in k.Inputs)
        {
            w.Line($"/// <param name=\"{Names.Unescaped(input.Name)}\">{input.Doc}</param>");
        }

        foreach (var output in k.Outputs)
        {
            w.Line($"/// <param name=\"{output.Name}\">{output.Doc}</param>");
        }

        if (deterministic is not null)
        {
            w.Line($"/// <param name=\"{deterministic}\">True (the default): the partial sums added in a fixed order, the same bits every launch. False: each thread's partial sum added into the view with <c>Atomic.Add</c> (<see cref=\"{Names.GpuBackwardAtomicKernel(m.Name)}\"/>), one launch and no scratch, the rounding varying from launch to launch.</param>");
        }

        w.Line($"/// <exception cref=\"global::System.ArgumentException\">A view's length differs from <paramref name=\"{Names.Unescaped(reference)}\"/>'s, or it has more than int.MaxValue elements, or an output overlaps an input other than by being its own view, or another output.</exception>");
        Declarations.MemberAttributes(w, m);
        var parameters = Signature(k).Prepend($"{Accelerator} {accelerator}").Concat(deterministic is null ? [] : [$"bool {deterministic} = true"]);
        using (w.Block(Declarations.Header(m, m.Accessibility, "void", name, parameters)))
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
            foreach (var other in views.Skip(1))
            {
                using (w.Block($"if ({other}.Length != {reference}.Length)"))
                {
                    w.Line($"throw new global::System.ArgumentException($\"{name}: {Names.Unescaped(other)} has {{{other}.Length}} elements but {Names.Unescaped(reference)} has {{{reference}.Length}}; every view must have one element per input.\", {Literals.NameOf(other, m)});");
                }
            }

            foreach (var o in reduced)
            {
                using (w.Block($"if ({o.Name}.Length != 1)"))
                {
                    w.Line($"throw new global::System.ArgumentException($\"{name}: {o.Name} has {{{o.Name}.Length}} elements; it receives one value, the sum over the elements (a view of length 1).\", {Literals.NameOf(o.Name, m)});");
                }
            }

            ViewsApart(w, m, k, name, cache);
            using (w.Block($"if ({reference}.Length > int.MaxValue)"))
            {
                w.Line($"throw new global::System.ArgumentException($\"{name}: {Names.Unescaped(reference)} has {{{reference}.Length}} elements; a launch covers at most int.MaxValue.\", {Literals.NameOf(reference, m)});");
            }

            using (w.Block($"if ({reference}.Length == 0)"))
            {
                foreach (var o in reduced)
                {
                    // The sum over no elements.
                    w.Line($"global::ILGPU.Runtime.ArrayViewExtensions.MemSetToZero({o.Name});");
                }

                w.Line("return;");
            }

            w.Line();
            w.Line($"var {loaded} = {cache}.For({accelerator});");
            var types = string.Join(", ", TypeArguments(k));
            LoadOnce(w, $"{loaded}.{field}", accelerator, types, kernel);
            var threads = $"(int)(({reference}.Length + {ElementsPerThread - 1}) / {ElementsPerThread})";
            var arguments = string.Join(", ", k.Inputs.Select(p => p.Name).Concat(k.Outputs.Select(o => o.Name)));
            if (reduced.Count == 0)
            {
                w.Line($"{loaded}.{field}({threads}, {arguments});");
                return;
            }

            using (w.Block($"if (!{deterministic})"))
            {
                foreach (var o in reduced)
                {
                    w.Line($"global::ILGPU.Runtime.ArrayViewExtensions.MemSetToZero({o.Name});");
                }

                var atomic = Names.GpuBackwardAtomicKernel(m.Name);
                LoadOnce(w, $"{loaded}.BackwardAtomic", accelerator, types, atomic);
                w.Line($"{loaded}.BackwardAtomic({threads}, {arguments});");
                w.Line("return;");
            }

            SummedLaunch(w, m, k, reduced, loaded, field, threads, accelerator, reserved, cache);
        }
    }

    /// <summary>
    /// The launch of a backward kernel with <c>[Broadcast]</c> adjoints: each thread writes its elements' sum into a
    /// scratch view of partial sums (kept per accelerator, grown when a longer launch needs more); then
    /// <see cref="SumKernel"/> adds them in fixed chunks (at most 1024 chunk sums) and once more into the caller's
    /// one-element view. Fixed chunks, added in order: the same result every launch. Launches of the method share the
    /// scratch, so they are enqueued under a lock.
    /// </summary>
    private static void SummedLaunch(
        IndentedWriter w, MethodModel m, Kernel k, List<KernelOutput> reduced, string loaded, string field, string threads, string accelerator, HashSet<string> reserved, string cache)
    {
        var count = GeneratedNames.Free(reserved, "threads", "launched");
        var chunk = GeneratedNames.Free(reserved, "chunk", "perSum");
        var groups = GeneratedNames.Free(reserved, "chunks", "sumCount");
        w.Line($"int {count} = {threads};");
        w.Line($"int {chunk} = ({count} + {MaxChunkSums - 1}) / {MaxChunkSums};");
        w.Line($"int {groups} = ({count} + {chunk} - 1) / {chunk};");
        using (w.Block($"lock ({loaded})"))
        {
            foreach (var o in reduced)
            {
                var type = Literals.TypeKeyword(o.Kind);
                var partials = $"{loaded}.{ScratchField(o, "Partials")}";
                using (w.Block($"if ({partials} is null || {partials}.Length < {count})"))
                {
                    // A launch still running may read the old scratch: wait for it before freeing it.
                    w.Line($"{accelerator}.Synchronize();");
                    w.Line($"{partials}?.Dispose();");
                    w.Line($"{partials} = {accelerator}.Allocate1D<{type}>({count});");
                }

                w.Line($"{loaded}.{ScratchField(o, "Sums")} ??= {accelerator}.Allocate1D<{type}>({MaxChunkSums});");
            }

            foreach (var kind in reduced.Select(o => o.Kind).Distinct())
            {
                var sum = SumField(k, kind);
                var types = $"global::ILGPU.Index1D, {ArrayView}<{Literals.TypeKeyword(kind)}>, int, {ArrayView}<{Literals.TypeKeyword(kind)}>";
                var kernel = SumKernelName(cache, k, kind);
                LoadOnce(w, $"{loaded}.{sum}", accelerator, types, kernel);
            }

            string Partials(KernelOutput o, string length) => $"(({ArrayView}<{Literals.TypeKeyword(o.Kind)}>){loaded}.{ScratchField(o, "Partials")}!.View).SubView(0, {length})";
            string Sums(KernelOutput o, string length) => $"(({ArrayView}<{Literals.TypeKeyword(o.Kind)}>){loaded}.{ScratchField(o, "Sums")}!.View).SubView(0, {length})";
            var args = k.Inputs.Select(p => p.Name).Concat(k.Outputs.Select(o => o.Reduced ? Partials(o, count) : o.Name));
            w.Line($"{loaded}.{field}!({count}, {string.Join(", ", args)});");
            foreach (var o in reduced)
            {
                var sum = SumField(k, o.Kind);
                w.Line($"{loaded}.{sum}!({groups}, {Partials(o, count)}, {chunk}, {Sums(o, groups)});");
                w.Line($"{loaded}.{sum}!(1, {Sums(o, groups)}, {groups}, {o.Name});");
            }
        }
    }

    /// <summary>At most this many chunk sums: the second pass adds them in one thread.</summary>
    private const int MaxChunkSums = 1024;

    /// <summary>The element kinds of a kernel's <c>[Broadcast]</c> adjoints, each summed by a kernel of its own.</summary>
    private static List<ScalarKind> SummedKinds(Kernel k) => k.Outputs.Where(o => o.Reduced).Select(o => o.Kind).Distinct().ToList();

    /// <summary>
    /// The sum kernel of <paramref name="kind"/>, a member of the method's kernel cache class (<paramref name="cache"/>):
    /// it is the same for every method, so overloads would define it twice in one type.
    /// </summary>
    private static string SumKernelName(string cache, Kernel k, ScalarKind kind) =>
        $"{cache}.{Names.GpuSumKernel(SummedKinds(k).Count > 1 ? kind.ToString() : string.Empty)}";

    private static string SumField(Kernel k, ScalarKind kind) => SummedKinds(k).Count > 1 ? $"Sum{kind}" : "Sum";

    private static string ScratchField(KernelOutput o, string what) => $"{Names.Pascal(o.Name)}{what}";

    /// <summary>
    /// The kernel that adds partial sums: thread t adds <c>values[t·chunk … (t + 1)·chunk)</c> in order into
    /// <c>sums[t]</c>. The launchers run it twice per <c>[Broadcast]</c> adjoint: over the threads' partial sums, then
    /// over the chunk sums into the caller's view.
    /// </summary>
    /// <summary>A sum kernel, written inside the kernel cache class (see <see cref="SumKernelName"/>).</summary>
    private static void SumKernel(IndentedWriter w, MethodModel m, ScalarKind kind, string name)
    {
        var type = Literals.TypeKeyword(kind);
        w.Line("/// <summary>");
        w.Line($"/// ILGPU kernel adding consecutive runs of <paramref name=\"values\"/>: thread <c>t</c> writes the sum of elements <c>t·chunk</c> to <c>(t + 1)·chunk − 1</c> (or the last), in order, to <c>sums[t]</c>. What <c>{Names.GpuBackward(m.Name)}</c> reduces the adjoints of [Broadcast] parameters with, in two passes.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"index\">The thread: the run it adds.</param>");
        w.Line("/// <param name=\"values\">The values to add.</param>");
        w.Line("/// <param name=\"chunk\">How many values a thread adds.</param>");
        w.Line("/// <param name=\"sums\">Receives one sum per thread.</param>");
        Declarations.MemberAttributes(w, m);
        using (w.Block($"public static void {name}(global::ILGPU.Index1D index, {ArrayView}<{type}> values, int chunk, {ArrayView}<{type}> sums)"))
        {
            w.Line("long start = (long)index.X * chunk;");
            w.Line("long end = global::System.Math.Min(start + chunk, values.Length);");
            w.Line($"{type} sum = {Literals.Constant(0, kind)};");
            using (w.Block("for (long i = start; i < end; i++)"))
            {
                w.Line("sum += values[i];");
            }

            w.Line("sums[index] = sum;");
        }
    }

    /// <summary>
    /// Rejects views a launch cannot compute right: an output overlapping an input's view other than by being exactly it
    /// (threads run at once, so one would read elements another already wrote), and two outputs sharing elements. An
    /// output may be its input's own view: each thread loads all of its elements' inputs before it stores any output.
    /// </summary>
    private static void ViewsApart(IndentedWriter w, MethodModel m, Kernel k, string name, string cache)
    {
        var inputs = k.Inputs.Where(p => p.IsSpan).Select(p => p.Name).ToList();
        for (var o = 0; o < k.Outputs.Count; o++)
        {
            var output = k.Outputs[o].Name;
            foreach (var input in inputs)
            {
                using (w.Block($"if ({cache}.Overlap({output}, {input}) && !{cache}.Same({output}, {input}))"))
                {
                    w.Line($"throw new global::System.ArgumentException(\"{name}: {output} overlaps {Names.Unescaped(input)} without being the same view; threads would read elements of {Names.Unescaped(input)} that others already wrote. Pass the input's own view or a separate one.\", {Literals.NameOf(output, m)});");
                }
            }

            foreach (var other in k.Outputs.Skip(o + 1).Select(x => x.Name))
            {
                using (w.Block($"if ({cache}.Overlap({output}, {other}))"))
                {
                    w.Line($"throw new global::System.ArgumentException(\"{name}: the outputs {output} and {other} overlap; each output needs a view of its own.\", {Literals.NameOf(other, m)});");
                }
            }
        }
    }

    /// <summary>The loaded kernels of one accelerator, held as long as the accelerator lives.</summary>
    private static void Cache(IndentedWriter w, MethodModel m, Kernel forward, Kernel backward, string cache)
    {
        w.Line($"/// <summary>The kernels of {m.Name} loaded on each accelerator, dropped with it.</summary>");
        using (w.Block($"private sealed class {cache}"))
        {
            w.Line($"private static readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<{Accelerator}, {cache}> Loaded = new();");
            w.Line();
            w.Line($"public global::System.Action<{string.Join(", ", TypeArguments(forward))}>? Forward;");
            w.Line();
            w.Line($"public global::System.Action<{string.Join(", ", TypeArguments(backward))}>? Backward;");
            w.Line();
            if (backward.Outputs.Any(o => o.Reduced))
            {
                w.Line($"public global::System.Action<{string.Join(", ", TypeArguments(backward))}>? BackwardAtomic;");
                w.Line();
            }

            foreach (var kind in SummedKinds(backward))
            {
                var type = Literals.TypeKeyword(kind);
                w.Line($"public global::System.Action<global::ILGPU.Index1D, {ArrayView}<{type}>, int, {ArrayView}<{type}>>? {SumField(backward, kind)};");
                w.Line();
            }

            foreach (var o in backward.Outputs.Where(o => o.Reduced))
            {
                var buffer = $"global::ILGPU.Runtime.MemoryBuffer1D<{Literals.TypeKeyword(o.Kind)}, global::ILGPU.Stride1D.Dense>";
                w.Line($"/// <summary>Scratch of <c>{Names.GpuBackward(m.Name)}</c>: one partial sum of {o.Name} per thread, and the chunk sums.</summary>");
                w.Line($"public {buffer}? {ScratchField(o, "Partials")};");
                w.Line();
                w.Line($"public {buffer}? {ScratchField(o, "Sums")};");
                w.Line();
            }

            foreach (var kind in SummedKinds(backward))
            {
                SumKernel(w, m, kind, Names.GpuSumKernel(SummedKinds(backward).Count > 1 ? kind.ToString() : string.Empty));
                w.Line();
            }

            w.Line($"public static {cache} For({Accelerator} accelerator) => Loaded.GetValue(accelerator, static _ => new {cache}());");
            w.Line();
            w.Line("/// <summary>Whether two views share an element: their byte ranges in one buffer intersect (generic, so no view is boxed).</summary>");
            w.Line("public static bool Overlap<TFirst, TSecond>(TFirst first, TSecond second)");
            w.Line("    where TFirst : struct, global::ILGPU.IContiguousArrayView");
            w.Line("    where TSecond : struct, global::ILGPU.IContiguousArrayView =>");
            w.Line("    first.LengthInBytes > 0 && second.LengthInBytes > 0 && ReferenceEquals(first.Buffer, second.Buffer)");
            w.Line("    && first.IndexInBytes < second.IndexInBytes + second.LengthInBytes && second.IndexInBytes < first.IndexInBytes + first.LengthInBytes;");
            w.Line();
            w.Line("/// <summary>Whether two views are the same elements of one buffer.</summary>");
            w.Line("public static bool Same<TFirst, TSecond>(TFirst first, TSecond second)");
            w.Line("    where TFirst : struct, global::ILGPU.IContiguousArrayView");
            w.Line("    where TSecond : struct, global::ILGPU.IContiguousArrayView =>");
            w.Line("    ReferenceEquals(first.Buffer, second.Buffer) && first.IndexInBytes == second.IndexInBytes && first.LengthInBytes == second.LengthInBytes && first.ElementSize == second.ElementSize;");
        }
    }

    /// <summary>
    /// Loads <paramref name="kernel"/> into <paramref name="target"/> on its first use: groups of <see cref="CudaGroupSize"/>
    /// threads on CUDA GPUs, ILGPU's choice elsewhere.
    /// </summary>
    private static void LoadOnce(IndentedWriter w, string target, string accelerator, string types, string kernel)
    {
        w.Line($"{target} ??= {accelerator}.AcceleratorType == global::ILGPU.Runtime.AcceleratorType.Cuda");
        w.Line($"    ? global::ILGPU.Runtime.KernelLoaders.LoadImplicitlyGroupedStreamKernel<{types}>({accelerator}, {kernel}, {CudaGroupSize})");
        w.Line($"    : global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{types}>({accelerator}, {kernel});");
    }

    /// <summary>The parameters a kernel and its launcher take after the index or the accelerator: its inputs and its outputs, typed by <see cref="ViewTypes"/>.</summary>
    private static IEnumerable<string> Signature(Kernel k) =>
        ViewTypes(k).Zip(k.Inputs.Select(p => p.Name).Concat(k.Outputs.Select(o => o.Name)), (type, name) => $"{type} {name}");

    /// <summary>The types of a kernel's inputs and outputs as the device sees them: a span is a view, a shared scalar itself.</summary>
    private static IEnumerable<string> ViewTypes(Kernel k) =>
        k.Inputs.Select(p => p.IsSpan ? $"{ArrayView}<{p.TypeName}>" : p.TypeName)
            .Concat(k.Outputs.Select(o => $"{ArrayView}<{Literals.TypeKeyword(o.Kind)}>"));

    private static IEnumerable<string> TypeArguments(Kernel k) => ViewTypes(k).Prepend(Index);

    private const string Index = GpuMembers.Index;
}
