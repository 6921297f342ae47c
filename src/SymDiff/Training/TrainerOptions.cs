using SymDiff.Optimizers;

namespace SymDiff.Training;

/// <summary>Settings of <see cref="Trainer.Fit(SymDiff.Tensors.Tensor{float}, SymDiff.Tensors.Tensor{float}, IProgress{TrainingProgress}?, CancellationToken)"/>.</summary>
public sealed record TrainerOptions
{
    /// <summary>A <see cref="BatchSize"/> meaning "all training examples in one batch" (batch gradient descent).</summary>
    public const int FullBatch = 0;

    /// <summary>Maximum number of passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>
    /// Examples per optimizer step: 1 for per-example SGD, n for mini-batches, <see cref="FullBatch"/> (or any
    /// value ≥ the number of examples) for full-batch gradient descent. The last mini-batch of an epoch may be smaller.
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether to shuffle the training examples at the start of every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the trainer's generator (shuffling and the validation split): same seed, same run.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Fraction in [0, 1) of the examples held out for validation when no validation set is passed to
    /// <c>Fit</c> (chosen by a seeded shuffle once, before training).
    /// </summary>
    public float ValidationFraction { get; init; }

    /// <summary>
    /// Early stopping: stop after this many epochs without the monitored loss (validation loss if there is
    /// validation data, else training loss) improving by more than <see cref="MinDelta"/>; 0 disables it.
    /// </summary>
    public int Patience { get; init; }

    /// <summary>The smallest decrease of the monitored loss that counts as an improvement.</summary>
    public float MinDelta { get; init; }

    /// <summary>When early stopping triggers, restore the parameters of the best epoch.</summary>
    public bool RestoreBestParameters { get; init; } = true;

    /// <summary>Learning-rate decay applied at the start of every epoch (null: constant rate).</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Clip gradients to this global L2 norm before each step (0: off).</summary>
    public float ClipGlobalNorm { get; init; }

    /// <summary>Clamp every gradient element to ± this value before each step (0: off).</summary>
    public float ClipValue { get; init; }

    /// <summary>
    /// Check the loss and all gradients for NaN/∞ every step and stop with <see cref="NonFiniteValueException"/>, the
    /// parameters as they were before the step. Off, with <see cref="Sgd"/> and no clipping, nothing reads the gradients
    /// before the update, so the update runs inside the backward pass (<see cref="Sgd.BackwardAndStep"/>).
    /// </summary>
    public bool DetectNonFinite { get; init; } = true;

    /// <summary>Also report progress every this many steps (0: only at the end of each epoch).</summary>
    public int ReportEverySteps { get; init; }

    /// <summary>
    /// Write a checkpoint (parameters and optimizer state, atomically: see <see cref="Checkpoints.Checkpoint"/>) to
    /// this file at the end of every epoch; null: none. In data-parallel training only rank 0 writes it.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// The process group for data-parallel training (for example <c>SymDiff.Distributed.MpiCommunicator</c>), or null
    /// to train in this process alone. Every rank must run the same training with the same data and settings: the
    /// trainer checks that the ranks agree on the model's shapes, the examples and the settings, starts every rank
    /// from rank 0's parameters, and reports progress on rank 0 only. <see cref="BatchSize"/> is the whole batch,
    /// shared among the ranks.
    /// </summary>
    public ICollectives? DataParallel { get; init; }

    /// <summary>
    /// The device that runs the training steps (for example <c>SymDiff.Gpu.GpuTrainingDevice</c> on an ILGPU
    /// accelerator), or null for the CPU runtime. The trainer copies the parameters to the device when training starts
    /// and back at the end of every epoch (validation, early stopping and checkpoints use the CPU model). Gradient
    /// clipping and data parallelism need the gradients on the CPU and do not combine with it.
    /// </summary>
    public ITrainingDevice? Device { get; init; }

    /// <summary>
    /// Data-parallel training: gradients are summed in buckets of about this many bytes (whole layers, last layer
    /// first), each started as soon as the backward pass has finished its layers. Default 1 MiB.
    /// </summary>
    public int BucketBytes { get; init; } = 1 << 20;
}
