using System.Diagnostics;
using System.Text;

namespace SymDiff.Package.Tests.LanguageServer;

/// <summary>
/// The messages a language client sent and received and the server's log lines, each with the seconds since the
/// client started, for failure messages: the first ones (initialization, the project loading) and the last ones
/// ("what was last received"), with a count of those left out between them. Long entries are cut.
/// </summary>
public sealed class LspTranscript
{
    private const int FirstCount = 25;
    private const int LastCount = 40;
    private const int EntryLength = 1500;

    private readonly List<string> first = [];
    private readonly Queue<string> last = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int leftOut;

    public TimeSpan Elapsed => clock.Elapsed;

    public void Add(string kind, string text)
    {
        var entry = $"[{clock.Elapsed.TotalSeconds,6:F1} s {kind}] {(text.Length > EntryLength ? text[..EntryLength] + " …" : text)}";
        lock (last)
        {
            if (first.Count < FirstCount)
            {
                first.Add(entry);
                return;
            }

            last.Enqueue(entry);
            if (last.Count > LastCount)
            {
                last.Dequeue();
                leftOut++;
            }
        }
    }

    public override string ToString()
    {
        lock (last)
        {
            var text = new StringBuilder("The language server session (messages sent and received, the server's log):\n");
            first.ForEach(entry => text.AppendLine(entry));
            if (leftOut > 0)
            {
                text.AppendLine($"[… {leftOut} entries left out …]");
            }

            foreach (var entry in last)
            {
                text.AppendLine(entry);
            }

            return text.ToString();
        }
    }
}
