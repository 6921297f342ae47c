using SymDiff.Training;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// N ranks as N threads of this process, for testing data-parallel training without MPI: every collective meets at a
/// barrier (which gives up after 30 s rather than hang a test), and sums add the ranks' copies in rank order.
/// </summary>
internal sealed class ThreadGroup(int size)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Barrier _barrier = new(size);
    private readonly float[][] _parts = new float[size][];
    private readonly long[] _values = new long[size];

    public ICollectives Member(int rank) => new Rank(this, rank);

    /// <summary>Runs <paramref name="body"/> on every rank, each on its own thread, and returns their results in rank order.</summary>
    public static T[] Run<T>(int size, Func<ICollectives, T> body)
    {
        var group = new ThreadGroup(size);
        var results = new T[size];
        var failures = new Exception?[size];
        var threads = Enumerable.Range(0, size).Select(r => new Thread(() =>
        {
            try
            {
                results[r] = body(group.Member(r));
            }
            catch (Exception e)
            {
                failures[r] = e;
                group._barrier.RemoveParticipant();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new AggregateException(failures.Where(f => f is not null)!);
        }

        return results;
    }

    private void Meet()
    {
        if (!_barrier.SignalAndWait(Patience))
        {
            throw new TimeoutException("A rank of the thread group never joined the collective.");
        }
    }

    private sealed class Rank(ThreadGroup group, int rank) : ICollectives, IPendingCollective
    {
        int ICollectives.Rank => rank;

        public int Size => group._parts.Length;

        public void Agree(string what, long value)
        {
            group._values[rank] = value;
            group.Meet();
            var (min, max) = (group._values.Min(), group._values.Max());
            group.Meet();
            if (min != max)
            {
                throw new InvalidOperationException($"The ranks disagree on {what}: {min} to {max}.");
            }
        }

        public void Broadcast(Memory<float> values, int root)
        {
            group._parts[rank] = values.ToArray();
            group.Meet();
            group._parts[root].CopyTo(values);
            group.Meet();
        }

        public IPendingCollective StartSum(Memory<float> values)
        {
            group._parts[rank] = values.ToArray();
            group.Meet();
            var span = values.Span;
            span.Clear();
            foreach (var part in group._parts)
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] += part[i];
                }
            }

            group.Meet();
            return this;
        }

        public bool Test() => true;

        public void Wait()
        {
        }
    }
}
