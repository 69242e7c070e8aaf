"""How the multiclass losses read their inputs: class scores of shape (N, C) or (C,), class weights,
class-index targets (with an ignored index) or probability targets, and the softmax's gradient
terms they share."""

import numbers
from typing import NamedTuple

import numpy as np

from lossviz import _arrays
from lossviz.losses import _numerics


def class_scores(scores, name, dtype=None):
    """Scores of shape (N, C) for a batch or (C,) for one sample."""
    scores = _arrays.as_floats(scores, name, dtype)
    if scores.ndim not in (1, 2):
        got = "a single number" if scores.ndim == 0 else f"shape {scores.shape}"
        raise ValueError(
            f"`{name}` must have shape (N, C) for a batch of N samples or (C,) for one "
            f"sample, with one score per class; got {got}."
        )
    return scores


def class_weights(weight, classes, dtype):
    if weight is None:
        return None
    weight = _arrays.as_floats(weight, "weight", dtype)
    if weight.shape != (classes,):
        raise ValueError(
            f"`weight` must hold one weight per class, shape ({classes},); got shape {weight.shape}."
        )
    if (weight < 0).any():
        raise ValueError(f"`weight` must be non-negative; got {_arrays.show(weight[weight < 0][0])}.")
    return weight


def checked_ignore_index(ignore_index):
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(f"`ignore_index` must be an integer; got {type(ignore_index).__name__} {ignore_index!r}.")
    return int(ignore_index)


class _ClassTargets(NamedTuple):
    """Class-index targets flattened to one per row of the (N, C) scores."""

    rows: np.ndarray
    """0 .. N-1, to pick each row's true class with ``scores[rows, classes]``."""
    classes: np.ndarray
    """Each row's class; ignored rows point at class 0 so that indexing stays valid."""
    sample_weight: "float | np.ndarray"
    """``w[y]`` per row, 0 where ignored; the float 1.0 when every row weighs 1."""
    kept: "float | np.ndarray"
    """1 for rows that count, 0 for ignored ones; the float 1.0 when none is ignored."""


def class_indices(target, scores, scores_name, ignore_index, weight):
    """Check class-index targets for `scores` of shape (N, C) or (C,)."""
    classes = scores.shape[-1]
    expected = scores.shape[:-1]
    if target.shape != expected:
        if target.shape[:-1] == expected and target.ndim == scores.ndim and target.shape[-1] != 1:
            raise ValueError(
                f"`target` has shape {target.shape}: class probabilities must be shaped like `{scores_name}` "
                f"{scores.shape}, one per class ({classes} classes, not {target.shape[-1]}); class indices "
                f"have shape {expected}."
            )
        hint = " Did you mean `target.ravel()`?" if target.shape == expected + (1,) else ""
        raise ValueError(
            f"`target` must be class indices of shape {expected} (one per sample in "
            f"`{scores_name}` of shape {scores.shape}); got shape {target.shape}.{hint}"
        )
    if target.dtype.kind == "f" and np.all(target == np.round(target)) and np.abs(target).max() >= 2**63:
        # NumPy reads [0, 2**63] as floats: the integers are there, but one is no class.
        raise ValueError(
            f"`target` holds class indices, which must be in [0, {classes - 1}] for {classes} classes; "
            f"got {_arrays.show(target.ravel()[np.argmax(np.abs(target.ravel()))])}, too large for an integer."
        )
    if target.dtype.kind not in "iu":
        raise TypeError(
            f"`target` holds class indices, which must be integers; got {target.dtype} "
            f"values such as {_arrays.show(target.ravel()[0])}. Use integer labels "
            f"(`np.asarray(labels, dtype=int)`, or `tensor.long()`)."
        )
    flat = target.reshape(-1)
    low, high = flat.min(), flat.max()
    if 0 <= low and high < classes and not low <= ignore_index <= high:
        # The common case, decided by two reductions: all valid, none ignored.
        sample_weight = 1.0 if weight is None else weight[flat]
        return _ClassTargets(np.arange(flat.size), flat, sample_weight, 1.0)
    kept = flat != ignore_index
    classes_given = flat[kept]
    if classes_given.size and (classes_given.min() < 0 or classes_given.max() >= classes):
        bad = classes_given[(classes_given < 0) | (classes_given >= classes)][0]
        raise ValueError(
            f"`target` holds class indices, which must be in [0, {classes - 1}] for "
            f"{classes} classes (or equal ignore_index={ignore_index}); got {_arrays.show(bad)}."
        )
    kept = kept.astype(scores.dtype)
    sample_weight = kept if weight is None else weight[np.where(kept, flat, 0)] * kept
    return _ClassTargets(np.arange(flat.size), np.where(kept, flat, 0), sample_weight, kept)


def counted(per_row, kept):
    """`per_row` with ignored rows set to 0: weight 0 times an ignored row's -inf (scores of
    ±1e308 overflow when shifted) would make the whole sum NaN, where PyTorch skips the row."""
    return per_row if isinstance(kept, float) else np.where(kept > 0, per_row, 0.0)


def weight_total(sample_weight, rows):
    """What a weighted mean divides by: the sum of w[y] over the rows that count."""
    return rows if isinstance(sample_weight, float) else sample_weight.sum()


def weighted_shifts(shifted, weights):
    """Per row, sum_c weights_c * shifted_c, where a weight of 0 adds 0 even beside a score
    that overflowed to -inf when shifted (0 * -inf is NaN; the class it weighs counts for nothing)."""
    with np.errstate(invalid="ignore"):
        total = shifted @ weights if weights.ndim == 1 else (weights * shifted).sum(axis=1)
        if np.isnan(total).any():
            total = (np.where(weights > 0, shifted, 0) * weights).sum(axis=1)
    return total


def softmax_gradient(exps, sums, others, top, share):
    """``A softmax(z) - share`` per row, with A the row's sum of `share` (the gradient of
    cross-entropy against the targets `share`, weighted and scaled), for the pieces of
    `_numerics.log_softmax_parts`.

    At each row's top class it is ``(A - share_top) - A * others / sums`` (softmax_top is
    1 - others / sums): where the target sits on the top class and the row is sure of it,
    both terms are tiny and nothing of A - A is left over (a one-class row gives exactly 0).
    """
    every = np.arange(exps.shape[0])
    share_at_top = share[every, top]
    share[every, top] = 0
    rest = _numerics.row_sums(share)  # A - share_top, summed without it
    share[every, top] = share_at_top
    total = rest + share_at_top
    gradient = exps * (total / sums)[:, None] - share
    gradient[every, top] = rest - total * others / sums
    return gradient


def probability_targets(target, logits, label_smoothing):
    target = _arrays.as_floats(target, "target", logits.dtype)
    _arrays.check_interval(target, "target", 0, 1, "class probabilities")
    sums = target.sum(axis=-1)
    tolerance = 1e-4 if target.dtype == np.float32 else 1e-6
    off = np.abs(sums - 1) > tolerance
    if off.any():
        raise ValueError(
            f"`target` holds class probabilities (it is shaped like `logits`), so each row "
            f"must sum to 1; a row sums to {_arrays.show(sums[off].ravel()[0])}. For class indices, pass "
            f"integers of shape {logits.shape[:-1]}."
        )
    classes = logits.shape[-1]
    return target * (1 - label_smoothing) + label_smoothing / classes
