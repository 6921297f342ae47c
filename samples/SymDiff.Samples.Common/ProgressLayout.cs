using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>What the live progress line shows: the title when it fits, and the report's parts that fit.</summary>
/// <param name="Title">The run's title, or null when it does not fit.</param>
/// <param name="Report">The report's parts (<see cref="ProgressText.CompactParts"/>) that fit.</param>
public sealed record ProgressDescription(string? Title, string Report)
{
    /// <summary>The whole description: the title (if shown), a space, the report.</summary>
    public string Text => Title is null ? Report : $"{Title} {Report}";
}

/// <summary>
/// The live progress line in a terminal of a given width: the description, a bar of <see cref="BarWidth"/>
/// characters, the percentage ("100%") and the elapsed time ("00:00:00"), a space between each, never reaching the
/// last column (where a terminal would wrap). At 80 columns the bar keeps 10 characters and the description drops
/// what does not fit: the accuracy, then the validation loss, then the title.
/// </summary>
/// <param name="BarWidth">The bar's width in characters.</param>
/// <param name="DescriptionWidth">The most characters the description may take.</param>
public sealed record ProgressLayout(int BarWidth, int DescriptionWidth)
{
    /// <summary>The narrowest bar drawn.</summary>
    public const int MinBarWidth = 10;

    /// <summary>The widest bar drawn, however wide the terminal.</summary>
    public const int MaxBarWidth = 24;

    /// <summary>
    /// Everything on the line but the description and the bar: "100%", "00:00:00", the three spaces between the four
    /// columns, and the last column, left empty.
    /// </summary>
    public const int FixedWidth = 4 + 8 + 3 + 1;

    /// <summary>Room the description gets before the bar grows past its narrowest: a title, the epoch, the loss and the validation loss.</summary>
    private const int DescriptionRoom = 56;

    /// <summary>The narrowest description worth a live line: "epoch 300/1000 loss 0.0890", 26 characters.</summary>
    private const int MinDescriptionWidth = 26;

    /// <summary>The layout for a terminal <paramref name="width"/> columns wide, or null if a live line does not fit (plain lines then).</summary>
    /// <param name="width">The terminal's width.</param>
    public static ProgressLayout? For(int width)
    {
        var room = width - FixedWidth;
        var bar = Math.Clamp(room - DescriptionRoom, MinBarWidth, MaxBarWidth);
        return room - bar < MinDescriptionWidth ? null : new ProgressLayout(bar, room - bar);
    }

    /// <summary>The description of <paramref name="report"/> that fits in <see cref="DescriptionWidth"/>.</summary>
    /// <param name="title">The run's title.</param>
    /// <param name="report">The report.</param>
    public ProgressDescription Describe(string title, TrainingProgress report)
    {
        ArgumentNullException.ThrowIfNull(title);
        var parts = ProgressText.CompactParts(report);
        for (var kept = parts.Count; kept >= 2; kept--)
        {
            var text = string.Join(" ", parts.Take(kept));
            if (title.Length + 1 + text.Length <= DescriptionWidth)
            {
                return new ProgressDescription(title, text);
            }

            if (kept == 2 && text.Length <= DescriptionWidth)
            {
                return new ProgressDescription(null, text);
            }
        }

        var shortest = string.Join(" ", parts.Take(2));
        return new ProgressDescription(null, shortest[..Math.Max(0, DescriptionWidth - 1)] + "…");
    }
}
