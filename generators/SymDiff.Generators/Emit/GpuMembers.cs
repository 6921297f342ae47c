using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The members the ILGPU printers add to a method's type, as <see cref="Lowering.GeneratedMembers"/> checks a user's
/// members against them: element kernels and their launchers (<see cref="GpuEmitter"/>) for a method with batched
/// kernels in a project that references ILGPU and ILGPU.Algorithms, per-example kernels and launchers
/// (<see cref="LoopEmitter.EmitPerExample"/>) for a method that takes per-element data where SymDiff.Gpu is referenced
/// too. The parameter types come from the printers' own lists, so the check and the printed members cannot drift.
/// </summary>
internal static class GpuMembers
{
    /// <summary>Each compilation's <see cref="Support"/>, boxed.</summary>
    private static readonly ConditionalWeakTable<Compilation, object> Supports = new();

    /// <summary>
    /// A generated GPU member: its name and parameter types, fully qualified; without types, any user's member of that
    /// name collides with it (a per-example kernel, whose parameters no user's method can spell).
    /// </summary>
    internal sealed record Member(string Name, IReadOnlyList<string>? Types);

    /// <summary>The GPU members <paramref name="m"/> gets in a compilation with <paramref name="support"/>; none without ILGPU.</summary>
    public static IEnumerable<Member> Of(MethodModel m, GpuSupport support) =>
        support >= GpuSupport.Ilgpu && m.HasKernels ? GpuEmitter.Members(m)
        : support == GpuSupport.IlgpuWithRuntime && LoopEmitter.WantsPerExample(m) ? LoopEmitter.PerExampleMembers(m)
        : [];

    /// <summary>The names <see cref="Of"/> would give, without building a kernel: what a user's member is first compared with.</summary>
    public static IEnumerable<string> Names(MethodModel m, GpuSupport support) =>
        support >= GpuSupport.Ilgpu && m.HasKernels || support == GpuSupport.IlgpuWithRuntime && LoopEmitter.WantsPerExample(m)
            ? [Model.Names.GpuForwardKernel(m.Name), Model.Names.GpuBackwardKernel(m.Name), Model.Names.GpuBackwardAtomicKernel(m.Name), Model.Names.GpuForward(m.Name), Model.Names.GpuBackward(m.Name)]
            : [];

    /// <summary>
    /// What of ILGPU <paramref name="compilation"/> references, looked up once per compilation (every method's collision
    /// check asks).
    /// </summary>
    public static GpuSupport Support(Compilation compilation) =>
        (GpuSupport)Supports.GetValue(compilation, static c => Lookup(c));

    private static GpuSupport Lookup(Compilation compilation) =>
        compilation.GetTypeByMetadataName("ILGPU.Index1D") is null || compilation.GetTypeByMetadataName("ILGPU.Runtime.KernelLoaders") is null
            ? GpuSupport.None
            : compilation.GetTypeByMetadataName("ILGPU.Algorithms.XMath") is null ? GpuSupport.WithoutAlgorithms
            : compilation.GetTypeByMetadataName("SymDiff.Gpu.DeviceTape") is null ? GpuSupport.Ilgpu : GpuSupport.IlgpuWithRuntime;
}
