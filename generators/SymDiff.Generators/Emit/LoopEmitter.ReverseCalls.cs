using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Reverse mode through calls: the reverse sweep of a call statement pulls its adjoint back through the callee.</summary>
internal sealed partial class LoopEmitter
{
    private void RestoreCall(LCall c)
    {
        var targetActive = c.Target >= 0 && _a.Active.Contains(c.Target);
        var saves = c.Target >= 0 && _a.Saves(c.Target);
        if (!targetActive && !saves)
        {
            return;
        }

        using (_w.Scope())
        {
            var type = c.Target >= 0 ? _p.Vars[c.Target].Type : _m.ReturnKind;
            if (targetActive)
            {
                _w.Line($"{Literals.TypeKeyword(type)} {_g} = {_adjoints[c.Target]};");
                _w.Line($"{_adjoints[c.Target]} = {Literals.Constant(0, type)};");
            }

            if (saves)
            {
                _w.Line($"{_names[c.Target]} = {Pop(type)};");
            }

            if (targetActive && _a.IsActive(c))
            {
                // A zero adjoint pulls nothing back (the callee's partials may be infinite where 0·∞ would be NaN).
                using (_w.Block($"if ({_g} != 0)"))
                {
                    CallPullback(c, _g);
                }
            }
        }
    }

    /// <summary>Pulls <paramref name="seed"/> back through a call: the callee's pullback recomputes its own forward sweep.</summary>
    private void CallPullback(LCall c, string seed)
    {
        var callee = _m.Calls[c.Call];
        var resolved = _input.Calls[c.Call];
        var args = c.Args.Select(a => a.Scalar is { } scalar ? _print.Print(scalar) : _names[a.Array]).ToList();
        var adjointArgs = new List<string>();
        var scalarAdjoints = new List<(string Name, LExpr Argument)>();
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
                var name = Fresh("d" + Names.Pascal(callee.MethodName) + "_d" + Names.Pascal(parameter.Name));
                _w.Line($"{Literals.TypeKeyword(parameter.Kind!.Value)} {name} = 0;");
                adjointArgs.Add($"ref {name}");
                if (_a.IsActive(scalar))
                {
                    scalarAdjoints.Add((name, scalar));
                }
            }
            else if (_a.Active.Contains(argument.Array))
            {
                adjointArgs.Add(_adjoints[argument.Array]);
            }
            else
            {
                scratch = true;
                adjointArgs.Add(Zeros(parameter.Kind!.Value, _names[argument.Array] + ".Length"));
            }
        }

        if (scratch)
        {
            _w.Line($"var {_scratch} = {_tape}.Mark();");
        }

        switch (resolved.Strategy)
        {
            case CallStrategy.CustomPushforward:
                {
                    // ∂call/∂p from one pushforward per differentiable parameter.
                    var differentiable = Enumerable.Range(0, callee.Parameters.Length).Where(k => callee.Parameters[k].IsDifferentiable).ToList();
                    for (var j = 0; j < differentiable.Count; j++)
                    {
                        var tangents = differentiable.Select(k => Literals.Constant(k == differentiable[j] ? 1 : 0, callee.Parameters[k].Kind!.Value));
                        var target = adjointArgs[j].Substring("ref ".Length);
                        _w.Line($"{target} = {seed} * {resolved.Pullback}({string.Join(", ", args.Concat(tangents))}).{Literals.PushforwardElement(resolved.Strategy, tangent: true)};");
                    }

                    break;
                }

            default:
                {
                    _w.Line($"{resolved.Pullback}({string.Join(", ", args.Append(seed).Concat(adjointArgs))});");
                    break;
                }
        }

        if (scratch)
        {
            _w.Line($"{_tape}.Release({_scratch});");
        }

        foreach (var (name, argument) in scalarAdjoints)
        {
            var derivative = StatementAdjoint.Build(_a, argument);
            if (derivative.Derivatives.Count > 0)
            {
                using (_w.Scope())
                {
                    Contribute(derivative, name);
                }
            }
        }
    }
}
