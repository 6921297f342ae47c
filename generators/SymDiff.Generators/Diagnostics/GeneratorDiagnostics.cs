using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Diagnostics;

/// <summary>
/// Reports the diagnostics the generator finds itself (calls of rejected or recursive methods, colliding generated
/// members, emitters that failed) where their methods and calls are now. They travel the pipeline as
/// <see cref="SiteDiagnostic"/>s, without locations; here they are gathered and located in <see cref="SourceSites"/>.
/// A method that moves changes the sites, so the diagnostics on it are located again, but the located list is
/// compared before it is reported: when no diagnostic moved (there are none, most of the time) nothing re-runs.
/// </summary>
internal static class GeneratorDiagnostics
{
    public static void Register(
        IncrementalGeneratorInitializationContext context, IncrementalValueProvider<SourceSites> sites, params IncrementalValuesProvider<SiteDiagnostic>[] sources)
    {
        var all = sources
            .Select(static source => source.Collect().Select(static (diagnostics, _) => diagnostics.ToEquatableArray()))
            .Aggregate(static (left, right) => left.Combine(right).Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray()));
        var located = all
            .Combine(sites)
            .Select(static (pair, _) => pair.Left.Select(diagnostic => diagnostic.Locate(pair.Right)).ToEquatableArray())
            .WithTrackingName(TrackingNames.ReportedDiagnostics);
        context.RegisterSourceOutput(located, static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }
}
