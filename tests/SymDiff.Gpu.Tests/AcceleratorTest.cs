using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace SymDiff.Gpu.Tests;

/// <summary>A test class with ILGPU's CPU accelerator (CI has no GPU), in a context of its own.</summary>
public abstract class AcceleratorTest : IDisposable
{
    private readonly Context _context = Context.Create(b => b.CPU().EnableAlgorithms());

    protected AcceleratorTest() => Accelerator = _context.CreateCPUAccelerator(0);

    protected Accelerator Accelerator { get; }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// <paramref name="kernel"/> compiled to PTX for SM 8.0, which needs no GPU and rejects what GPU backends reject,
    /// in a context of its own (a failed compile poisons its context).
    /// </summary>
    protected static string Ptx(MethodInfo kernel, bool explicitlyGrouped = false)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null!);
        var entry = explicitlyGrouped ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel) : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        return ((PTXCompiledKernel)backend.Compile(entry, default)).PTXAssembly;
    }
}
