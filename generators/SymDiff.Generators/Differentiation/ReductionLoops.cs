using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// A loop of the program's body whose iterations share nothing but a running sum (<c>S = S + e</c>): the sum of a
/// per-point term over data points, GMM's log-likelihood. Reverse mode is linear in the seed and no iteration reads what
/// another wrote, so the loop's reverse sweep adds dS times Σᵢ ∂eᵢ/∂x into the adjoint of each input x it reads. The
/// forward sweep runs each iteration's reverse sweep right after the iteration, seeded with 1, into an accumulator per
/// input (<see cref="Inputs"/>); where the loop's reverse would run, the reverse sweep adds dS times each accumulator
/// into the adjoint it stands for. The tape then holds one iteration's values at a time, which stay in the cache,
/// instead of every iteration's.
/// </summary>
/// <param name="Statement">The loop's index in the program's body.</param>
/// <param name="Sum">The running sum S.</param>
/// <param name="Inputs">The active variables the loop reads and does not write (parameters, buffers and scalars set before it), in order.</param>
internal sealed record Reduction(int Statement, int Sum, EquatableArray<int> Inputs);

/// <summary>
/// Finds the loops of <see cref="Reduction"/>: a counted loop of the program's body (not in another statement) without
/// calls, allocations or <c>[Checkpoint]</c>, that
/// <list type="bullet">
/// <item>writes only the program's own locals;</item>
/// <item>changes exactly one active scalar S only by adding to it values that do not read it (<see cref="AddsTo"/>),
/// and reads S nowhere else; S is not one the reverse sweep restores (<see cref="LoopAnalysis.Saves"/>);</item>
/// <item>reads nothing else it writes before writing it in the same iteration (a scalar assigned earlier in the
/// iteration, outside any branch or loop that might not run; a buffer written whole earlier, by a loop from 0 to its
/// length that stores every element at its counter);</item>
/// <item>writes nothing the statements after it read (but S), nor the result;</item>
/// <item>reads only inputs of S's type.</item>
/// </list>
/// </summary>
internal static class ReductionLoops
{
    public static Dictionary<LLoop, Reduction> Find(LoopProgram p, LoopAnalysis a)
    {
        var found = new Dictionary<LLoop, Reduction>(ByReference.Instance);
        var lengths = p.Body.OfType<LAllocate>().GroupBy(al => al.Var).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Length);
        var assigned = new HashSet<int>(p.Body.Descendants().Select(s => s switch { LStore st => st.Var, _ => s.AssignedScalar() }).Where(v => v >= 0));
        for (var k = 0; k < p.Body.Length; k++)
        {
            if (p.Body[k] is LLoop l && Of(p, a, k, l, lengths, assigned) is { } reduction)
            {
                found[l] = reduction;
            }
        }

