using System.Reflection;
using System.Text;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot baselines for generated code: <c>Baselines/{Test}/{HintName}.txt</c>, checked in. Set
/// <c>SYMDIFF_UPDATE_BASELINES=1</c> to rewrite them; on a mismatch the test prints a line diff and writes
/// <c>.received.txt</c> next to the baseline so the two files can be compared side by side.
/// </summary>
internal static class Snapshot
{
    private static readonly string Directory = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BaselinesDirectory").Value!;

    private static bool Update => Environment.GetEnvironmentVariable("SYMDIFF_UPDATE_BASELINES") == "1";

    public static void Verify(string test, IReadOnlyDictionary<string, string> sources)
    {
        var folder = Path.Combine(Directory, test);
        if (Update)
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }

            System.IO.Directory.CreateDirectory(folder);
            foreach (var (hint, text) in sources)
            {
                File.WriteAllText(Path.Combine(folder, hint + ".txt"), Normalize(text));
            }

            return;
        }

        var expectedFiles = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.GetFiles(folder, "*.txt").Where(f => !f.EndsWith(".received.txt", StringComparison.Ordinal)).ToList()
            : new List<string>();
        var expectedHints = expectedFiles.Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(h => h, StringComparer.Ordinal).ToList();
        var actualHints = sources.Keys.OrderBy(h => h, StringComparer.Ordinal).ToList();
        Assert.True(expectedHints.SequenceEqual(actualHints), $"Generated files differ from the baselines in {folder}.\nExpected: {string.Join(", ", expectedHints)}\nActual:   {string.Join(", ", actualHints)}\nRun with SYMDIFF_UPDATE_BASELINES=1 to accept.");

        foreach (var hint in actualHints)
        {
            var path = Path.Combine(folder, hint + ".txt");
            var expected = Normalize(File.ReadAllText(path));
            var actual = Normalize(sources[hint]);
            var received = Path.Combine(folder, hint + ".received.txt");
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            Assert.Fail($"Generated {hint} differs from its baseline ({path}):\n{Diff(expected, actual)}\nRun with SYMDIFF_UPDATE_BASELINES=1 to accept after reviewing.");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>A unified-style diff of the differing region, with three lines of context.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        int endA = a.Length - 1, endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var diff = new StringBuilder();
        var from = Math.Max(0, start - 3);
        diff.AppendLine($"@@ line {start + 1} @@");
        for (var i = from; i < start; i++)
        {
            diff.AppendLine("  " + a[i]);
        }

        for (var i = start; i <= endA; i++)
        {
            diff.AppendLine("- " + a[i]);
        }

        for (var i = start; i <= endB; i++)
        {
            diff.AppendLine("+ " + b[i]);
        }

        for (var i = endA + 1; i < Math.Min(a.Length, endA + 4); i++)
        {
            diff.AppendLine("  " + a[i]);
        }

        return diff.ToString();
    }
}
