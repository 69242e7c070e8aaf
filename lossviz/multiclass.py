"""The multiclass losses: one class out of C, scored per class.

Each definition holds the loss, its gradient right beneath it, and every fact
the pictures and tests read (see `lossviz._loss`).
"""

import numbers
from typing import NamedTuple

import numpy as np

from lossviz import _arrays, _numerics
from lossviz._loss import Slider, Terms, define_loss
from lossviz.palette import COLOURS



def _class_scores(scores, name, dtype=None):
    """Scores of shape (N, C) for a batch or (C,) for one sample."""
    scores = _arrays.as_floats(scores, name, dtype)
    if scores.ndim not in (1, 2):
        got = "a single number" if scores.ndim == 0 else f"shape {scores.shape}"
        raise ValueError(
            f"`{name}` must have shape (N, C) for a batch of N samples or (C,) for one "
            f"sample, with one score per class; got {got}."
        )
    return scores


def _class_weights(weight, classes, dtype):
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


def _ignore_index(ignore_index):
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(f"`ignore_index` must be an integer; got {type(ignore_index).__name__} {ignore_index!r}.")
    return int(ignore_index)


class _ClassTargets(NamedTuple):
    """Class-index targets flattened to one per row of the (N, C) scores."""

    rows: np.ndarray
    """0 .. N-1, to pick each row's true class with ``scores[rows, classes]``."""
    classes: np.ndarray
    """Each row's class; ignored rows point at class 0 so that indexing stays valid."""
    sample_weight: object
    """``w[y]`` per row, 0 where ignored; the float 1.0 when every row weighs 1."""
    kept: object
    """1 for rows that count, 0 for ignored ones; the float 1.0 when none is ignored."""


def _class_indices(target, scores, scores_name, ignore_index, weight):
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
    counted = flat[kept]
    if counted.size and (counted.min() < 0 or counted.max() >= classes):
        bad = counted[(counted < 0) | (counted >= classes)][0]
        raise ValueError(
            f"`target` holds class indices, which must be in [0, {classes - 1}] for "
            f"{classes} classes (or equal ignore_index={ignore_index}); got {_arrays.show(bad)}."
        )
    kept = kept.astype(scores.dtype)
    sample_weight = kept if weight is None else weight[np.where(kept, flat, 0)] * kept
    return _ClassTargets(np.arange(flat.size), np.where(kept, flat, 0), sample_weight, kept)


def _counted(per_row, kept):
    """`per_row` with ignored rows set to 0: weight 0 times an ignored row's -inf (scores of
    ±1e308 overflow when shifted) would make the whole sum NaN, where PyTorch skips the row."""
    return per_row if isinstance(kept, float) else np.where(kept > 0, per_row, 0.0)


def _weight_total(sample_weight, rows):
    """What a weighted mean divides by: the sum of w[y] over the rows that count."""
    return rows if isinstance(sample_weight, float) else sample_weight.sum()


def _weighted_shifts(shifted, weights):
    """Per row, sum_c weights_c * shifted_c, where a weight of 0 adds 0 even beside a score
    that overflowed to -inf when shifted (0 * -inf is NaN; the class it weighs counts for nothing)."""
    with np.errstate(invalid="ignore"):
        total = shifted @ weights if weights.ndim == 1 else (weights * shifted).sum(axis=1)
        if np.isnan(total).any():
            total = (np.where(weights > 0, shifted, 0) * weights).sum(axis=1)
    return total


def _softmax_gradient(exps, sums, others, top, share):
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


def _probability_targets(target, logits, label_smoothing):
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


