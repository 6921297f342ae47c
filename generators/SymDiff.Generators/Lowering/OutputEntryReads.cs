using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Finds the span outputs of a scalar-valued method that may be read before they are written. A <c>Span&lt;T&gt;</c>
/// the method writes is an output (a work buffer the caller can inspect), so the values it holds on entry are not
/// differentiated; a read of such a value would make the gradient silently miss ∂result/∂(entry value). The pass walks
/// the lowered program in evaluation order and accepts a read of <c>work[e]</c> only where a store to <c>work[e]</c>
/// (the same index expression, none of its variables assigned since), a call that writes all of <c>work</c>, or a loop
/// over all of <c>work</c> that stores each element (<c>for (i = 0; i &lt; work.Length; i++) work[i] = …</c>) comes first
/// on every path. It is conservative: another element written in one loop and read in a later one is reported too, and
/// the fix in the message (a local buffer) covers that case as well.
/// </summary>
internal static class OutputEntryReads
{
    /// <summary>The ids of the output span parameters <paramref name="program"/> may read before writing.</summary>
    public static IReadOnlyCollection<int> Find(LoopProgram program, IReadOnlyList<CallModel> calls)
    {
        var outputs = new HashSet<int>(program.Vars.Where(v => v.IsOutput && v.Origin == VarOrigin.Parameter).Select(v => v.Id));
        var found = new HashSet<int>();
        if (outputs.Count > 0 && program.Result >= 0)
        {
            new Walker(outputs, found, calls).Block(program.Body, new Written());
        }

        return found;
    }

    /// <summary>What is known written on the current path: whole arrays and (array, index expression) elements.</summary>
    private sealed class Written
    {
        public HashSet<int> Whole { get; } = new();

        public HashSet<(int Var, LExpr Index)> Elements { get; } = new();

        public Written Copy()
        {
            var copy = new Written();
            copy.Whole.UnionWith(Whole);
            copy.Elements.UnionWith(Elements);
            return copy;
        }

        /// <summary>Keeps only what both paths wrote.</summary>
        public void Meet(Written a, Written b)
        {
            Whole.Clear();
            Whole.UnionWith(a.Whole.Intersect(b.Whole));
            Elements.Clear();
            Elements.UnionWith(a.Elements.Intersect(b.Elements));
        }

        /// <summary>Forgets elements whose index reads <paramref name="variable"/>: the same text now names another element.</summary>
        public void Assigned(int variable) => Elements.RemoveWhere(e => e.Index.Reads().Contains(variable));
    }

    private sealed class Walker
    {
        private readonly HashSet<int> _outputs;
        private readonly HashSet<int> _found;
        private readonly IReadOnlyList<CallModel> _calls;

        public Walker(HashSet<int> outputs, HashSet<int> found, IReadOnlyList<CallModel> calls)
        {
            _outputs = outputs;
            _found = found;
            _calls = calls;
        }

        public void Block(EquatableArray<LStmt> body, Written written)
        {
            foreach (var statement in body)
            {
                switch (statement)
                {
                    case LAssign a:
                        Check(a.Value, written);
                        written.Assigned(a.Var);
                        break;
                    case LStore st:
                        Check(st.Index, written);
                        Check(st.Value, written);
                        if (_outputs.Contains(st.Var))
                        {
                            written.Elements.Add((st.Var, st.Index));
                        }

                        break;
                    case LCall c:
                        Call(c, written);
                        break;
                    case LIf i:
                        {
                            Check(i.Condition, written);
                            var then = written.Copy();
                            var otherwise = written.Copy();
                            Block(i.Then, then);
                            Block(i.Else, otherwise);
                            written.Meet(then, otherwise);
                            break;
                        }

                    case LLoop l:
                        Loop(l, written);
                        break;
                }
            }
        }

        private void Loop(LLoop loop, Written written)
        {
            // From the second iteration on, every variable the loop assigns may hold another value.
            foreach (var variable in AssignedIn(loop))
            {
                written.Assigned(variable);
            }

            if (loop.Counter is { } counter)
            {
                Check(counter.Start, written);
            }

            Check(loop.Condition, written);
            var body = written.Copy();
            Block(loop.Body, body);
            Block(loop.Step, body);

            // The body may not run at all: what it wrote is not known written after the loop, except an output it writes
            // whole: a loop over every index of it that stores each element unconditionally (when it runs no iteration,
            // the output is empty and nothing can be read from it).
            written.Whole.UnionWith(WrittenWhole(loop));
        }

        /// <summary>
        /// The outputs <paramref name="loop"/> writes every element of: <c>for (int i = 0; i &lt; y.Length; i++)</c> whose
        /// body stores <c>y[i]</c> outside any branch (a counted loop's body never assigns its counter).
        /// </summary>
        private IEnumerable<int> WrittenWhole(LLoop loop)
        {
            if (loop is not { TestFirst: true, Counter: { Start: LConst { Value: 0 }, Stride: 1 } counter, Condition: LApply { Op: Op.Lt, Args.Length: 2 } compare }
                || compare.Args[0] is not LRead bound || compare.Args[1] is not LLength length
                || bound.Var != counter.Var || !_outputs.Contains(length.Var))
            {
                return [];
            }

            return loop.Body.OfType<LStore>().Any(st => st.Var == length.Var && st.Index is LRead index && index.Var == counter.Var) ? [length.Var] : [];
        }

        private void Call(LCall call, Written written)
        {
            var callee = _calls[call.Call];
            for (var k = 0; k < call.Args.Length; k++)
            {
                var argument = call.Args[k];
                if (argument.Scalar is { } scalar)
                {
                    Check(scalar, written);
                }
                else if (_outputs.Contains(argument.Array) && !(k < callee.Parameters.Length && callee.Parameters[k].IsOutput)
                    && !written.Whole.Contains(argument.Array))
                {
                    // The callee reads the whole span.
                    _found.Add(argument.Array);
                }
            }

            for (var k = 0; k < call.Args.Length && k < callee.Parameters.Length; k++)
            {
                if (callee.Parameters[k].IsOutput && call.Args[k].Scalar is null)
                {
                    written.Whole.Add(call.Args[k].Array);
                }
            }

            if (call.Target >= 0)
            {
                written.Assigned(call.Target);
            }
        }

        private void Check(LExpr expression, Written written)
        {
            switch (expression)
            {
                case LElement e:
                    Check(e.Index, written);
                    if (_outputs.Contains(e.Var) && !written.Whole.Contains(e.Var) && !written.Elements.Contains((e.Var, e.Index)))
                    {
                        _found.Add(e.Var);
                    }

                    break;
                case LApply a:
                    foreach (var argument in a.Args)
                    {
                        Check(argument, written);
                    }

                    break;
            }
        }
    }

    private static HashSet<int> AssignedIn(LLoop loop) => new LStmt[] { loop }.AssignedVariables();
}
