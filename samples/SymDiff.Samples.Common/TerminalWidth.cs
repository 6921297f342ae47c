namespace SymDiff.Samples.Common;

/// <summary>How many columns the samples may print: the console window's width, or 80 where there is no window.</summary>
public static class TerminalWidth
{
    /// <summary>The width of a log file, a pipe, or a console that does not say.</summary>
    public const int Default = 80;

    /// <summary>The width of standard output now.</summary>
    public static int Current => Resolve(Console.IsOutputRedirected, () => Console.WindowWidth);

    /// <summary>
    /// <paramref name="windowWidth"/> when output goes to a console that reports a width; <see cref="Default"/> when it
    /// is redirected (the window's width says nothing about a file), reports 0, or has no window at all.
    /// </summary>
    /// <param name="outputRedirected">Whether standard output is a file or a pipe.</param>
    /// <param name="windowWidth">Reads the console window's width; may throw where there is none.</param>
    public static int Resolve(bool outputRedirected, Func<int> windowWidth)
    {
        ArgumentNullException.ThrowIfNull(windowWidth);
        if (outputRedirected)
        {
            return Default;
        }

        try
        {
            var width = windowWidth();
            return width > 0 ? width : Default;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return Default;
        }
    }
}