@define_loss(
    name="cross_entropy",
    title="Cross-entropy",
    task="multiclass",
    formula=r"L = -\frac{1}{N}\sum_{i=1}^{N} \log \mathrm{softmax}(z_i)_{y_i}",
    grad_formula=r"\frac{\partial L}{\partial z_i} = \frac{1}{N}\,\big(\mathrm{softmax}(z_i) - \mathrm{onehot}(y_i)\big)",
    pytorch="torch.nn.CrossEntropyLoss",
    short_name="CE",
    colour=COLOURS["blue"],
    pred_symbol="z",
    pred_text="z",
    pred_words="true class's score",
    pred_range=(-5.0, 5.0),
    sliders={"label_smoothing": Slider("ε", 0.0, 0.5, 0.01)},
    soft_targets=True,
    view="classes",
    example=([2.0, 1.0, 0.1], 0),
    js="""{
        value: (z, k, { label_smoothing: e }) => {
            const top = logSumExp(z);
            return (1 - e) * (top - z[k]) + (e / z.length) * z.reduce((sum, each) => sum + top - each, 0);
        },
        grad: (z, k, { label_smoothing: e }) => {
            const top = logSumExp(z);
            return z.map((each, c) => Math.exp(each - top) - (c === k ? 1 - e : 0) - e / z.length);
        },
    }""",
)
def cross_entropy(logits, target, *, weight=None, label_smoothing=0.0, ignore_index=-100):
    """Cross-entropy on raw class scores (logits), softmax included.

    The loss for choosing one of C classes. The scores become probabilities by
    softmax, and the loss is the "surprise" ``-log p`` of the true class: 0 when
    the model is certain and right, large when it is confident and wrong.

    Per sample, with ``log_p = log_softmax(z)`` (computed by log-sum-exp, each
    row shifted by its own maximum, so that logits like 1000 do not overflow and
    a row far below another keeps its digits; the log of the sum is ``log1p`` of
    the other classes' share, so a sure, right row costs log1p(e^-20) = 2.06e-9
    to every digit and a one-class row exactly 0):

    - class-index target y: ``l = -w[y] * log_p[y]``; with label smoothing e,
      ``l = (1 - e) * (-w[y] * log_p[y]) + (e / C) * sum_c(-w[c] * log_p[c])``.
      "mean" is a weighted mean: the sum divided by the sum of ``w[y]`` over
      the samples not ignored (by the count of them without weights).
    - class-probability target t (shaped like the logits, rows summing to 1):
      ``l = -sum_c w[c] * t'[c] * log_p[c]`` with ``t' = (1 - e) * t + e / C``;
      "mean" divides the sum by N.

    Gradient: for an index target without weights or smoothing,
    ``softmax(z) - onehot(y)`` per sample (divided by N for "mean"); in general
    ``sum_c(w[c] t'[c]) * softmax(z) - w * t'`` with t' the (smoothed) target.

    Parameters
    ----------
    logits : list, ndarray or tensor
        Raw scores of shape (N, C), or (C,) for one sample.
    target : int, list, ndarray or tensor
        Class indices, integers of shape (N,) (a scalar for one sample), or
        class probabilities shaped like `logits`.
    weight : array-like of shape (C,), optional, keyword-only
        Non-negative weight of each class.
    label_smoothing : float in [0, 1], keyword-only
        Mixes the target with the uniform distribution.
    ignore_index : int, keyword-only
        Index targets equal to it contribute nothing, to the loss or the mean.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray of shape (N,) (or a 0-d array) for ``reduction="none"``

    Raises
    ------
    ValueError
        Logits not of shape (N, C) or (C,), targets of the wrong shape, class
        indices out of range, probability rows not summing to 1, NaN or inf,
        empty input, bad weight or smoothing, unknown reduction, or a "mean"
        over targets that are all ignored.
    TypeError
        Class indices that are not integers (e.g. 1.0), non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.CrossEntropyLoss`` /
    ``torch.nn.functional.cross_entropy``; where PyTorch returns NaN for a mean
    over only ignored targets, lossviz raises. Only (N, C) and (C,) inputs.
    Taught in ``notebooks/03_cross_entropy.ipynb``.

    Examples
    --------
    With three equal scores each class gets probability 1/3, so the loss is
    log 3 = 1.0986 whatever the class:

    >>> import lossviz as lv
    >>> round(lv.cross_entropy([1.0, 1.0, 1.0], 2), 4)
    1.0986
    >>> round(lv.cross_entropy([[2.0, 1.0, 0.1]], [0]), 4)
    0.417
    """
    logits = _class_scores(logits, "logits")
    classes = logits.shape[-1]
    weight = _class_weights(weight, classes, logits.dtype)
    label_smoothing = _arrays.number_in(label_smoothing, "label_smoothing", 0.0, 1.0)
    ignore_index = _ignore_index(ignore_index)
    target = _arrays.as_array(target, "target")
    # Work on rows of shape (N, C); one sample of shape (C,) is one row.
    rows = logits.reshape(-1, classes)
    # Each row shifted by its own maximum, log Σ exp as log1p of the other classes' share.
    shifted, exps, others, top = _numerics.log_softmax_parts(rows)
    sums = 1 + others
    log_sums = np.log1p(others)
    sample_shape = logits.shape[:-1]

    if target.shape == logits.shape:
        if ignore_index != -100:
            # As PyTorch: only class indices can be ignored, and an option that does nothing is a mistake.
            raise ValueError(
                f"`ignore_index` ({ignore_index}) applies to class-index targets only, but `target` holds "
                f"class probabilities (it is shaped like `logits` {logits.shape}); leave ignore_index at -100."
            )
        if target.dtype.kind != "f":
            raise TypeError(
                f"`target` is shaped like `logits` {logits.shape}, so it is read as class "
                f"probabilities, which must be floats; got {target.dtype}. For class indices, "
                f"pass integers of shape {sample_shape}."
            )
        smoothed = _probability_targets(target, logits, label_smoothing).reshape(rows.shape)
        weighted = smoothed if weight is None else smoothed * weight
        values = _numerics.row_sums(weighted) * log_sums - _weighted_shifts(shifted, weighted)

        def grad(scale):
            # sum_c(w t')_c * softmax(z) - w t'
            return _softmax_gradient(exps, sums, others, top, weighted * scale).reshape(logits.shape)

        return Terms(values.reshape(sample_shape), grad, denominator=rows.shape[0])

    chosen = _class_indices(target, logits, "logits", ignore_index, weight)
    true_loss = _counted(log_sums - shifted[chosen.rows, chosen.classes], chosen.kept)  # -log p[y] >= 0
    # With smoothing, (1 - e) w[y] is taken first: w[y] * -log p[y] may overflow where (1 - e) of it does not.
    values = (chosen.sample_weight if not label_smoothing else (1 - label_smoothing) * chosen.sample_weight) * true_loss
    class_weight = weight
    if label_smoothing:
        if class_weight is None:
            class_weight = np.ones(classes, logits.dtype)
        # (e / C) sum_c w_c (-log p_c), without building log p: sum_c u_c (log_sums - shifted_c) with
        # u = (e / C) w taken in before the sum (six scores of -1e308 overflow where a sixth of them does not).
        uniform_weight = (label_smoothing / classes) * class_weight
        uniform = uniform_weight.sum() * log_sums - _weighted_shifts(shifted, uniform_weight)
        values = values + _counted(uniform, chosen.kept)

    def grad(scale):
        # (1 - e) w[y] (softmax - onehot(y)) + (e / C) (sum(w) softmax - w), per kept row
        true_share = (1 - label_smoothing) * scale * chosen.sample_weight
        if not label_smoothing:
            gradient = exps * (true_share / sums)[:, None]
            # softmax_y - 1 = -(the other classes' exps) / sums: at the top class `others`
            # itself, not 1 - 1 (a sure, right row keeps its tiny gradient; one class gives 0).
            true_exps = exps[chosen.rows, chosen.classes]
            rest = np.where(chosen.classes == top, others, sums - true_exps)
            gradient[chosen.rows, chosen.classes] = 0.0 - true_share * rest / sums  # 0.0 - 0 is 0, not -0
            return gradient.reshape(logits.shape)
        uniform_share = np.broadcast_to(
            np.asarray((label_smoothing / classes) * scale * chosen.kept, dtype=exps.dtype), sums.shape)
        share = uniform_share[:, None] * class_weight
        share[chosen.rows, chosen.classes] += true_share
        return _softmax_gradient(exps, sums, others, top, share).reshape(logits.shape)

    denominator = _weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(sample_shape), grad, denominator)


