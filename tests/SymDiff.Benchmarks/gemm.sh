#!/usr/bin/env bash
# Single-threaded SGEMM comparison: SymDiff's managed Gemm against OpenBLAS cblas_sgemm (openblas_set_num_threads(1)).
#
# Prerequisite (installs nothing itself): OpenBLAS, e.g. `apt-get install libopenblas-dev` on Debian/Ubuntu.
# Without libopenblas.so.0 the OpenBLAS rows are skipped with a message and only SymDiff is measured.
#
# OpenBLAS picks its kernels at run time; OPENBLAS_CORETYPE forces a kernel set. With OPENBLAS_CORETYPE=Haswell an
# AVX-512 CPU runs OpenBLAS's AVX2 kernels (about half its AVX-512 speed), so this script measures both: once with
# the environment as it is, and once with OPENBLAS_CORETYPE removed (OpenBLAS's own detection). The "OpenBLAS core"
# column shows which kernel set each run used. An OpenBLAS older than the CPU may not know it and fall back to old
# kernels (0.3.21 runs SSE3 "Prescott" kernels on a 5th-generation Xeon): where the CPU has AVX-512, a third run forces
# OPENBLAS_CORETYPE=SkylakeX (OpenBLAS's AVX-512 kernels) unless the environment already asks for an AVX-512 set.
#
# Usage: tests/SymDiff.Benchmarks/gemm.sh [extra BenchmarkDotNet arguments]
#   GEMM_SHAPES=square,dW1 tests/SymDiff.Benchmarks/gemm.sh   runs only the shapes whose names contain those words.
set -euo pipefail
cd "$(dirname "$0")/../.."

run() {
    dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Gemm*' "$@"
}

echo "=== OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} (environment as is) ==="
run "$@"

if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
    echo "=== OPENBLAS_CORETYPE unset (OpenBLAS detects the CPU) ==="
    env -u OPENBLAS_CORETYPE dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Gemm*' "$@"
fi

if grep -qw avx512f /proc/cpuinfo && [[ ! "${OPENBLAS_CORETYPE:-}" =~ ^(SkylakeX|Cooperlake|SapphireRapids)$ ]]; then
    echo "=== OPENBLAS_CORETYPE=SkylakeX (OpenBLAS's AVX-512 kernels, whatever its detection picks) ==="
    OPENBLAS_CORETYPE=SkylakeX dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*Gemm*' "$@"
fi