        return found;
    }

    private static Reduction? Of(LoopProgram p, LoopAnalysis a, int index, LLoop l, Dictionary<int, LExpr> lengths, HashSet<int> assigned)
    {
        if (l.Counter is not { } counter || l.Step.Length != 0 || a.IsCheckpointed(l) || !a.IsTapeNest(l) || !a.HasNestedReverseWork(l))
        {
            return null;
        }

        var statements = new LStmt[] { l }.Descendants().ToList();
        if (statements.Any(s => s is LAllocate or LCall))
        {
            return null;
        }

        var written = new HashSet<int>(statements.Select(s => s switch { LStore st => st.Var, _ => s.AssignedScalar() }).Where(v => v >= 0));
        if (written.Any(v => p.Vars[v].Origin != VarOrigin.Local))
        {
            return null;
        }

        var sums = written.Where(v => a.Active.Contains(v) && !p.Vars[v].IsArray && OnlySummed(statements, v)).ToList();
        if (sums.Count != 1)
        {
            return null;
        }

        var sum = sums[0];
        if (a.Saves(sum))
        {
            // The reverse sweep restores the sum (a statement before the loop reads it in a partial derivative): each
            // iteration would push it and its reverse sweep pop it back, undoing the addition (fuzzer seed 1050584).
            return null;
        }

        var type = p.Vars[sum].Type;
        // Some addition carries a derivative (besides the sum's own): otherwise the reverse sweep of an iteration reads
        // nothing of its seed, and there is nothing to move.
        if (!statements.OfType<LAssign>().Any(x => x.Var == sum && StatementAdjoint.Build(a, x.Value).Derivatives.Count >= 2))
        {
            return null;
        }

        if (!IterationLocal(l.Body, written, sum, new HashSet<int> { counter.Var }, lengths, assigned))
        {
            return null;
        }

        var readAfter = p.Body.Skip(index + 1).ReadVariables(assigned: true);
        if (written.Any(v => v != sum && (readAfter.Contains(v) || v == p.Result || v == p.Returned)))
        {
            return null;
        }

        var inputs = statements.SelectMany(s => s.Expressions()).SelectMany(e => e.Reads())
            .Where(v => a.Active.Contains(v) && !written.Contains(v)).Distinct().OrderBy(v => v).ToList();
        if (inputs.Any(v => p.Vars[v].Type != type))
        {
            return null;
        }

        return new Reduction(index, sum, inputs.ToEquatableArray());
    }

    /// <summary>True when every assignment of <paramref name="sum"/> adds to it a value that does not read it, and nothing else reads it.</summary>
    private static bool OnlySummed(List<LStmt> statements, int sum)
    {
        var additions = 0;
        foreach (var s in statements)
        {
            if (s is LAssign a && a.Var == sum && AddsTo(a.Value, sum))
            {
                additions++;
            }
            else if (s.AssignedScalar() == sum)
            {
                return false;
            }
        }

        var reads = statements.SelectMany(s => s.Expressions()).SelectMany(e => e.Reads()).Count(v => v == sum);
        return additions > 0 && reads == additions;
    }

    /// <summary>
    /// True when <paramref name="value"/> is <paramref name="sum"/> plus terms that do not read it: sums and differences
    /// in which the sum appears once, added (<c>s + a + b</c>, <c>s - a</c>, <c>a + s</c>), so ∂value/∂sum = 1.
    /// </summary>
    private static bool AddsTo(LExpr value, int sum)
    {
        var (found, other) = (0, false);
        Walk(value, positive: true);
        return found == 1 && !other;

        void Walk(LExpr e, bool positive)
        {
            switch (e)
            {
                case LRead r when r.Var == sum:
                    found += positive ? 1 : 2;
                    break;
                case LApply { Op: Op.Add or Op.Sub, Args.Length: 2 } apply:
                    Walk(apply.Args[0], positive);
                    Walk(apply.Args[1], apply.Op == Op.Add ? positive : !positive);
                    break;
                default:
                    other |= e.Reads().Contains(sum);
                    break;
            }
        }
    }

    /// <summary>
    /// True when, in one run of <paramref name="body"/>, every read of a variable the loop writes (but the sum) follows a
    /// write of it in <paramref name="known"/> or earlier in the run (<paramref name="known"/> grows with the writes).
    /// </summary>
    private static bool IterationLocal(EquatableArray<LStmt> body, HashSet<int> written, int sum, HashSet<int> known, Dictionary<int, LExpr> lengths, HashSet<int> assigned)
    {
        bool Known(LExpr e, HashSet<int> set) => e.Reads().All(v => v == sum || !written.Contains(v) || set.Contains(v));
        foreach (var s in body)
        {
            switch (s)
            {
                case LAssign x:
                    if (!Known(x.Value, known))
                    {
                        return false;
                    }

                    known.Add(x.Var);
                    break;
                case LStore st:
                    if (!Known(st.Index, known) || !Known(st.Value, known))
                    {
                        return false;
                    }

                    break;
                case LIf i:
                    {
                        // What both arms write is written after the branch (a conditional expression's temporary).
                        var (then, otherwise) = (new HashSet<int>(known), new HashSet<int>(known));
                        if (!Known(i.Condition, known) || !IterationLocal(i.Then, written, sum, then, lengths, assigned) || !IterationLocal(i.Else, written, sum, otherwise, lengths, assigned))
                        {
                            return false;
                        }

                        then.IntersectWith(otherwise);
                        known.UnionWith(then);
                        break;
                    }
                case LLoop inner:
                    {
                        if (inner.Counter is { } c && !Known(c.Start, known))
                        {
                            return false;
                        }

                        var inside = new HashSet<int>(known);
                        if (inner.Counter is { } counter)
                        {
                            inside.Add(counter.Var);
                        }

                        if (!Known(inner.Condition, inside) || !IterationLocal(inner.Body, written, sum, inside, lengths, assigned) || !IterationLocal(inner.Step, written, sum, inside, lengths, assigned))
                        {
                            return false;
                        }

                        if (inner.Counter is { } after)
                        {
                            known.Add(after.Var);
                        }

                        known.UnionWith(WrittenWhole(inner, lengths, assigned));
                        break;
                    }

                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The buffers <paramref name="loop"/> writes whole: it counts from 0 by 1 while its counter is below the buffer's
    /// length (its <c>Length</c>, or the expression it was allocated with, over variables nothing assigns), and stores an
    /// element of the buffer at the counter in its body, outside any branch.
    /// </summary>
    private static IEnumerable<int> WrittenWhole(LLoop loop, Dictionary<int, LExpr> lengths, HashSet<int> assigned)
    {
        if (loop.Counter is not { Start: LConst { Value: 0 }, Stride: 1 } counter
            || loop.Condition is not LApply { Op: Op.Lt, Args: var test } || test[0] is not LRead { } tested || tested.Var != counter.Var)
        {
            yield break;
        }

        var bound = test[1];
        bool Covers(int buffer) => bound is LLength length && length.Var == buffer
            || lengths.TryGetValue(buffer, out var allocated) && allocated.Equals(bound) && !bound.Reads().Any(assigned.Contains);
        foreach (var statement in loop.Body)
        {
            // A store at the counter, or one in each arm of a branch (a conditional expression's value).
            var stored = statement switch
            {
                LStore st => AtCounter(st.Var, new[] { st }),
                LIf i => i.Then.OfType<LStore>().Select(st => st.Var).Intersect(i.Else.OfType<LStore>().Select(st => st.Var))
                    .Where(b => AtCounter(b, i.Then.OfType<LStore>()) >= 0 && AtCounter(b, i.Else.OfType<LStore>()) >= 0).DefaultIfEmpty(-1).First(),
                _ => -1,
            };
            if (stored >= 0 && Covers(stored))
            {
                yield return stored;
            }
        }

        int AtCounter(int buffer, IEnumerable<LStore> stores) =>
            stores.Any(st => st.Var == buffer && st.Index is LRead index && index.Var == counter.Var) ? buffer : -1;
    }

    /// <summary>
    /// The assignments and stores in the loops of <paramref name="reductions"/> that need not save what they overwrite,
    /// although their variable is one the reverse sweep restores (<see cref="LoopAnalysis.Saves"/>). An iteration's
    /// reverse sweep runs right after it, so a value its restore would bring back is read again only by the reverse
    /// sweep of what ran before the assignment: the statements before it in the iteration (and the one it is in, whose
    /// inner loops run it again after their other statements), and the statements before the loop. When none of them
    /// reads the variable (GMM's per-point <c>mainTerm[k]</c>, the inlined log-sum-exp's <c>max</c>), the value is one
    /// from an earlier iteration, which nothing reads: no push in the forward sweep, no pop in the reverse sweep.
    /// </summary>
    public static HashSet<LStmt> DeadRestores(LoopProgram p, LoopAnalysis a, IReadOnlyDictionary<LLoop, Reduction> reductions)
    {
        var dead = new HashSet<LStmt>(ByReference.Instance);
        if (reductions.Count == 0)
        {
            return dead;
        }

        // A statement met at two places (equal records are shared only if a rewrite reused one) is left alone.
        var places = p.Body.Places();
        foreach (var pair in reductions)
        {
            var (l, r) = (pair.Key, pair.Value);
            var readBefore = Reads(p.Body.Take(r.Statement));
            readBefore.UnionWith(ReadBy(l.Expressions()));
            foreach (var top in l.Body)
            {
                var within = Reads(new[] { top });
                foreach (var s in new[] { top }.Descendants())
                {
                    var v = s switch { LAssign x => x.Var, LStore st => st.Var, _ => -1 };
                    if (v >= 0 && v != r.Sum && a.Saves(v) && !readBefore.Contains(v) && !within.Contains(v) && places[s] == 1)
                    {
                        dead.Add(s);
                    }
                }

                readBefore.UnionWith(within);
            }
        }

        return dead;

        // What the statements' expressions read, nested ones included (a store writes its array, it does not read it),
        // and the spans calls are passed: a callee's pullback runs it again on the span as the call saw it (fuzzer seed
        // 1090240).
        static HashSet<int> Reads(IEnumerable<LStmt> statements)
        {
            var read = ReadBy(statements.ExpressionsWithin());
            read.UnionWith(statements.Descendants().OfType<LCall>().SelectMany(c => c.Args).Where(arg => arg.Scalar is null).Select(arg => arg.Array));
            return read;
        }

        static HashSet<int> ReadBy(IEnumerable<LExpr> expressions) => new(expressions.SelectMany(e => e.AllReads()));
    }
}

/// <summary>
/// How a member names what the sweeps of its <see cref="Reduction"/> loops share: each input's accumulator (by the
/// loop's <see cref="Reduction.Statement"/> and the input), each loop's seed of 1 for its sum, and the names the reverse
/// sweep run inside the forward sweep reads (<see cref="AdjointPass.PassNames"/>). The member declares them.
/// </summary>
internal sealed record ReductionNames(
    IReadOnlyDictionary<(int Statement, int Var), string> Accumulators, IReadOnlyDictionary<int, string> Seeds, AdjointPass.PassNames Reverse);
