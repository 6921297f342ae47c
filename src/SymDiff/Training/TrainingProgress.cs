namespace SymDiff.Training;

/// <summary>
/// A progress report from <see cref="Trainer"/> (a value type, so reporting allocates nothing). Loss and
/// accuracy are running averages over the epoch so far; validation metrics are present on end-of-epoch
/// reports when there is validation data.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The configured number of epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="BatchesPerEpoch">Batches per epoch.</param>
/// <param name="Step">Optimizer steps done since the trainer was created.</param>
/// <param name="Loss">The mean training loss of the epoch so far.</param>
/// <param name="Accuracy">The training accuracy of the epoch so far, in [0, 1].</param>
/// <param name="ValidationLoss">The validation loss (end of epoch only).</param>
/// <param name="ValidationAccuracy">The validation accuracy (end of epoch only).</param>
/// <param name="LearningRate">The learning rate in use.</param>
/// <param name="EndOfEpoch">Whether this report closes an epoch.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    long Step,
    float Loss,
    float Accuracy,
    float? ValidationLoss,
    float? ValidationAccuracy,
    float LearningRate,
    bool EndOfEpoch);

/// <summary>The metrics of one finished epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">The mean training loss.</param>
/// <param name="Accuracy">The training accuracy.</param>
/// <param name="ValidationLoss">The validation loss, if there is validation data.</param>
/// <param name="ValidationAccuracy">The validation accuracy, if there is validation data.</param>
/// <param name="LearningRate">The learning rate used.</param>
public sealed record EpochMetrics(int Epoch, float Loss, float Accuracy, float? ValidationLoss, float? ValidationAccuracy, float LearningRate);

/// <summary>The outcome of <c>Trainer.Fit</c>.</summary>
/// <param name="History">Metrics of every epoch run.</param>
/// <param name="StoppedEarly">Whether early stopping ended training.</param>
/// <param name="BestEpoch">The epoch with the lowest monitored loss (from 1).</param>
/// <param name="BestLoss">That loss.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, bool StoppedEarly, int BestEpoch, float BestLoss);

/// <summary>Loss and accuracy of a model on a data set.</summary>
/// <param name="Loss">The mean loss.</param>
/// <param name="Accuracy">The fraction of examples predicted correctly.</param>
/// <param name="Count">Number of examples.</param>
public readonly record struct Evaluation(float Loss, float Accuracy, int Count);

/// <summary>Where one rank's data-parallel training time went (<see cref="Trainer.DataParallelStatistics"/>).</summary>
/// <param name="Rank">This rank.</param>
/// <param name="Ranks">The number of ranks.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="Examples">Training rows this rank computed gradients on.</param>
/// <param name="Buckets">Gradient sums per step.</param>
/// <param name="StepTime">Time in training steps (forward, backward, sums, update).</param>
/// <param name="CollectiveTime">Time inside the gradient sums that the backward pass did not hide.</param>
public sealed record DataParallelStatistics(int Rank, int Ranks, long Steps, long Examples, int Buckets, TimeSpan StepTime, TimeSpan CollectiveTime)
{
    /// <summary>Rows per second of step time on this rank.</summary>
    public double ExamplesPerSecond => StepTime > TimeSpan.Zero ? Examples / StepTime.TotalSeconds : 0;

    /// <summary>The share of step time spent in gradient sums.</summary>
    public double CollectiveShare => StepTime > TimeSpan.Zero ? CollectiveTime / StepTime : 0;
}
