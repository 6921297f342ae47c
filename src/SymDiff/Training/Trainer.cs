using SymDiff.Checkpoints;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Training;

/// <summary>
/// Trains a <see cref="Sequential"/> model: per-example, mini-batch or full-batch gradient descent with
/// per-epoch shuffling from a seeded generator, optional validation (given or split off), early stopping,
/// learning-rate schedules, gradient clipping, NaN/∞ detection and <see cref="IProgress{T}"/> reports.
/// A training step (<see cref="TrainStep"/>) reuses its buffers and allocates nothing in steady state.
/// <para>
/// Data-parallel training (<see cref="TrainerOptions.DataParallel"/>): every rank runs the same program on the same
/// data; each takes its contiguous share of every mini-batch (the same shuffled order on every rank, from the seed),
/// and the gradients are summed over the ranks in buckets that start while the backward pass is still running, so
/// every rank takes the same step with the batch's mean gradient. N ranks with <see cref="TrainerOptions.BatchSize"/>
/// B train like one rank with batch B, to float rounding (dropout masks excepted: each rank draws its own).
/// </para>
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly Sequential _model;
    private readonly Loss _loss;
    private readonly Optimizer _optimizer;
    private readonly Random _random;
    private readonly float _initialLearningRate;
    private Tensor<float>? _gradient;
    private Tensor<float>? _batchInputs;
    private Tensor<float>? _batchTargets;
    private Tensor<float>[]? _best;
    private int _epoch;
    private int _lastCorrect;
    private DataParallelGradients? _parallel;
    private long _stepTicks;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer (its learning rate is the schedule's initial rate).</param>
    /// <param name="options">The settings (defaults when null).</param>
    public Trainer(Sequential model, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _loss = loss ?? throw new ArgumentNullException(nameof(loss));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Options = options ?? new TrainerOptions();
        if (!(Options.ValidationFraction >= 0f && Options.ValidationFraction < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.ValidationFraction, "ValidationFraction must be in [0, 1).");
        }

        if (Options.Device is not null && (Options.ClipGlobalNorm > 0f || Options.ClipValue > 0f || Options.DataParallel is not null))
        {
            throw new ArgumentException(
                $"TrainerOptions.Device ({Options.Device.Name}) keeps the gradients on the device: gradient clipping and data parallelism, which need them on the CPU, cannot be combined with it.",
                nameof(options));
        }

        if (Options.BucketBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.BucketBytes, "BucketBytes must be positive.");
        }

        _random = new Random(Options.Seed);
        _initialLearningRate = optimizer.LearningRate;
    }

    /// <summary>True on the rank that reports progress and writes checkpoints: rank 0, or the only process.</summary>
    public bool IsLeader => Options.DataParallel is not { } group || group.Rank == 0;

    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Optimizer steps taken by this trainer.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// One optimizer step on a batch: forward (training mode), loss and gradient, backward, clipping,
    /// NaN/∞ check, update. Returns the batch's mean loss (before the update).
    /// </summary>
    /// <param name="inputs">The batch inputs, one example per row.</param>
    /// <param name="targets">The batch targets.</param>
    /// <remarks>
    /// In data-parallel training every rank calls it together with its own share of the batch (shares may differ in
    /// size, but not be empty); the gradient and the returned loss are the whole batch's.
    /// </remarks>
    public float TrainStep(Tensor<float> inputs, Tensor<float> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Step(inputs, targets);
    }

    /// <summary>Time spent in training steps (forward, loss, backward, gradient sums, update) by this trainer.</summary>
    public TimeSpan StepTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, _stepTicks);

    /// <summary>
    /// Where this rank's training time went, in data-parallel training (null otherwise): its steps' time and the part
    /// spent inside gradient sums that the backward pass did not hide.
    /// </summary>
    public DataParallelStatistics? DataParallelStatistics => _parallel is { } p && Options.DataParallel is { } group
        ? new DataParallelStatistics(group.Rank, group.Size, Steps, p.Examples, p.BucketCount, StepTime, p.CollectiveTime)
        : null;

    /// <summary>A step on this rank's rows (none: null inputs, in data-parallel training only).</summary>
    private float Step(Tensor<float>? inputs, Tensor<float>? targets)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return StepCore(inputs, targets);
        }
        finally
        {
            _stepTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        }
    }

    private float StepCore(Tensor<float>? inputs, Tensor<float>? targets)
    {
        float loss;
        if (Options.Device is { } device)
        {
            loss = device.Step(inputs!, targets!, _optimizer.LearningRate, out _lastCorrect);
            _optimizer.StepCount++;
            Steps++;
            if (Options.DetectNonFinite && !float.IsFinite(loss))
            {
                throw new NonFiniteValueException(Steps, _epoch, loss, null, null);
            }

            return loss;
        }

        if (Parallel() is { } parallel)
        {
            var rows = inputs?.Rows ?? 0;
            Tensor<float>? output = null;
            Tensor<float>? gradient = null;
            var shardLoss = 0f;
            if (inputs is not null)
            {
                output = _model.Forward(inputs, training: true);
                gradient = EnsureShape(ref _gradient, output.Shape);
                shardLoss = _loss.Compute(output, targets!, gradient);
            }

            parallel.Begin(rows, shardLoss, output is null ? 0 : _loss.CountCorrect(output, targets!));
            if (gradient is not null)
            {
                _model.Backward(gradient, computeInputGradient: false, parallel.LayerDone);
            }

            (_, loss, _lastCorrect) = parallel.Complete();
        }
        else
        {
            var output = _model.Forward(inputs!, training: true);
            var gradient = EnsureShape(ref _gradient, output.Shape);
            loss = _loss.Compute(output, targets!, gradient);
            _lastCorrect = _loss.CountCorrect(output, targets!);
            if (FusesUpdate(out var sgd))
            {
                sgd.BackwardAndStep(_model, gradient);
                Steps++;
                return loss;
            }

            _model.Backward(gradient);
        }

        var parameters = _optimizer.Parameters;
        if (Options.ClipGlobalNorm > 0f)
        {
            GradientClipping.ClipByGlobalNorm(parameters, Options.ClipGlobalNorm);
        }

        if (Options.ClipValue > 0f)
        {
            GradientClipping.ClipByValue(parameters, Options.ClipValue);
        }

        Steps++;
        if (Options.DetectNonFinite)
        {
            CheckFinite(loss);
        }

        _optimizer.Step();
        return loss;
    }

    /// <summary>
    /// True when nothing reads the gradients between the backward pass and plain SGD's step (no clipping, no NaN/∞
    /// scan, which must leave the weights as they were when it throws): the step then runs inside the backward pass
    /// (<see cref="Sgd.BackwardAndStep"/>), a <see cref="Dense"/> layer's weights updated by their gradient's GEMM.
    /// </summary>
    private bool FusesUpdate([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Sgd? sgd)
    {
        sgd = _optimizer as Sgd;
        return sgd is not null && Options.ClipGlobalNorm <= 0f && Options.ClipValue <= 0f && !Options.DetectNonFinite;
    }

    private DataParallelGradients? Parallel() => Options.DataParallel is { } group
        ? _parallel ??= new DataParallelGradients(group, _model, _optimizer, Options.BucketBytes)
        : null;

    /// <summary>Mean loss and accuracy of the model (inference mode) on a data set, in chunks.</summary>
    /// <param name="inputs">The inputs, one example per row.</param>
    /// <param name="targets">The targets.</param>
    public Evaluation Evaluate(Tensor<float> inputs, Tensor<float> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckDataSet(inputs, targets);
        var all = new int[inputs.Rows];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return Evaluate(inputs, targets, all);
    }

    /// <summary>Trains on a data set, holding out <see cref="TrainerOptions.ValidationFraction"/> for validation.</summary>
    /// <param name="inputs">The inputs, one example per row.</param>
    /// <param name="targets">The targets, one row (or one class index) per example.</param>
    /// <param name="progress">Receives progress reports, or null.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    public TrainingResult Fit(Tensor<float> inputs, Tensor<float> targets,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckDataSet(inputs, targets);
        var order = Permutation(inputs.Rows);
        var validation = (int)(inputs.Rows * Options.ValidationFraction);
        if (validation > 0)
        {
            _random.Shuffle(order);
        }

        var train = order[..^validation];
        var held = order[^validation..];
        Array.Sort(train);
        Array.Sort(held);
        return Run(inputs, targets, train, validation > 0 ? (inputs, targets, held) : null, progress, cancellationToken);
    }

    /// <summary>Trains on a data set and validates on another after every epoch.</summary>
    /// <param name="inputs">The training inputs.</param>
    /// <param name="targets">The training targets.</param>
    /// <param name="validationInputs">The validation inputs.</param>
    /// <param name="validationTargets">The validation targets.</param>
    /// <param name="progress">Receives progress reports, or null.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    public TrainingResult Fit(Tensor<float> inputs, Tensor<float> targets, Tensor<float> validationInputs,
        Tensor<float> validationTargets, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(validationInputs);
        CheckDataSet(inputs, targets);
        CheckDataSet(validationInputs, validationTargets);
        return Run(inputs, targets, Permutation(inputs.Rows),
            (validationInputs, validationTargets, Permutation(validationInputs.Rows)), progress, cancellationToken);
    }

    /// <summary>Returns the trainer's buffers to the pool.</summary>
    public void Dispose()
    {
        _gradient?.Dispose();
        _batchInputs?.Dispose();
        _batchTargets?.Dispose();
        if (_best is not null)
        {
            foreach (var t in _best)
            {
                t.Dispose();
            }
        }
    }

    private TrainingResult Run(Tensor<float> inputs, Tensor<float> targets, int[] train,
        (Tensor<float> X, Tensor<float> Y, int[] Rows)? validation, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        if (train.Length == 0)
        {
            throw new ArgumentException("There are no training examples left.", nameof(inputs));
        }

        var batchSize = Options.BatchSize <= 0 ? train.Length : Math.Min(Options.BatchSize, train.Length);
        var batches = (train.Length + batchSize - 1) / batchSize;
        Options.Device?.CopyToDevice();
        var parallel = Parallel();
        if (parallel is not null)
        {
            var group = Options.DataParallel!;
            group.Agree("training examples", train.Length);
            group.Agree("validation examples", validation?.Rows.Length ?? 0);
            group.Agree("batch size", batchSize);
            group.Agree("epochs", Options.Epochs);
            group.Agree("seed", Options.Seed);
            parallel.BroadcastParameters(_optimizer);
            if (group.Rank != 0)
            {
                progress = null;
            }
        }

        var history = new List<EpochMetrics>();
        var bestLoss = float.PositiveInfinity;
        var bestEpoch = 0;
        var wait = 0;
        var stoppedEarly = false;
        for (_epoch = 1; _epoch <= Options.Epochs; _epoch++)
        {
            if (Options.Schedule is not null)
            {
                _optimizer.LearningRate = Options.Schedule.GetLearningRate(_initialLearningRate, _epoch - 1);
            }

            if (Options.Shuffle)
            {
                _random.Shuffle(train);
            }

            double lossSum = 0;
            long correct = 0, seen = 0;
            for (var b = 0; b < batches; b++)
            {
                ct.ThrowIfCancellationRequested();
                var rows = train.AsSpan(b * batchSize, Math.Min(batchSize, train.Length - b * batchSize));
                var mine = rows;
                if (parallel is not null)
                {
                    var (start, count) = parallel.Shard(rows.Length);
                    mine = rows.Slice(start, count);
                }

                var (bx, by) = mine.Length > 0 ? Gather(inputs, targets, mine) : (null, null);
                lossSum += (double)Step(bx, by) * rows.Length;
                correct += _lastCorrect;
                seen += rows.Length;
                if (progress is not null && Options.ReportEverySteps > 0 && Steps % Options.ReportEverySteps == 0 && b + 1 < batches)
                {
                    progress.Report(new TrainingProgress(_epoch, Options.Epochs, b + 1, batches, Steps,
                        (float)(lossSum / seen), (float)correct / seen, null, null, _optimizer.LearningRate, false));
                }
            }

            // The epoch's parameters on the CPU model, for validation, early stopping and checkpoints.
            Options.Device?.CopyToHost();
            Evaluation? val = validation is { } v ? parallel is null ? Evaluate(v.X, v.Y, v.Rows) : EvaluateShared(parallel, v.X, v.Y, v.Rows) : null;
            var metrics = new EpochMetrics(_epoch, (float)(lossSum / seen), (float)correct / seen,
                val?.Loss, val?.Accuracy, _optimizer.LearningRate);
            history.Add(metrics);
            progress?.Report(new TrainingProgress(_epoch, Options.Epochs, batches, batches, Steps, metrics.Loss,
                metrics.Accuracy, metrics.ValidationLoss, metrics.ValidationAccuracy, metrics.LearningRate, true));

            if (Options.CheckpointPath is { } path && IsLeader)
            {
                Checkpoint.Save(path, _optimizer.Parameters, _optimizer);
            }

            var monitored = metrics.ValidationLoss ?? metrics.Loss;
            if (monitored < bestLoss - Options.MinDelta)
            {
                bestLoss = monitored;
                bestEpoch = _epoch;
                wait = 0;
                if (Options.Patience > 0 && Options.RestoreBestParameters)
                {
                    SaveBest();
                }
            }
            else if (Options.Patience > 0 && ++wait >= Options.Patience)
            {
                stoppedEarly = true;
                if (Options.RestoreBestParameters && _best is not null)
                {
                    RestoreBest();
                    Options.Device?.CopyToDevice();
                }

                break;
            }
        }

        _epoch = 0;
        return new TrainingResult(history, stoppedEarly, bestEpoch, bestLoss);
    }

    private Evaluation Evaluate(Tensor<float> inputs, Tensor<float> targets, int[] rows)
    {
        if (rows.Length == 0)
        {
            return new Evaluation(0f, 0f, 0);
        }

        var chunk = Math.Max(Options.BatchSize, 256);
        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < rows.Length; start += chunk)
        {
            var part = rows.AsSpan(start, Math.Min(chunk, rows.Length - start));
            var (bx, by) = Gather(inputs, targets, part);
            var output = _model.Forward(bx, training: false);
            lossSum += (double)_loss.Compute(output, by, null) * part.Length;
            correct += _loss.CountCorrect(output, by);
        }

        return new Evaluation((float)(lossSum / rows.Length), (float)correct / rows.Length, rows.Length);
    }

    /// <summary>Validation shared out: each rank evaluates its share of the rows, and the sums are added up over the ranks.</summary>
    private Evaluation EvaluateShared(DataParallelGradients parallel, Tensor<float> inputs, Tensor<float> targets, int[] rows)
    {
        var (start, count) = parallel.Shard(rows.Length);
        var mine = Evaluate(inputs, targets, rows[start..(start + count)]);
        var sums = new[] { mine.Loss * mine.Count, mine.Accuracy * mine.Count, mine.Count };
        parallel.Sum(sums);
        var total = (int)MathF.Round(sums[2]);
        return total == 0 ? new Evaluation(0f, 0f, 0) : new Evaluation(sums[0] / total, MathF.Round(sums[1]) / total, total);
    }

    private (Tensor<float> X, Tensor<float> Y) Gather(Tensor<float> inputs, Tensor<float> targets, ReadOnlySpan<int> rows)
    {
        var x = EnsureShape(ref _batchInputs, TensorShape.Matrix(rows.Length, inputs.Columns));
        var y = EnsureShape(ref _batchTargets, targets.Rank == 1
            ? TensorShape.Vector(rows.Length)
            : TensorShape.Matrix(rows.Length, targets.Columns));
        var xs = x.Span;
        var ys = y.Span;
        int dx = inputs.Columns, dy = targets.Columns;
        for (var i = 0; i < rows.Length; i++)
        {
            inputs.Span.Slice(rows[i] * dx, dx).CopyTo(xs.Slice(i * dx, dx));
            targets.Span.Slice(rows[i] * dy, dy).CopyTo(ys.Slice(i * dy, dy));
        }

        return (x, y);
    }

    private void CheckFinite(float loss)
    {
        var parameters = _optimizer.Parameters;
        string? badParameter = null;
        for (var i = 0; i < parameters.Count && badParameter is null; i++)
        {
            if (!parameters[i].Gradient.IsAllFinite())
            {
                badParameter = parameters[i].Name;
            }
        }

        if (float.IsFinite(loss) && badParameter is null)
        {
            return;
        }

        string? badLayer = null;
        foreach (var layer in _model.Layers)
        {
            if (layer.LastOutput is { } o && !o.IsDisposed && !o.IsAllFinite())
            {
                badLayer = layer.Name;
                break;
            }
        }

        throw new NonFiniteValueException(Steps, _epoch, loss, badParameter, badLayer);
    }

    private void SaveBest()
    {
        var parameters = _optimizer.Parameters;
        _best ??= [.. parameters.Select(p => new Tensor<float>(p.Shape))];
        for (var i = 0; i < parameters.Count; i++)
        {
            _best[i].CopyFrom(parameters[i].Value);
        }
    }

    private void RestoreBest()
    {
        var parameters = _optimizer.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].Value.CopyFrom(_best![i]);
        }
    }

    private static void CheckDataSet(Tensor<float> inputs, Tensor<float> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rank != 2)
        {
            throw new ShapeMismatchException("training inputs (a matrix, one example per row)",
                TensorShape.Matrix(inputs.Rows, inputs.Columns), inputs.Shape);
        }

        if (targets.Rows != inputs.Rows)
        {
            var expected = targets.Rank == 1 ? TensorShape.Vector(inputs.Rows) : TensorShape.Matrix(inputs.Rows, targets.Columns);
            throw new ShapeMismatchException("targets (one row per input example)", expected, targets.Shape);
        }
    }

    private static int[] Permutation(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        return order;
    }

    private static Tensor<float> EnsureShape(ref Tensor<float>? buffer, TensorShape shape)
    {
        if (buffer is not null && (buffer.Shape == shape || buffer.TryReshape(shape)))
        {
            return buffer;
        }

        buffer?.Dispose();
        buffer = new Tensor<float>(shape);
        return buffer;
    }
}
