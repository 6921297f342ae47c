using System.Text.Json.Nodes;

namespace SymDiff.Package.Tests.LanguageServer;

/// <summary>
/// csharp-ls, a C# language server (Roslyn's MSBuild workspace behind LSP), installed as a dotnet tool into a
/// temporary tool path from the user's package sources. <see cref="Install"/> keeps the install's output, the reason
/// a test gives when it skips.
/// </summary>
public sealed class CSharpLanguageServer : IDisposable
{
    public const string Version = "0.28.0";

    private readonly string root = Path.Combine(Path.GetTempPath(), "symdiff-csharp-ls-" + Guid.NewGuid().ToString("N"));

    public CSharpLanguageServer()
    {
        Directory.CreateDirectory(root);
        Install = DotNet.Run(root, new Dictionary<string, string>(),
            "tool", "install", "csharp-ls", "--version", Version, "--tool-path", ToolPath);
    }

    public DotNetResult Install { get; }

    public bool Installed => Install.ExitCode == 0 && File.Exists(Executable);

    /// <summary>
    /// The settings a user puts under <c>csharp</c> in the editor (sent as initializationOptions and as the answer to
    /// <c>workspace/configuration</c>). csharp-ls runs no DiagnosticAnalyzer unless <c>analyzersEnabled</c> is true:
    /// without it the SD diagnostics, which come from SymDiff's analyzer, never reach the editor.
    /// </summary>
    public static JsonObject Settings() => new() { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };

    /// <summary>Starts the server in <paramref name="workspace"/> (it loads the project it finds there) with <paramref name="environment"/>.</summary>
    public LspClient Start(string workspace, IReadOnlyDictionary<string, string> environment)
    {
        var start = DotNet.UserStartInfo(Executable, workspace, environment, []);
        if (DotNet.Root is { } dotnetRoot)
        {
            // The tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not where it looks by default.
            start.Environment["DOTNET_ROOT"] = dotnetRoot;
        }

        return LspClient.Start(start, Settings());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string ToolPath => Path.Combine(root, "tools");

    private string Executable => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
}
