#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: the GPU tests (every generated kernel and the GPU runtime on ILGPU's CPU accelerator
# and in PTX), then the GPU measurements on the first CUDA device (Gpu/GpuBench.cs): copy bandwidth, the fused
# element-wise forward+backward of a generated kernel as a fraction of it, the tiled GEMM's GFLOP/s, and the MLP
# 784-128-10 training step at batch 64 and 4096. Without a CUDA GPU it runs the tests and says there is nothing to
# measure; GPU_BENCH_CHECK=1 runs the measurement program on the CPU accelerator at small sizes (a check only).
#
# Usage: tests/SymDiff.Benchmarks/gpu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test tests/SymDiff.Gpu.Tests
dotnet build -c Release -v q tests/SymDiff.Benchmarks >/dev/null
dotnet tests/SymDiff.Benchmarks/bin/Release/net10.0/SymDiff.Benchmarks.dll --gpu ${GPU_BENCH_CHECK:+--cpu-accelerator}
