using SymDiff.Samples.Common;

namespace SymDiff.Samples.Tests;

public class TerminalTextTests
{
    [Fact]
    public void WidthIsTheWindowsWhenThereIsAConsoleElseEighty()
    {
        Assert.Equal(120, TerminalWidth.Resolve(outputRedirected: false, () => 120));
        Assert.Equal(80, TerminalWidth.Resolve(outputRedirected: true, () => 120));
        Assert.Equal(80, TerminalWidth.Resolve(outputRedirected: false, () => 0));
        Assert.Equal(80, TerminalWidth.Resolve(outputRedirected: false, () => throw new IOException("no console")));
    }

    [Fact]
    public void LongLinesBreakAtSpacesAndContinueIndented()
    {
        Assert.Equal(["  one two", "    three", "    four"], TextWrap.Lines("  one two three four", 10));
        Assert.Equal(["short"], TextWrap.Lines("short", 10));
        Assert.Equal(["abcdefgh", "  ij"], TextWrap.Lines("abcdefghij", 8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NoWrappedLineIsWiderThanTheWidth(int seed)
    {
        var random = new Random(seed);
        var words = Enumerable.Range(0, 60).Select(_ => new string('x', random.Next(1, 30)));
        var text = new string(' ', random.Next(0, 8)) + string.Join(" ", words);
        foreach (var width in new[] { 1, 5, 12, 40, 80 })
        {
            var lines = TextWrap.Lines(text, width);
            Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: '{line}'"));
            Assert.Equal(string.Concat(text.Where(c => c != ' ')), string.Concat(string.Concat(lines).Where(c => c != ' ')));
        }
    }

    [Fact]
    public void TheWrappingWriterWrapsEveryLineWrittenThroughIt()
    {
        var text = new StringWriter();
        using (var writer = new WrappingWriter(text, 20))
        {
            writer.WriteLine("a line that is longer than twenty characters");
            writer.Write("short ");
            writer.WriteLine("line");
            writer.Write("unfinished");
        }

        Assert.Equal(["a line that is", "  longer than twenty", "  characters", "short line", "unfinished"], text.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void HeadingsWrapAndTheirUnderlineMatchesTheLongestLine()
    {
        var text = new StringWriter();
        SampleHost.Heading(text, "Training: 2000 epochs of full-batch gradient descent, η = 0.5, momentum 0.9, seed 1", 40);
        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.Length <= 40, line));
        Assert.Equal(new string('─', lines[..^1].Max(l => l.Length)), lines[^1]);
        Assert.StartsWith("Training: 2000 epochs", lines[0], StringComparison.Ordinal);
    }
}
