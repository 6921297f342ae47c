namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>Reading generated sources in tests.</summary>
internal static class GeneratedSource
{
    /// <summary>The text of generated member <paramref name="member"/> (from its signature to the next member's documentation), or null when there is none.</summary>
    public static string? MemberBody(string source, string member)
    {
        var signature = System.Text.RegularExpressions.Regex.Match(source, $@" static [^\n]*? {member}\(");
        if (!signature.Success)
        {
            return null;
        }

        var start = signature.Index;
        var end = source.IndexOf("\n    /// <summary>", start, StringComparison.Ordinal);
        return end < 0 ? source.Substring(start) : source.Substring(start, end - start);
    }
}
