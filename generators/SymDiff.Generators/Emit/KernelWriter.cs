using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Prints one batched kernel: length checks, the split across cores for long spans, and the loop — on the widest
/// accelerated SIMD registers first (<c>Vector512</c>, then <c>Vector256</c>, then <c>Vector128</c> for what is
/// left), then a scalar tail calling the scalar form; or only the scalar loop when an operation has no SIMD form.
/// </summary>
internal static class KernelWriter
{
    /// <summary>
    /// Spans at least this long are split across cores: 32768 elements for a SIMD loop (a few µs of work per core
    /// at the least, well above the cost of the fork and join), 4096 for a scalar loop, which costs about ten times
    /// more per element.
    /// </summary>
    public static int ParallelThreshold(bool simd) => simd ? 1 << 15 : 1 << 12;

    /// <summary>Elements per work item of the split: half the threshold, so each chunk runs serially.</summary>
    public static int ChunkSize(bool simd) => ParallelThreshold(simd) / 2;

    private static readonly int[] Widths = { 512, 256, 128 };

    public static void Write(IndentedWriter w, Kernel k, bool allowsUnsafe)
    {
        var m = k.Method;
        // The kernels call the method and its pullback by simple name: no local may hide them.
        var names = new NameAllocator(m.Parameters.Select(p => p.Name).Concat(k.Inputs.Select(p => p.Name)).Concat(k.Outputs.Select(o => o.Name))
            .Concat(new[] { m.Name, Names.Pullback(m.Name) }));
        foreach (var input in k.Inputs)
        {
            names.Fix(input.Leaf, input.Name);
        }

        string Fresh(string baseName) => names.Fresh(baseName);
        var spans = k.Inputs.Where(p => p.IsSpan).ToList();
        var plan = SimdPlan.Analyze(k.Schedule, k.Regions, k.Outputs.Select(o => o.Value), m.ReturnKind, n => spans.Any(p => p.Leaf == n));
        var obstacle = plan.Obstacle
            ?? spans.Where(p => p.Leaf.Type != m.ReturnKind).Select(p => $"a span of {p.TypeName}").FirstOrDefault();

        var simd = obstacle is null;
        Docs(w, k, obstacle, allowsUnsafe);
        var signature = k.Inputs.Select(p => p.IsSpan ? $"global::System.ReadOnlySpan<{p.TypeName}> {p.Name}" : $"{p.TypeName} {p.Name}")
            .Concat(k.Outputs.Select(o => o.Reduced ? $"out {Literals.TypeKeyword(o.Kind)} {o.Name}" : $"global::System.Span<{Literals.TypeKeyword(o.Kind)}> {o.Name}"))
            .ToList();
        var spanOutputs = k.Outputs.Where(o => !o.Reduced).ToList();
        var length = Fresh("length");
        Declarations.MemberAttributes(w, m);
        using (w.Block(Declarations.Header(m, m.Accessibility, "void", k.Name, signature)))
        {
            var reference = spans[0].Name;
            foreach (var other in spans.Skip(1).Select(p => p.Name).Concat(spanOutputs.Select(o => o.Name)))
            {
                using (w.Block($"if ({other}.Length != {reference}.Length)"))
                {
                    w.Line($"throw new global::System.ArgumentException($\"{k.Name}: {other} has {{{other}.Length}} elements but {reference} has {{{reference}.Length}}; every span must have one element per input.\", {Literals.NameOf(other, m)});");
                }
            }

            if (spanOutputs.Count > 1)
            {
                // An output may be an input's span, but two outputs in one buffer would overwrite each other.
                w.Line();
                OutputChecks.Write(w, m, spanOutputs.Select(o => o.Name).ToList());
            }

            // An output may be an input's own span; shifted against one, it would overwrite inputs not read yet.
            foreach (var o in spanOutputs)
            {
                foreach (var p in spans)
                {
                    w.Line($"global::SymDiff.GeneratedChecks.SameOrApart({o.Name}, {Literals.NameOf(o.Name, m)}, {p.Name}, {Literals.NameOf(p.Name, m)});");
                }
            }

            w.Line();
            w.Line($"int {length} = {reference}.Length;");
            if (allowsUnsafe)
            {
                using (w.Block($"if ({length} >= {ParallelThreshold(simd)} && global::System.Environment.ProcessorCount > 1)"))
                {
                    w.Line($"{k.Name}Parallel({string.Join(", ", k.Inputs.Select(p => p.Name).Concat(k.Outputs.Select(o => o.Reduced ? "out " + o.Name : o.Name)))});");
                    w.Line("return;");
                }

                w.Line();
            }

            // A [Broadcast] parameter's adjoint: the sum over the elements, added to as they are computed.
            foreach (var o in k.Outputs.Where(o => o.Reduced))
            {
                w.Line($"{o.Name} = {Literals.Constant(0, o.Kind)};");
            }

            var i = Fresh("i");
            if (obstacle is null)
            {
                Vectorized(w, k, plan, names, Fresh, length, i);
            }
            else
            {
                using (w.Block($"for (int {i} = 0; {i} < {length}; {i}++)"))
                {
                    k.ScalarElement(w, Fresh, i);
                }
            }
        }

        if (allowsUnsafe)
        {
            w.Line();
            Parallel(w, k, signature, length, ChunkSize(simd), Fresh);
        }
    }

