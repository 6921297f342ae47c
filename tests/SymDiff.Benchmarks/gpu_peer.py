"""The peer of Gpu/GpuBench.cs on the same GPU, run by gpu.sh in the same script: PyTorch's device-to-device copy,
cuBLAS's float32 GEMM (TF32 off, as SymDiff's kernel computes in plain float32) and the same MLP 784-128-10 SGD
training step (ReLU hidden layer, softmax cross-entropy) at batch 64 and 4096, each the median of CUDA-event-timed
launches after warm-up, printed as rows of the same table."""
import statistics

import torch


def median_us(launch, runs):
    for _ in range(3):
        launch()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        launch()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) * 1000.0)
    return statistics.median(times)


def row(what, size, us, rate):
    print(f"| PyTorch {torch.__version__}: {what} | {size} | {us:.1f} µs | {rate} |")


def main():
    if not torch.cuda.is_available():
        print("PyTorch sees no CUDA GPU: no peer measured")
        return
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    n = 1 << 26
    a = torch.full((n,), 0.5, device=dev)
    b = torch.empty_like(a)
    us = median_us(lambda: b.copy_(a), 50)
    row("copy (device to device)", f"{n:,} floats", us, f"{2 * 4 * n / us / 1e3:.1f} GB/s")
    us = median_us(lambda: torch.sigmoid(a, out=b), 50)
    row("sigmoid forward", f"{n:,}", us, f"{2 * 4 * n / us / 1e3:.1f} GB/s")
    for size in (1024, 4096):
        x = torch.ones(size, size, device=dev)
        y = torch.full((size, size), 0.5, device=dev)
        z = torch.empty(size, size, device=dev)
        us = median_us(lambda: torch.mm(x, y, out=z), 20)
        row("GEMM C = A·B (cuBLAS, float32)", f"{size}×{size}", us, f"{2 * size ** 3 / us / 1e3:.1f} GFLOP/s")
    torch.manual_seed(1)
    for batch in (64, 4096):
        model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        inputs = torch.full((batch, 784), 0.1, device=dev)
        classes = torch.zeros(batch, dtype=torch.long, device=dev)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(inputs), classes).backward()
            optimizer.step()

        us = median_us(step, 50)
        row("MLP 784-128-10 training step (SGD)", f"batch {batch}", us, f"{batch / us * 1e6:.0f} images/s")


if __name__ == "__main__":
    main()
