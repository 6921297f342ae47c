namespace SymDiff.AdBench.Tests.Harness;

/// <summary>Paths of the ADBench files copied next to the test assembly (from this project's Data/ folder).</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Data");

    public static string Gmm(string name) => Path.Combine(Root, "gmm", name + ".txt");

    public static string GmmGolden(string name, string kind) => Path.Combine(Root, "golden", $"{name}_{kind}_Manual.txt");

    public static string Ba(string name) => Path.Combine(Root, "ba", name + ".txt");

    public const string Ba1 = "ba1_n49_m7776_p31843";
    public const string Ba5 = "ba5_n257_m65132_p225911";
}
