#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: the GPU tests, then the GPU measurements on the first CUDA device
# (Gpu/GpuBench.cs): copy bandwidth, the fused element-wise forward+backward of a generated kernel as a fraction of it,
# the tiled GEMM's GFLOP/s, the MLP 784-128-10 training step at batch 64 and 4096, and the per-example kernels of the
# sequence sample's RNN (1,024 and 65,536 windows, one per thread) against the C# gradient on one CPU thread.
#
# The GPU tests (tests/SymDiff.Gpu.Tests, a program of its own) run every generated kernel and the GPU runtime against
# their CPU references: on the GPU when nvidia-smi sees one (SYMDIFF_TEST_ACCELERATOR=cuda), else on ILGPU's CPU
# accelerator. Without a CUDA GPU the measurement program says there is nothing to measure; GPU_BENCH_CHECK=1 runs it on
# the CPU accelerator at small sizes (a check only).
#
# A GPU machine needs only the .NET runtime: build on a machine with the SDK (`GPU_BENCH_BUILD_ONLY=1`), copy the
# repository with its tests/SymDiff.Gpu.Tests/bin/Release and tests/SymDiff.Benchmarks/bin/Release folders, and run
# there with `GPU_BENCH_NO_BUILD=1` (and `DOTNET=/path/to/dotnet` if dotnet is not on the PATH).
#
# Usage: tests/SymDiff.Benchmarks/gpu.sh [--launch-sweep]   (--launch-sweep: where element-kernel and MLP-step time goes)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet=${DOTNET:-dotnet}
if [ -z "${GPU_BENCH_NO_BUILD:-}" ]; then
  "$dotnet" build -c Release -v q tests/SymDiff.Gpu.Tests >/dev/null
  "$dotnet" build -c Release -v q tests/SymDiff.Benchmarks >/dev/null
fi
[ -n "${GPU_BENCH_BUILD_ONLY:-}" ] && exit 0

accelerator=cpu
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  accelerator=cuda
  nvidia-smi -L
fi
echo "GPU tests on the ${accelerator} accelerator"
# A failing test does not stop the measurements; the script's exit status is the tests' at the end.
tests=0
SYMDIFF_TEST_ACCELERATOR=$accelerator "$dotnet" tests/SymDiff.Gpu.Tests/bin/Release/net10.0/SymDiff.Gpu.Tests.dll || tests=$?
"$dotnet" tests/SymDiff.Benchmarks/bin/Release/net10.0/SymDiff.Benchmarks.dll --gpu ${GPU_BENCH_CHECK:+--cpu-accelerator} "$@"
# The peer on the same GPU, in the same run: PyTorch's copy, cuBLAS GEMM and the same MLP step (skipped without it).
python=${PYTHON:-python3}
if [ "$accelerator" = cuda ] && "$python" -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  "$python" tests/SymDiff.Benchmarks/gpu_peer.py
else
  echo "No PyTorch with CUDA here: no peer measured"
fi
exit $tests
