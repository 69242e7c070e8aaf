"""Python's training steps per second (`lv.training.train`) on 200 points, for each training loss.

What the training explorer's Python side costs: each step is the model's forward pass, the registry
loss's ``value_and_grad`` (its input checks included) and the chain rule back. The linear model, as the
issue asks, and beside it the network with 8 hidden units. Median of several runs of 200 steps, on the
same seeded points (labels 0/1, or 0/1/2 for cross-entropy). Prints a table; asserts nothing.

Run with ``make bench``.
"""

import statistics
import time

import numpy as np

from lossviz import training

POINTS = 200
STEPS = 200
RUNS = 7


def steps_per_second(X, labels, loss, **model):
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        training.train(X, labels, loss=loss, lr=0.1, steps=STEPS, **model)
        seconds.append(time.perf_counter() - started)
    # train evaluates the start and every step: STEPS + 1 evaluations
    return (STEPS + 1) / statistics.median(seconds)


def main():
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, (POINTS, 2))
    print(f"training steps per second, {POINTS} points, median of {RUNS} runs of {STEPS} steps")
    print(f"{'loss':<18} {'linear':>10} {'network (8)':>12}")
    for loss, entry in training.TRAINING_LOSSES.items():
        labels = rng.integers(0, entry.classes, POINTS)
        linear = steps_per_second(X, labels, loss)
        network = steps_per_second(X, labels, loss, model="network", hidden=8)
        print(f"{loss:<18} {linear:>10,.0f} {network:>12,.0f}")


if __name__ == "__main__":
    main()