    private static void Vectorized(IndentedWriter w, Kernel k, SimdPlan plan, NameAllocator names, Func<string, string> fresh, string length, string i)
    {
        var type = Literals.TypeKeyword(k.Method.ReturnKind);
        w.Line($"int {i} = 0;");
        var loads = k.Inputs.Where(p => p.IsSpan && k.Schedule.IsReachable(p.Leaf)).ToList();
        var refs = loads.Select(p => p.Name).Concat(k.Outputs.Where(o => !o.Reduced).Select(o => o.Name)).ToDictionary(s => s, s => fresh(s + "Ref"));
        var sums = k.Outputs.Where(o => o.Reduced).ToDictionary(o => o.Name, o => fresh(o.Name + "Sum"));
        foreach (var span in refs)
        {
            w.Line($"ref {type} {span.Value} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span.Key});");
        }

        // Values that are the same for every element are computed once, here, and broadcast per width.
        var vectorNames = loads.ToDictionary(p => p.Leaf, p => fresh(p.Name + "V"));
        var scalars = new HashSet<Node>();
        var uniform = new UniformPrinter(names, scalars);
        var broadcasts = new List<(Node Node, string Scalar, string Vector)>();
        foreach (var node in plan.Broadcasts)
        {
            if (!node.IsLeaf)
            {
                w.Line($"{Literals.TypeKeyword(node.Type)} {names[node]} = {uniform.Expr(node)};");
                scalars.Add(node);
            }

            broadcasts.Add((node, names[node], vectorNames[node] = fresh(names[node] + "V")));
        }

        w.Line();
        var masks = new Dictionary<(IfItem, bool), string>();
        var results = new Dictionary<string, string>();
        foreach (var bits in Widths)
        {
            var simd = new SimdWriter(w, k.Schedule, names, plan, vectorNames, fresh, masks, bits);
            using (w.Block($"if ({simd.Class}.IsHardwareAccelerated)"))
            {
                foreach (var (node, scalar, vector) in broadcasts)
                {
                    w.Line($"var {vector} = {simd.Broadcast(scalar, node.Type)};");
                }

                foreach (var sum in sums.Values)
                {
                    w.Line($"var {sum} = {simd.Type}.Zero;");
                }

                using (w.Block($"for (; {i} <= {length} - {simd.Type}.Count; {i} += {simd.Type}.Count)"))
                {
                    foreach (var load in loads)
                    {
                        w.Line($"var {vectorNames[load.Leaf]} = {simd.Class}.LoadUnsafe(ref {refs[load.Name]}, (nuint){i});");
                    }

                    foreach (var region in k.Regions)
                    {
                        simd.Region(region, null);
                    }

                    foreach (var output in k.Outputs)
                    {
                        var value = simd.Expr(output.Value);
                        if (output.Reduced)
                        {
                            // Summed per lane; the lanes are added after the loop.
                            w.Line($"{sums[output.Name]} += {value};");
                            continue;
                        }

                        if (!SimdWriter.IsIdentifier(value))
                        {
                            if (!results.TryGetValue(output.Name, out var local))
                            {
                                results[output.Name] = local = fresh(output.Name + "V");
                            }

                            w.Line($"var {local} = {value};");
                            value = local;
                        }

                        w.Line($"{simd.Class}.StoreUnsafe({value}, ref {refs[output.Name]}, (nuint){i});");
                    }
                }

                foreach (var sum in sums)
                {
                    w.Line($"{sum.Key} += {simd.Class}.Sum({sum.Value});");
                }
            }

            w.Line();
        }

        using (w.Block($"for (; {i} < {length}; {i}++)"))
        {
            k.ScalarElement(w, fresh, i);
        }
    }

