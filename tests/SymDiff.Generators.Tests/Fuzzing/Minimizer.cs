namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Shrinks a failing program while it keeps failing the same way: first whole methods (with the driver rewritten
/// for the rest), then body lines one at a time (the generators write one statement a line, so dropping a line
/// keeps most programs valid; an invalid one classifies differently and is not kept).
/// </summary>
internal static class Minimizer
{
    private const int MaxAttempts = 80;

    private static bool Same(FuzzOutcome want, FuzzOutcome got) =>
        got.Class == want.Class && (want.Class is FuzzClass.Wrong or FuzzClass.RuntimeException || got.Key == want.Key);

    public static (FuzzProgram Program, FuzzOutcome Outcome) Minimize(FuzzProgram program, FuzzOutcome outcome)
    {
        var current = program;
        var attempts = 0;
        bool Try(FuzzProgram candidate)
        {
            if (attempts++ >= MaxAttempts || candidate.Methods.All(m => m.Kind == MethodKind.CustomTarget)) return false;
            var o = Classifier.Classify(candidate);
            if (!Same(outcome, o)) return false;
            (current, outcome) = (candidate, o);
            return true;
        }

        for (var i = current.Methods.Count - 1; i >= 0; i--)
        {
            Try(current with { Methods = current.Methods.Where((_, k) => k != i).ToList() });
        }

        for (var i = 0; i < current.Methods.Count; i++)
        {
            var lines = current.Methods[i].Text.Split('\n').ToList();

            // Whole blocks first (a statement with its braces), then single lines. Line 0 is the signature; the
            // method's own braces and loop increments (without them a while loop never ends) stay.
            foreach (var blocks in new[] { true, false })
            {
                for (var l = lines.Count - 1; l >= 1; l--)
                {
                    var end = blocks ? BlockEnd(lines, l) : l;
                    if (end < 0 || lines[l].Trim().Length == 0 || lines[l] is "    {" or "    }" || IsIncrement(lines[l])) continue;
                    var shorter = lines.Where((_, k) => k < l || k > end).ToList();
                    var methods = current.Methods.ToList();
                    methods[i] = methods[i] with { Text = string.Join("\n", shorter) };
                    if (Try(current with { Methods = methods })) lines = shorter;
                    l = Math.Min(l, lines.Count);
                }
            }
        }

        return (current, outcome);
    }

    /// <summary>
    /// Lines whose removal alone can make a loop run forever: a counter's increment, and the parts of a do loop
    /// (without <c>do</c>, <c>} while (…);</c> is a block followed by an empty while loop). A hung primal would
    /// leave a thread spinning.
    /// </summary>
    private static bool IsIncrement(string line) =>
        System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s*(k\d+\+\+;|do|\} while .*)$");

    /// <summary>
    /// The last line of the block that starts at <paramref name="start"/> (a header followed by braces, or a brace
    /// line), or -1 if no block starts there.
    /// </summary>
    private static int BlockEnd(List<string> lines, int start)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(lines[start], @"^\s*int k\d+ = 0;$"))
        {
            // A while/do loop's counter goes with its loop.
            return start + 1 < lines.Count ? BlockEnd(lines, start + 1) : -1;
        }

        var open = lines[start].Trim() == "{" ? start : start + 1 < lines.Count && lines[start + 1].Trim() == "{" ? start + 1 : -1;
        if (open < 0 || lines[start] is "    {") return -1;
        var depth = 0;
        for (var l = open; l < lines.Count; l++)
        {
            depth += lines[l].Count(c => c == '{') - lines[l].Count(c => c == '}');
            if (depth == 0)
            {
                // An else continues an if: remove it with its if.
                return l + 1 < lines.Count && lines[l + 1].Trim() == "else" ? BlockEnd(lines, l + 1) : l;
            }
        }

        return -1;
    }

    /// <summary>Line-by-line shrinking of a mutated source.</summary>
    public static (string Source, FuzzOutcome Outcome) MinimizeMutant(string source, FuzzOutcome outcome)
    {
        var lines = source.Split('\n').ToList();
        var attempts = 0;
        for (var l = lines.Count - 1; l >= 0 && attempts < MaxAttempts; l--)
        {
            if (lines[l].Trim().Length == 0) continue;
            var shorter = lines.Where((_, k) => k != l).ToList();
            attempts++;
            var o = Classifier.ClassifyMutant(string.Join("\n", shorter));
            if (Same(outcome, o))
            {
                (lines, outcome) = (shorter, o);
            }
        }

        return (string.Join("\n", lines), outcome);
    }
}
