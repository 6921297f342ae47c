"""PyTorch side of mlp.sh: the 784-128-10 MLP training step of MlpStep.cs, timed like MlpTiming.cs.

One step: forward (Linear 784->128, the activation, Linear 128->10), cross-entropy on class indices (mean over the
batch, softmax fused in), backward, plain SGD; float32, batch 64, one thread, the same fixed random batch every step.
Timing: warm up for 2 s, then `--rounds` rounds of `--steps` steps; prints the per-step time of the median, fastest
and slowest round in microseconds, one line per activation:
    RESULT pytorch {activation} median={us} min={us} max={us} loss={first loss} core={OpenBLAS core} blas_threads={n}

Run with the Debian interpreter (`/usr/bin/python3`, packages python3-torch and python3-numpy).
"""
import argparse
import ctypes
import ctypes.util
import os
import sys
import time

# One thread everywhere: OpenMP (PyTorch's own kernels) and OpenBLAS (the GEMMs), before either library starts.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:
    sys.exit(f"mlp_torch.py: PyTorch is not available to {sys.executable} ({error}). "
             "Install it with `apt-get install python3-torch python3-numpy` and run /usr/bin/python3.")

INPUTS, HIDDEN, CLASSES, BATCH = 784, 128, 10, 64
LEARNING_RATE = 0.01
WARMUP_SECONDS = 2.0


def openblas_info():
    """The kernel set and thread count of the OpenBLAS the process loaded (through torch), or n/a."""
    for name in ("libopenblas.so.0", ctypes.util.find_library("openblas")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode(), lib.openblas_get_num_threads()
    return "n/a", 0


def make_step(activation):
    torch.manual_seed(1)
    act = {"relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid()}[activation]
    model = torch.nn.Sequential(torch.nn.Linear(INPUTS, HIDDEN), act, torch.nn.Linear(HIDDEN, CLASSES))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    generator = torch.Generator().manual_seed(2)
    x = torch.rand(BATCH, INPUTS, generator=generator)
    y = torch.randint(0, CLASSES, (BATCH,), generator=generator)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("activations", nargs="*", metavar="relu|sigmoid", help="default: both")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    for activation in args.activations:
        if activation not in ("relu", "sigmoid"):
            parser.error(f"unknown activation '{activation}' (expected relu or sigmoid)")
    torch.set_num_threads(1)
    core, blas_threads = openblas_info()
    for activation in args.activations or ["relu", "sigmoid"]:
        step = make_step(activation)
        first_loss = step().item()
        start = time.perf_counter()
        while time.perf_counter() - start < WARMUP_SECONDS:
            step()
        per_step = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for _ in range(args.steps):
                step()
            per_step.append((time.perf_counter() - start) / args.steps * 1e6)
        per_step.sort()
        print(f"RESULT pytorch {activation} median={per_step[len(per_step) // 2]:.1f} min={per_step[0]:.1f} "
              f"max={per_step[-1]:.1f} loss={first_loss:.4f} core={core} blas_threads={blas_threads} "
              f"torch={torch.__version__} torch_threads={torch.get_num_threads()}", flush=True)


if __name__ == "__main__":
    main()
