#!/usr/bin/env bash
# Data-parallel training on MPI: the time of a gradient sum against its size, and the digits MLP's training step
# (784-128-10, batches of 64 and 1024 shared among the ranks, Adam, single-threaded layers) on 1 and 2 ranks, with
# the scaling efficiency: images/s on N ranks ÷ (N × images/s of one process without data parallelism).
#
# Prerequisites: the .NET 10 SDK and OpenMPI (apt-get install openmpi-bin). Each rank runs one thread of compute, so
# N ranks want N free cores: on a 2-core machine, 2 ranks share the cores with the OS and mpirun, and efficiency below
# 1 there is partly that.
#
# Usage: tests/SymDiff.Benchmarks/distributed.sh [max ranks, default 2]     (DIST_EPOCHS=20 sets the timed epochs)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v mpirun >/dev/null || { echo "distributed.sh: mpirun is not installed (apt-get install openmpi-bin)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none TERM=dumb
dotnet build -c Release -v q tests/SymDiff.Benchmarks >/dev/null
bench=tests/SymDiff.Benchmarks/bin/Release/net10.0/SymDiff.Benchmarks.dll
max=${1:-2}
declare -A rate
declare -A plain
for ranks in $(seq 1 "$max"); do
    echo "## $ranks rank(s)"
    out=$(mpirun --oversubscribe -np "$ranks" dotnet "$bench" --distributed --epochs "${DIST_EPOCHS:-20}")
    echo "$out" | grep -v -E '^(throughput|plain) '
    while read -r batch value; do rate[$ranks,$batch]=$value; done < <(echo "$out" | sed -n 's/^throughput ranks=[0-9]* batch=\([0-9]*\) images\/s=\([0-9.]*\).*/\1 \2/p')
    while read -r batch value; do plain[$batch]=$value; done < <(echo "$out" | sed -n 's/^plain batch=\([0-9]*\) images\/s=\([0-9.]*\).*/\1 \2/p')
    echo
done
echo "| batch | ranks | images/s | speed-up over one process | scaling efficiency |"
echo "|---:|---:|---:|---:|---:|"
for batch in 64 1024; do
    echo "| $batch | 1, no data parallelism | $(printf '%.0f' "${plain[$batch]}") | 1.00 | 1.00 |"
    for ranks in $(seq 1 "$max"); do
        awk -v b="$batch" -v n="$ranks" -v r="${rate[$ranks,$batch]}" -v p="${plain[$batch]}" 'BEGIN { printf "| %d | %d | %.0f | %.2f | %.2f |\n", b, n, r, r / p, r / (n * p) }'
    done
done
