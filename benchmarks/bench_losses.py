"""Value + gradient: lossviz against PyTorch (forward + backward on the CPU).

Prints a table; asserts nothing (CI machines are shared and noisy). n is the
number of predictions for MSE and BCE, and the number of samples for
cross-entropy, each with C = 10 class scores.

Run with ``make bench``.
"""

import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

import lossviz as lv

SIZES = (10, 100, 1_000, 10_000, 1_000_000)
CLASSES = 10


def median_seconds(run, budget=0.4, repeats=15):
    """Median time of one call, each sample timing enough calls to last ~budget/repeats."""
    run()  # warm up (first-call allocation, lazy initialisation)
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            run()
        elapsed = time.perf_counter() - start
        if elapsed > budget / repeats or calls >= 1 << 16:
            break
        calls *= 4
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def problems(n, rng):
    """(name, lossviz loss, numpy args, torch function, torch args) for each benchmarked loss."""
    regression = rng.normal(size=(2, n))
    probabilities = rng.uniform(0.01, 0.99, n)
    labels = rng.integers(0, 2, n).astype(np.float64)
    logits = rng.normal(size=(n, CLASSES))
    classes = rng.integers(0, CLASSES, n)
    return [
        ("MSE", lv.mse, (regression[0], regression[1]), F.mse_loss, (regression[0], regression[1])),
        ("BCE", lv.bce, (probabilities, labels), F.binary_cross_entropy, (probabilities, labels)),
        ("CE (C=10)", lv.cross_entropy, (logits, classes), F.cross_entropy, (logits, classes)),
    ]


def torch_step(function, pred, target):
    """One forward + backward in PyTorch, the inputs made once outside the timing."""
    pred = torch.tensor(pred, requires_grad=True)
    target = torch.from_numpy(target)

    def step():
        function(pred, target).backward()
        pred.grad = None

    return step


def main():
    rng = np.random.default_rng(0)
    threads = torch.get_num_threads()
    print(f"lossviz (NumPy {np.__version__}, one thread) vs PyTorch {torch.__version__} (CPU), float64, "
          "value + gradient, median of 15")
    print(f"{'loss':<10} {'n':>9} {'lossviz':>11} {f'torch {threads} thr':>12} {'ratio':>6} "
          f"{'torch 1 thr':>12} {'ratio':>6}   (ratio = lossviz / torch; < 1: lossviz faster)")
    for n in SIZES:
        for name, loss, args, function, torch_args in problems(n, rng):
            ours = median_seconds(lambda: loss.value_and_grad(*args))
            torch.set_num_threads(threads)
            theirs = median_seconds(torch_step(function, *torch_args))
            torch.set_num_threads(1)
            theirs_one_thread = median_seconds(torch_step(function, *torch_args))
            torch.set_num_threads(threads)
            print(f"{name:<10} {n:>9,} {format_time(ours):>11} {format_time(theirs):>12} {ours / theirs:>6.2f} "
                  f"{format_time(theirs_one_thread):>12} {ours / theirs_one_thread:>6.2f}")


def format_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms"


if __name__ == "__main__":
    main()
