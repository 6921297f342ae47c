using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>What of ILGPU the compilation references.</summary>
internal enum GpuSupport
{
    /// <summary>No ILGPU: nothing GPU-related is generated.</summary>
    None,

    /// <summary>ILGPU without ILGPU.Algorithms: no kernels, and SD0027 says why.</summary>
    WithoutAlgorithms,

    /// <summary>ILGPU and ILGPU.Algorithms: every method with batched kernels gets ILGPU kernels too.</summary>
    Ilgpu,

    /// <summary>
    /// ILGPU, ILGPU.Algorithms and SymDiff.Gpu (<c>SymDiff.Gpu.DeviceTape</c>): methods with loops that take per-element
    /// data get per-example kernels as well.
    /// </summary>
    IlgpuWithRuntime,
}

/// <summary>
/// The members the ILGPU printers add to a method's type, as <see cref="GeneratedMembers"/> checks a user's members
/// against them, from the method's model alone: element kernels and their launchers (<c>Emit.GpuEmitter</c>) for a
/// method with batched kernels in a project that references ILGPU and ILGPU.Algorithms, per-example kernels and
/// launchers (<c>Emit.MemberEmitter.EmitPerExample</c>) for a method that takes per-element data where SymDiff.Gpu is
/// referenced too. As for the C# members (<see cref="GeneratedMembers.Of"/>), <c>GeneratedMemberCollisionTests</c>
/// compiles what the printers really add and fails where this list and theirs differ.
/// </summary>
internal static class GpuMembers
{
    /// <summary>ILGPU's view type, what a kernel and a launcher take for a span.</summary>
    internal const string View = "global::ILGPU.ArrayView";

    /// <summary>ILGPU's accelerator, a launcher's first parameter.</summary>
    internal const string Accelerator = "global::ILGPU.Runtime.Accelerator";

    /// <summary>ILGPU's one-dimensional index, a kernel's first parameter.</summary>
    internal const string Index = "global::ILGPU.Index1D";

    /// <summary>Each compilation's <see cref="Support"/>, boxed.</summary>
    private static readonly ConditionalWeakTable<Compilation, object> Supports = new();

    /// <summary>
    /// A generated GPU member: its name and parameter types, fully qualified; without types, any user's member of that
    /// name collides with it (a per-example kernel, whose parameters no user's method can spell).
    /// </summary>
    internal sealed record Member(string Name, IReadOnlyList<string>? Types);

    /// <summary>True when <paramref name="m"/> gets per-example kernels where SymDiff.Gpu is referenced: it has loops and per-element data.</summary>
    public static bool WantsPerExample(MethodModel m) => m.Loops is not null && m.Parameters.Any(p => p.IsPerElement);

    /// <summary>The GPU members <paramref name="m"/> gets in a compilation with <paramref name="support"/>; none without ILGPU.</summary>
    public static IEnumerable<Member> Of(MethodModel m, GpuSupport support) =>
        support >= GpuSupport.Ilgpu && m.HasKernels ? BatchMembers(m)
        : support == GpuSupport.IlgpuWithRuntime && WantsPerExample(m) ? PerExampleMembers(m)
        : [];

    /// <summary>The names <see cref="Of"/> would give: what a user's member is first compared with.</summary>
    public static IEnumerable<string> Names(MethodModel m, GpuSupport support) =>
        support >= GpuSupport.Ilgpu && m.HasKernels || support == GpuSupport.IlgpuWithRuntime && WantsPerExample(m)
            ? [Model.Names.GpuForwardKernel(m.Name), Model.Names.GpuBackwardKernel(m.Name), Model.Names.GpuBackwardAtomicKernel(m.Name), Model.Names.GpuForward(m.Name), Model.Names.GpuBackward(m.Name)]
            : [];

    /// <summary>
    /// What of ILGPU <paramref name="compilation"/> references, looked up once per compilation (every method's collision
    /// check asks).
    /// </summary>
    public static GpuSupport Support(Compilation compilation) =>
        (GpuSupport)Supports.GetValue(compilation, static c => Lookup(c));

