using System.Globalization;
using SymDiff.Training;

namespace SymDiff.Samples.Common;

/// <summary>The part of every sample's <c>Main</c> that is not the sample: arguments, help, errors, the loss-curve file.</summary>
public static class SampleHost
{
    /// <summary>Parses the shared options and runs the sample; prints usage for <c>--help</c> and bad options.</summary>
    /// <param name="name">The project name, for the usage line.</param>
    /// <param name="description">One line on what the sample does.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="run">The sample, given the parsed options.</param>
    /// <param name="readsData">Whether the sample trains on a file that <c>--data</c> may replace.</param>
    /// <returns>The process exit code: 0, 1 for a failure, 2 for bad arguments.</returns>
    public static int Run(string name, string description, string[] args, Action<SampleArgs> run, bool readsData = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        SampleArgs options;
        try
        {
            options = SampleArgs.Parse(args);
            if (options.DataPath is { } data && (!readsData || !File.Exists(data)))
            {
                throw new ArgumentException(readsData ? $"There is no file '{data}'." : "This sample makes its own data; --data does not apply.");
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(UsageText(name, description));
            return 2;
        }

        if (options.Help)
        {
            Out.WriteLine(UsageText(name, description));
            return 0;
        }

        try
        {
            run(options);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NonFiniteValueException)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return 1;
        }
        finally
        {
            // An unfinished last line is still printed.
            _out?.Dispose();
            _out = null;
        }
    }

    private static WrappingWriter? _out;

    /// <summary>
    /// Standard output wrapped to the terminal's width (<see cref="TerminalWidth"/>): what the samples print goes
    /// through it, so no line runs past the edge. The live progress bar writes to the console directly.
    /// </summary>
    public static TextWriter Out => _out ??= new WrappingWriter(Console.Out, TerminalWidth.Current);

    /// <summary>Writes the loss curves next to the sample's output and prints where.</summary>
    /// <param name="options">The parsed options (their output folder).</param>
    /// <param name="fileName">The SVG file name.</param>
    /// <param name="title">The chart title.</param>
    /// <param name="history">The epochs' metrics.</param>
    /// <returns>The full path written.</returns>
    public static string WriteLossCurve(SampleArgs options, string fileName, string title, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = LossCurveSvg.Write(Path.Combine(options.OutputDirectory, fileName), title, history);
        Out.WriteLine();
        Out.WriteLine($"Loss curve: {path}");
        return path;
    }

    /// <summary>Prints a heading, wrapped to the terminal's width, and an underline as long as its longest line.</summary>
    /// <param name="text">The heading.</param>
    public static void Heading(string text) => Heading(Console.Out, text, TerminalWidth.Current);

    /// <summary>Writes a heading wrapped to <paramref name="width"/> columns and an underline as long as its longest line.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="text">The heading.</param>
    /// <param name="width">The most columns a line may take.</param>
    public static void Heading(TextWriter writer, string text, int width)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(text);
        var lines = TextWrap.Lines(text, width);
        writer.WriteLine();
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }

        writer.WriteLine(new string('─', lines.Max(l => l.Length)));
    }

    private static string UsageText(string name, string description) =>
        $"{description}\n\nUsage: dotnet run --project samples/{name} [-- options]\n\n{SampleArgs.Usage}";
}