    /// <summary>
    /// The split across cores, kept out of the kernel so that its closure is allocated only when it runs: chunks of
    /// <paramref name="chunkSize"/> elements, each a serial call of the kernel on slices of the pinned spans.
    /// </summary>
    private static void Parallel(IndentedWriter w, Kernel k, List<string> signature, string length, int chunkSize, Func<string, string> fresh)
    {
        var spans = k.Inputs.Where(p => p.IsSpan).Select(p => (p.Name, p.TypeName, ReadOnly: true))
            .Concat(k.Outputs.Where(o => !o.Reduced).Select(o => (o.Name, TypeName: Literals.TypeKeyword(o.Kind), ReadOnly: false)))
            .ToList();
        var reduced = k.Outputs.Where(o => o.Reduced).ToList();
        var partials = reduced.ToDictionary(o => o.Name, o => fresh(o.Name + "Chunks"));
        var chunks = fresh("chunks");
        var pinned = spans.ToDictionary(s => s.Name, s => fresh(s.Name + "Pinned"));
        var starts = spans.ToDictionary(s => s.Name, s => fresh(s.Name + "Start"));
        var run = fresh("RunChunk");
        var chunk = fresh("chunk");
        var start = fresh("start");
        var count = fresh("count");

        w.Line($"/// <summary>Runs <c>{k.Name}</c> on chunks of {chunkSize} elements across cores; the spans stay pinned meanwhile.</summary>");
        Declarations.MemberAttributes(w, k.Method);
        using (w.Block(Declarations.Header(k.Method, "private", "void", k.Name + "Parallel", signature, "unsafe")))
        {
            w.Line($"int {length} = {spans[0].Name}.Length;");
            foreach (var span in spans.Take(spans.Count - 1))
            {
                w.Line(Fixed(span.Name, span.TypeName));
            }

            using (w.Block(Fixed(spans[spans.Count - 1].Name, spans[spans.Count - 1].TypeName)))
            {
                // Fixed locals cannot be captured; copies of the pointers can.
                foreach (var span in spans)
                {
                    w.Line($"{span.TypeName}* {starts[span.Name]} = {pinned[span.Name]};");
                }

                var chunkCount = $"({length} + {chunkSize - 1}) / {chunkSize}";
                if (reduced.Count > 0)
                {
                    w.Line($"int {chunks} = {chunkCount};");
                    chunkCount = chunks;
                }

                foreach (var o in reduced)
                {
                    // Each chunk's sum of a [Broadcast] adjoint, added in chunk order after the join: the same result every run.
                    w.Line($"var {partials[o.Name]} = new {Literals.TypeKeyword(o.Kind)}[{chunks}];");
                }

                w.Line($"global::System.Threading.Tasks.Parallel.For(0, {chunkCount}, {run});");
                foreach (var o in reduced)
                {
                    w.Line($"{o.Name} = {Literals.Constant(0, o.Kind)};");
                    var part = fresh("part");
                    using (w.Block($"foreach (var {part} in {partials[o.Name]})"))
                    {
                        w.Line($"{o.Name} += {part};");
                    }
                }

                w.Line();
                using (w.Block($"void {run}(int {chunk})"))
                {
                    w.Line($"int {start} = {chunk} * {chunkSize};");
                    w.Line($"int {count} = global::System.Math.Min({chunkSize}, {length} - {start});");
                    var args = k.Inputs.Select(p => p.IsSpan ? Slice(p.Name, p.TypeName, readOnly: true) : p.Name)
                        .Concat(k.Outputs.Select(o => o.Reduced ? $"out {partials[o.Name]}[{chunk}]" : Slice(o.Name, Literals.TypeKeyword(o.Kind), readOnly: false)));
                    w.Line($"{k.Name}({string.Join(", ", args)});");
                }
            }
        }

        string Fixed(string name, string type) => $"fixed ({type}* {pinned[name]} = {name})";

        string Slice(string name, string type, bool readOnly) =>
            $"new global::System.{(readOnly ? "ReadOnlySpan" : "Span")}<{type}>({starts[name]} + {start}, {count})";
    }

    private static void Docs(IndentedWriter w, Kernel k, string? obstacle, bool allowsUnsafe)
    {
        var reference = Names.Unescaped(k.Inputs.First(p => p.IsSpan).Name);
        w.Line("/// <summary>");
        w.Line($"/// {k.Summary}");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line(obstacle is null
            ? $"/// <para>SIMD: Vector512, Vector256 or Vector128, whichever the hardware accelerates, then a scalar tail calling {k.ScalarForm}.</para>"
            : $"/// <para>A scalar loop calling {k.ScalarForm}: {DocComments.Escape(obstacle)} has no SIMD form.</para>");
        w.Line(allowsUnsafe
            ? $"/// <para>Spans of {ParallelThreshold(obstacle is null)} elements or more are split across cores.</para>"
            : "/// <para>Runs on the calling thread: splitting long spans across cores needs unsafe code (to pin them), which this project does not allow.</para>");
        w.Line("/// <para>An output may be the same span as an input (every input of an element is read before its outputs are written); spans must not otherwise overlap.</para>");
        w.Line("/// </remarks>");
        foreach (var input in k.Inputs)
        {
            w.Line($"/// <param name=\"{Names.Unescaped(input.Name)}\">{input.Doc}</param>");
        }

        foreach (var output in k.Outputs)
        {
            w.Line($"/// <param name=\"{output.Name}\">{output.Doc}</param>");
        }

        var overlap = k.Outputs.Count > 1 ? ", or two outputs overlap" : string.Empty;
        w.Line($"/// <exception cref=\"global::System.ArgumentException\">A span's length differs from <paramref name=\"{reference}\"/>'s{overlap}.</exception>");
    }
}
