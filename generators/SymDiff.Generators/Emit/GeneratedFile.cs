using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// One generated file, or why it could not be generated. Emitting is a step of the pipeline, not part of the source
/// output, so that a failure is a value the generator's diagnostics report where the method is now
/// (<see cref="GeneratorDiagnostics"/>), while the text stays cached when the method only moves. Equal when the names,
/// the texts (by content) and the failures are.
/// </summary>
internal sealed class GeneratedFile : IEquatable<GeneratedFile>
{
    private GeneratedFile(string hintName, SourceText? text, SiteDiagnostic? failure)
    {
        HintName = hintName;
        Text = text;
        Failure = failure;
    }

    public string HintName { get; }

    /// <summary>The file's text, or <see langword="null"/> when it could not be generated.</summary>
    public SourceText? Text { get; }

    /// <summary>Why the file could not be generated, on the method's name; <see langword="null"/> when it was.</summary>
    public SiteDiagnostic? Failure { get; }

    /// <summary>
    /// Runs <paramref name="emit"/>, the emitter of <paramref name="method"/>'s file: its text, or SD0024 when the
    /// emitter ran out of stack, or SD0099 when it failed.
    /// </summary>
    public static GeneratedFile Emit(string hintName, MethodModel method, Func<string> emit)
    {
        try
        {
            return new GeneratedFile(hintName, SourceText.From(emit(), Encoding.UTF8), null);
        }
        catch (InsufficientExecutionStackException)
        {
            return new GeneratedFile(hintName, null, SiteDiagnostic.AtName(DiagnosticDescriptors.NestedTooDeeply, CallGraph.KeyOf(method), method.Name, NestingGuard.OutOfStackReason));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new GeneratedFile(hintName, null, SiteDiagnostic.AtName(DiagnosticDescriptors.InternalError, CallGraph.KeyOf(method), method.Name, exception.Message));
        }
    }

    /// <summary>No file, for a reason reported on the method (<paramref name="why"/>, which may be informational).</summary>
    public static GeneratedFile NotGenerated(string hintName, SiteDiagnostic why) => new(hintName, null, why);

    /// <summary>Adds each generated file to the compilation; the failures are reported by <see cref="GeneratorDiagnostics"/>.</summary>
    public static void AddSources(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<GeneratedFile> files) =>
        context.RegisterSourceOutput(files.Where(static file => file.Text is not null), static (spc, file) => spc.AddSource(file.HintName, file.Text!));

    public bool Equals(GeneratedFile? other) =>
        other is not null && HintName == other.HintName && Equals(Failure, other.Failure)
        && (Text is null ? other.Text is null : other.Text is not null && Text.ContentEquals(other.Text));

    public override bool Equals(object? obj) => Equals(obj as GeneratedFile);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(HintName);
}
