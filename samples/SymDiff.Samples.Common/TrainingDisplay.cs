using Spectre.Console;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>
/// Runs a training function under a progress display: a live Spectre.Console bar on an interactive terminal, laid
/// out to its width (<see cref="ProgressLayout"/>); plain lines (<see cref="PlainProgress"/>) when the output is
/// redirected, the terminal cannot redraw or is too narrow for a bar, or plain output was asked for, so CI logs get
/// readable lines instead of control sequences.
/// </summary>
public static class TrainingDisplay
{
    /// <summary>Whether the live bar can be drawn: standard output is a terminal that Spectre.Console can redraw.</summary>
    public static bool CanShowLiveProgress =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>Runs <paramref name="train"/>, passing it the progress sink to report to.</summary>
    /// <typeparam name="T">The training result.</typeparam>
    /// <param name="title">A short name shown with the progress.</param>
    /// <param name="plain">Force plain lines.</param>
    /// <param name="train">The training run.</param>
    public static T Run<T>(string title, bool plain, Func<IProgress<TrainingProgress>, T> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var layout = plain || !CanShowLiveProgress ? null : ProgressLayout.For(TerminalWidth.Current);
        if (layout is null)
        {
            SampleHost.Out.WriteLine($"Training {title}:");
            var lines = new PlainProgress(SampleHost.Out);
            var result = train(lines);
            lines.Finish();
            return result;
        }

        T outcome = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = layout.BarWidth },
                new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var heading = title.Length <= layout.DescriptionWidth ? title : title[..(layout.DescriptionWidth - 1)] + "…";
                var task = context.AddTask($"[bold]{Markup.Escape(heading)}[/]");
                outcome = train(new SpectreProgress(task, title, layout));
                task.Value = task.MaxValue;
            });
        return outcome;
    }
}
