using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Which calls an ILGPU kernel can make. A kernel calls its callees' C# members (the primal for values, the generated
/// <c>Gradient</c> for partials), which ILGPU compiles from their IL along with the kernel, so they must be kernel code
/// too: no heap (a tape, a buffer, a span parameter's array), nothing that may throw. A callee's body qualifies when it
/// is a loop-free body over scalars whose operations never throw and whose every call is to a method that qualifies in
/// turn (<see cref="CallGraph.RunsInKernels"/>). <c>Math.Clamp</c> and <c>Math.Sign</c> may throw: a kernel's own body
/// spells them without (<see cref="Emit.OpSyntax"/>), a callee's C# members cannot.
/// </summary>
internal static class KernelCalls
{
    /// <summary>True when <paramref name="method"/>'s own body could run inside a kernel, its calls aside.</summary>
    public static bool BodyRunsInKernels(MethodModel method) =>
        method.Loops is null
        && method.Parameters.All(p => p.Kind is not null && !p.IsArray)
        && !method.Scalar!.Program.Body.ExpressionsWithin().SelectMany(e => e.Descendants()).Any(e => e is LApply { Op: Op.Clamp or Op.Sign });

    /// <summary>The name of the first call of <paramref name="method"/> that a kernel cannot make, or null.</summary>
    public static string? FirstBlocking(MethodModel method, EquatableArray<CustomDerivativeModel> registry, CallGraph graph) => method.Calls
        .FirstOrDefault(c => !CallGraph.UsesGeneratedDerivative(c, registry) || c.SourceKey is not { } callee || !graph.RunsInKernels(callee))
        ?.MethodName;
}
