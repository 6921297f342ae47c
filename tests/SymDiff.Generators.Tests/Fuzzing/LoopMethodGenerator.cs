namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Span/array methods: <c>for</c>/<c>while</c>/<c>do</c>/<c>foreach</c>, nested and triangular loops,
/// <c>break</c>/<c>continue</c>/<c>return</c> inside loops, local buffers declared before the loops, calls,
/// <c>[Checkpoint]</c>, and <c>void</c> vector functions. Every span of a method has the same length (at least
/// <see cref="MinLength"/>), so any index in range for one is in range for all.
/// </summary>
internal sealed class LoopMethodGenerator(ExpressionGenerator expressions, Random? precision = null, bool floatProgram = false)
{
    public const int MinLength = 2;

    private FuzzProfile Profile => expressions.Profile;

    /// <summary>The current method's helper that adds sin(v) to a ref parameter, when it has one.</summary>
    private string? _accumulate;

    private sealed record Context(BodyWriter Body, string Length, string Accumulator, List<(string Name, SpanType Type)> Arrays, bool Checkpointed);

    /// <summary>
    /// A method with loops over its spans returning a real; <paramref name="mixed"/>, one that also writes span output
    /// <c>ys</c> (<see cref="MethodKind.Mixed"/>): one of its loops writes each element first and reads it back, and an
    /// element may be written again after the loops and read back into the result.
    /// </summary>
    public MethodSpec Generate(string name, bool mixed = false)
    {
        var parameters = new List<Param>();
        var spans = expressions.Random.Next(1, 3);
        for (var i = 0; i < spans; i++) parameters.Add(new Param("xs" + i, ParamKind.Span, SpanTypeOf()));
        if (expressions.Chance(0.2)) parameters.Add(new Param("ws" + parameters.Count, ParamKind.SpanConstant, SpanTypeOf()));
        var scalars = expressions.Random.Next(0, 3);
        for (var i = 0; i < scalars; i++) parameters.Add(new Param("s" + parameters.Count, ParamKind.Real));
        if (Profile.MixedPrecision && precision is not null && scalars > 0 && precision.Next(3) == 0)
        {
            // A scalar of the other precision, read converted (never the accumulator); drawn from a random of its own, so
            // every other choice of the seed stays as it was.
            var other = parameters.Count - 1 - precision.Next(scalars);
            parameters[other] = parameters[other] with { Other = true };
        }

        if (Profile.MixedPrecision && precision is not null && !floatProgram && spans > 1 && precision.Next(3) == 0)
        {
            // A float span in a double program (float weights, a double loss): its elements are read as they are; the
            // views, the map helper and calls take the method's other spans.
            parameters[spans - 1] = parameters[spans - 1] with { Other = true };
        }

        if (expressions.Chance(0.2)) parameters.Add(new Param("c" + parameters.Count, ParamKind.RealConstant));
        if (expressions.Chance(0.15)) parameters.Add(new Param("n" + parameters.Count, ParamKind.Int));
        var matrix = Profile.Matrices && expressions.Chance(0.3)
            ? new Param("mt" + parameters.Count, expressions.Chance(0.75) ? ParamKind.Matrix : ParamKind.MatrixConstant)
            : null;
        if (matrix is not null) parameters.Add(matrix);
        if (mixed) parameters.Add(new Param("ys", ParamKind.Output));
        Shuffle(parameters);

        var checkpointed = Profile.Checkpoint && expressions.Chance(0.25);
        Views = Profile.Views && expressions.Chance(0.3);
        var scope = TopScope(parameters);
        var body = new BodyWriter();
        // The spans loops read at their index: inputs only (a mixed method's output is read only where its loop wrote it).
        var arrays = parameters.Where(p => p.Kind is ParamKind.Span or ParamKind.SpanConstant).Select(p => (p.Name, p.SpanType)).ToList();
        var length = parameters.First(p => p.Kind == ParamKind.Span).Name + ".Length";
        // The accumulator is a local, or one time in five a real parameter the body then assigns throughout (its value on
        // entry is what its derivative is with respect to: AssignedParameterTests).
        var accumulator = parameters.FirstOrDefault(p => p.Kind == ParamKind.Real) is { } real && expressions.Chance(0.2) && !real.Other ? real.Name : body.Fresh("acc");
        if (parameters.Any(p => p.Name == accumulator))
        {
            body.Line($"{accumulator} = {expressions.Real(scope, 2)} + {accumulator};");
        }
        else
        {
            body.Line($"ℝ {accumulator} = {expressions.Real(scope, 2)};");
            scope.Reals.Add(accumulator);
        }

        if (Profile.LocalBuffers && expressions.Chance(0.5))
        {
            var buffer = body.Fresh("b");
            var type = expressions.Chance(0.5) ? SpanType.Span : SpanType.Array;
            body.Line(type == SpanType.Span ? $"Span<ℝ> {buffer} = stackalloc ℝ[{length}];" : $"ℝ[] {buffer} = new ℝ[{length}];");
            arrays.Add((buffer, type));
            scope.Spans.Add((buffer, type));
        }

        if (Profile.BufferInitializers && expressions.Chance(0.25))
        {
            // A buffer of two elements read at constant indices (its length is not the spans').
            var listed = body.Fresh("k");
            var (first, second) = (expressions.Real(scope, 2), expressions.Real(scope, 2));
            body.Line(expressions.Chance(0.5) ? $"ℝ[] {listed} = {{ {first}, {second} }};" : $"Span<ℝ> {listed} = [{first}, {second}];");
            body.Line($"{accumulator} += {listed}[0] * {listed}[1];");
        }

        if (Views && expressions.Chance(0.5))
        {
            // A view of all but the first element, read at both ends.
            var span = parameters.First(p => p.Kind == ParamKind.Span && !p.Other).Name;
            var tail = body.Fresh("w");
            body.Line(expressions.Chance(0.5) ? $"ReadOnlySpan<ℝ> {tail} = {span}[1..];" : $"ReadOnlySpan<ℝ> {tail} = ((ReadOnlySpan<ℝ>){span}).Slice(1);");
            body.Line($"{accumulator} += 𝕄.Sin({tail}[0] * {tail}[^1]) + {tail}.Length;");
        }

        // Static readonly data read as constants: a table walked by foreach and read at a constant index, and a scalar.
        var statics = string.Empty;
        if (Profile.StaticData && expressions.Chance(0.25))
        {
            var (table, scale) = (name + "Table", name + "Scale");
            statics = $"\n    static readonly ℝ[] {table} = {{ 0.5ʳ, -1.25ʳ, 2.0ʳ }};\n\n    static readonly ℝ {scale} = 0.75ʳ;\n";
            var item = body.Fresh("t");
            body.Line($"foreach (var {item} in {table})");
            body.Line("{");
            body.Line($"    {accumulator} += {item} * 𝕄.Sin({accumulator} * {scale});");
            body.Line("}");
            body.Line($"{accumulator} += {table}[{table}.Length - 1] * {expressions.Real(scope, 1)};");
        }

        if (matrix is not null)
        {
            Matrix(body, scope, matrix.Name, accumulator);
        }

        // Helpers inlined at their calls: one with a ref parameter that updates the accumulator (in the loops' updates),
        // one that writes a buffer from a span (a map), read back at fixed indices.
        _accumulate = Profile.Helpers && expressions.Chance(0.25) ? name + "Acc" : null;
        var helpers = _accumulate is null ? string.Empty : $"\n    static void {_accumulate}(ref ℝ s, ℝ v)\n    {{\n        s += 𝕄.Sin(v);\n    }}\n";
        if (Profile.Helpers && expressions.Chance(0.2))
        {
            var mapped = body.Fresh("m");
            var source = expressions.Pick(parameters.Where(p => p.Kind is ParamKind.Span or ParamKind.SpanConstant && !p.Other).ToList()).Name;
            body.Line($"Span<ℝ> {mapped} = stackalloc ℝ[{length}];");
            body.Line($"{name}Map({source}, {mapped});");
            body.Line($"{accumulator} += {mapped}[0] * {mapped}[1];");
            helpers += $"\n    static void {name}Map(ReadOnlySpan<ℝ> x, Span<ℝ> y)\n    {{\n        for (int i = 0; i < y.Length; i++)\n        {{\n            y[i] = 𝕄.Sin(x[i]) * x[i];\n        }}\n    }}\n";
        }

        ArmAssigned(body, scope);
        var context = new Context(body, length, accumulator, arrays, checkpointed);
        var loops = expressions.Random.Next(1, 4);
        var outputLoop = mixed ? expressions.Random.Next(loops) : -1;
        var writtenWhole = false;
        for (var i = 0; i < loops; i++)
        {
            if (i == outputLoop) writtenWhole = OutputLoop(context, scope);
            else Loop(context, scope, nesting: 0);
        }

        if (writtenWhole && !body.ToString().Contains("return ", StringComparison.Ordinal) && expressions.Chance(0.5))
        {
            // The output loop wrote every element (it neither breaks nor returns): any element is read after the loops. Not
            // after a loop that may return early (SD0023 then rejects the read: the loops after it run under the lowered
            // return's flag, which the check does not follow; fuzzer seeds 1028005, 1028041, 1028067, …).
            var element = expressions.Chance(0.5) ? "ys[ys.Length - 1]" : "ys[1]";
            body.Line($"{accumulator} += {element} * {expressions.Real(scope, 1)};");
        }

        if (mixed && expressions.Chance(0.5))
        {
            // An element written again after the loops (never read before: the loop may have returned or broken early),
            // then read back into the result.
            var element = $"ys[{expressions.Random.Next(2)}]";
            body.Line($"{element} = {expressions.Real(scope, 2)} + {accumulator};");
            body.Line($"{accumulator} += 𝕄.Sin({element});");
        }

        body.Line($"return {expressions.Real(scope, 2)} + {accumulator};");
        var text = Naming.Signature("ℝ", name, parameters) + "\n    {\n" + body + "    }\n" + helpers + statics;

        // Second derivatives (reverse over the tangent program) where they are generated: calls only of methods that have
        // them too.
        var hessian = Profile.Hessians && ScalarMethodGenerator.CallsOnlyMethodsWithHessians(text, name, expressions.Callees) && expressions.Chance(ScalarMethodGenerator.HessianChance(text));
        var differentiable = ScalarMethodGenerator.Attribute(name, Profile.VectorForward && expressions.Chance(0.3), hessian);
        var attributes = checkpointed ? (expressions.Chance(0.5) ? $"[{differentiable}, Checkpoint]" : $"[{differentiable}, Checkpoint(Every = 2)]") : $"[{differentiable}]";
        return new MethodSpec(name, mixed ? MethodKind.Mixed : MethodKind.Loop, parameters, attributes, text) { MinLength = MinLength };
    }

