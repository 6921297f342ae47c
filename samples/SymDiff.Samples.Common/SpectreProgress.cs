using Spectre.Console;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>Moves a Spectre.Console progress task along with the trainer's reports (epochs as the unit, batches as fractions).</summary>
internal sealed class SpectreProgress : IProgress<TrainingProgress>
{
    private readonly ProgressTask _task;
    private readonly string _title;

    public SpectreProgress(ProgressTask task, string title)
    {
        _task = task;
        _title = title;
    }

    public void Report(TrainingProgress value)
    {
        _task.MaxValue = value.Epochs;
        _task.Value = value.Epoch - 1 + ((double)value.Batch / Math.Max(1, value.BatchesPerEpoch));
        _task.Description = $"[bold]{Markup.Escape(_title)}[/] {Markup.Escape(ProgressText.Compact(value))}";
    }
}
