using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// A test class with an accelerator in a context of its own: ILGPU's CPU accelerator (CI has no GPU), or the first
/// CUDA GPU when the environment variable <c>SYMDIFF_TEST_ACCELERATOR</c> is <c>cuda</c> (gpu.sh on a GPU machine), which
/// runs every kernel test on the GPU against the same CPU references.
/// </summary>
public abstract class AcceleratorTest : IDisposable
{
    private readonly Context _context;

    protected AcceleratorTest()
    {
        var requested = Environment.GetEnvironmentVariable("SYMDIFF_TEST_ACCELERATOR");
        if (string.Equals(requested, "cuda", StringComparison.OrdinalIgnoreCase))
        {
            _context = Context.Create(b => b.Default().EnableAlgorithms());
            var gpu = _context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
            if (gpu is null)
            {
                _context.Dispose();
                throw new InvalidOperationException("SYMDIFF_TEST_ACCELERATOR=cuda, but ILGPU finds no CUDA GPU on this machine (is the NVIDIA driver's libcuda visible?).");
            }

            Accelerator = gpu.CreateAccelerator(_context);
            return;
        }

        if (!string.IsNullOrEmpty(requested) && !string.Equals(requested, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SYMDIFF_TEST_ACCELERATOR is '{requested}': it must be 'cpu' (the default) or 'cuda'.");
        }

        _context = Context.Create(b => b.CPU().EnableAlgorithms());
        Accelerator = _context.CreateCPUAccelerator(0);
    }

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
