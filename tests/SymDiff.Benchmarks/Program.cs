// Run: dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*'
using BenchmarkDotNet.Running;
using SymDiff.Benchmarks.Mlp;
using SymDiff.Benchmarks.Batch;
using SymDiff.Benchmarks.Checkpoint;
using SymDiff.Benchmarks.Scalar;

// Run from the repository root, in Release:
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Scalar*'
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*BatchKernel*'
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --mlp [relu] [sigmoid]   (mlp.sh runs it next to PyTorch)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --mlp-breakdown [relu] [sigmoid]   (where its time goes)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --adbench-ratios [--rounds R]   (a quick ADBench J/F table)
//   tests/SymDiff.Benchmarks/adbench_side_by_side.sh PATH-TO-ADBENCH   (SymDiff next to ADBench's Manual C++, same process;
//     without a path, --adbench-side-by-side prints the SymDiff side alone)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Checkpoint*'   (an RNN's gradient with and without [Checkpoint])
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*CallBenchmarks*'   (a gradient through small helper calls vs inlined by hand)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*LongBody*'   (a 400-statement body's gradient, split into parts)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*MatrixInput*'   (a layer's gradient over double[,] vs over a flat span)
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --checkpoint-memory   (its peak tape with and without [Checkpoint])
//   mpirun -np 2 dotnet tests/SymDiff.Benchmarks/bin/Release/net10.0/SymDiff.Benchmarks.dll --distributed
//     (gradient sums against their size, and the digits MLP's data-parallel step; distributed.sh runs 1 and 2 ranks)
//   tests/SymDiff.Benchmarks/gpu.sh   (on a machine with an NVIDIA GPU: the GPU tests, then --gpu's measurements)
// `--verify` checks every benchmark's gradients against each other and exits; each benchmark's global setup runs
// the same check, so a wrong gradient fails the run instead of being timed.
if (args.Contains("--verify"))
{
    ScalarVerification.VerifyAll();
    Console.WriteLine("Scalar gradients: generated, hand-written and finite-difference agree.");
    BatchVerification.VerifyAll(40003);
    Console.WriteLine("Batched kernels: generated, hand-written and scalar loops agree.");
    foreach (var steps in CheckpointData.Steps)
    {
        CheckpointData.Verify(CheckpointData.Parameters(), CheckpointData.Sequence(steps));
    }

    Console.WriteLine("RNN gradient: checkpointed and recorded are bit-identical.");
    SymDiff.Benchmarks.Calls.GatedRecurrence.Verify(200);
    SymDiff.Benchmarks.Calls.GatedRecurrence.VerifyKeptCalls(200);
    Console.WriteLine("Gated recurrence: gradients through inlined calls, through kept calls and inlined by hand agree.");
    return 0;
}

if (args.Contains("--adbench-side-by-side"))
{
    return SymDiff.Benchmarks.AdBench.AdBenchSideBySide.Run(args);
}

if (args.Contains("--adbench-ratios"))
{
    return SymDiff.Benchmarks.AdBench.AdBenchRatios.Run(args);
}

if (args.Contains("--checkpoint-memory"))
{
    return CheckpointMemory.Run();
}

if (args.Contains("--gpu"))
{
    return SymDiff.Benchmarks.Gpu.GpuBench.Run(args);
}

if (args.Contains("--distributed"))
{
    return SymDiff.Benchmarks.Distributed.DistributedBench.Run(args);
}

if (args.Contains("--mlp-breakdown"))
{
    return MlpBreakdown.Run(args);
}

if (args.Contains("--mlp"))
{
    return MlpTiming.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
