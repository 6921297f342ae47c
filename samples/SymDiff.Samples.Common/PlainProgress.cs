using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>
/// Progress for consoles that cannot redraw a bar (CI logs, redirected output): one line for the first epoch,
/// about <c>lines</c> evenly spaced epochs and the last, chosen by epoch number so the log is the same on
/// every run. Reports within an epoch are ignored.
/// </summary>
public sealed class PlainProgress : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly int _lines;
    private int _written;

    /// <summary>Creates the reporter.</summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="lines">About how many lines to write over the whole run.</param>
    public PlainProgress(TextWriter writer, int lines = 10)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        _writer = writer;
        _lines = lines;
    }

    /// <summary>The last end-of-epoch report seen, if any.</summary>
    public TrainingProgress? Last { get; private set; }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (!value.EndOfEpoch)
        {
            return;
        }

        Last = value;
        var every = Math.Max(1, value.Epochs / _lines);
        if (value.Epoch == 1 || value.Epoch == value.Epochs || value.Epoch % every == 0)
        {
            Write(value);
        }
    }

    /// <summary>Writes the last epoch's line if it was skipped (training stopped before the planned last epoch).</summary>
    public void Finish()
    {
        if (Last is { } last && _written != last.Epoch)
        {
            Write(last);
        }
    }

    private void Write(TrainingProgress value)
    {
        _writer.WriteLine("  " + ProgressText.Describe(value));
        _written = value.Epoch;
    }
}
