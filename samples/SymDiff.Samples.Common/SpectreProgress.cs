using Spectre.Console;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>Moves a Spectre.Console progress task along with the trainer's reports (epochs as the unit, batches as fractions).</summary>
internal sealed class SpectreProgress : IProgress<TrainingProgress>
{
    private readonly ProgressTask _task;
    private readonly string _title;
    private readonly ProgressLayout _layout;

    public SpectreProgress(ProgressTask task, string title, ProgressLayout layout)
    {
        _task = task;
        _title = title;
        _layout = layout;
    }

    public void Report(TrainingProgress value)
    {
        _task.MaxValue = value.Epochs;
        _task.Value = value.Epoch - 1 + ((double)value.Batch / Math.Max(1, value.BatchesPerEpoch));
        var description = _layout.Describe(_title, value);
        _task.Description = description.Title is null
            ? Markup.Escape(description.Report)
            : $"[bold]{Markup.Escape(description.Title)}[/] {Markup.Escape(description.Report)}";
    }
}
