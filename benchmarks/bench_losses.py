"""Value + gradient: lossviz against PyTorch (forward + backward on the CPU), for every loss.

Prints a table; asserts nothing (CI machines are shared and noisy). Every loss
in the registry is timed against its own PyTorch reference (`Loss.torch`: its
``torch.nn`` class, or its transcription in PyTorch operations). n is the
number of predictions, or of samples for the multiclass losses, each with
C = 10 class scores. Each loss is timed with its default reduction ("mean"; for
KL divergence PyTorch warns that it is not the per-sample "batchmean", a warning
silenced here).

Run with ``make bench``.
"""

import math
import statistics
import time
import warnings

import numpy as np
import torch

import lossviz as lv

# See the docstring: the benchmark times each loss's default reduction.
warnings.filterwarnings("ignore", message="reduction: 'mean' divides the total loss")

SIZES = (10, 1_000, 1_000_000)
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


def inputs(loss, n, rng):
    """Typical (pred, target) for `loss`, from its contract: its task, domains and labels."""
    if loss.task == "multiclass":
        scores = rng.normal(size=(n, CLASSES))
        if math.isfinite(loss.pred_domain[1]):  # log-probabilities
            scores -= np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return scores, rng.integers(0, CLASSES, n)
    return within(loss.pred_domain, n, rng), (rng.choice(loss.target_labels, n) if loss.target_domain is None
                                               else within(loss.target_domain_for()[:2], n, rng))


def within(domain, n, rng):
    """n typical values of a domain: across a bounded one, around 0 or an end of a half-bounded one."""
    low, high = domain
    if math.isfinite(low) and math.isfinite(high):
        return rng.uniform(low + 0.01 * (high - low), high - 0.01 * (high - low), n)
    if math.isfinite(low):
        return low + np.abs(rng.normal(size=n))
    if math.isfinite(high):
        return high - np.abs(rng.normal(size=n))
    return rng.normal(size=n)


def torch_step(loss, pred, target):
    """One forward + backward in PyTorch, the inputs made once outside the timing."""
    pred = torch.tensor(pred, requires_grad=True)
    target = torch.from_numpy(target)

    def step():
        loss.torch(pred, target).backward()
        pred.grad = None

    return step


def main():
    rng = np.random.default_rng(0)
    threads = torch.get_num_threads()
    print(f"lossviz (NumPy {np.__version__}, one thread) vs PyTorch {torch.__version__} (CPU), float64, "
          "value + gradient, median of 15")
    print(f"{'loss':<16} {'n':>9} {'lossviz':>11} {f'torch {threads} thr':>12} {'ratio':>6} "
          f"{'torch 1 thr':>12} {'ratio':>6}   (ratio = lossviz / torch; < 1: lossviz faster)")
    for loss in lv.LOSSES.values():
        for n in SIZES:
            args = inputs(loss, n, rng)
            ours = median_seconds(lambda: loss.value_and_grad(*args))
            torch.set_num_threads(threads)
            theirs = median_seconds(torch_step(loss, *args))
            torch.set_num_threads(1)
            theirs_one_thread = median_seconds(torch_step(loss, *args))
            torch.set_num_threads(threads)
            print(f"{loss.name:<16} {n:>9,} {format_time(ours):>11} {format_time(theirs):>12} {ours / theirs:>6.2f} "
                  f"{format_time(theirs_one_thread):>12} {ours / theirs_one_thread:>6.2f}")


def format_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms"


if __name__ == "__main__":
    main()
