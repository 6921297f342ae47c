using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Forward mode: the body with each active assignment preceded by its tangent's, the two sharing their temporaries.</summary>
internal sealed partial class LoopEmitter
{
    private void Pushforward()
    {
        var tangents = Differentiable.Select(p => p.IsArray
                ? $"global::System.ReadOnlySpan<{ElementType(p)}> {p.Tangent}"
                : $"{ElementType(p)} {p.Tangent}")
            .Concat(Outputs.Select(o => $"global::System.Span<{ElementType(o)}> {o.Tangent}"));
        _w.Line("/// <summary>");
        _w.Line($"/// Forward mode (Jacobian-vector product) of <see cref=\"{_m.PrimalCref}\"/>: the value and its directional derivative along the");
        _w.Line("/// tangents (one per differentiable parameter; span tangents have their parameter's length).");
        _w.Line("/// </summary>");
        DocComments.PrimalParameters(_w, _m);
        foreach (var p in Differentiable)
        {
            _w.Line($"/// <param name=\"{p.Tangent}\">The tangent (direction) of {p.Name}.</param>");
        }

        foreach (var o in Outputs)
        {
            _w.Line($"/// <param name=\"{o.Tangent}\">Receives the tangent of the output {o.Name} (same length).</param>");
        }

        var returns = _scalarResult ? $"({_type} Value, {_type} Tangent)" : "void";
        if (_scalarResult)
        {
            _w.Line($"/// <returns>The value of {_m.Name} and its tangent.</returns>");
        }

        FullyOptimized();
        Declarations.MemberAttributes(_w, _m);
        using (_w.Block($"{_m.Accessibility} static {returns} {Names.Pushforward(_m.Name)}({Signature(tangents)})"))
        {
            Checks(p => p.Tangent);
            DistinctOutputs(Outputs.Select(o => o.Tangent));
            _w.Line($"var {_tape} = global::SymDiff.Tape.Current;");
            _w.Line($"var {_mark} = {_tape}.Mark();");
            using (_w.Block("try"))
            {
                DeclareLocals(adjoints: false, tangents: true);
                foreach (var o in Outputs)
                {
                    _w.Line($"{o.Tangent}.Clear();");
                }

                Tangents(_p.Body);
                if (_scalarResult)
                {
                    var tangent = _a.Active.Contains(_p.Result) ? _tangents[_p.Result] : Literals.Constant(0, _m.ReturnKind);
                    _w.Line($"return ({_names[_p.Result]}, {tangent});");
                }
            }

            using (_w.Block("finally"))
            {
                _w.Line($"{_tape}.Release({_mark});");
            }
        }
    }

    private void Tangents(EquatableArray<LStmt> body)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case LAssign a:
                    if (_a.Active.Contains(a.Var))
                    {
                        AssignTangent(_tangents[a.Var], a.Value, _names[a.Var]);
                    }
                    else
                    {
                        _w.Line($"{_names[a.Var]} = {_print.Print(a.Value)};");
                    }

                    break;
                case LStore st:
                    {
                        var index = _print.Print(st.Index);
                        if (_a.Active.Contains(st.Var))
                        {
                            AssignTangent($"{_tangents[st.Var]}[{index}]", st.Value, $"{_names[st.Var]}[{index}]");
                        }
                        else
                        {
                            _w.Line($"{_names[st.Var]}[{index}] = {_print.Print(st.Value)};");
                        }

                        break;
                    }

                case LAllocate al:
                    Allocate(al, _a.Active.Contains(al.Var) ? _tangents[al.Var] : null);
                    break;
                case LCall c:
                    if (_a.IsActive(c) && c.Target >= 0)
                    {
                        CallPushforward(c);
                    }
                    else
                    {
                        _w.Line(PrimalCall(c));
                        if (c.Target >= 0 && _a.Active.Contains(c.Target))
                        {
                            _w.Line($"{_tangents[c.Target]} = {Literals.Constant(0, _p.Vars[c.Target].Type)};");
                        }
                    }

                    break;
                case LIf i:
                    using (_w.Block($"if ({Cond(i.Condition)})"))
                    {
                        Tangents(i.Then);
                    }

                    if (i.Else.Length > 0)
                    {
                        using (_w.Block("else"))
                        {
                            Tangents(i.Else);
                        }
                    }

