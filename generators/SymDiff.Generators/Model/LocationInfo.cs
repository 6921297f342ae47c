using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymDiff.Generators.Model;

/// <summary>A source location as plain data (file path and spans), so models never hold a syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : Of(node);

    /// <summary>Where <paramref name="node"/> is (a node always has a tree).</summary>
    public static LocationInfo Of(SyntaxNode node) => new(node.SyntaxTree.FilePath, node.Span, node.GetLocation().GetLineSpan().Span);

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null :
        new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
