using System.Text.Json.Nodes;
using SymDiff.Package.Tests.LanguageServer;
using Xunit.Abstractions;

namespace SymDiff.Package.Tests;

/// <summary>
/// The package in an editor: a real language server (csharp-ls, see <see cref="CSharpLanguageServer"/>) on a fresh
/// console project that references the packed SymDiff package. SymDiff's analyzer puts SD0001 and SD0007 on their
/// nodes while the file is open, the generator's members are offered by completion, and the generator's own sources
/// never reach the consumer's workspace (no CS0246 for its Roslyn types). Skipped only when csharp-ls cannot be
/// installed from the package sources.
/// </summary>
public sealed class LanguageServerTests(ConsumerFixture fixture, CSharpLanguageServer server, ITestOutputHelper output)
    : IClassFixture<ConsumerFixture>, IClassFixture<CSharpLanguageServer>
{
    /// <summary>The two rejected methods and a valid one, whose generated members completion offers after <c>Valid.</c>.</summary>
    private const string Model = ConsumerSources.Rejected + """


        public static partial class Valid
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            public static double Twice(double x)
            {
                return 2 * Valid.Square(x);
            }
        }
        """;

    /// <summary>Plain compiler errors took about 10 s to appear in csharp-ls; analysis runs after the project loads.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>How long document pulls alone are tried before workspace pulls are asked too.</summary>
    private static readonly TimeSpan DocumentPullsAlone = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task The_analyzer_puts_SD0001_and_SD0007_on_their_nodes_in_the_editor()
    {
        var (client, document) = await OpenAsync("EditorDiagnostics");
        await using var _ = client;

        var items = await PullUntilAsync(client, document, items => Codes(items).IsSupersetOf(["SD0001", "SD0007"]));
        output.WriteLine($"SD diagnostics arrived {client.Transcript.Elapsed.TotalSeconds:F1} s after the server started.");

        AssertRange(items, "SD0001", "public static class NotPartial", "NotPartial", client);
        AssertRange(items, "SD0007", "=> G(x) + 1", "G(x)", client);
        Assert.False(Codes(items).Contains("CS0246"), $"CS0246 (a type not found) in the consumer's file:\n{items.ToJsonString()}");
        var errors = items.Where(item => (int?)item?["severity"] == 1).Select(item => item?["code"]?.ToString()).Order().ToList();
        Assert.True(errors.SequenceEqual(["SD0001", "SD0007"]), $"Errors besides SD0001 and SD0007 (the valid method has none):\n{items.ToJsonString()}");

        // With a ProjectReference to the generator project (even as an analyzer), csharp-ls loads the generator's own
        // sources into the workspace, where their Roslyn references do not resolve (it evaluates every project with
        // the consumer's TargetFramework): hundreds of CS0246 and CS0234. Through the package only the consumer's own
        // documents are in it.
        var workspace = await client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, Patience);
        var reports = (workspace?["items"] as JsonArray ?? []).Select(report => (Uri: (string?)report?["uri"] ?? "", Items: report?["items"] as JsonArray ?? [])).ToList();
        var notFound = reports
            .SelectMany(r => r.Items.Where(item => item?["code"]?.ToString() == "CS0246").Select(item => $"{r.Uri} {Range(item?["range"])}: {item?["message"]}"))
            .ToList();
        Assert.True(notFound.Count == 0, $"CS0246 (a type not found) in the workspace:\n{string.Join('\n', notFound)}");
        var folder = new Uri(document, ".").AbsoluteUri;
        var outside = reports.Select(r => r.Uri).Where(uri => !uri.StartsWith(folder, StringComparison.Ordinal)).ToList();
        Assert.True(outside.Count == 0, $"Documents outside the consumer's folder in the workspace: {string.Join(", ", outside)}");
    }

    [SkippableFact]
    public async Task Completion_after_the_type_name_lists_the_generated_members()
    {
        var (client, document) = await OpenAsync("EditorCompletion");
        await using var _ = client;

        var (line, character) = SourcePosition.Of(Model, "return 2 * Valid.Square(x);", "Square(x)");
        var position = new JsonObject { ["line"] = line, ["character"] = character };
        var deadline = DateTime.UtcNow + Patience;
        List<string> labels;
        do
        {
            // Until the project is loaded the server may offer nothing of the type; its own Square comes with it.
            var completion = await client.RequestAsync("textDocument/completion",
                new JsonObject { ["textDocument"] = Identifier(document), ["position"] = position }, Remaining(deadline));
            var items = completion is JsonObject list ? list["items"] : completion;
            labels = (items as JsonArray ?? []).Select(item => (string?)item?["label"] ?? "").ToList();
        }
        while (!labels.Contains("Square") && DateTime.UtcNow < deadline && await Pause());

        Assert.True(labels.Contains("Square"), $"Completion after 'Valid.' never listed Valid's own Square: [{string.Join(", ", labels)}].\n{client.Transcript}");
        foreach (var generated in new[] { "SquareGradient", "SquarePullback", "SquarePushforward" })
        {
            Assert.True(labels.Contains(generated), $"Completion after 'Valid.' lists no {generated}: [{string.Join(", ", labels)}].\n{client.Transcript}");
        }
    }

    /// <summary>
    /// A copy of the consumer project holding Model.cs, restored; csharp-ls started on its folder, initialized with
    /// pull diagnostics announced, and Model.cs opened.
    /// </summary>
    private async Task<(LspClient Client, Uri Document)> OpenAsync(string name)
    {
        Skip.IfNot(server.Installed, $"csharp-ls {CSharpLanguageServer.Version} could not be installed as a dotnet tool.\n{server.Install}");
        fixture.AssertReady();
        var directory = fixture.CopyProject(name, new Dictionary<string, string>
        {
            ["Program.cs"] = "Console.WriteLine(Consumer.Valid.Square(3));\n",
            ["Model.cs"] = Model,
        });
        var restore = DotNet.Run(directory, fixture.Feed.Environment, "restore", "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, $"The consumer project did not restore.\n{restore}");

        var folder = new Uri(directory);
        var document = new Uri(Path.Combine(directory, "Model.cs"));
        var client = server.Start(directory, fixture.Feed.Environment);
        try
        {
            await client.RequestAsync("initialize", InitializeParameters(folder, name), Patience);
            client.Notify("initialized", new JsonObject());
            client.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = document.AbsoluteUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = Model },
            });
        }
        catch
        {
            // Never leave the server behind when it does not come up.
            await client.DisposeAsync();
            throw;
        }

        return (client, document);
    }

    /// <summary>
    /// The client's <c>initialize</c>: one workspace folder, pull diagnostics (document and workspace) and completion
    /// announced, the settings of <see cref="CSharpLanguageServer.Settings"/>.
    /// </summary>
    private static JsonObject InitializeParameters(Uri folder, string name) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["clientInfo"] = new JsonObject { ["name"] = "SymDiff.Package.Tests" },
        ["rootUri"] = folder.AbsoluteUri,
        ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = folder.AbsoluteUri, ["name"] = name }),
        ["capabilities"] = new JsonObject
        {
            ["textDocument"] = new JsonObject
            {
                ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false, ["relatedDocumentSupport"] = false },
                ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = false } },
            },
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true,
                ["workspaceFolders"] = true,
                ["diagnostics"] = new JsonObject { ["refreshSupport"] = false },
            },
        },
        ["initializationOptions"] = CSharpLanguageServer.Settings(),
    };

    /// <summary>
    /// Pulls the document's diagnostics (<c>textDocument/diagnostic</c>), and after <see cref="DocumentPullsAlone"/>
    /// the workspace's too (<c>workspace/diagnostic</c>), until <paramref name="done"/> holds for the document's items;
    /// fails with the transcript after <see cref="Patience"/>.
    /// </summary>
    private static async Task<JsonArray> PullUntilAsync(LspClient client, Uri document, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        var started = DateTime.UtcNow;
        var (documentPulls, workspacePulls) = (0, 0);
        JsonNode? lastReport;
        do
        {
            lastReport = await client.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = Identifier(document) }, Remaining(deadline));
            documentPulls++;
            if (lastReport?["items"] is JsonArray items && done(items))
            {
                return items;
            }

            if (DateTime.UtcNow - started > DocumentPullsAlone)
            {
                var workspace = await client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, Remaining(deadline));
                workspacePulls++;
                var ours = (workspace?["items"] as JsonArray ?? []).FirstOrDefault(r => (string?)r?["uri"] == document.AbsoluteUri);
                if (ours?["items"] is JsonArray workspaceItems && done(workspaceItems))
                {
                    return workspaceItems;
                }
            }
        }
        while (DateTime.UtcNow < deadline && await Pause());

        Assert.Fail($"The expected diagnostics did not arrive within {Patience.TotalSeconds:F0} s ({documentPulls} document pulls, "
            + $"{workspacePulls} workspace pulls). The last document report: {lastReport?.ToJsonString()}\n{client.Transcript}");
        return [];
    }

    /// <summary>Exactly one <paramref name="id"/>, whose range is <paramref name="target"/> inside <paramref name="context"/>.</summary>
    private static void AssertRange(JsonArray items, string id, string context, string target, LspClient client)
    {
        var (line, character) = SourcePosition.Of(Model, context, target);
        var expected = $"{line}:{character}-{line}:{character + target.Length}";
        var found = items.Where(item => item?["code"]?.ToString() == id).Select(item => Range(item!["range"])).ToList();
        Assert.True(found.SequenceEqual([expected]),
            $"{id} expected once at {expected} ('{target}', 0-based), found at [{string.Join(", ", found)}]:\n{items.ToJsonString()}\n{client.Transcript}");
    }

    private static string Range(JsonNode? range) =>
        $"{range?["start"]?["line"]}:{range?["start"]?["character"]}-{range?["end"]?["line"]}:{range?["end"]?["character"]}";

    private static HashSet<string> Codes(JsonArray items) => items.Select(item => item?["code"]?.ToString() ?? "").ToHashSet();

    private static JsonObject Identifier(Uri document) => new() { ["uri"] = document.AbsoluteUri };

    /// <summary>The time left until <paramref name="deadline"/>, at least a second (for one last request).</summary>
    private static TimeSpan Remaining(DateTime deadline) => TimeSpan.FromSeconds(Math.Max(1, (deadline - DateTime.UtcNow).TotalSeconds));

    /// <summary>One second between polls; true, to continue the loop.</summary>
    private static async Task<bool> Pause()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return true;
    }
}
