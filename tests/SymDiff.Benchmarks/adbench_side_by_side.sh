#!/usr/bin/env bash
# ADBench's GMM gradients and BA Jacobians: SymDiff's generated derivatives next to ADBench's hand-written C++
# ("Manual"), in the same process and the same run, alternating rounds (AdBench/AdBenchSideBySide.cs).
#
# ADBench (github.com/microsoft/ADBench, MIT) is not part of this repository and this script fetches nothing: give it
# the path of a checkout. It compiles ADBench's Manual module sources (src/cpp/modules/manual: ManualGMM, gmm_d,
# ManualBA, ba_d; src/cpp/shared/utils.cpp) with our C interface (AdBench/adbench_manual_shim.cpp) into a shared library
# with g++ -O3 -march=native (as ADBench's own benchmark runs build it), then runs the .NET side, which loads it.
# Without a path it prints the SymDiff side alone.
#
# Prerequisites: g++ and Eigen's headers (ADBench's utils.cpp includes them): apt-get install g++ libeigen3-dev.
# Usage: tests/SymDiff.Benchmarks/adbench_side_by_side.sh [PATH-TO-ADBENCH] [--rounds R] [--only WORKLOAD, e.g. "GMM d2"]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
args=()
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
    adbench="$(cd "$1" && pwd)"
    shift
    src="$adbench/src/cpp"
    for f in modules/manual/ManualGMM.cpp modules/manual/gmm_d.cpp modules/manual/ManualBA.cpp modules/manual/ba_d.cpp shared/utils.cpp; do
        [ -f "$src/$f" ] || { echo "adbench_side_by_side.sh: $src/$f not found: is $adbench an ADBench checkout?" >&2; exit 2; }
    done
    command -v g++ >/dev/null || { echo "adbench_side_by_side.sh: g++ is not installed (apt-get install g++)" >&2; exit 2; }
    eigen=/usr/include/eigen3
    [ -d "$eigen/Eigen" ] || { echo "adbench_side_by_side.sh: Eigen's headers are not in $eigen (apt-get install libeigen3-dev)" >&2; exit 2; }
    out="$root/tests/SymDiff.Benchmarks/bin/adbench-manual"
    mkdir -p "$out"
    echo "Building ADBench's Manual module from $adbench (g++ -O3 -march=native)" >&2
    (cd "$src" && g++ -O3 -march=native -std=c++17 -shared -fPIC -I. -I"$eigen" -o "$out/libadbench_manual.so" \
        "$root/tests/SymDiff.Benchmarks/AdBench/adbench_manual_shim.cpp" \
        modules/manual/ManualGMM.cpp modules/manual/gmm_d.cpp modules/manual/ManualBA.cpp modules/manual/ba_d.cpp shared/utils.cpp)
    args+=(--manual "$out/libadbench_manual.so")
fi
dotnet run -c Release --project tests/SymDiff.Benchmarks -- --adbench-side-by-side "${args[@]}" "$@"
