using System.Diagnostics;
using SymDiff.Layers;
using SymDiff.Optimizers;

namespace SymDiff.Training;

/// <summary>
/// The trainer's side of data parallelism: which rows of a batch are this rank's, and the summing of gradients over
/// the ranks. Gradients travel in one pinned buffer laid out by layer, last layer first, cut into buckets of about
/// <see cref="TrainerOptions.BucketBytes"/>; a bucket's sum starts as soon as the backward pass has finished its
/// layers (<see cref="Sequential.Backward(Tensors.Tensor{float}, bool, Action{Layer}?)"/>), while the layers before
/// it still compute. Each rank sends its gradient of the <em>summed</em> loss over its rows (the mean's gradient
/// times its row count) with three numbers after it (loss sum, correct predictions, rows), so after the sum every
/// rank divides by the rows of the whole batch: the mean gradient of the batch, whatever the shards' sizes.
/// </summary>
internal sealed class DataParallelGradients
{
    private const int Extras = 3;
    private readonly ICollectives _group;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[] _buffer;
    private readonly Bucket[] _buckets;
    private readonly Dictionary<Layer, Bucket> _bucketOf = new(ReferenceEqualityComparer.Instance);
    private readonly (Parameter Parameter, int Offset)[] _layout;
    private float _scale;
    private (int Rows, float Loss, int Correct) _solo;
    private long _collectiveTicks;
    private long _examples;

    public DataParallelGradients(ICollectives group, Sequential model, Optimizer optimizer, int bucketBytes)
    {
        _group = group;
        _parameters = optimizer.Parameters;
        if (group.Size < 1 || group.Rank < 0 || group.Rank >= group.Size)
        {
            throw new ArgumentException($"The process group says rank {group.Rank} of {group.Size}.", nameof(group));
        }

        // Parameters in the order their gradients become final: the last layer's first; any the model's layers do
        // not own go last, with the extras.
        var ordered = new List<(Parameter Parameter, Layer? Layer)>();
        var index = new HashSet<Parameter>(_parameters, ReferenceEqualityComparer.Instance);
        for (var i = model.Layers.Count - 1; i >= 0; i--)
        {
            foreach (var p in model.Layers[i].Parameters)
            {
                if (index.Remove(p))
                {
                    ordered.Add((p, model.Layers[i]));
                }
            }
        }

        ordered.AddRange(_parameters.Where(index.Contains).Select(p => (p, (Layer?)null)));
        var total = ordered.Sum(o => o.Parameter.Value.Length);
        _buffer = GC.AllocateArray<float>(total + Extras, pinned: true);
        _layout = new (Parameter, int)[ordered.Count];
        var buckets = new List<Bucket>();
        var bucketFloats = Math.Max(1, bucketBytes / sizeof(float));
        int offset = 0, start = 0;
        var layers = new List<Layer>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (parameter, layer) = ordered[i];
            _layout[i] = (parameter, offset);
            offset += parameter.Value.Length;
            if (layer is not null && !layers.Contains(layer))
            {
                layers.Add(layer);
            }

            // A bucket ends at a layer's end once it holds enough (a layer is never split: its gradients are final together).
            var layerEnds = i + 1 == ordered.Count || !ReferenceEquals(ordered[i + 1].Layer, layer);
            if (layerEnds && layer is not null && offset - start >= bucketFloats && i + 1 < ordered.Count)
            {
                buckets.Add(new Bucket(start, offset - start, [.. layers]));
                start = offset;
                layers.Clear();
            }
        }

        buckets.Add(new Bucket(start, total + Extras - start, [.. layers]));
        _buckets = [.. buckets];
        foreach (var bucket in _buckets)
        {
            foreach (var layer in bucket.Layers)
            {
                _bucketOf[layer] = bucket;
            }
        }

