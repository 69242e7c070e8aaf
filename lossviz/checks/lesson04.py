"""The checks of lesson 04, how a loss guides learning."""

from lossviz.checks._reading import _check_numbers
from lossviz.losses import mse

__all__ = ["check_chain_rule", "check_descent_step"]


def check_chain_rule(answer):
    """04, exercise 1: dL/dw for ŷ = w·x with x = 3, w = 0.5, target y = 2, L = (ŷ - y)²."""
    x, w, y = 3.0, 0.5, 2.0
    slope = float(mse.grad(w * x, y))  # dL/dŷ
    expected = slope * x
    return _check_numbers(
        answer, expected,
        hint="the chain rule: dL/dw = dL/dŷ · dŷ/dw, each link at the given numbers.",
        why="dL/dŷ = 2(1.5 - 2) = -1, times dŷ/dw = x = 3: -3. Negative, so raise w.",
        slips=[(slope, "That is dL/dŷ; the chain rule multiplies it by dŷ/dw = x = 3."),
               (-expected, "The sign is flipped: ŷ is below the target, so the loss falls as w rises."),
               (expected / 2, "You left out the 2 from differentiating the square.")],
    )


def check_descent_step(answer):
    """04, exercise 2: one gradient-descent step from w = 0.15 with lr = 0.1 (x = 2, y = 1)."""
    x, w, y, lr = 2.0, 0.15, 1.0, 0.1
    gradient = float(mse.grad(w * x, y)) * x
    expected = w - lr * gradient
    return _check_numbers(
        answer, expected,
        hint="first the gradient dL/dw at the current weight, then one step against it: w - lr · dL/dw.",
        why="0.15 - 0.1 · (-2.8) = 0.43: a step against the gradient, toward the best w = 0.5.",
        slips=[(w + lr * gradient, "That steps with the gradient, uphill; gradient descent subtracts it."),
               (-lr * gradient, "That is the step alone; add it to the old weight 0.15.")],
    )
