using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>A <c>[DerivativeOf]</c> method, validated: its model when the signature fits, and its diagnostics.</summary>
internal sealed record CustomDerivativeResult(CustomDerivativeModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads and checks user-supplied derivatives against the primal they name.</summary>
internal static class CustomDerivativeBuilder
{
    /// <summary>The generator's entry: one method found by its <c>[DerivativeOf]</c> attribute.</summary>
    public static CustomDerivativeResult Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is IMethodSymbol derivative && context.TargetNode is MethodDeclarationSyntax syntax
            ? Build(derivative, syntax, context.Attributes[0], context.SemanticModel, cancellationToken)
            : new CustomDerivativeResult(null, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>Checks <paramref name="derivative"/> against its primal; the generator and the analyzer both call this.</summary>
    public static CustomDerivativeResult Build(
        IMethodSymbol derivative, MethodDeclarationSyntax syntax, AttributeData attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // A derivative or primal that is still being typed: the compiler's errors say what is wrong.
        if (UserErrors.InMethod(semanticModel, syntax, cancellationToken))
        {
            return new CustomDerivativeResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var location = LocationInfo.From(syntax.Identifier.GetLocation());
        var (targetType, targetName) = TargetOf(derivative, attribute);
        if (targetType is null || string.IsNullOrEmpty(targetName))
        {
            return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeTargetNotFound, location, derivative.Name, targetName ?? "(null)", targetType?.Name ?? "(null)"));
        }

        var candidates = targetType.GetMembers(targetName!).OfType<IMethodSymbol>().Where(m => m.IsStatic && !SymbolEqualityComparer.Default.Equals(m, derivative)).ToList();
        if (candidates.Count == 0)
        {
            return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeTargetNotFound, location, derivative.Name, targetName!, targetType.Name));
        }

        if (candidates.Any(c => UserErrors.InSyntaxOf(c, cancellationToken)))
        {
            return new CustomDerivativeResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        string? problem = null;
        foreach (var primal in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mismatch = Match(primal, derivative, out var strategy);
            if (mismatch is null)
            {
                var kinds = string.Join(",", primal.Parameters.Select(p => KnownSymbols.KindOf(p.Type)?.ToString() ?? "Other"));
                return new CustomDerivativeResult(
                    new CustomDerivativeModel(KnownSymbols.FullName(targetType), primal.Name, kinds, KnownSymbols.FullName(derivative.ContainingType), derivative.Name, strategy),
                    EquatableArray<DiagnosticInfo>.Empty);
            }

            problem ??= mismatch;
        }

        var first = candidates[0];
        return Fail(DiagnosticInfo.Create(
            DiagnosticDescriptors.InvalidCustomDerivative, location, derivative.Name, first.Name, problem!, ExpectedPullback(first), ExpectedPushforward(first)));
    }

    /// <summary>
    /// The primal a <c>[DerivativeOf]</c> attribute names: <c>[DerivativeOf(nameof(F))]</c> in the derivative's own type,
    /// <c>[DerivativeOf(typeof(T), nameof(F))]</c> in another; nulls where the attribute is incomplete.
    /// </summary>
    public static (INamedTypeSymbol? Type, string? Name) TargetOf(IMethodSymbol derivative, AttributeData attribute)
    {
        var args = attribute.ConstructorArguments;
        return (args.Length == 2 ? args[0].Value as INamedTypeSymbol : derivative.ContainingType, args.Length > 0 ? args[args.Length - 1].Value as string : null);
    }

    /// <summary>How <paramref name="derivative"/> differentiates <paramref name="primal"/>: as a pullback or a pushforward; null when it does neither.</summary>
    public static CallStrategy? Strategy(IMethodSymbol primal, IMethodSymbol derivative) =>
        Match(primal, derivative, out var strategy) is null ? strategy : null;

    /// <summary>Null when <paramref name="derivative"/> is a pullback or pushforward of <paramref name="primal"/>; else why not.</summary>
    private static string? Match(IMethodSymbol primal, IMethodSymbol derivative, out CallStrategy strategy)
    {
        strategy = CallStrategy.CustomPullback;
        var returnKind = KnownSymbols.KindOf(primal.ReturnType);
        if (!KnownSymbols.IsReal(returnKind))
        {
            return $"'{primal.Name}' returns '{primal.ReturnType.ToDisplayString()}', not double or float";
        }

        if (!derivative.IsStatic)
        {
            return "it is not static";
        }

        var differentiable = primal.Parameters.Where(p => KnownSymbols.IsDifferentiable(p)).ToList();
        var n = primal.Parameters.Length;
        for (var i = 0; i < n; i++)
        {
            if (i >= derivative.Parameters.Length || !SymbolEqualityComparer.Default.Equals(derivative.Parameters[i].Type, primal.Parameters[i].Type))
            {
                return $"its first {n} parameter(s) must be the primal's parameters";
            }
        }

        var isPushforward = derivative.ReturnType is INamedTypeSymbol { IsTupleType: true };
        if (isPushforward)
        {
            strategy = CallStrategy.CustomPushforward;
            var tuple = (INamedTypeSymbol)derivative.ReturnType;
            if (tuple.TupleElements.Length != 2 || tuple.TupleElements.Any(e => KnownSymbols.KindOf(e.Type) != returnKind))
            {
                return $"a pushforward returns ({primal.ReturnType.ToDisplayString()} Value, {primal.ReturnType.ToDisplayString()} Tangent)";
            }

            if (derivative.Parameters.Length != n + differentiable.Count
                || derivative.Parameters.Skip(n).Any(p => p.RefKind != RefKind.None || KnownSymbols.KindOf(p.Type) != returnKind))
            {
                return $"a pushforward takes one {primal.ReturnType.ToDisplayString()} tangent per differentiable parameter ({differentiable.Count}) after the primal's parameters";
            }

            return null;
        }

        if (KnownSymbols.KindOf(derivative.ReturnType) != returnKind)
        {
            return $"a pullback returns the primal's value ({primal.ReturnType.ToDisplayString()})";
        }

        if (derivative.Parameters.Length != n + 1 + differentiable.Count)
        {
            return $"a pullback takes the primal's parameters, a seed, and one ref adjoint per differentiable parameter ({differentiable.Count})";
        }

        if (derivative.Parameters[n].RefKind != RefKind.None || KnownSymbols.KindOf(derivative.Parameters[n].Type) != returnKind)
        {
            return $"parameter '{derivative.Parameters[n].Name}' must be the seed, a {primal.ReturnType.ToDisplayString()} passed by value";
        }

        foreach (var adjoint in derivative.Parameters.Skip(n + 1))
        {
            if (adjoint.RefKind != RefKind.Ref || KnownSymbols.KindOf(adjoint.Type) != returnKind)
            {
                return $"parameter '{adjoint.Name}' must be 'ref {primal.ReturnType.ToDisplayString()}'";
            }
        }

        return null;
    }

    private static string ExpectedPullback(IMethodSymbol primal)
    {
        var t = primal.ReturnType.ToDisplayString();
        var ps = primal.Parameters.Select(p => $"{KnownSymbols.Display(p.Type)} {p.Name}")
            .Append($"{t} seed")
            .Concat(primal.Parameters.Where(p => KnownSymbols.IsDifferentiable(p)).Select(p => $"ref {t} d{char.ToUpperInvariant(p.Name[0])}{p.Name.Substring(1)}"));
        return $"{t} {Names.Pullback(primal.Name)}({string.Join(", ", ps)})";
    }

    private static string ExpectedPushforward(IMethodSymbol primal)
    {
        var t = primal.ReturnType.ToDisplayString();
        var ps = primal.Parameters.Select(p => $"{KnownSymbols.Display(p.Type)} {p.Name}")
            .Concat(primal.Parameters.Where(p => KnownSymbols.IsDifferentiable(p)).Select(p => $"{t} t{char.ToUpperInvariant(p.Name[0])}{p.Name.Substring(1)}"));
        return $"({t} Value, {t} Tangent) {Names.Pushforward(primal.Name)}({string.Join(", ", ps)})";
    }

    private static CustomDerivativeResult Fail(DiagnosticInfo diagnostic) => new(null, new[] { diagnostic }.ToEquatableArray());
}