        // Buffers are exchanged only between ranks that agree on what is in them.
        group.Agree("parameter count", _parameters.Count);
        group.Agree("parameter elements", total);
        group.Agree("parameter names and shapes", LayoutHash(ordered.Select(o => o.Parameter)));
        group.Agree("gradient buckets", _buckets.Length);
    }

    /// <summary>Gradient buckets per step.</summary>
    public int BucketCount => _buckets.Length;

    /// <summary>Time spent inside collective calls during steps (starting sums, waiting for them): what the backward pass did not hide.</summary>
    public TimeSpan CollectiveTime => Stopwatch.GetElapsedTime(0, _collectiveTicks);

    /// <summary>Rows this rank trained on.</summary>
    public long Examples => _examples;

    /// <summary>This rank's rows of a batch of <paramref name="rows"/>: contiguous, as even as can be, in rank order.</summary>
    public (int Start, int Count) Shard(int rows)
    {
        var start = (int)((long)rows * _group.Rank / _group.Size);
        var end = (int)((long)rows * (_group.Rank + 1) / _group.Size);
        return (start, end - start);
    }

    /// <summary>Rank 0's parameters (and optimizer slots) on every rank, so they start alike.</summary>
    public void BroadcastParameters(Optimizer optimizer)
    {
        _group.Agree("optimizer steps taken", optimizer.StepCount);
        var tensors = new List<Tensors.Tensor<float>>();
        for (var i = 0; i < _parameters.Count; i++)
        {
            tensors.Add(_parameters[i].Value);
            for (var s = 0; s < optimizer.SlotsPerParameter; s++)
            {
                tensors.Add(optimizer.GetSlot(i, s));
            }
        }

        var all = new float[tensors.Sum(t => t.Length)];
        var at = 0;
        foreach (var t in tensors)
        {
            t.Span.CopyTo(all.AsSpan(at));
            at += t.Length;
        }

        _group.Broadcast(all, root: 0);
        at = 0;
        foreach (var t in tensors)
        {
            all.AsSpan(at, t.Length).CopyTo(t.Span);
            at += t.Length;
        }
    }

    /// <summary>Starts a step: this rank has <paramref name="rows"/> rows, mean loss <paramref name="loss"/>.</summary>
    public void Begin(int rows, float loss, int correct)
    {
        _scale = rows;
        _examples += rows;
        _solo = (rows, loss, correct);
        var extras = _buffer.AsSpan(_buffer.Length - Extras);
        extras[0] = rows == 0 ? 0f : loss * rows;
        extras[1] = correct;
        extras[2] = rows;
        foreach (var bucket in _buckets)
        {
            bucket.Reset();
        }
    }

    /// <summary>A layer's backward pass is done: starts its bucket's sum once the bucket's last layer is done.</summary>
    public void LayerDone(Layer layer)
    {
        if (_group.Size > 1 && _bucketOf.TryGetValue(layer, out var bucket) && ++bucket.Done == bucket.Layers.Length && bucket.Pending is null)
        {
            Start(bucket);
        }
    }

    /// <summary>
    /// Starts what is not started (every bucket when this rank had no rows), waits for all, and writes the batch's mean
    /// gradient into every parameter's gradient. Returns the batch's rows, mean loss and correct predictions.
    /// </summary>
    public (int Rows, float Loss, int Correct) Complete()
    {
        if (_group.Size == 1)
        {
            // A group of one has nothing to add: the gradients already are the batch's mean.
            return _solo;
        }

        foreach (var bucket in _buckets)
        {
            if (bucket.Pending is null)
            {
                Start(bucket);
            }
        }

        var waiting = Stopwatch.GetTimestamp();
        foreach (var bucket in _buckets)
        {
            bucket.Pending!.Wait();
        }

        _collectiveTicks += Stopwatch.GetTimestamp() - waiting;

        var extras = _buffer.AsSpan(_buffer.Length - Extras);
        var rows = (int)MathF.Round(extras[2]);
        var inverse = rows == 0 ? 0f : 1f / rows;
        foreach (var (parameter, offset) in _layout)
        {
            Tensors.TensorMath.Scale(inverse, _buffer.AsSpan(offset, parameter.Value.Length), parameter.Gradient.Span);
        }

        return (rows, rows == 0 ? 0f : extras[0] * inverse, (int)MathF.Round(extras[1]));
    }

    /// <summary>Sums a few numbers over the ranks (validation's loss sum, correct count and rows), blocking.</summary>
    public void Sum(float[] values) => _group.StartSum(values).Wait();

    private void Start(Bucket bucket)
    {
        // Pack this bucket's gradients (times this rank's rows: the summed loss's gradient) into the buffer.
        foreach (var (parameter, offset) in _layout)
        {
            if (offset < bucket.Start || offset >= bucket.Start + bucket.Length)
            {
                continue;
            }

            var source = parameter.Gradient.Span;
            var target = _buffer.AsSpan(offset, source.Length);
            if (_scale == 0f)
            {
                target.Clear();
            }
            else
            {
                Tensors.TensorMath.Scale(_scale, source, target);
            }
        }

        var starting = Stopwatch.GetTimestamp();
        bucket.Pending = _group.StartSum(_buffer.AsMemory(bucket.Start, bucket.Length));
        foreach (var other in _buckets)
        {
            other.Pending?.Test();
        }

        _collectiveTicks += Stopwatch.GetTimestamp() - starting;
    }

    private static long LayoutHash(IEnumerable<Parameter> parameters)
    {
        var hash = 14695981039346656037UL;
        void Mix(int value)
        {
            hash ^= (uint)value;
            hash *= 1099511628211UL;
        }

        foreach (var p in parameters)
        {
            foreach (var c in p.Name)
            {
                Mix(c);
            }

            Mix(p.Shape.Rank);
            Mix(p.Shape.Rows);
            Mix(p.Shape.Columns);
        }

        return (long)(hash >> 1);
    }

    private sealed class Bucket(int start, int length, Layer[] layers)
    {
        public int Start { get; } = start;

        public int Length { get; } = length;

        public Layer[] Layers { get; } = layers;

        public int Done { get; set; }

        public IPendingCollective? Pending { get; set; }

        public void Reset()
        {
            Done = 0;
            Pending = null;
        }
    }
}
