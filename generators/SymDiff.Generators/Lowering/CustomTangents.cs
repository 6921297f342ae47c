using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Second derivatives through a call of a method with a custom <c>[DerivativeOf]</c> derivative: the user's derivative,
/// itself differentiated. A method that asks for Hessians and calls such a method gets the derivative's body lowered
/// here, as a program over the derivative's parameters (<see cref="CustomTangent"/>), which the tangent program
/// (<c>Differentiation/TangentProgram</c>) inlines as the call's tangent, ẏ = Σ ∂g/∂aᵢ·ȧᵢ, where reverse mode then
/// differentiates it like any other statement:
/// <list type="bullet">
/// <item>a custom pullback <c>g(a…, seed, ref da…)</c> gives the partials: its body run with seed 1 and the adjoints at 0
/// leaves ∂g/∂aᵢ in dAᵢ (what it returns, the value, is not needed);</item>
/// <item>a custom pushforward <c>(Value, Tangent) g(a…, ta…)</c> gives the tangent itself: the <c>Tangent</c> element of the
/// tuple it returns, written as one expression (<c>=&gt; (LogCosh(x), Math.Tanh(x) * tX)</c>).</item>
/// </list>
/// The derivative must be code SymDiff differentiates (the same rules as a <c>[Differentiable]</c> body) over its
/// parameters' numbers, without loops, calls or static data in what computes the partials; otherwise the call keeps its
/// first derivatives and the caller's SD0029 says why.
/// </summary>
internal static class CustomTangents
{
    /// <summary>The <c>[DerivativeOf]</c> methods of a compilation, by their target's type and name.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<(string Type, string Name), IMethodSymbol[]>> Index = new();

