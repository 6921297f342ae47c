using System.Globalization;
using System.Text;
using System.Xml;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>One line of a chart.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">The (x, y) points in x order; non-finite values are skipped.</param>
/// <param name="Color">An SVG color.</param>
/// <param name="Dashed">Whether the line is dashed.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, string Color, bool Dashed = false);

/// <summary>
/// Draws loss curves as a standalone SVG line chart: title, both axes with "nice" ticks (the y axis logarithmic,
/// and labelled so, where the values span more than two decades), grid lines, axis labels, one polyline per series
/// and a legend. No plotting library; the XML goes through <see cref="XmlWriter"/>, so it
/// is well-formed whatever the titles hold.
/// </summary>
public static class LossCurveSvg
{
    private const int Width = 720;
    private const int Height = 440;
    private const double Left = 72, Right = 24, Top = 44, Bottom = 56;
    private const int MaxPointsPerSeries = 1000;
    private const int MaxMarkers = 30;

    /// <summary>The training curve, and the validation curve when the history has one.</summary>
    /// <param name="history">The epochs' metrics.</param>
    public static IReadOnlyList<ChartSeries> FromHistory(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var series = new List<ChartSeries>
        {
            new("training loss", [.. history.Select(m => ((double)m.Epoch, (double)m.Loss))], "#1f77b4"),
        };
        if (history.Any(m => m.ValidationLoss is not null))
        {
            series.Add(new ChartSeries("validation loss",
                [.. history.Where(m => m.ValidationLoss is not null).Select(m => ((double)m.Epoch, (double)m.ValidationLoss!.Value))],
                "#d62728", Dashed: true));
        }

        return series;
    }

