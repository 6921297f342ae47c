// Run: dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*'
using BenchmarkDotNet.Running;
using SymDiff.Benchmarks.Batch;
using SymDiff.Benchmarks.Scalar;

// Run from the repository root, in Release:
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Scalar*'
//   dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*BatchKernel*'
// `--verify` checks every benchmark's gradients (and the batched kernels' outputs) against each other and exits; each
// benchmark's global setup runs the same check, so a wrong gradient fails the run instead of being timed.
if (args.Contains("--verify"))
{
    ScalarVerification.VerifyAll();
    Console.WriteLine("Scalar gradients: generated, hand-written and finite-difference agree.");
    BatchVerification.VerifyAll(40003);
    Console.WriteLine("Batched kernels: generated, hand-written and scalar loops agree.");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