@define_loss(
    name="nll",
    title="Negative log-likelihood",
    task="multiclass",
    formula=r"L = -\frac{1}{N}\sum_{i=1}^{N} \log p_{i, y_i}",
    grad_formula=r"\frac{\partial L}{\partial \log p_{i,c}} = -\frac{1}{N}\,[c = y_i]",
    pytorch="torch.nn.NLLLoss",
    short_name="NLL",
    colour=COLOURS["purple"],
    pred_symbol=r"\log p",
    pred_text="log p",
    pred_words="true class's score",
    pred_range=(-6.0, 0.0),
    pred_domain=(-float("inf"), 0.0),
    example=([-0.417, -1.417, -2.317], 0),
    js="""{
        value: (logP) => -logP,
        grad: () => -1,
    }""",
)
def nll(log_probs, target, *, weight=None, ignore_index=-100):
    """Negative log-likelihood of the true class, given log-probabilities.

    The second half of cross-entropy: ``cross_entropy(z, y)`` equals
    ``nll(log_softmax(z), y)``. Use it when the model already ends in a
    log-softmax; it does no softmax of its own.

    Per sample: ``l = -w[y] * log_probs[y]``; "mean" is the weighted mean, the
    sum divided by the sum of ``w[y]`` over the samples not ignored.

    Gradient: ``-w[y]`` at the true class, 0 elsewhere (divided by that same
    sum for "mean").

    Parameters
    ----------
    log_probs : list, ndarray or tensor
        Log-probabilities (all <= 0) of shape (N, C), or (C,) for one sample.
    target : int, list, ndarray or tensor
        Class indices, integers of shape (N,) (a scalar for one sample).
    weight : array-like of shape (C,), optional, keyword-only
        Non-negative weight of each class.
    ignore_index : int, keyword-only
        Targets equal to it contribute nothing, to the loss or the mean.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray of shape (N,) (or a 0-d array) for ``reduction="none"``

    Raises
    ------
    ValueError
        Positive "log-probabilities" (probabilities passed by mistake), wrong
        shapes, class indices out of range, NaN or inf, empty input, bad
        weight, unknown reduction, a "mean" over targets that are all ignored.
    TypeError
        Class indices that are not integers, non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.NLLLoss`` / ``torch.nn.functional.nll_loss``;
    PyTorch accepts any numbers, lossviz refuses values above 0. Taught in
    ``notebooks/03_cross_entropy.ipynb``.

    Examples
    --------
    The true class has probability 1/2, so the loss is log 2:

    >>> import numpy as np, lossviz as lv
    >>> round(lv.nll(np.log([0.5, 0.25, 0.25]), 0), 4)
    0.6931
    """
    log_probs = _class_scores(log_probs, "log_probs")
    if log_probs.max() > 0:
        raise ValueError(
            f"`log_probs` must be log-probabilities, all <= 0; got {_arrays.show(log_probs.max())}. "
            f"Did you pass probabilities? Take their log, or give logits to cross_entropy."
        )
    classes = log_probs.shape[-1]
    weight = _class_weights(weight, classes, log_probs.dtype)
    ignore_index = _ignore_index(ignore_index)
    target = _arrays.as_array(target, "target")
    chosen = _class_indices(target, log_probs, "log_probs", ignore_index, weight)
    rows = log_probs.reshape(-1, classes)
    values = -chosen.sample_weight * rows[chosen.rows, chosen.classes]

    def grad(scale):
        gradient = np.zeros_like(rows)
        gradient[chosen.rows, chosen.classes] = -scale * chosen.sample_weight
        return gradient.reshape(log_probs.shape)

    denominator = _weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(log_probs.shape[:-1]), grad, denominator)


