using System.Globalization;

namespace SymDiff.Samples.Common;

/// <summary>
/// The command line every sample shares: <c>--seed N</c>, <c>--epochs N</c>, <c>--long</c>, <c>--out DIR</c>,
/// <c>--data PATH</c>, <c>--plain</c> and <c>--help</c>.
/// </summary>
public sealed record SampleArgs
{
    /// <summary>The seed of every random choice (data, initialization, shuffling): same seed, same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Epochs to train, or null for the sample's default.</summary>
    public int? Epochs { get; init; }

    /// <summary>A longer run (more data or epochs) instead of the quick default.</summary>
    public bool Long { get; init; }

    /// <summary>Where the loss-curve SVG goes (default: the working directory; the projects pass out/ beside them under dotnet run).</summary>
    public string OutputDirectory { get; init; } = ".";

    /// <summary>A data file replacing the one shipped with the sample, if the sample reads one.</summary>
    public string? DataPath { get; init; }

    /// <summary>Plain progress lines even on an interactive terminal.</summary>
    public bool Plain { get; init; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>The usage text of the shared options.</summary>
    public const string Usage = """
          --seed N      seed of every random choice (default 1); the same seed gives the same run
          --epochs N    number of epochs (default: the sample's quick setting)
          --long        a longer run with more data or epochs
          --out DIR     folder for the loss-curve SVG (default: the working directory)
          --data PATH   train on this file instead of the one shipped with the sample (where it reads one)
          --plain       plain progress lines instead of the live progress bar
          --help        this text
        """;

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static SampleArgs Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new SampleArgs();
        for (var i = 0; i < args.Count; i++)
        {
            result = args[i] switch
            {
                "--seed" => result with { Seed = Int(args, ++i, "--seed", allowNegative: true) },
                "--epochs" => result with { Epochs = Int(args, ++i, "--epochs", allowNegative: false) },
                "--long" => result with { Long = true },
                "--out" => result with { OutputDirectory = Value(args, ++i, "--out") },
                "--data" => result with { DataPath = Value(args, ++i, "--data") },
                "--plain" => result with { Plain = true },
                "--help" or "-h" or "-?" => result with { Help = true },
                var other => throw new ArgumentException($"Unknown option '{other}'."),
            };
        }

        return result;
    }

    private static string Value(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count ? args[i] : throw new ArgumentException($"{option} needs a value.");

    private static int Int(IReadOnlyList<string> args, int i, string option, bool allowNegative)
    {
        var text = Value(args, i, option);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || (!allowNegative && value <= 0))
        {
            throw new ArgumentException($"{option} needs {(allowNegative ? "an integer" : "a positive integer")}, not '{text}'.");
        }

        return value;
    }
}