    /// <summary>
    /// The loop of a <see cref="MethodKind.Mixed"/> method over its output: each iteration writes <c>ys[i]</c> first (from
    /// the inputs' elements, maybe through a local), then runs the statements of any loop with <c>ys[i]</c> among the
    /// values they read. Only the element just written is read: an output's other elements may not be written yet.
    /// Returns true when the loop writes every element (its body neither breaks nor returns), so that any element can be
    /// read after it.
    /// </summary>
    private bool OutputLoop(Context c, Scope outer)
    {
        var body = c.Body;
        var start = body.ToString().Length;
        var i = body.Fresh("i");
        body.Block($"for (int {i} = 0; {i} < ys.Length; {i}++)", () =>
        {
            var inner = WithIndex(c, outer, i);
            inner.Ints.Add(i);
            if (expressions.Chance(0.4))
            {
                var t = body.Fresh("t");
                body.Line($"ℝ {t} = {expressions.Real(inner, 2)} + {expressions.Pick(inner.Reals)};");
                inner.Reals.Add(t);
            }

            body.Line($"ys[{i}] = {expressions.Real(inner, 3)};");
            inner.Reals.Add($"ys[{i}]");
            Statements(c, inner, nesting: 0, allowContinue: true);
        });
        var loop = body.ToString().Substring(start);
        return !loop.Contains("break;", StringComparison.Ordinal) && !loop.Contains("return ", StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads two-dimensional array <paramref name="matrix"/> (the spans' length in rows): row by row through its
    /// dimensions and bounds, and or else every element with <c>foreach</c>, into the accumulator.
    /// </summary>
    private void Matrix(BodyWriter body, Scope scope, string matrix, string accumulator)
    {
        var row = body.Fresh("r");
        if (expressions.Chance(0.7))
        {
            var bound = expressions.Chance(0.5) ? $"{row} < {matrix}.GetLength(0)" : $"{row} <= {matrix}.GetUpperBound(0)";
            body.Line($"for (int {row} = 0; {bound}; {row}++)");
            body.Line("{");
            body.Line($"    {accumulator} += 𝕄.Sin({matrix}[{row}, 0] * {accumulator} + {expressions.Real(scope, 1)}) * {matrix}[{row}, {matrix}.GetLength(1) - 1];");
            body.Line("}");
        }

        if (expressions.Chance(0.5))
        {
            var element = body.Fresh("e");
            body.Line($"foreach (var {element} in {matrix})");
            body.Line("{");
            body.Line($"    {accumulator} += {element} * {element} * 0.25ʳ + {matrix}.Length;");
            body.Line("}");
        }
    }

    /// <summary>
    /// A vector function: writes every element of its output, maybe adds a triangular sum into it; maybe assigns its real
    /// parameter before the loop (in one arm) or in each iteration.
    /// </summary>
    public MethodSpec GenerateVector(string name)
    {
        var parameters = new List<Param> { new("xs0", ParamKind.Span, SpanTypeOf()) };
        if (expressions.Chance(0.6)) parameters.Add(new Param("s1", ParamKind.Real));
        if (expressions.Chance(0.2)) parameters.Add(new Param("c2", ParamKind.RealConstant));
        parameters.Add(new Param("ys", ParamKind.Output));
        Views = false;
        var scope = TopScope(parameters);
        var body = new BodyWriter();
        ArmAssigned(body, scope);
        // The real parameter s1 assigned: in one arm before the loop, and carried through its iterations.
        var assigned = parameters.Any(p => p.Name == "s1");
        if (assigned && expressions.Chance(0.25))
        {
            body.Block($"if ({expressions.Condition(scope, 1)})", () => body.Line($"s1 = s1 * {expressions.Real(scope, 2)};"));
        }

        var carried = assigned && expressions.Chance(0.2);
        var i = body.Fresh("i");
        body.Block($"for (int {i} = 0; {i} < ys.Length; {i}++)", () =>
        {
            var inner = scope.Clone();
            inner.Reals.AddRange(Elements(parameters, i));
            if (carried) body.Line($"s1 = {expressions.Real(inner, 2)} + s1 * 0.5ʳ;");
            if (expressions.Chance(0.4))
            {
                var t = body.Fresh("t");
                body.Line($"ℝ {t} = {expressions.Real(inner, 2)} + xs0[{i}];");
                inner.Reals.Add(t);
            }

            body.Line($"ys[{i}] = {expressions.Real(inner, 3)};");
        });
        if (expressions.Chance(0.5))
        {
            var r = body.Fresh("i");
            var j = body.Fresh("j");
            body.Block($"for (int {r} = 0; {r} < ys.Length; {r}++)", () => body.Block($"for (int {j} = 0; {j} <= {r}; {j}++)", () =>
            {
                var inner = scope.Clone();
                inner.Reals.AddRange(Elements(parameters, j));
                body.Line($"ys[{r}] += 𝕄.Sin({expressions.Real(inner, 2)});");
            }));
        }

        var text = Naming.Signature("void", name, parameters) + "\n    {\n" + body + "    }\n";
        return new MethodSpec(name, MethodKind.Vector, parameters, "[Differentiable]", text) { MinLength = MinLength };
    }

    /// <summary>
    /// A method without loops over fixed elements (spans read and its output written at constant indices, an input also
    /// at an index computed from an int parameter), which the generator differentiates as one island
    /// (<c>Differentiation/ProgramIsland</c>): locals, a local or the parameter <c>s1</c> reassigned in the arms of an
    /// <c>if</c>, output elements written in one arm, written twice and read back, calls of the methods its expressions may call. <paramref name="kind"/>
    /// says what it gives back: a real result (<see cref="MethodKind.Loop"/>), span output <c>ys</c>
    /// (<see cref="MethodKind.Vector"/>) or both (<see cref="MethodKind.Mixed"/>, its result may read the outputs).
    /// </summary>
    public MethodSpec GenerateFixed(string name, MethodKind kind)
    {
        var writes = kind is MethodKind.Vector or MethodKind.Mixed;
        var result = kind is MethodKind.Loop or MethodKind.Mixed;
        var parameters = new List<Param> { new("xs0", ParamKind.Span, SpanTypeOf()) };
        if (expressions.Chance(0.6)) parameters.Add(new Param("s1", ParamKind.Real));
        if (expressions.Chance(0.3)) parameters.Add(new Param("c2", ParamKind.RealConstant));
        if (expressions.Chance(0.2)) parameters.Add(new Param("ws3", ParamKind.SpanConstant, SpanTypeOf()));
        if (expressions.Chance(0.2)) parameters.Add(new Param("n4", ParamKind.Int));
        if (writes) parameters.Add(new Param("ys", ParamKind.Output));
        Views = false;
        var scope = TopScope(parameters);
        if (parameters.Any(p => p.Name == "n4"))
        {
            // An element at an index computed from a parameter (the driver passes 0 to 3): the same element as xs0[0] or xs0[1].
            scope.Reals.Add("xs0[n4 % 2]");
        }

        var body = new BodyWriter();
        ArmAssigned(body, scope);
        var written = new HashSet<int>();
        var assignsParameter = false;
        var statements = expressions.Random.Next(2, 7);
        for (var k = 0; k < statements; k++)
        {
            switch (expressions.Random.Next(writes ? 4 : 3))
            {
                case 0 or 1:
                    {
                        // Never only constants: a local left unread would be CS0219 in the user's code.
                        var t = body.Fresh("t");
                        body.Line($"ℝ {t} = {expressions.Real(scope, 3)} + {expressions.Pick(scope.Reals)};");
                        scope.Reals.Add(t);
                        break;
                    }

                case 2:
                    {
                        // A local reassigned in one or both arms (a phi), maybe with an output element written in one arm;
                        // or the real parameter s1, whose value on entry the path that leaves it alone keeps (its assignment
                        // in one arm was lost: AssignedParameterTests).
                        var parameter = parameters.Any(p => p.Name == "s1") && expressions.Chance(0.4);
                        assignsParameter |= parameter;
                        var t = parameter ? "s1" : body.Fresh("t");
                        if (!parameter) body.Line($"ℝ {t} = {expressions.Real(scope, 2)};");
                        var arm = scope.Clone();
                        arm.InBranch = true;
                        var element = writes && expressions.Chance(0.5) ? expressions.Random.Next(2) : -1;
                        body.Block($"if ({expressions.Condition(scope, 1)})", () =>
                        {
                            body.Line($"{t} = {t} * {expressions.Real(arm, 2)};");
                            if (element >= 0) body.Line($"ys[{element}] = {expressions.Real(arm, 2)} + {t};");
                        });
                        if (expressions.Chance(parameter ? 0.3 : 0.6))
                        {
                            body.Block("else", () => body.Line($"{t} = {expressions.Real(arm, 2)} - {t};"));
                        }

                        if (!parameter) scope.Reals.Add(t);
                        break;
                    }

                default:
                    {
                        // An output element written, and read back after (or written again from itself).
                        var element = expressions.Random.Next(2);
                        body.Line(written.Contains(element) && expressions.Chance(0.5)
                            ? $"ys[{element}] = ys[{element}] * {expressions.Real(scope, 2)};"
                            : $"ys[{element}] = {expressions.Real(scope, 3)};");
                        if (written.Add(element)) scope.Reals.Add($"ys[{element}]");
                        break;
                    }
            }
        }

        if (writes)
        {
            foreach (var element in new[] { 0, 1 }.Where(e => !written.Contains(e)))
            {
                body.Line($"ys[{element}] = {expressions.Real(scope, 3)};");
                if (result && expressions.Chance(0.5)) scope.Reals.Add($"ys[{element}]");
            }

            // What the body made of s1 reaches what it gives back (an output element, the result).
            if (assignsParameter) body.Line("ys[0] = ys[0] * s1;");
        }

        if (result)
        {
            body.Line($"return {expressions.Real(scope, 3)}{(assignsParameter ? " + s1" : string.Empty)};");
            var text = Naming.Signature("ℝ", name, parameters) + "\n    {\n" + body + "    }\n";
            var hessian = Profile.Hessians && ScalarMethodGenerator.CallsOnlyMethodsWithHessians(text, name, expressions.Callees)
                && expressions.Chance(kind == MethodKind.Mixed ? 0.5 : 0.3);
            var attribute = ScalarMethodGenerator.Attribute(name, Profile.VectorForward && expressions.Chance(0.3), hessian);
            return new MethodSpec(name, kind, parameters, $"[{attribute}]", text) { MinLength = MinLength };
        }

        var vectorText = Naming.Signature("void", name, parameters) + "\n    {\n" + body + "    }\n";
        return new MethodSpec(name, MethodKind.Vector, parameters, "[Differentiable]", vectorText) { MinLength = MinLength };
    }

    /// <summary>
    /// Maybe declares a local given its value once in each arm of an <c>if</c> (see
    /// <see cref="FuzzProfile.ArmAssignedLocals"/>), updated again after it 30 % of the time, and adds it to the scope.
    /// </summary>
    private void ArmAssigned(BodyWriter body, Scope scope)
    {
        if (!Profile.Branches || !Profile.ArmAssignedLocals || !expressions.Chance(0.3))
        {
            return;
        }

        var local = body.Fresh("a");
        body.Line($"ℝ {local};");
        // The then arm reads a value of the scope, so the local is never given only constants: C# warns on such a local
        // left unread (CS0219 in the user's code, fuzzer seed 1013636), which makes the program invalid, not the generator.
        var read = scope.Reals.Count > 0 ? " + " + scope.Reals[expressions.Random.Next(scope.Reals.Count)] : string.Empty;
        body.Block($"if ({expressions.Condition(scope, 1)})", () => body.Line($"{local} = {expressions.Real(scope, 2)}{read};"));
        body.Block("else", () => body.Line($"{local} = {expressions.Real(scope, 2)};"));
        if (expressions.Chance(0.3))
        {
            body.Line($"{local} = {local} * {expressions.Real(scope, 1)};");
        }

        scope.Reals.Add(local);
    }

    private SpanType SpanTypeOf() => expressions.Random.Next(4) switch
    {
        2 when Profile.ReadOnlySpanTypedParameters => SpanType.Span,
        3 when Profile.ArrayParameters => SpanType.Array,
        _ => SpanType.ReadOnlySpan,
    };

    private void Shuffle(List<Param> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = expressions.Random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>Whether the method being generated reads spans through views (<c>x[^1]</c>, a slice); set per method.</summary>
    private bool Views { get; set; }

    private Scope TopScope(IEnumerable<Param> parameters)
    {
        var scope = new Scope();
        foreach (var p in parameters)
        {
            switch (p.Kind)
            {
                case ParamKind.Int: scope.Ints.Add(p.Name); break;
                case ParamKind.Bool: scope.Bools.Add(p.Name); break;
                case ParamKind.Output: break;
                case ParamKind.Span or ParamKind.SpanConstant:
                    if (!p.Other) scope.Spans.Add((p.Name, p.SpanType));
                    if (p.Kind == ParamKind.SpanConstant) scope.Constants.Add(p.Name);
                    scope.Reals.Add($"{p.Name}[0]");
                    scope.Reals.Add($"{p.Name}[1]");
                    if (Views) scope.Reals.Add($"{p.Name}[^1]");
                    break;
                case ParamKind.Matrix or ParamKind.MatrixConstant:
                    foreach (var element in new[] { $"{p.Name}[1, 0]", $"{p.Name}[0, {p.Name}.GetUpperBound(1)]" })
                    {
                        scope.Reals.Add(element);
                        if (p.Kind == ParamKind.MatrixConstant) scope.Constants.Add(element);
                    }

                    break;
                default:
                    scope.Reals.Add(p.Other ? Naming.Converted(p.Name) : p.Name);
                    if (p.Kind == ParamKind.RealConstant) scope.Constants.Add(p.Name);
                    break;
            }
        }

        return scope;
    }

    private static IEnumerable<string> Elements(IEnumerable<Param> parameters, string index) =>
        parameters.Where(p => p.Kind is ParamKind.Span or ParamKind.SpanConstant).Select(p => $"{p.Name}[{index}]");

    private void Loop(Context c, Scope outer, int nesting)
    {
        var body = c.Body;
        var kind = Profile.OtherLoops ? expressions.Random.Next(6) : 0;
        var scope = outer.Clone();
        switch (kind)
        {
            case 3:
            {
                var k = body.Fresh("k");
                body.Line($"int {k} = 0;");
                // A guard whose ?: reads the running value, chosen again before every test (always true in practice).
                var guard = Profile.LoopConditionChoices && expressions.Chance(0.3) ? $" && ({c.Accumulator} > 0ʳ ? {c.Accumulator} : -{c.Accumulator}) < 1e30ʳ" : string.Empty;
                body.Block($"while ({k} < {c.Length}{guard})", () =>
                {
                    body.Line($"{k}++;");
                    Statements(c, WithIndex(c, scope, $"{k} - 1"), nesting, allowContinue: true);
                });
                return;
            }

            case 4:
            {
                // No continue in a do loop: it would skip the increment at the end and never terminate.
                var k = body.Fresh("k");
                body.Line($"int {k} = 0;");
                body.Line("do");
                body.Line("{");
                Statements(c, WithIndex(c, scope, k), nesting, allowContinue: false);
                body.Line($"    {k}++;");
                body.Line($"}} while ({k} < {c.Length});");
                return;
            }

            case 5:
            {
                var array = expressions.Pick(c.Arrays).Name;
                var v = body.Fresh("v");
                scope.Reals.Add(v);
                body.Block($"foreach (var {v} in {array})", () => Statements(c, scope, nesting, allowContinue: true));
                return;
            }

            default:
            {
                var i = body.Fresh(nesting == 0 ? "i" : "j");
                var bound = nesting > 0 && expressions.Chance(0.5) && outer.Ints.Count > 0 ? $"<= {outer.Ints[^1]}" : $"< {c.Length}";
                if (!bound.StartsWith("<=", StringComparison.Ordinal) || !outer.Ints[^1].StartsWith('i'))
                {
                    bound = $"< {c.Length}";
                    if (Profile.LoopConditionChoices && expressions.Chance(0.2))
                    {
                        // A bound chosen by the counter itself: the choice must follow the counter's step.
                        bound = expressions.Chance(0.5)
                            ? $"< ({i} < 2 ? {c.Length} : {c.Length} - 1)"
                            : $"< ({i} switch {{ 0 => {c.Length}, 1 => {c.Length}, _ => {c.Length} - 1 }})";
                    }
                }

                body.Block($"for (int {i} = 0; {i} {bound}; {i}++)", () =>
                {
                    var inner = WithIndex(c, scope, i);
                    inner.Ints.Add(i);
                    Statements(c, inner, nesting, allowContinue: true);
                });
                return;
            }
        }
    }

    private static Scope WithIndex(Context c, Scope scope, string index)
    {
        var inner = scope.Clone();
        inner.Reals.AddRange(c.Arrays.Select(a => $"{a.Name}[{index}]"));
        return inner;
    }

    private void Statements(Context c, Scope scope, int nesting, bool allowContinue)
    {
        var body = c.Body;
        var index = scope.Reals.LastOrDefault(r => r.EndsWith(']') && !r.Contains(',') && !r.EndsWith("[0]", StringComparison.Ordinal) && !r.EndsWith("[1]", StringComparison.Ordinal));
        var indexText = index is null ? null : index[(index.IndexOf('[') + 1)..^1];
        var buffers = c.Arrays.Where(a => !IsParameter(a.Name)).ToList();
        var count = expressions.Random.Next(1, 4);
        for (var n = 0; n < count; n++)
        {
            switch (expressions.Random.Next(9))
            {
                case 0 when buffers.Count > 0 && indexText is not null:
                    body.Line($"{expressions.Pick(buffers).Name}[{indexText}] {(expressions.Chance(0.5) ? "=" : "+=")} {expressions.Real(scope, 2)};");
                    break;
                case 1:
                {
                    var t = body.Fresh("t");
                    body.Line($"ℝ {t} = {expressions.Real(scope, 2)} + {expressions.Pick(scope.Reals)};");
                    scope.Reals.Add(t);
                    break;
                }

                case 2 when Profile.BreakContinue:
                    body.Line($"if ({expressions.Condition(scope, 1)}) {(allowContinue && expressions.Chance(0.5) ? "continue" : "break")};");
                    break;
                case 3 when Profile.ReturnInLoop && (!c.Checkpointed || Profile.CheckpointEarlyReturn):
                {
                    var arm = scope.Clone();
                    arm.InBranch = true;
                    body.Line($"if ({expressions.Condition(scope, 1)}) return {expressions.Real(arm, 2)} + {c.Accumulator};");
                    break;
                }

                case 4 when Profile.Branches:
                {
                    var arm = scope.Clone();
                    arm.InBranch = true;
                    var condition = expressions.Condition(scope, 1);
                    if (Profile.EmbeddedAssignments && indexText is not null && System.Text.RegularExpressions.Regex.IsMatch(indexText, "^[a-z][a-z0-9]*$") && expressions.Chance(0.25))
                    {
                        // A look-ahead guarded by && (its ?: reads one element past the index only when it exists).
                        var next = $"{expressions.Pick(c.Arrays).Name}[{indexText} + 1]";
                        condition = $"{indexText} + 1 < {c.Length} && ({next} > {expressions.Real(scope, 1)} ? {next} : {expressions.Real(scope, 1)}) > 0.5ʳ";
                    }

                    body.Block($"if ({condition})", () => body.Line(Update(c.Accumulator, arm)));
                    if (expressions.Chance(0.5)) body.Block("else", () => body.Line(Update(c.Accumulator, arm)));
                    break;
                }

                case 5 when nesting < 1:
                    Loop(c, scope, nesting + 1);
                    break;
                case 6 when Profile.BuffersInLoops && expressions.Chance(0.5):
                {
                    // A scratch buffer per iteration (new, so zeroed, or of listed elements), read after a +=.
                    var q = body.Fresh("q");
                    body.Line(expressions.Chance(0.5) ? $"ℝ[] {q} = new ℝ[2];" : $"ℝ[] {q} = {{ {expressions.Real(scope, 1)}, {expressions.Real(scope, 1)} }};");
                    body.Line($"{q}[1] += {expressions.Real(scope, 2)};");
                    body.Line($"{c.Accumulator} += 𝕄.Sin({q}[0] + {q}[1]);");
                    break;
                }

                case 7 when Profile.BuffersWrittenWhole && nesting < 1 && expressions.Chance(0.5):
                {
                    // A buffer written whole by a loop over its length, then summed into the accumulator (GMM's point).
                    var (w, j) = (body.Fresh("w"), body.Fresh("j"));
                    body.Line($"Span<ℝ> {w} = new ℝ[3];");
                    var element = $"{expressions.Real(scope, 2)} * ({j} + 1ʳ)";
                    body.Block($"for (int {j} = 0; {j} < {w}.Length; {j}++)", () => body.Line($"{w}[{j}] = {element};"));
                    body.Line(expressions.Chance(0.5)
                        ? $"{c.Accumulator} += 𝕄.Sin({w}[0] * {w}[2]) + {w}[1];"
                        : $"{c.Accumulator} += 𝕄.Log(1ʳ + {w}[0] * {w}[0]) - 𝕄.Tanh({w}[1] + {w}[2]);");
                    break;
                }

                default:
                    body.Line(Update(c.Accumulator, scope));
                    break;
            }
        }
    }

    private static bool IsParameter(string name) => name.StartsWith("xs", StringComparison.Ordinal) || name.StartsWith("ws", StringComparison.Ordinal);

    /// <summary>A bounded update of the loop-carried accumulator, so values stay finite over any number of steps.</summary>
    private string Update(string accumulator, Scope scope)
    {
        var e = expressions.Real(scope, 2);
        if (!Profile.ConstantUpdates && !Naming.ReadsActive(e, scope)) e = $"({e} + {accumulator})";
        return expressions.Random.Next(5) switch
        {
            0 when _accumulate is not null => $"{_accumulate}(ref {accumulator}, {e});",
            0 => $"{accumulator} += 𝕄.Sin({e});",
            1 => $"{accumulator} -= 𝕄.Tanh({e});",
            2 => $"{accumulator} *= 𝕄.Cos({e});",
            3 => $"{accumulator} = 𝕄.Tanh({accumulator} * {e});",
            _ => $"{accumulator} += 𝕄.Atan({e});",
        };
    }
}
