namespace SymDiff.Package.Tests;

/// <summary>
/// What a new user does: a package feed holding SymDiff packed from this build, then <c>dotnet new console</c> and
/// <c>dotnet add package SymDiff --source &lt;feed&gt;</c> in a fresh folder. Every step's output is kept for the
/// failure messages.
/// </summary>
public sealed class ConsumerFixture : IDisposable
{
    public ConsumerFixture()
    {
        Feed = new PackageFeed();
        if (Feed.Package is null)
        {
            return;
        }

        New = DotNet.Run(Feed.Root, Feed.Environment, "new", "console", "-n", "App", "-o", AppDirectory, "--no-restore");
        if (New.ExitCode != 0)
        {
            return;
        }

        AddPackage = DotNet.Run(AppDirectory, Feed.Environment,
            "add", "package", "SymDiff", "--source", Feed.Feed, "--version", Feed.Version);
    }

    public PackageFeed Feed { get; }

    public string AppDirectory => Path.Combine(Feed.Root, "App");

    public DotNetResult? New { get; }

    public DotNetResult? AddPackage { get; }

    /// <summary>Fails with every step's output unless packing, <c>dotnet new</c> and <c>dotnet add package</c> all worked.</summary>
    public void AssertReady()
    {
        Assert.True(Feed.Package is not null, $"dotnet pack made no SymDiff package.\n{Feed.Pack}");
        Assert.True(New is { ExitCode: 0 }, $"dotnet new console failed.\n{New}");
        Assert.True(AddPackage is { ExitCode: 0 }, $"dotnet add package SymDiff failed.\n{AddPackage}");
    }

    /// <summary>A copy of the console project (with its package reference) in a new folder, holding only <paramref name="files"/>.</summary>
    public string CopyProject(string name, IReadOnlyDictionary<string, string> files)
    {
        var directory = Path.Combine(Feed.Root, name);
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(AppDirectory, "App.csproj"), Path.Combine(directory, name + ".csproj"));
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), text);
        }

        return directory;
    }

    public void Dispose() => Feed.Dispose();
}
