"""The multiclass losses: one class out of C, scored per class.

Each definition holds the loss, its gradient right beneath it, and every fact
the pictures and tests read (see `lossviz._loss`).
"""

import numpy as np

from lossviz import _arrays
from lossviz.losses import _numerics
from lossviz.losses._classes import (checked_ignore_index, class_indices, class_scores, class_weights, counted, probability_targets,
                              softmax_gradient, weight_total, weighted_shifts)
from lossviz._loss import Slider, Terms, define_loss
from lossviz.palette import COLOURS


@define_loss(
    name="cross_entropy",
    title="Cross-entropy",
    task="multiclass",
    best_prediction=None,  # a score only approaches certainty
    nonnegative=True,
    zero_minimum=True,
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
    logits = class_scores(logits, "logits")
    classes = logits.shape[-1]
    weight = class_weights(weight, classes, logits.dtype)
    label_smoothing = _arrays.number_in(label_smoothing, "label_smoothing", 0.0, 1.0)
    ignore_index = checked_ignore_index(ignore_index)
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
        smoothed = probability_targets(target, logits, label_smoothing).reshape(rows.shape)
        weighted = smoothed if weight is None else smoothed * weight
        values = _numerics.row_sums(weighted) * log_sums - weighted_shifts(shifted, weighted)

        def grad(scale):
            # sum_c(w t')_c * softmax(z) - w t'
            return softmax_gradient(exps, sums, others, top, weighted * scale).reshape(logits.shape)

        return Terms(values.reshape(sample_shape), grad, denominator=rows.shape[0])

    chosen = class_indices(target, logits, "logits", ignore_index, weight)
    true_loss = counted(log_sums - shifted[chosen.rows, chosen.classes], chosen.kept)  # -log p[y] >= 0
    # With smoothing, (1 - e) w[y] is taken first: w[y] * -log p[y] may overflow where (1 - e) of it does not.
    values = (chosen.sample_weight if not label_smoothing else (1 - label_smoothing) * chosen.sample_weight) * true_loss
    class_weight = weight
    if label_smoothing:
        if class_weight is None:
            class_weight = np.ones(classes, logits.dtype)
        # (e / C) sum_c w_c (-log p_c), without building log p: sum_c u_c (log_sums - shifted_c) with
        # u = (e / C) w taken in before the sum (six scores of -1e308 overflow where a sixth of them does not).
        uniform_weight = (label_smoothing / classes) * class_weight
        uniform = uniform_weight.sum() * log_sums - weighted_shifts(shifted, uniform_weight)
        values = values + counted(uniform, chosen.kept)

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
        return softmax_gradient(exps, sums, others, top, share).reshape(logits.shape)

    denominator = weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(sample_shape), grad, denominator)


@define_loss(
    name="nll",
    title="Negative log-likelihood",
    task="multiclass",
    best_prediction=None,  # the target is a class, not a point on the prediction's axis
    nonnegative=True,
    zero_minimum=True,
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
    log_probs = class_scores(log_probs, "log_probs")
    if log_probs.max() > 0:
        raise ValueError(
            f"`log_probs` must be log-probabilities, all <= 0; got {_arrays.show(log_probs.max())}. "
            f"Did you pass probabilities? Take their log, or give logits to cross_entropy."
        )
    classes = log_probs.shape[-1]
    weight = class_weights(weight, classes, log_probs.dtype)
    ignore_index = checked_ignore_index(ignore_index)
    target = _arrays.as_array(target, "target")
    chosen = class_indices(target, log_probs, "log_probs", ignore_index, weight)
    rows = log_probs.reshape(-1, classes)
    values = -chosen.sample_weight * rows[chosen.rows, chosen.classes]

    def grad(scale):
        gradient = np.zeros_like(rows)
        gradient[chosen.rows, chosen.classes] = -scale * chosen.sample_weight
        return gradient.reshape(log_probs.shape)

    denominator = weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(log_probs.shape[:-1]), grad, denominator)


