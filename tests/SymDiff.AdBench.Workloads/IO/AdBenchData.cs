namespace SymDiff.AdBench.IO;

/// <summary>
/// Finds the ADBench data folder (with <c>gmm/</c>, <c>ba/</c> and <c>golden/</c> inside). In order: the folder named
/// by the <c>SYMDIFF_ADBENCH_DATA</c> environment variable; a <c>Data</c> folder next to the running assembly;
/// <c>tests/SymDiff.AdBench.Tests/Data</c> in the nearest enclosing repository checkout.
/// </summary>
public static class AdBenchData
{
    /// <summary>The environment variable that overrides the data folder.</summary>
    public const string EnvironmentVariable = "SYMDIFF_ADBENCH_DATA";

    private const string RepoRelative = "tests/SymDiff.AdBench.Tests/Data";

    /// <summary>The data folder; see the type's remarks for the search order.</summary>
    /// <exception cref="DirectoryNotFoundException">No candidate folder exists.</exception>
    public static string Root()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} names '{fromEnvironment}', which does not exist");
        }

        string beside = Path.Combine(AppContext.BaseDirectory, "Data");
        if (Directory.Exists(Path.Combine(beside, "gmm")))
        {
            return beside;
        }

        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepoRelative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"ADBench data not found; set {EnvironmentVariable} to a folder with gmm/, ba/ and golden/");
    }

    /// <summary>The path of a GMM input, e.g. <c>GmmFile(10, 25)</c> for <c>gmm/gmm_d10_K25.txt</c>.</summary>
    public static string GmmFile(int d, int k) => Path.Combine(Root(), "gmm", $"gmm_d{d}_K{k}.txt");

    /// <summary>The path of a golden GMM output; <paramref name="kind"/> is <c>F</c> (objective) or <c>J</c> (gradient).</summary>
    public static string GmmGoldenFile(int d, int k, string kind) => Path.Combine(Root(), "golden", $"gmm_d{d}_K{k}_{kind}_Manual.txt");

    /// <summary>The path of a BA input by its file name without extension, e.g. <c>ba1_n49_m7776_p31843</c>.</summary>
    public static string BaFile(string name) => Path.Combine(Root(), "ba", name + ".txt");
}
