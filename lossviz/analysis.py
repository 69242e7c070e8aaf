"""The maths behind the pictures: loss curves, best constants, gradient descent.

Plots draw what these functions compute, and tests check them against the
losses directly; nothing here knows about matplotlib or explorers. A classifier's
loss and gradient through its model, `value_and_grad`, is `lossviz.training`'s,
shown here beside the other descents.
"""

from typing import NamedTuple

import numpy as np

from lossviz._arrays import positive_number
from lossviz._loss import log_sigmoid, matching_floats
from lossviz.losses import mse
from lossviz.training import value_and_grad  # noqa: F401  (re-exported: lv.analysis.value_and_grad)


def loss_along(loss, preds, target, *, scores=None, **options):
    """The loss and its slope as one prediction moves along `preds`.

    For the regression and binary losses, `preds` are values of the prediction
    (ŷ, p or z) with `target` fixed. For the multiclass losses the moving value
    is the true class's score (logit or log-probability): `scores` gives every
    class's score, `target` the true class, and column `target` is replaced by
    each value of `preds` in turn.

    Returns ``(values, slopes)``: arrays shaped like `preds`, the loss and
    dL/d(prediction) at each point.
    """
    preds = np.asarray(preds, dtype=np.float64)
    if loss.task != "multiclass":
        targets = np.full(preds.shape, float(target))
        values, slopes = loss.value_and_grad(preds, targets, reduction="none", **options)
        return values, slopes
    rows = np.tile(np.asarray(scores, dtype=np.float64), (preds.size, 1))
    rows[:, target] = preds.ravel()
    classes = np.full(preds.size, int(target))
    values, slopes = loss.value_and_grad(rows, classes, reduction="none", **options)
    return values.reshape(preds.shape), slopes[:, target].reshape(preds.shape)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^−z): a score as a probability, computed without overflow for any z."""
    return np.exp(log_sigmoid(np.asarray(z, dtype=np.float64)))


def softmax(logits):
    """Probabilities from scores, computed stably (shifted by the maximum)."""
    logits = np.asarray(logits, dtype=np.float64)
    exps = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def best_constant(loss, data, **options):
    """The constant c that minimises ``loss(c, data)``: mean (MSE), median (MAE), between (Huber),
    log of the mean (Poisson with log rates).

    Found by bisection on the slope, which increases with c for every convex
    regression loss, between the best predictions (the loss's contract) for the
    smallest and the largest value. Where the loss is flat at its bottom (MAE on
    an even number of points) every c there is best; the middle one is returned,
    so MAE gives the usual median. Accurate to 1e-12 of the bracket's width.
    """
    return float(best_constants(loss, np.reshape(np.asarray(data, dtype=np.float64), (1, -1)), **options)[0])


def best_constants(loss, rows, **options):
    """`best_constant` of each row of `rows` (data sets of one size), all bisected at once: an
    explorer's table of them costs one pass instead of one per row."""
    rows = np.asarray(rows, dtype=np.float64)

    def slopes(c):
        return loss.grad(np.repeat(c[:, None], rows.shape[1], axis=1), rows, reduction="none", **options).sum(axis=1)

    bracket = _bracket(loss, rows, slopes, options)

    def first_point_where(condition):
        low, high = bracket
        tolerance = 1e-12 * np.maximum(high - low, 1.0)
        # Each row stops where it would alone, so a row's answer does not depend on the others.
        while (active := high - low > tolerance).any():
            middle = 0.5 * (low + high)
            met = condition(slopes(middle))
            low, high = np.where(active & ~met, middle, low), np.where(active & met, middle, high)
        return 0.5 * (low + high)

    flat_start = first_point_where(lambda value: value >= 0)
    flat_end = first_point_where(lambda value: value > 0)
    return 0.5 * (flat_start + flat_end)


def _bracket(loss, rows, slopes, options):
    """Where each row's best constant lies: between the best predictions for its smallest and its largest
    value. An end with no finite best (Poisson's log rate for a count of 0) is found by stepping out,
    doubling the step, until the slope turns."""
    if loss.best_prediction is None:
        raise ValueError(f"lv.{loss.name} has no best constant: no prediction is best for a target on its own "
                         f"(its contract's best_prediction is None); best_constant needs a loss such as lv.mse")
    with np.errstate(divide="ignore"):
        ends = [np.asarray(loss.best_prediction(end, **{**loss.options, **options}), dtype=np.float64)
                for end in (rows.min(axis=1), rows.max(axis=1))]
    def endless(side):
        return ValueError(f"lv.{loss.name} has no best constant for these data: its loss keeps falling as the "
                          f"constant goes to {'-' if side < 0 else '+'}infinity")

    if (~np.isfinite(ends[0]) & ~np.isfinite(ends[1])).any():
        raise endless(-1 if np.isneginf(ends[0]).any() else 1)
    for side, end in ((-1, 0), (1, 1)):
        other = ends[1 - end]
        unknown = ~np.isfinite(ends[end])
        step = 1.0
        while unknown.any():
            if step > 2.0**60:
                raise endless(side)
            guess = np.where(unknown, other + side * step, ends[end])
            turned = slopes(guess) * side > 0
            ends[end] = np.where(unknown & turned, guess, ends[end])
            unknown &= ~turned
            step *= 2.0
    return ends[0], ends[1]


def gaussian_nll(pred, target, sigma):
    """The negative log-likelihood of the targets when each is its prediction plus Gaussian noise of spread
    `sigma` (notebook 01): minus the sum of the logs of the bell curve's height at each target,
    ``-Σ log( exp(-(y - ŷ)² / (2σ²)) / √(2πσ²) ) = n/2 · log(2πσ²) + Σ (ŷ - y)² / (2σ²)``.

    The log of the height is taken as the right-hand side's terms, never as log(exp(...)), which would
    be log 0 = -inf for a miss of more than about 38σ. PyTorch: ``nn.GaussianNLLLoss(full=True,
    reduction="sum")`` with a variance of σ² for every target.
    """
    pred, target = matching_floats(pred, "pred", target, "target")
    sigma = positive_number(sigma, "sigma")
    log_heights = -0.5 * np.log(2 * np.pi * sigma**2) - (target - pred) ** 2 / (2 * sigma**2)
    return float(-log_heights.sum())


class LinePath(NamedTuple):
    """Gradient descent on ŷ = w·x + b under MSE."""

    w: np.ndarray
    """w after each step, the start first."""
    b: np.ndarray
    """b after each step, the start first."""
    losses: np.ndarray
    """The MSE at each (w, b)."""
    diverged: bool
    """True when the steps grew without bound (the learning rate was too large)."""


def line_loss_and_grad(w, b, x, y):
    """MSE of the line ŷ = w·x + b on (x, y), and its gradient (dL/dw, dL/db) by the chain rule."""
    pred = w * x + b
    value, slope = mse.value_and_grad(pred, y)  # slope = dL/dŷ for each point
    return value, float(slope @ x), float(slope.sum())


def _gradient_descent(loss_and_grad, start, *, lr, steps, growth_limit):
    """Steps against the gradient from `start`: (parameters visited, loss at each, diverged).

    Stops early, marked diverged, once the loss exceeds `growth_limit` times the
    starting loss: what a too-large learning rate does.
    """
    visited, losses = [np.asarray(start, dtype=np.float64)], []
    for step in range(steps + 1):
        value, gradient = loss_and_grad(visited[-1])
        losses.append(value)
        if not value <= growth_limit * losses[0]:
            return np.array(visited), np.array(losses), True
        if step < steps:
            visited.append(visited[-1] - lr * np.asarray(gradient))
    return np.array(visited), np.array(losses), False


def descend(x, y, *, lr, steps, start=(0.0, 0.0), growth_limit=100.0):
    """Gradient descent on the line's (w, b), from `start`, for `steps` steps of size `lr`.

    Stops early, marked `diverged`, once the loss exceeds `growth_limit` times
    the starting loss: what a too-large learning rate does.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)

    def loss_and_grad(parameters):
        w, b = parameters
        value, dw, db = line_loss_and_grad(w, b, x, y)
        return value, (dw, db)

    visited, losses, diverged = _gradient_descent(loss_and_grad, start, lr=lr, steps=steps,
                                                  growth_limit=growth_limit)
    return LinePath(visited[:, 0], visited[:, 1], losses, diverged)


def line_landscape(x, y, w_values, b_values):
    """The MSE of every line ŷ = w·x + b on a grid: shape (len(b_values), len(w_values))."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w_grid, b_grid = np.meshgrid(w_values, b_values)
    preds = w_grid[..., None] * x + b_grid[..., None]
    return mse(preds, np.broadcast_to(y, preds.shape), reduction="none").mean(axis=-1)


class WeightPath(NamedTuple):
    """Gradient descent on the one weight of ŷ = w·x under squared error."""

    w: np.ndarray
    """w after each step, the start first."""
    losses: np.ndarray
    """The loss at each w."""
    diverged: bool
    """True when the loss grew past `growth_limit` times the start's."""


def descend_weight(x, y, *, w0, lr, steps, growth_limit=100.0):
    """Gradient descent on w for the model ŷ = w·x and the loss (w·x - y)².

    The chain rule gives the slope: dL/dw = dL/dŷ · dŷ/dw = 2(ŷ - y) · x. Stops
    early, marked `diverged`, once the loss passes `growth_limit` times the start's.
    """

    def loss_and_grad(parameters):
        value, slope = mse.value_and_grad(parameters[0] * x, y)  # slope = dL/dŷ
        return value, (float(slope) * x,)

    visited, losses, diverged = _gradient_descent(loss_and_grad, (w0,), lr=lr, steps=steps,
                                                  growth_limit=growth_limit)
    return WeightPath(visited[:, 0], losses, diverged)


def zero_one_loss(p, y):
    """The 0-1 loss of a yes/no prediction: 1 when p is on the wrong side of 0.5, else 0.

    What accuracy counts. Not in `LOSSES`: it has no useful gradient (0 almost
    everywhere, undefined at 0.5), which is why models are not trained on it.
    """
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return ((p >= 0.5) != (y == 1)).astype(float)


PROPERTIES = ("non-negative", "zero at perfection", "useful gradient", "monotonic", "smooth")
"""The five properties of a good loss, as the lessons name them."""


def loss_properties(values_at, perfect, low, high):
    """Check the five properties of a loss of one prediction, numerically.

    `values_at(preds)` gives the loss at each prediction (the target fixed);
    `perfect` is the perfect prediction, in [low, high]. On a fine grid of the
    interval, `perfect` included, with slopes from finite differences:

    - non-negative: every value is >= 0;
    - zero at perfection: the value at `perfect` is 0;
    - useful gradient: there is a gradient to follow: the loss is differentiable
      almost everywhere (the slopes from the left and from the right agree at 99%
      of the points) and, away from perfection, the slope is not zero (the 0-1
      loss is differentiable almost everywhere, but flat);
    - monotonic: the loss strictly grows as the prediction moves away from
      `perfect`, on either side;
    - smooth: no jump and no kink anywhere: the values change no faster than
      the slopes allow, and the left and right slopes agree at every point.
    """
    width = high - low
    step = 1e-7 * width
    grid = np.union1d(np.linspace(low, high, 2001), [perfect])
    values = values_at(grid)
    inner = grid[(grid - step >= low) & (grid + step <= high)]
    inner_values = values_at(inner)
    left = (inner_values - values_at(inner - step)) / step
    right = (values_at(inner + step) - inner_values) / step
    slope_scale = max(1.0, float(np.median(np.abs(right))))
    agree = np.isclose(left, right, rtol=1e-3, atol=1e-6 * slope_scale)
    away = np.abs(inner - perfect) > 0.05 * width
    # Between neighbouring grid points a continuous loss changes by at most about
    # its steepest slope times the spacing; a jump changes by far more.
    steepest = np.maximum(np.abs(values_at(grid[:-1] + step) - values[:-1]),
                          np.abs(values[1:] - values_at(grid[1:] - step))) / step
    continuous = np.abs(np.diff(values)) <= 2 * steepest * np.diff(grid) + 1e-12
    below, above = grid < perfect, grid > perfect
    return {
        "non-negative": bool((values >= 0).all()),
        "zero at perfection": bool(values[grid == perfect][0] == 0),
        "useful gradient": bool(agree.mean() >= 0.99 and (np.abs(right[away]) > 1e-9).all()),
        "monotonic": bool((np.diff(values[below]) < 0).all() and (np.diff(values[above]) > 0).all()),
        "smooth": bool(continuous.all() and agree.all()),
    }
