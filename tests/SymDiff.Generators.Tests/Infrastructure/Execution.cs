using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>
/// Runs generated code: compiles the user's source plus a driver through the generator, requires the result to be
/// free of errors and warnings, loads it into a collectible context and calls a static driver method. Drivers are
/// plain C# written against the generated API's public contract (the README's names and shapes), so a test reads
/// like a user's program and a span can be passed as it would be there.
/// </summary>
internal static class Execution
{
    /// <summary>Compiles <paramref name="sources"/> with the generator and returns the loaded assembly's types.</summary>
    public static Loaded Load(params string[] sources)
    {
        var run = GeneratorHarness.Run(sources);
        var problems = run.CompilationDiagnostics.Concat(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)).ToList();
        if (problems.Count > 0)
        {
            var generated = string.Join("\n\n", run.Sources.Select(s => $"// {s.Key}\n{s.Value}"));
            throw new InvalidOperationException(
                $"The program does not compile cleanly:\n{string.Join("\n", problems.Take(20))}\n\nGenerated:\n{generated}");
        }

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emitted.Diagnostics.Take(20)));
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("SymDiffExecution", isCollectible: true);
        return new Loaded(context, context.LoadFromStream(image), run);
    }

    /// <summary>Compiles <paramref name="sources"/> and returns what <c>Driver.Run()</c> returns.</summary>
    public static double[] RunDriver(params string[] sources)
    {
        var loaded = Load(sources);
        try
        {
            return loaded.Call("Driver", "Run");
        }
        finally
        {
            loaded.Context.Unload();
        }
    }

    /// <summary>An assembly compiled from a test's sources and the generator's output.</summary>
    internal sealed record Loaded(AssemblyLoadContext Context, Assembly Assembly, GeneratorRun Run)
    {
        /// <summary>Calls the public static parameterless <paramref name="method"/> of <paramref name="type"/>.</summary>
        public double[] Call(string type, string method)
        {
            var target = Assembly.GetType(type) ?? throw new InvalidOperationException($"no type '{type}'");
            var info = target.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"no method '{type}.{method}()'");
            try
            {
                return (double[])info.Invoke(null, null)!;
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw exception.InnerException;
            }
        }
    }
}
