namespace SymDiff;

/// <summary>
/// Trades recomputation for memory in the reverse mode of a <see cref="DifferentiableAttribute"/> method with long
/// loops (a recurrence over many time steps). Every loop of the method that is not inside another loop is
/// checkpointed: the forward sweep runs it without recording anything and saves only the values the loop writes
/// (its carried state: the scalars it assigns, the buffers it writes, its counter) at the start of every segment of
/// <see cref="Every"/> iterations; the reverse sweep walks the segments backwards, restores a segment's state,
/// re-runs that segment recording as usual, and reverses it. The tape then holds the segment snapshots plus one
/// segment's recording instead of every iteration's, at the cost of running the loop body forward twice.
/// </summary>
/// <remarks>
/// Buffers the loop writes are part of the state and are copied whole at every segment start, so keep them to what
/// one step carries (the hidden state), not a per-step history. Derivatives are the same as without the attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CheckpointAttribute : Attribute
{
    /// <summary>
    /// Iterations per segment. 0 (the default) picks √N for a loop whose trip count N is known when it starts (a
    /// counted loop with a bound it does not change), which balances snapshot memory against recording memory, and
    /// 64 otherwise.
    /// </summary>
    public int Every { get; set; }
}
