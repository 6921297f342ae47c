using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>The run-time check that no two spans a generated entry point writes share memory.</summary>
internal static class OutputChecks
{
    /// <summary>
    /// One <c>GeneratedChecks.DistinctOutputs</c> call per pair of <paramref name="outputs"/> (span parameters, in signature
    /// order): two outputs in one buffer would each overwrite what the other received, and neither would be right.
    /// </summary>
    /// <param name="method">The method whose members these are (for the spelling of <c>nameof</c>).</param>
    /// <param name="accumulators">
    /// Outputs that only ever receive <c>+=</c> (a pullback's input adjoints): two of them may share a buffer, which
    /// then receives the sum, as the adjoint of one span passed for two inputs must.
    /// </param>
    public static void Write(IndentedWriter w, MethodModel method, IReadOnlyList<string> outputs, IReadOnlyCollection<string>? accumulators = null)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            for (var j = i + 1; j < outputs.Count; j++)
            {
                if (accumulators is not null && accumulators.Contains(outputs[i]) && accumulators.Contains(outputs[j]))
                {
                    continue;
                }

                w.Line($"global::SymDiff.GeneratedChecks.DistinctOutputs({outputs[i]}, {Literals.NameOf(outputs[i], method)}, {outputs[j]}, {Literals.NameOf(outputs[j], method)});");
            }
        }
    }
}