                    break;
                case LLoop l:
                    Localized(l, adjoints: false, tangents: true, () => TangentLoop(l), TapeUse.None);
                    break;
            }
        }
    }

    private void TangentLoop(LLoop l)
    {
        using (Header(l))
        {
            Tangents(l.Body);
            Tangents(l.Step);
        }
    }

    /// <summary>
    /// <c>target = ∂value/∂leaves · leaf tangents</c>, computed from the values before the assignment; then, when
    /// <paramref name="assigned"/> is given, <c>assigned = value</c> from the same temporaries, so a subexpression the
    /// tangent needs (the exp in <c>sum += exp(x)</c>) is evaluated once. The tangent is written first because the
    /// assigned variable may appear on the right (<c>p = p * x</c>); nothing the tangent reads is written before it.
    /// </summary>
    private void AssignTangent(string target, LExpr value, string? assigned)
    {
        var leafTangents = new List<(Node Node, string Text)>();
        var derivative = StatementAdjoint.Tangent(_a.IsActive, value, withValue: assigned is not null, (source, graph) =>
        {
            var node = graph.Local(source.Type, null);
            leafTangents.Add((node, TangentText(source)));
            return node;
        });
        var names = new NameAllocator(_taken, Array.Empty<string>());
        foreach (var (leaf, source) in derivative.Leaves)
        {
            names.Fix(leaf, _print.Print(source));
        }

        foreach (var (node, text) in leafTangents)
        {
            names.Fix(node, text);
        }

        var tangent = derivative.Derivatives[derivative.Result];
        var needsScope = derivative.Graph.Root.Items.OfType<NodeItem>().Any(i => derivative.Schedule.NeedsLocal(i.Node));
        using (needsScope ? _w.Scope() : null)
        {
            var code = new CodeWriter(_w, derivative.Schedule, names, _input);
            code.Region(derivative.Graph.Root);
            // `t = t + 1` has the tangent tT: assigning it to itself is CS1717, a warning that fails the user's build.
            AssignUnlessSelf(target, code.Expr(tangent));
            if (assigned is not null)
            {
                AssignUnlessSelf(assigned, code.Expr(derivative.Result));
            }
        }
    }

    private void AssignUnlessSelf(string target, string value)
    {
        if (target != value)
        {
            _w.Line($"{target} = {value};");
        }
    }

    private string TangentText(LExpr leaf) => leaf switch
    {
        LRead r => _tangents[r.Var],
        LElement e => $"{_tangents[e.Var]}[{_print.Print(e.Index)}]",
        _ => throw new InvalidOperationException($"no tangent for {leaf}"),
    };

    private void CallPushforward(LCall c)
    {
        var callee = _m.Calls[c.Call];
        var resolved = _input.Calls[c.Call];
        var args = c.Args.Select(a => a.Scalar is { } scalar ? _print.Print(scalar) : _names[a.Array]).ToList();
        var target = _names[c.Target];
        var targetTangent = _a.Active.Contains(c.Target) ? _tangents[c.Target] : null;
        using (_w.Scope())
        {
            var tangentArgs = new List<string>();
            var scratch = false;
            for (var k = 0; k < callee.Parameters.Length; k++)
            {
                var parameter = callee.Parameters[k];
                if (!parameter.IsDifferentiable || parameter.IsOutput)
                {
                    continue;
                }

                var argument = c.Args[k];
                if (argument.Scalar is { } scalar)
                {
                    var name = Fresh("t" + Names.Pascal(callee.MethodName) + "_" + Names.Pascal(parameter.Name));
                    _w.Line($"{Literals.TypeKeyword(parameter.Kind!.Value)} {name};");
                    AssignTangent(name, scalar, assigned: null);
                    tangentArgs.Add(name);
                }
                else
                {
                    scratch |= !_a.Active.Contains(argument.Array);
                    tangentArgs.Add(_a.Active.Contains(argument.Array)
                        ? _tangents[argument.Array]
                        : Zeros(parameter.Kind!.Value, _names[argument.Array] + ".Length"));
                }
            }

            if (resolved.Strategy == CallStrategy.CustomPullback)
            {
                // ∂call/∂p from one pullback with seed 1, then the chain rule against the argument tangents.
                var partials = tangentArgs.Select(t => Fresh("p" + Names.Pascal(t))).ToList();
                _w.Line($"{Literals.TypeKeyword(callee.ReturnKind)} {string.Join(", ", partials.Select(p => p + " = 0"))};");
                _w.Line($"{target} = {resolved.Pushforward}({string.Join(", ", args.Append(Literals.Constant(1, callee.ReturnKind)).Concat(partials.Select(p => "ref " + p)))});");
                if (targetTangent is not null)
                {
                    _w.Line($"{targetTangent} = {string.Join(" + ", partials.Zip(tangentArgs, (p, t) => $"{p} * {t}"))};");
                }

                return;
            }

            var method = resolved.Pushforward;
            if (scratch)
            {
                // Zero tangents for inactive span arguments live only for the call (the call may sit in a loop).
                _w.Line($"var {_scratch} = {_tape}.Mark();");
            }

            // Without a tangent to keep, .Value rather than (value, _) = …, whose _ would be the method's parameter if it
            // has one named _.
            var invocation = $"{method}({string.Join(", ", args.Concat(tangentArgs))})";
            _w.Line(targetTangent is null ? $"{target} = {invocation}.{Literals.PushforwardElement(resolved.Strategy, tangent: false)};" : $"({target}, {targetTangent}) = {invocation};");
            if (scratch)
            {
                _w.Line($"{_tape}.Release({_scratch});");
            }
        }
    }
}
