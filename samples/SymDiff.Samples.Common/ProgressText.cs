using System.Globalization;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>One-line summaries of a <see cref="TrainingProgress"/> report, shared by the live bar and the plain lines.</summary>
public static class ProgressText
{
    /// <summary>
    /// "epoch 12/200  loss 0.1234  acc 95.0%  val loss 0.2345  val acc 90.0%" (validation only when present; no accuracy
    /// when it is NaN, as for a regression).
    /// </summary>
    /// <param name="report">The report.</param>
    public static string Describe(TrainingProgress report)
    {
        var width = report.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"epoch {report.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{report.Epochs}  loss {report.Loss:F4}");
        if (!float.IsNaN(report.Accuracy))
        {
            text += $"  acc {Percent(report.Accuracy)}";
        }

        if (report.ValidationLoss is { } vl)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  val loss {vl:F4}");
        }

        if (report.ValidationAccuracy is { } va)
        {
            text += $"  val acc {Percent(va)}";
        }

        return text;
    }

    /// <summary>
    /// A shorter form for the live bar, which shares one terminal line with it: "epoch 12/200 loss 0.1234 val 0.2345
    /// acc 90.0%" (the accuracy is the validation accuracy when there is one; none when it is NaN).
    /// </summary>
    /// <param name="report">The report.</param>
    public static string Compact(TrainingProgress report) => string.Join(" ", CompactParts(report));

    /// <summary>
    /// The parts of <see cref="Compact"/>, most important first: "epoch 12/200", "loss 0.1234", then "val 0.2345"
    /// and "acc 90.0%" where there are such values.
    /// </summary>
    /// <param name="report">The report.</param>
    public static IReadOnlyList<string> CompactParts(TrainingProgress report)
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{report.Epochs}"),
            string.Create(CultureInfo.InvariantCulture, $"loss {report.Loss:F4}"),
        };
        if (report.ValidationLoss is { } vl)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"val {vl:F4}"));
        }

        var accuracy = report.ValidationAccuracy ?? report.Accuracy;
        if (!float.IsNaN(accuracy))
        {
            parts.Add("acc " + Percent(accuracy).TrimStart());
        }

        return parts;
    }

    /// <summary>A fraction as a percentage with one decimal, right-aligned to six characters ("  95.0%").</summary>
    /// <param name="fraction">The fraction in [0, 1].</param>
    public static string Percent(double fraction) =>
        (100 * fraction).ToString("F1", CultureInfo.InvariantCulture).PadLeft(5) + "%";
}
