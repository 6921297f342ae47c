namespace SymDiff.Training;

/// <summary>
/// The collective operations data-parallel training needs from a group of processes (ranks) that each run the same
/// program: every rank calls every operation, in the same order, with buffers of the same length.
/// <c>SymDiff.Distributed</c> implements it over MPI (<c>MpiCommunicator</c>); the <see cref="Trainer"/> uses it when
/// <see cref="TrainerOptions.DataParallel"/> is set.
/// </summary>
public interface ICollectives
{
    /// <summary>This process's index in the group, 0 to <see cref="Size"/> − 1.</summary>
    int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    int Size { get; }

    /// <summary>
    /// Throws on every rank, naming <paramref name="what"/> and the values seen, unless every rank passed the same
    /// <paramref name="value"/> (shapes, counts and settings that must agree before buffers are exchanged).
    /// </summary>
    /// <param name="what">What the value is, for the error message ("parameter count").</param>
    /// <param name="value">This rank's value.</param>
    void Agree(string what, long value);

    /// <summary>Overwrites <paramref name="values"/> on every rank with <paramref name="root"/>'s.</summary>
    /// <param name="values">The buffer (the same length on every rank).</param>
    /// <param name="root">The rank whose values everyone receives.</param>
    void Broadcast(Memory<float> values, int root);

    /// <summary>
    /// Starts replacing <paramref name="values"/>, on every rank, with the element-wise sum over the ranks, in place;
    /// the buffer must not be touched until the returned operation completes.
    /// </summary>
    /// <param name="values">The buffer (the same length on every rank).</param>
    /// <returns>The pending operation.</returns>
    IPendingCollective StartSum(Memory<float> values);
}

/// <summary>A collective operation in flight (see <see cref="ICollectives.StartSum"/>).</summary>
public interface IPendingCollective
{
    /// <summary>Lets the operation progress without blocking; true once it has completed.</summary>
    bool Test();

    /// <summary>Blocks until the operation has completed (or throws when it cannot).</summary>
    void Wait();
}
