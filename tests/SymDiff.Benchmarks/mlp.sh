#!/usr/bin/env bash
# Training step of a 784-128-10 MLP (batch 64, float32, SGD, one thread): SymDiff against PyTorch 1.13, side by side.
#
# Prerequisites (installs nothing itself): the .NET 10 SDK, and PyTorch for the Debian interpreter:
#   apt-get install python3-torch python3-numpy
# The script stops with a message when /usr/bin/python3 (or $MLP_PYTHON) cannot import torch.
#
# Both sides run the same step (Mlp/MlpStep.cs, Mlp/mlp_torch.py) with the same timing loop: 2 s of warm-up, then
# 30 rounds of 200 steps; a run reports the median round's µs/step. Debian's PyTorch does its GEMMs in OpenBLAS, which
# picks its kernels at run time unless OPENBLAS_CORETYPE forces a set: PyTorch runs once with OPENBLAS_CORETYPE=Haswell
# (AVX2 kernels) and once with it unset (OpenBLAS detects the CPU; AVX-512 kernels where it has them). An OpenBLAS older
# than the CPU may not know it and fall back to old kernels (0.3.21 runs SSE3 "Prescott" kernels on a 5th-generation
# Xeon): where the CPU has AVX-512 and the detection picked no AVX-512 kernel set, PyTorch runs a third time with
# OPENBLAS_CORETYPE=SkylakeX (its AVX-512 kernels), so the table has a fair column. SymDiff does not
# use OpenBLAS. One thread: SymDiff's layers call the single-threaded GEMM; PyTorch gets torch.set_num_threads(1),
# OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1.
#
# The three runs are repeated MLP_REPEATS times (default 3), interleaved so that load from other processes hits all of
# them alike. Two tables: the median of the repeats' medians with their range in brackets, and the fastest round of
# all (the best estimate of each program's own cost when other processes share the cores). The ratio is PyTorch
# time ÷ SymDiff time (above 1: SymDiff is faster).
#
# Usage: tests/SymDiff.Benchmarks/mlp.sh [relu] [sigmoid]        (default: both activations)
#   MLP_REPEATS=5 MLP_ROUNDS=30 MLP_STEPS=200 MLP_PYTHON=/usr/bin/python3 tests/SymDiff.Benchmarks/mlp.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${MLP_PYTHON:-/usr/bin/python3}
repeats=${MLP_REPEATS:-3}
timing=(--rounds "${MLP_ROUNDS:-30}" --steps "${MLP_STEPS:-200}")

if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "mlp.sh: PyTorch is not importable by $python. Install it with" >&2
    echo "  apt-get install python3-torch python3-numpy" >&2
    echo "(Debian's python3-torch is PyTorch 1.13; use /usr/bin/python3, or set MLP_PYTHON to an interpreter that has torch)." >&2
    exit 1
fi

dotnet build -c Release tests/SymDiff.Benchmarks -v quiet -nologo >/dev/null

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
echo "CPU: ${cpu:-unknown}, $(nproc) cores; .NET $(dotnet --version); $("$python" -c 'import torch; print("PyTorch", torch.__version__)')"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((r = 1; r <= repeats; r++)); do
    echo "--- repeat $r of $repeats"
    dotnet run -c Release --no-build --project tests/SymDiff.Benchmarks -- --mlp "${timing[@]}" "$@" | tee -a "$results"
    OPENBLAS_CORETYPE=Haswell "$python" tests/SymDiff.Benchmarks/Mlp/mlp_torch.py "${timing[@]}" "$@" \
        | sed 's/^RESULT pytorch /RESULT pytorch-haswell /' | tee -a "$results"
    env -u OPENBLAS_CORETYPE "$python" tests/SymDiff.Benchmarks/Mlp/mlp_torch.py "${timing[@]}" "$@" \
        | sed 's/^RESULT pytorch /RESULT pytorch-auto /' | tee -a "$results"
    detected=$(grep -m1 '^RESULT pytorch-auto ' "$results" | grep -o 'core=[A-Za-z0-9]*' | cut -d= -f2 || true)
    if grep -qw avx512f /proc/cpuinfo && [[ ! "$detected" =~ ^(SkylakeX|Cooperlake|SapphireRapids)$ ]]; then
        OPENBLAS_CORETYPE=SkylakeX "$python" tests/SymDiff.Benchmarks/Mlp/mlp_torch.py "${timing[@]}" "$@" \
            | sed 's/^RESULT pytorch /RESULT pytorch-avx512 /' | tee -a "$results"
    fi
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

"$python" - "$results" <<'PY'
import statistics
import sys

medians, fastest, cores = {}, {}, {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "):
        continue
    fields = line.split()
    key = (fields[1], fields[2])
    values = dict(f.split("=", 1) for f in fields[3:])
    medians.setdefault(key, []).append(float(values["median"]))
    fastest.setdefault(key, []).append(float(values["min"]))
    if "core" in values:
        cores[fields[1]] = values["core"]

activations = sorted({a for _, a in medians}, key=["relu", "sigmoid"].index)
columns = [("symdiff", "SymDiff"),
           ("pytorch-haswell", f"PyTorch, OPENBLAS_CORETYPE=Haswell (core {cores.get('pytorch-haswell', '?')})"),
           ("pytorch-auto", f"PyTorch, OPENBLAS_CORETYPE unset (core {cores.get('pytorch-auto', '?')})")]
if "pytorch-avx512" in cores:
    columns.append(("pytorch-avx512", f"PyTorch, OPENBLAS_CORETYPE=SkylakeX (core {cores['pytorch-avx512']})"))

def table(title, summarize):
    print(title)
    print()
    header = ["activation", "SymDiff us/step", "SymDiff, update after backward, us/step"]
    for _, name in columns[1:]:
        header += [f"{name} us/step", "ratio"]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for activation in activations:
        mine, mine_text = summarize("symdiff", activation)
        row = [activation, mine_text, summarize("symdiff-unfused", activation)[1]]
        for who, _ in columns[1:]:
            theirs, text = summarize(who, activation)
            row += [text, f"{theirs / mine:.2f}" if mine and theirs else "-"]
        print("| " + " | ".join(row) + " |")
    print()

def median_of_medians(who, activation):
    runs = medians.get((who, activation))
    if not runs:
        return None, "-"
    mid = statistics.median(runs)
    return mid, f"{mid:.0f} ({min(runs):.0f}-{max(runs):.0f})" if len(runs) > 1 else f"{mid:.0f}"

def best_round(who, activation):
    runs = fastest.get((who, activation))
    return (None, "-") if not runs else (min(runs), f"{min(runs):.0f}")

table("Median round: median over the repeats (range of the repeats' medians in brackets)", median_of_medians)
table("Fastest round over all repeats (the least disturbed by other processes)", best_round)
print("ratio = PyTorch time / SymDiff time (above 1: SymDiff is faster).")
PY