    /// <summary>The tangent program of a call of <paramref name="target"/> through its custom derivative, or why there is none; (null, null) when it has none.</summary>
    public static (CustomTangent? Tangent, string? Obstacle) Of(IMethodSymbol target, Compilation compilation)
    {
        var derivatives = Derivatives(compilation, target);
        // A pullback wins over a pushforward, as the call's first derivatives do (CallGraph.CustomFor).
        var chosen = derivatives.Select(d => (Derivative: d, Strategy: CustomDerivativeBuilder.Strategy(target, d)))
            .Where(d => d.Strategy is not null)
            .OrderBy(d => d.Strategy == CallStrategy.CustomPullback ? 0 : 1)
            .FirstOrDefault();
        if (chosen.Derivative is null)
        {
            return (null, null);
        }

        var derivative = chosen.Derivative;
        var why = $"its custom derivative {derivative.Name}";
        if (target.Parameters.Any(p => KnownSymbols.ShapeOf(p.Type) is { IsArray: true } or { Kind: null }))
        {
            return (null, $"{why} takes a span or another type, and second derivatives through custom derivatives are generated for numbers");
        }

        if (InlinedHelpers.Body(derivative, compilation) is not { } body)
        {
            return (null, $"{why} has no source here to differentiate");
        }

        try
        {
            return chosen.Strategy == CallStrategy.CustomPullback ? Pullback(target, derivative, body, why) : Pushforward(target, derivative, body, why);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, $"{why} cannot be differentiated ({exception.Message})");
        }
    }

    /// <summary>The pullback's body with seed 1: the partials are what it leaves in its adjoints.</summary>
    private static (CustomTangent?, string?) Pullback(IMethodSymbol target, IMethodSymbol derivative, IBlockOperation body, string why)
    {
        var (program, problem) = Lowered(derivative, body, resultKind: null);
        if (program is null)
        {
            return (null, $"{why} cannot be differentiated: {problem}");
        }

        var n = target.Parameters.Length;
        var parameters = Parameters(program, derivative.Parameters.Length);
        var partials = Enumerable.Range(n + 1, derivative.Parameters.Length - n - 1).Select(i => parameters[i]).ToList();
        // Only what the adjoints receive is needed: the value it returns goes (with the calls computing it).
        program = DeadStores.Remove(program with { Result = -1 }, dropCalls: true);
        return Checked(program, why) ?? (new CustomTangent(program, parameters.Take(n).ToEquatableArray(), parameters[n], partials.ToEquatableArray(), EquatableArray<int>.Empty, -1), null);
    }

    /// <summary>The Tangent element of the tuple the pushforward returns, as a program over its parameters.</summary>
    private static (CustomTangent?, string?) Pushforward(IMethodSymbol target, IMethodSymbol derivative, IBlockOperation body, string why)
    {
        var tangent = body.Operations.Length == 1 && body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
            && Unconverted(returned) is ITupleOperation { Elements.Length: 2 } tuple ? tuple.Elements[1] : null;
        if (tangent is null)
        {
            return (null, $"{why} is not one returned tuple (Value, Tangent); write it as '=> (value, tangent)' to have it differentiated");
        }

        var (program, problem) = Lowered(derivative, tangent, KnownSymbols.KindOf(target.ReturnType)!.Value);
        if (program is null)
        {
            return (null, $"{why} cannot be differentiated: {problem}");
        }

        var n = target.Parameters.Length;
        var parameters = Parameters(program, derivative.Parameters.Length);
        return Checked(program, why) ?? (new CustomTangent(program, parameters.Take(n).ToEquatableArray(), -1, EquatableArray<int>.Empty, parameters.Skip(n).ToEquatableArray(), program.Result), null);
    }

    /// <summary>
    /// <paramref name="code"/> of the derivative, fenced and lowered as a <c>[Differentiable]</c> body would be: a whole
    /// body, or (with <paramref name="resultKind"/>) one expression whose value is the result. The first error's message
    /// where either step rejects something.
    /// </summary>
    private static (LoopProgram? Program, string? Problem) Lowered(IMethodSymbol derivative, IOperation code, ScalarKind? resultKind)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var loopBody = resultKind is null && !LoopLowerer.IsScalarBody(derivative, code);
        if (resultKind is null)
        {
            Fence.CheckBody(derivative, code, diagnostics, inlineCallees: loopBody);
        }
        else
        {
            Fence.CheckExpression(derivative, code, diagnostics);
        }

        if (Problem(diagnostics) is { } fenced)
        {
            return (null, fenced);
        }

        var (program, _, _) = LoopLowerer.Lower(derivative, code, diagnostics, scalarBody: !loopBody, inlineCallees: loopBody, resultKind);
        return Problem(diagnostics) is { } lowering ? (null, lowering) : (program, null);
    }

    /// <summary>The variable of each parameter of the lowered derivative, by ordinal.</summary>
    private static int[] Parameters(LoopProgram program, int count)
    {
        var ids = Enumerable.Repeat(-1, count).ToArray();
        foreach (var v in program.Vars.Where(v => v.Origin == VarOrigin.Parameter))
        {
            ids[v.Parameter] = v.Id;
        }

        if (ids.Contains(-1))
        {
            throw new InvalidOperationException("a parameter has no variable");
        }

        return ids;
    }

    /// <summary>Why the lowered derivative cannot be inlined as a tangent: static data, a loop, a call, an array; null when it can.</summary>
    private static (CustomTangent?, string?)? Checked(LoopProgram program, string why)
    {
        var statements = program.Body.Descendants().ToList();
        // Static data is named from the derivative's own type, which the caller's generated code may not see.
        var statics = program.Vars.Where(v => v.Origin == VarOrigin.Static).Select(v => v.Name.Substring(v.Name.LastIndexOf('.') + 1)).ToList();
        var reason = statics.Count > 0 ? $"reads static data ({string.Join(", ", statics)})"
            : statements.Any(s => s is LLoop) ? "has a loop"
            : statements.Any(s => s is LCall) ? "calls another method where it computes the derivative"
            : program.Vars.Any(v => v.IsArray) || statements.Any(s => s is LStore or LAllocate) ? "uses an array or a span"
            : statements.SelectMany(Expressions).SelectMany(e => e.Descendants()).Any(e => e is not (LRead or LConst or LApply)) ? "reads something other than numbers"
            : null;
        return reason is null ? null : (null, $"{why} {reason}, and second derivatives through a custom derivative are generated for straight-line formulas");
    }

    private static IEnumerable<LExpr> Expressions(LStmt statement) => statement switch
    {
        LAssign a => new[] { a.Value },
        LIf i => new[] { i.Condition },
        _ => Array.Empty<LExpr>(),
    };

    /// <summary>The message of the first error in <paramref name="diagnostics"/>, as the user would read it; null without one.</summary>
    private static string? Problem(List<DiagnosticInfo> diagnostics) =>
        diagnostics.FirstOrDefault(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)?.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static IOperation Unconverted(IOperation operation) => operation is IConversionOperation conversion ? Unconverted(conversion.Operand) : operation;

    /// <summary>The <c>[DerivativeOf]</c> methods naming <paramref name="target"/>.</summary>
    private static IMethodSymbol[] Derivatives(Compilation compilation, IMethodSymbol target)
    {
        var index = Index.GetValue(compilation, static c => Build(c));
        return index.TryGetValue((KnownSymbols.FullName(target.ContainingType), target.Name), out var found) ? found : Array.Empty<IMethodSymbol>();
    }

    private static ConcurrentDictionary<(string Type, string Name), IMethodSymbol[]> Build(Compilation compilation)
    {
        var found = new Dictionary<(string, string), List<IMethodSymbol>>();
        foreach (var method in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member).OfType<IMethodSymbol>())
        {
            foreach (var attribute in method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.DerivativeOfAttribute))
            {
                if (CustomDerivativeBuilder.TargetOf(method, attribute) is ({ } type, { } name))
                {
                    var key = (KnownSymbols.FullName(type), name);
                    if (!found.TryGetValue(key, out var list))
                    {
                        found[key] = list = new List<IMethodSymbol>();
                    }

                    list.Add(method);
                }
            }
        }

        return new ConcurrentDictionary<(string, string), IMethodSymbol[]>(found.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }
}