    /// <summary>Renders the history's loss curves and writes them atomically to <paramref name="path"/>.</summary>
    /// <param name="path">The SVG file.</param>
    /// <param name="title">The chart title.</param>
    /// <param name="history">The epochs' metrics.</param>
    /// <returns>The full path written.</returns>
    public static string Write(string path, string title, IReadOnlyList<EpochMetrics> history) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(Render(title, "epoch", "loss", FromHistory(history))));

    /// <summary>Renders a line chart as SVG text.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="xLabel">The x-axis label.</param>
    /// <param name="yLabel">The y-axis label.</param>
    /// <param name="series">The lines (at least one finite point in all).</param>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count == 0)
        {
            throw new ArgumentException("There is nothing to plot: no finite points.", nameof(series));
        }

        var x = AxisScale.Nice(Math.Min(0, finite.Min(p => p.X)), finite.Max(p => p.X), 8, wholeNumbers: true);
        var (low, high) = (finite.Min(p => p.Y), finite.Max(p => p.Y));
        var logarithmic = LogAxisScale.SpansDecades(low, high);
        IAxisScale y = logarithmic ? LogAxisScale.Covering(low, high) : AxisScale.Nice(Math.Min(0, low), high, 6);
        yLabel = logarithmic ? $"{yLabel} (log scale)" : yLabel;
        var plot = new Plot(x, y);

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(text, settings))
        {
            w.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attr(w, "width", Width);
            Attr(w, "height", Height);
            w.WriteAttributeString("viewBox", $"0 0 {Width} {Height}");
            w.WriteAttributeString("font-family", "sans-serif");
            w.WriteAttributeString("font-size", "12");
            w.WriteElementString("title", title);
            Rect(w, 0, 0, Width, Height, "#ffffff", null);
            Label(w, Width / 2.0, 26, title, "middle", size: 16, weight: "bold");
            DrawGrid(w, plot);
            foreach (var s in series)
            {
                DrawSeries(w, plot, s);
            }

            DrawLegend(w, series);
            Label(w, Left + (plot.InnerWidth / 2), Height - 14, xLabel, "middle", size: 13);
            w.WriteStartElement("text");
            Attr(w, "x", 0);
            Attr(w, "y", 0);
            w.WriteAttributeString("transform", string.Create(CultureInfo.InvariantCulture,
                $"translate(18 {Top + (plot.InnerHeight / 2):0.##}) rotate(-90)"));
            w.WriteAttributeString("text-anchor", "middle");
            w.WriteAttributeString("font-size", "13");
            w.WriteString(yLabel);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        return text.ToString() + "\n";
    }

    private static void DrawGrid(XmlWriter w, Plot plot)
    {
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "axes");
        foreach (var t in plot.X.Ticks())
        {
            var px = plot.Px(t);
            Line(w, px, Top, px, Top + plot.InnerHeight, "#e5e5e5");
            Line(w, px, Top + plot.InnerHeight, px, Top + plot.InnerHeight + 5, "#333333");
            Label(w, px, Top + plot.InnerHeight + 19, plot.X.Format(t), "middle");
        }

        foreach (var t in plot.Y.Ticks())
        {
            var py = plot.Py(t);
            Line(w, Left, py, Left + plot.InnerWidth, py, "#e5e5e5");
            Line(w, Left - 5, py, Left, py, "#333333");
            Label(w, Left - 8, py + 4, plot.Y.Format(t), "end");
        }

        Line(w, Left, Top, Left, Top + plot.InnerHeight, "#333333");
        Line(w, Left, Top + plot.InnerHeight, Left + plot.InnerWidth, Top + plot.InnerHeight, "#333333");
        w.WriteEndElement();
    }

    private static void DrawSeries(XmlWriter w, Plot plot, ChartSeries series)
    {
        var points = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count == 0)
        {
            return;
        }

        // Long runs: keep every k-th point and the last, which a 600-pixel-wide line cannot tell apart.
        var every = (points.Count + MaxPointsPerSeries - 1) / MaxPointsPerSeries;
        var kept = points.Where((_, i) => i % every == 0 || i == points.Count - 1);
        var coordinates = string.Join(" ", kept.Select(p => string.Create(CultureInfo.InvariantCulture, $"{plot.Px(p.X):0.##},{plot.Py(p.Y):0.##}")));
        w.WriteStartElement("polyline");
        w.WriteAttributeString("class", "series");
        w.WriteAttributeString("data-name", series.Name);
        w.WriteAttributeString("fill", "none");
        w.WriteAttributeString("stroke", series.Color);
        w.WriteAttributeString("stroke-width", "2");
        w.WriteAttributeString("stroke-linejoin", "round");
        if (series.Dashed)
        {
            w.WriteAttributeString("stroke-dasharray", "6 4");
        }

        w.WriteAttributeString("points", coordinates);
        w.WriteEndElement();
        if (points.Count > MaxMarkers)
        {
            return;
        }

        // Few epochs: mark each one, so a short run (or a single point) still reads as data.
        foreach (var p in points)
        {
            w.WriteStartElement("circle");
            Attr(w, "cx", plot.Px(p.X));
            Attr(w, "cy", plot.Py(p.Y));
            Attr(w, "r", 3);
            w.WriteAttributeString("fill", series.Color);
            w.WriteEndElement();
        }
    }

    private static void DrawLegend(XmlWriter w, IReadOnlyList<ChartSeries> series)
    {
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "legend");
        var width = 34 + (7.2 * series.Max(s => s.Name.Length));
        var x = Width - Right - width - 10;
        var y = Top + 10;
        Rect(w, x, y, width, 10 + (18 * series.Count), "#ffffff", "#999999");
        for (var i = 0; i < series.Count; i++)
        {
            var ly = y + 14 + (18 * i);
            w.WriteStartElement("line");
            Attr(w, "x1", x + 8);
            Attr(w, "y1", ly);
            Attr(w, "x2", x + 28);
            Attr(w, "y2", ly);
            w.WriteAttributeString("stroke", series[i].Color);
            w.WriteAttributeString("stroke-width", "2");
            if (series[i].Dashed)
            {
                w.WriteAttributeString("stroke-dasharray", "6 4");
            }

            w.WriteEndElement();
            Label(w, x + 34, ly + 4, series[i].Name, "start");
        }

        w.WriteEndElement();
    }

    private static void Line(XmlWriter w, double x1, double y1, double x2, double y2, string stroke)
    {
        w.WriteStartElement("line");
        Attr(w, "x1", x1);
        Attr(w, "y1", y1);
        Attr(w, "x2", x2);
        Attr(w, "y2", y2);
        w.WriteAttributeString("stroke", stroke);
        w.WriteEndElement();
    }

    private static void Rect(XmlWriter w, double x, double y, double width, double height, string fill, string? stroke)
    {
        w.WriteStartElement("rect");
        Attr(w, "x", x);
        Attr(w, "y", y);
        Attr(w, "width", width);
        Attr(w, "height", height);
        w.WriteAttributeString("fill", fill);
        if (stroke is not null)
        {
            w.WriteAttributeString("stroke", stroke);
        }

        w.WriteEndElement();
    }

    private static void Label(XmlWriter w, double x, double y, string text, string anchor, int size = 12, string? weight = null)
    {
        w.WriteStartElement("text");
        Attr(w, "x", x);
        Attr(w, "y", y);
        w.WriteAttributeString("text-anchor", anchor);
        if (size != 12)
        {
            Attr(w, "font-size", size);
        }

        if (weight is not null)
        {
            w.WriteAttributeString("font-weight", weight);
        }

        w.WriteString(text);
        w.WriteEndElement();
    }

    private static void Attr(XmlWriter w, string name, double value) =>
        w.WriteAttributeString(name, value.ToString("0.##", CultureInfo.InvariantCulture));

    /// <summary>Maps data coordinates to pixels inside the margins (y grows downwards in SVG).</summary>
    private sealed record Plot(AxisScale X, IAxisScale Y)
    {
        public double InnerWidth => Width - Left - Right;

        public double InnerHeight => Height - Top - Bottom;

        public double Px(double x) => Left + (X.Fraction(x) * InnerWidth);

        public double Py(double y) => Top + InnerHeight - (Y.Fraction(y) * InnerHeight);
    }
}
