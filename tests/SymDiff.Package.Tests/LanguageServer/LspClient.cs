using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SymDiff.Package.Tests.LanguageServer;

/// <summary>
/// A language client for tests: JSON-RPC 2.0 with the Language Server Protocol's <c>Content-Length</c> framing over a
/// server process's standard input and output. It answers the server's <c>workspace/configuration</c> requests from
/// <paramref name="settings"/> (every other server request gets a null result), keeps the last messages and log lines
/// in a <see cref="LspTranscript"/> for failure messages, and on dispose shuts the server down (<c>shutdown</c>, then
/// <c>exit</c>) or kills it with its children.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly Stream toServer;
    private readonly JsonObject settings;
    private readonly ConcurrentDictionary<int, (string Method, TaskCompletionSource<JsonNode?> Answer)> pending = new();
    private readonly object writeGate = new();
    private readonly Task reading;
    private int lastId;

    private LspClient(Process process, JsonObject settings)
    {
        this.process = process;
        this.settings = settings;
        toServer = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Transcript.Add("stderr", e.Data); } };
        process.BeginErrorReadLine();
        reading = Task.Run(ReadAsync);
    }

    public LspTranscript Transcript { get; } = new();

    /// <summary>Starts <paramref name="start"/> (its standard streams are redirected here) and connects to it.</summary>
    public static LspClient Start(ProcessStartInfo start, JsonObject settings)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        return new LspClient(process, settings);
    }

    /// <summary>Sends a request and waits for its result; a timeout or an error answer throws with the transcript.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = (method, answer);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{method} got no answer within {timeout.TotalSeconds:F0} s.\n{Transcript}");
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary><c>shutdown</c> and <c>exit</c>; a server that has not exited after them is killed with its children.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await RequestAsync("shutdown", null, ShutdownTimeout);
                Notify("exit", null);
                await process.WaitForExitAsync().WaitAsync(ShutdownTimeout);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            Transcript.Add("client", $"shutdown failed: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                Transcript.Add("client", "killed the server and its children");
            }

            // A child that inherited the server's output could keep it open; none of these waits is unbounded.
            await Task.WhenAny(Task.WhenAll(process.WaitForExitAsync(), reading), Task.Delay(ShutdownTimeout));
            process.Dispose();
        }
    }

    private void Send(JsonObject message)
    {
        var text = message.ToJsonString();
        var body = Encoding.UTF8.GetBytes(text);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        Transcript.Add("sent", text);
        lock (writeGate)
        {
            toServer.Write(header);
            toServer.Write(body);
            toServer.Flush();
        }
    }

    /// <summary>Reads messages until the server closes its output, then fails every request still waiting.</summary>
    private async Task ReadAsync()
    {
        var fromServer = new BufferedStream(process.StandardOutput.BaseStream);
        try
        {
            while (await ReadMessageAsync(fromServer) is { } message)
            {
                Transcript.Add("received", message.ToJsonString());
                Dispatch(message);
            }

            Transcript.Add("client", "the server closed its output");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            Transcript.Add("client", $"reading failed: {e.Message}");
        }

        foreach (var (method, answer) in pending.Values)
        {
            answer.TrySetException(new IOException($"The server stopped before answering {method}.\n{Transcript}"));
        }
    }

    private void Dispatch(JsonObject message)
    {
        var method = (string?)message["method"];
        var id = message["id"];
        if (method is null && id is JsonValue value && value.TryGetValue(out int number) && pending.TryGetValue(number, out var request))
        {
            if (message["error"] is { } error)
            {
                request.Answer.TrySetException(new InvalidOperationException($"{request.Method} failed: {error.ToJsonString()}\n{Transcript}"));
            }
            else
            {
                request.Answer.TrySetResult(message["result"]?.DeepClone());
            }
        }
        else if (method is not null && id is not null)
        {
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = AnswerServer(method, message["params"]) });
        }
    }

    /// <summary>The client's side of a server request: settings by section for <c>workspace/configuration</c>, else null.</summary>
    private JsonNode? AnswerServer(string method, JsonNode? parameters) =>
        method == "workspace/configuration" && parameters?["items"] is JsonArray items
            ? new JsonArray(items.Select(item => settings[(string?)item?["section"] ?? ""]?.DeepClone()).ToArray())
            : null;

    /// <summary>One message: header lines up to an empty line, then <c>Content-Length</c> bytes of JSON; null at the end of the stream.</summary>
    private static async Task<JsonObject?> ReadMessageAsync(Stream stream)
    {
        var length = -1;
        while (await ReadHeaderLineAsync(stream) is { } line)
        {
            if (line.Length == 0)
            {
                if (length < 0)
                {
                    throw new InvalidDataException("A message without a Content-Length header.");
                }

                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                return JsonNode.Parse(body) as JsonObject ?? throw new InvalidDataException($"A message that is not a JSON object: {Encoding.UTF8.GetString(body)}");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>One ASCII header line without its CR LF; null at the end of the stream.</summary>
    private static async Task<string?> ReadHeaderLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        return null;
    }
}
