using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Reverse mode: the taping forward sweep and the restoring, accumulating reverse sweep.</summary>
internal sealed partial class LoopEmitter
{
    private void Pullback()
    {
        var seeds = _scalarResult
            ? new[] { $"{_type} {_seed}" }
            : Outputs.Select(o => $"global::System.ReadOnlySpan<{ElementType(o)}> {SeedName(o)}").ToArray();
        var adjoints = Differentiable.Select(p => p.IsArray
            ? $"global::System.Span<{ElementType(p)}> {p.Adjoint}"
            : $"ref {ElementType(p)} {p.Adjoint}");
        _w.Line("/// <summary>");
        _w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{_m.PrimalCref}\"/>: adds the seed times the derivative into");
        _w.Line("/// each differentiable parameter's adjoint. The forward sweep saves on the thread's tape only the values it overwrites that");
        _w.Line("/// the reverse sweep reads, plus loop trip counts and branch decisions; the tape is reused, so steady-state calls allocate nothing.");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        if (_scalarResult)
        {
            _w.Line($"/// <param name=\"{_seed}\">The adjoint of the result (∂objective/∂{_m.Name}).</param>");
        }

        foreach (var o in _scalarResult ? Enumerable.Empty<ParamModel>() : Outputs)
        {
            _w.Line($"/// <param name=\"{SeedName(o)}\">The adjoint of the output {o.Name} (same length).</param>");
        }

        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Adjoint}\">Accumulates the seed times ∂{_m.Name}/∂{p.Name}{(p.IsArray ? " (same length as " + p.Name + ")" : string.Empty)}.</param>");
        }

        if (_scalarResult)
        {
            _w.Line($"/// <returns>The value of {_m.Name}.</returns>");
        }

        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block($"{_m.Accessibility} static {(_scalarResult ? _type : "void")} {Names.Pullback(_m.Name)}({Signature(seeds.Concat(adjoints))})"))
        {
            Checks(p => !p.IsOutput ? p.Adjoint : _scalarResult ? null : SeedName(p));
            DistinctOutputs(SpanAdjoints, accumulating: true);
            _w.Line($"var {_tape} = global::SymDiff.Tape.Current;");
            _w.Line($"var {_mark} = {_tape}.Mark();");
            using (_w.Block("try"))
            {
                DeclareLocals();
                foreach (var o in _scalarResult ? Enumerable.Empty<ParamModel>() : Outputs)
                {
                    var id = VarOf(o);
                    if (_a.Active.Contains(id))
                    {
                        _w.Line($"{SeedName(o)}.CopyTo({_adjoints[id]});");
                    }
                }

                Taping(_p.Body);

                // The reverse sweep restores overwritten output elements; keep the function's values to hand back.
                var restored = Outputs.Where(o => _a.Saves(VarOf(o)) || _a.WrittenInCheckpoint(VarOf(o))).Select(o => (Output: o.Name, Copy: Fresh(o.Name + "Values"))).ToList();
                foreach (var (output, copy) in restored)
                {
                    _w.Line($"var {copy} = {Zeros(_m.ReturnKind, output + ".Length")};");
                    _w.Line($"{output}.CopyTo({copy});");
                }

                if (_scalarResult && _a.Active.Contains(_p.Result))
                {
                    _w.Line($"{_adjoints[_p.Result]} = {_seed};");
                }

                // The reverse sweep may roll the result back (a restored overwrite, a re-run checkpoint segment):
                // keep the value the forward sweep computed.
                var result = _scalarResult ? _names[_p.Result] : null;
                if (_scalarResult && (_a.Saves(_p.Result) || _a.WrittenInCheckpoint(_p.Result)))
                {
                    result = Fresh(_names[_p.Result] + "Computed");
                    _w.Line($"var {result} = {_names[_p.Result]};");
                }

                Restoring(_p.Body);
                foreach (var (output, copy) in restored)
                {
                    _w.Line($"{copy}.CopyTo({output});");
                }

                foreach (var p in Differentiable.Where(p => !p.IsArray))
                {
                    var id = VarOf(p);
                    if (_a.Active.Contains(id) && _adjoints[id] != p.Adjoint)
                    {
                        _w.Line($"{p.Adjoint} += {_adjoints[id]};");
                    }
                }

                if (_scalarResult)
                {
                    _w.Line($"return {result};");
                }
            }

            using (_w.Block("finally"))
            {
                _w.Line($"{_tape}.Release({_mark});");
            }
        }
    }

    /// <summary>An expression taking back the value saved last, as <paramref name="kind"/>.</summary>
    private string Pop(ScalarKind kind) => Popped(_tapeLocal is { } local ? $"{local.Values}[--{local.Top}]" : $"{_tape}.Pop()", kind);

    private static string Popped(string pop, ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => $"{pop} != 0",
        ScalarKind.Double => pop,
        _ => $"({Literals.TypeKeyword(kind)}){pop}",
    };

    private string Cond(LExpr condition) => _print.Print(condition);

    /// <summary>The forward sweep of reverse mode over <paramref name="body"/> (<see cref="TapingPass"/>), from the variables as they are named now.</summary>
    private void Taping(IEnumerable<LStmt> body) =>
        DerivativePrinter.Print(_w, TapingPass.Run(_m, _a, _names, _heapArrays, _adjoints, body), _input, _taken, _tape);

    private static string Step(string counter, int stride) => stride >= 0 ? $"{counter} += {stride}" : $"{counter} -= {-stride}";

    private void Allocate(LAllocate al, string? shadow)
    {
        var v = _p.Vars[al.Var];
        _w.Line(_heapArrays.Contains(al.Var)
            ? $"{_names[al.Var]} = new {Literals.TypeKeyword(v.Type)}[{_print.Print(al.Length)}];"
            : $"{_names[al.Var]} = {Zeros(v.Type, _print.Print(al.Length))};");
        if (shadow is not null)
        {
            _w.Line($"{shadow} = {Zeros(v.Type, _names[al.Var] + ".Length")};");
        }
    }

    private string PrimalCall(LCall c)
    {
        var callee = _m.Calls[c.Call];
        var args = c.Args.Select(a => a.Scalar is { } scalar ? _print.Print(scalar) : _names[a.Array]);
        var call = $"{callee.TypeName}.{callee.MethodName}({string.Join(", ", args)});";
        return c.Target >= 0 ? $"{_names[c.Target]} = {call}" : call;
    }

    /// <summary>The reverse sweep: statements backwards, restoring saved values and accumulating adjoints.</summary>
    private void Restoring(EquatableArray<LStmt> body)
    {
        for (var k = body.Length - 1; k >= 0; k--)
        {
            switch (body[k])
            {
                case LAssign a:
                    if (_a.Saves(a.Var) && _a.Inverse(a) is { } inverse)
                    {
                        _w.Line($"{_names[a.Var]} {(inverse.Inverse == Op.Add ? "+=" : "-=")} {_print.Print(inverse.Step, Precedence.Of(Op.Add) + 1)};");
                    }
                    else if (_a.Saves(a.Var))
                    {
                        _w.Line($"{_names[a.Var]} = {Pop(_p.Vars[a.Var].Type)};");
                    }

                    if (_a.Active.Contains(a.Var))
                    {
                        AdjointOfAssignment(new LRead(_p.Vars[a.Var].Type, a.Var), a.Value);
                    }

                    break;
                case LStore st:
                    {
                        var index = _print.Print(st.Index);
                        if (_a.Saves(st.Var))
                        {
                            _w.Line($"{_names[st.Var]}[{index}] = {Pop(_p.Vars[st.Var].Type)};");
                        }

                        if (_a.Active.Contains(st.Var))
                        {
                            AdjointOfAssignment(new LElement(_p.Vars[st.Var].Type, st.Var, st.Index), st.Value);
                        }

                        break;
                    }

                case LCall c:
                    RestoreCall(c);
                    break;
                case LIf i when _a.HasNestedReverseWork(i):
                    using (_w.Block($"if ({Pop(ScalarKind.Bool)})"))
                    {
                        Restoring(i.Then);
                    }

                    using (_w.Block("else"))
                    {
                        Restoring(i.Else);
                    }

                    break;
                case LLoop l when _a.IsCheckpointed(l) && _a.HasNestedReverseWork(l):
                    RestoreCheckpointed(l);
                    break;
                case LLoop l when _a.HasNestedReverseWork(l):
                    Localized(l, () => RestoreLoop(l));
                    break;
            }
        }
    }

    /// <summary>Where a counted loop's counter stopped, recomputed from its start and bound (see <see cref="LoopAnalysis.RecomputedEnd"/>).</summary>
    private string? End(LLoop l)
    {
        if (_a.RecomputedEnd(l) is not { } end)
        {
            return null;
        }

        var start = _print.Print(l.Counter!.Start);
        var bound = _print.Print(end.Bound);
        return end.Op switch
        {
            Op.Lt => $"global::System.Math.Max({start}, {bound})",
            Op.Le => $"global::System.Math.Max({start}, {_print.Print(end.Bound, Precedence.Of(Op.Add))} + 1)",
            Op.Gt => $"global::System.Math.Min({start}, {bound})",
            _ => $"global::System.Math.Min({start}, {_print.Print(end.Bound, Precedence.Of(Op.Add) + 1)} - 1)",
        };
    }

    /// <summary>A loop of the reverse sweep: its iterations backwards, from the saved final counter or trip count.</summary>
    private void RestoreLoop(LLoop l)
    {
        if (l.Counter is { } counter)
        {
            var i = _names[counter.Var];
            var start = _print.Print(counter.Start);
            var test = counter.Stride > 0 ? $"{i} >= {start}" : $"{i} <= {start}";
            using (_w.Block($"for ({i} = {End(l) ?? Pop(ScalarKind.Int)} - ({counter.Stride}); {test}; {Step(i, -counter.Stride)})"))
            {
                Restoring(l.Body);
            }
        }
        else
        {
            var trip = Fresh("trip");
            using (_w.Block($"for (int {trip} = {Pop(ScalarKind.Int)}; {trip} > 0; {trip}--)"))
            {
                Restoring(l.Step);
                Restoring(l.Body);
            }
        }
    }

    /// <summary>
    /// <c>g = adjoint; adjoint = 0;</c> then the contributions of <paramref name="value"/> seeded with g. An update
    /// <c>v = v + e</c> passes g straight back to v, so v's adjoint is left as it is instead of being zeroed and re-added.
    /// Captured values the derivative reads are popped into locals first.
    /// </summary>
    private void AdjointOfAssignment(LExpr target, LExpr value)
    {
        var adjoint = AdjointText(target);
        var type = target.Type;
        var derivative = StatementAdjoint.Build(_a, value);
        if (derivative.Derivatives.Count == 0)
        {
            _w.Line($"{adjoint} = {Literals.Constant(0, type)};");
            return;
        }

        var passThrough = derivative.Leaves.FirstOrDefault(l => l.Source.Equals(target)).Leaf is { } self
            && derivative.Derivatives.TryGetValue(self, out var selfAdjoint) && ReferenceEquals(selfAdjoint, derivative.Seed)
            ? self
            : null;
        var captured = _a.SavedValues(derivative);
        if (passThrough is not null && derivative.Derivatives.Count == 1 && captured.Count == 0)
        {
            return;
        }

        var popped = new Dictionary<Node, string>();
        using (_w.Scope())
        {
            _w.Line($"{Literals.TypeKeyword(type)} {_g} = {adjoint};");
            if (passThrough is null)
            {
                _w.Line($"{adjoint} = {Literals.Constant(0, type)};");
            }

            for (var k = captured.Count - 1; k >= 0; k--)
            {
                var (leaf, source) = captured[k];
                var name = Fresh("saved");
                _w.Line($"{Literals.TypeKeyword(source.Type)} {name} = {Pop(source.Type)};");
                popped[leaf] = name;
            }

            // A zero adjoint contributes nothing, even where a partial is infinite (∛ at 0): 0·∞ would be NaN, and a
            // Jacobian's row replays every iteration with zero adjoints for the other rows' outputs.
            using (MaySingular(derivative, target) ? _w.Block($"if ({_g} != 0)") : null)
            {
                Contribute(derivative, _g, popped, skip: passThrough);
            }
        }

        // The popped locals live in the block above only.
        foreach (var name in popped.Values)
        {
            _taken.Remove(name);
        }
    }

    /// <summary>
    /// Adds each active leaf's adjoint (seeded with <paramref name="seed"/>) into the leaf's adjoint storage; leaves in
    /// <paramref name="values"/> read the named locals instead of their variables, and <paramref name="skip"/> gets nothing.
    /// </summary>
    private void Contribute(StatementAdjoint derivative, string seed, IReadOnlyDictionary<Node, string>? values = null, Node? skip = null)
    {
        var names = new NameAllocator(_taken, new[] { seed });
        names.Fix(derivative.Seed, seed);
        foreach (var (leaf, source) in derivative.Leaves)
        {
            names.Fix(leaf, values is not null && values.TryGetValue(leaf, out var local) ? local : _print.Print(source));
        }

        var known = new HashSet<Node>();
        foreach (var pair in values ?? new Dictionary<Node, string>())
        {
            if (!pair.Key.IsLeaf)
            {
                names.Fix(pair.Key, pair.Value);
                known.Add(pair.Key);
            }
        }

        var code = new CodeWriter(_w, derivative.Schedule, names, _input, known);
        code.Region(derivative.Graph.Root);
        code.Region(derivative.Reverse!);
        foreach (var (leaf, source) in derivative.Leaves)
        {
            if (leaf != skip && derivative.Derivatives.TryGetValue(leaf, out var d))
            {
                _w.Line($"{AdjointText(source)} += {code.Expr(d)};");
            }
        }
    }

    /// <summary>
    /// True when a partial of <paramref name="derivative"/> can be infinite where the statement's own value is finite,
    /// so a zero adjoint (another Jacobian row's) must skip the contributions rather than multiply: a power of a base
    /// at 0 (x^0.5), Asin/Acos at ±1. When <paramref name="target"/> is computed outside an <c>if</c> and read in its
    /// arms, also an exponential, a hyperbolic function, a tangent, a quotient or a logarithm: if the arm is not taken
    /// the adjoint is exactly 0 while the partial may have overflowed (e^800), and 0·∞ would be NaN (fuzzer seed
    /// 70129). Elsewhere an infinite partial comes with an infinite value, and √ and ∛ take slope 0 at 0
    /// (<see cref="DerivativeRules"/>): the branch, in a Jacobian replayed row by row, would be mispredicted on every row.
    /// </summary>
    private bool MaySingular(StatementAdjoint derivative, LExpr target) =>
        derivative.Graph.Root.Items.OfType<NodeItem>().Any(i => DerivativeRules.MaySingular(i.Node.Op)
            || (IsReadInAnArm(target) && Ops.Of(i.Node.Op).MayOverflow));

    private bool IsReadInAnArm(LExpr target) =>
        target switch { LRead r => r.Var, LElement e => e.Var, _ => -1 } is var variable and >= 0
        && (_readInArms ??= ReadInArms()).Contains(variable);

    /// <summary>Variables some <c>if</c> reads in an arm without assigning them there (so assigned before it).</summary>
    private HashSet<int> ReadInArms()
    {
        var outer = new HashSet<int>();
        foreach (var branch in _p.Body.Descendants().OfType<LIf>())
        {
            var arms = branch.Then.Concat(branch.Else).ToList();
            outer.UnionWith(arms.ReadVariables().Where(v => !arms.Assigns(v)));
        }

        return outer;
    }

    private HashSet<int>? _readInArms;

    private string AdjointText(LExpr leaf) => leaf switch
    {
        LRead r => _adjoints[r.Var],
        LElement e => $"{_adjoints[e.Var]}[{_print.Print(e.Index)}]",
        _ => throw new InvalidOperationException($"no adjoint for {leaf}"),
    };
}