    /// <summary>
    /// The parameter types of a per-example launcher: the accelerator; each parameter's view (per-element data and spans)
    /// or itself (a shared scalar); for the pullback the upstream values; the values; for the pullback each shared
    /// parameter's adjoint and the <c>deterministic</c> flag; the examples per launch.
    /// </summary>
    public static IEnumerable<string> LauncherTypes(MethodModel m, bool backward)
    {
        var type = Model.Names.TypeKeyword(m.ReturnKind);
        var differentiable = backward ? m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput) : [];
        return m.Parameters.Select(p => p.IsArray || p.IsPerElement ? $"{View}<{ElementType(p)}>" : p.TypeName)
            .Concat(backward ? [$"{View}<{type}>"] : []).Append($"{View}<{type}>")
            .Concat(differentiable.Select(p => $"{View}<{ElementType(p)}>")).Concat(backward ? ["bool"] : []).Append("int")
            .Prepend(Accelerator);
    }

    /// <summary>
    /// The element kernels and launchers of a method with batched kernels, each with its parameter types (the launchers'
    /// defaulted <c>deterministic</c> flag included). A kernel reads each parameter per element (a view of it) or
    /// broadcast (itself) and writes views: the forward kernel the values; the backward kernel, after the upstream values,
    /// the adjoint of each differentiable parameter (one per element, or one sum for a <c>[Broadcast]</c> one, which adds
    /// the atomic kernel and the <c>deterministic</c> flag).
    /// </summary>
    private static IEnumerable<Member> BatchMembers(MethodModel m)
    {
        var inputs = m.Parameters.Select(p => p.IsBatchSpan ? $"{View}<{ElementType(p)}>" : p.TypeName).ToList();
        var forward = inputs.Append($"{View}<{Model.Names.TypeKeyword(m.ReturnKind)}>").ToList();
        var backward = inputs.Append($"{View}<{Model.Names.TypeKeyword(m.ReturnKind)}>")
            .Concat(m.Parameters.Where(p => p.IsDifferentiable).Select(p => $"{View}<{ElementType(p)}>")).ToList();
        var reduced = m.Parameters.Any(p => p.IsDifferentiable && !p.IsBatchSpan);
        yield return new(Model.Names.GpuForwardKernel(m.Name), forward.Prepend(Index).ToList());
        yield return new(Model.Names.GpuBackwardKernel(m.Name), backward.Prepend(Index).ToList());
        if (reduced)
        {
            yield return new(Model.Names.GpuBackwardAtomicKernel(m.Name), backward.Prepend(Index).ToList());
        }

        yield return new(Model.Names.GpuForward(m.Name), forward.Prepend(Accelerator).ToList());
        yield return new(Model.Names.GpuBackward(m.Name), backward.Prepend(Accelerator).Concat(reduced ? ["bool"] : []).ToList());
    }

    /// <summary>
    /// The members of a method's per-example kernels: the kernels by name alone (their parameter after the index is a type
    /// the generated code declares, which the user's code sees only as an unresolved name), and the launchers with their
    /// parameter types.
    /// </summary>
    private static IEnumerable<Member> PerExampleMembers(MethodModel m) =>
    [
        new(Model.Names.GpuForwardKernel(m.Name), null),
        new(Model.Names.GpuBackwardKernel(m.Name), null),
        new(Model.Names.GpuBackwardAtomicKernel(m.Name), null),
        new(Model.Names.GpuForward(m.Name), LauncherTypes(m, backward: false).ToList()),
        new(Model.Names.GpuBackward(m.Name), LauncherTypes(m, backward: true).ToList()),
    ];

    private static string ElementType(ParamModel p) => Model.Names.TypeKeyword(p.Kind!.Value);

    private static GpuSupport Lookup(Compilation compilation) =>
        compilation.GetTypeByMetadataName("ILGPU.Index1D") is null || compilation.GetTypeByMetadataName("ILGPU.Runtime.KernelLoaders") is null
            ? GpuSupport.None
            : compilation.GetTypeByMetadataName("ILGPU.Algorithms.XMath") is null ? GpuSupport.WithoutAlgorithms
            : compilation.GetTypeByMetadataName("SymDiff.Gpu.DeviceTape") is null ? GpuSupport.Ilgpu : GpuSupport.IlgpuWithRuntime;
}
